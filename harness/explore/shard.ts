/**
 * `--shard i/n`: a stable slice of the runs. A run belongs to shard `sha256(key) mod n`, where the
 * key is `scenarioId|target|seed` (or `…|corpus` for a corpus replay), so adding a scenario or a
 * seed never moves another run to a different shard.
 */
import { createHash } from "node:crypto";

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export class ShardSpecError extends Error {
  override readonly name = "ShardSpecError";
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new ShardSpecError(`--shard "${text}" is not i/n with 1 ≤ i ≤ n (e.g. 2/4)`);
  }
  return { index, count };
}

export function shardKey(run: { readonly scenarioId: string; readonly target: string; readonly seed: number | "corpus" }): string {
  return `${run.scenarioId}|${run.target}|${run.seed}`;
}

/** The 1-based shard a key belongs to among `count`. */
export function shardOf(key: string, count: number): number {
  const head = createHash("sha256").update(key).digest().readUInt32BE(0);
  return (head % count) + 1;
}

export function inShard(key: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(key, shard.count) === shard.index;
}
