/**
 * What every SDK scenario needs: a real `Codex` from `@openai/codex-sdk` whose
 * `codexPathOverride` is the fake-codex binary, a fresh CODEX_HOME, the fault script, and the
 * fake's transcript (argv, events written, fault events, exit) read back for evidence.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Codex, type CodexOptions } from "@openai/codex-sdk";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { ScenarioContext } from "../../harness/scenario/types.ts";
import { sleep, type Clock } from "../../src/runtime/clock.ts";
import { pidExists, signalPid } from "../../src/runtime/signal.ts";

export const FAKE_CODEX_BIN = resolve(import.meta.dirname, "../../fakes/bin/fake-codex.mjs");

export interface TranscriptEntry {
  readonly dir: string;
  readonly pid?: number;
  readonly argv?: readonly string[];
  readonly line?: string;
  readonly event?: { readonly kind: string; readonly [key: string]: unknown };
  readonly code?: number | null;
  readonly signal?: string | null;
}

export interface SdkHarness {
  readonly codex: Codex;
  readonly codexHome: string;
  /** Every transcript entry of every fake-codex process so far. */
  transcript(): TranscriptEntry[];
  /** The `type`s of the JSONL events the fake wrote, in order, across processes. */
  eventTypes(): string[];
  /** How each fake-codex process ended. */
  exits(): Array<{ code: number | null; signal: string | null }>;
  /** Pids of fake-codex processes still running after a grace of `graceMs` for them to finish exiting. */
  leftovers(clock: Clock, graceMs: number): Promise<number[]>;
  /** Fault rule ids that fired (app-server and exec triggers alike). */
  firedRules(): string[];
}

/** `config`: the SDK's own `config` option, which it passes to codex as `--config key=value` flags. */
export async function sdkHarness(ctx: ScenarioContext<unknown>, script: FakeCodexScript, options: { config?: CodexOptions["config"] } = {}): Promise<SdkHarness> {
  const dir = await ctx.tempDir("sdk-");
  const codexHome = join(dir, "codex-home");
  const transcriptFile = join(dir, "fake-codex.jsonl");
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: dir,
    CODEX_HOME: codexHome,
    FAKE_CODEX_SCRIPT: JSON.stringify(script),
    FAKE_CODEX_TRANSCRIPT: transcriptFile,
    FAKE_CODEX_STATE_DIR: join(dir, "state"),
    FAKE_CODEX_SEED: String(ctx.seed),
  };
  const transcript = (): TranscriptEntry[] => {
    let text = "";
    try {
      text = readFileSync(transcriptFile, "utf8");
    } catch {
      return [];
    }
    return text.split("\n").flatMap((line) => (line.trim() === "" ? [] : [JSON.parse(line) as TranscriptEntry]));
  };
  // A client that never settles leaves its codex running: end every fake-codex process the run started.
  ctx.defer(() => {
    for (const pid of livePids(transcript())) signalPid(pid, "SIGKILL");
  });
  return {
    async leftovers(clock, graceMs) {
      // A process the SDK just signalled needs a moment to die: wait for that exact condition, bounded.
      for (let waitedMs = 0; ; waitedMs += 50) {
        const live = livePids(transcript());
        if (live.length === 0 || waitedMs >= graceMs) return live;
        await sleep(clock, 50, { label: "codex exit grace" });
      }
    },
    codex: new Codex({ codexPathOverride: FAKE_CODEX_BIN, env, ...(options.config === undefined ? {} : { config: options.config }) }),
    codexHome,
    transcript,
    eventTypes: () => eventTypesOf(transcript()),
    exits: () => exitsOf(transcript()),
    firedRules: () => firedRulesOf(transcript()),
  };
}

/** The `type`s of the JSONL events written, in order. */
export function eventTypesOf(entries: readonly TranscriptEntry[]): string[] {
  return entries.flatMap((e) => {
    if (e.dir !== "out" || e.line === undefined) return [];
    try {
      return [String((JSON.parse(e.line) as { type?: unknown }).type)];
    } catch {
      return ["<malformed>"];
    }
  });
}

/** How each process ended, as its exit entries say. */
export function exitsOf(entries: readonly TranscriptEntry[]): Array<{ code: number | null; signal: string | null }> {
  return entries.flatMap((e) => (e.dir === "exit" ? [{ code: e.code ?? null, signal: e.signal ?? null }] : []));
}

/** Fault rule ids that fired (app-server and exec triggers alike). */
export function firedRulesOf(entries: readonly TranscriptEntry[]): string[] {
  return entries.flatMap((e) => (e.dir === "event" && (e.event?.kind === "exec.fault" || e.event?.kind === "appserver.fault") ? [String(e.event["rule"])] : []));
}

/** Processes with a start entry, no exit entry, and still alive. Never a pid <= 1. */
function livePids(entries: readonly TranscriptEntry[]): number[] {
  const started = new Set<number>();
  let current: number | undefined;
  for (const entry of entries) {
    if (entry.dir === "start" && entry.pid !== undefined) started.add((current = entry.pid));
    else if (entry.dir === "exit" && current !== undefined) started.delete(current);
  }
  return [...started].filter((pid) => Number.isInteger(pid) && pid > 1 && pidExists(pid));
}


export type Settled<T> = { readonly settled: true; readonly value: T; readonly elapsedMs: number } | { readonly settled: false; readonly elapsedMs: number };

/** Waits for `promise` at most `boundMs` (on the scenario's clock) and says whether and when it settled. */
export async function settleWithin<T>(clock: Clock, boundMs: number, promise: Promise<T>): Promise<Settled<T>> {
  const startedMs = clock.nowMs();
  const tagged = promise.then((value) => ({ settled: true as const, value }));
  const result = await Promise.race([tagged, sleep(clock, boundMs, { label: "sdk settle bound" }).then(() => ({ settled: false as const }))]);
  const elapsedMs = Math.round(clock.nowMs() - startedMs);
  return result.settled ? { settled: true, value: result.value, elapsedMs } : { settled: false, elapsedMs };
}
