/**
 * Choice policies: which ready task runs next when more than one is ready. One scheduler engine,
 * pluggable choice (FIFO, seeded random, explicit list). The list form is what replay and
 * shrinking use: `choices[i] % readyCount`, 0 once exhausted, so shrinking a list moves it toward FIFO.
 */
import type { Random } from "../../src/runtime/random.ts";

export interface ChoicePolicy {
  readonly name: "fifo" | "seeded" | "list";
  /** Index into the ready set (ordered oldest first); called only when readyCount > 1. */
  choose(readyCount: number): number;
}

export const fifoPolicy = (): ChoicePolicy => ({ name: "fifo", choose: () => 0 });

export const seededPolicy = (random: Random): ChoicePolicy => ({
  name: "seeded",
  choose: (readyCount) => random.nextInt(readyCount),
});

export function listPolicy(choices: readonly number[]): ChoicePolicy & { consumed(): number } {
  let i = 0;
  return {
    name: "list",
    choose(readyCount) {
      const raw = i < choices.length ? (choices[i] ?? 0) : 0;
      i++;
      return Math.abs(Math.trunc(raw)) % readyCount;
    },
    consumed: () => i,
  };
}
