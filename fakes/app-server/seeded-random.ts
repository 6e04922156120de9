/** Labelled random streams from one seed, for worlds built inside fakes/ (tests, the process lane). */
import type { Random } from "../../src/runtime/random.ts";

function hashLabel(label: string): number {
  let h = 2166136261;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** A xorshift32 stream for `label` under `seed`: the same pair gives the same stream. */
export function seededRandom(seed: number, label: string): Random {
  let state = (hashLabel(label) ^ seed) >>> 0 || 0x9e3779b9;
  const nextU32 = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return { nextU32, nextInt: (n) => (n <= 1 ? 0 : nextU32() % n) };
}
