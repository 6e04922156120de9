/**
 * Exploration: fast-check generates the scheduler's choice list (`fc.array(fc.nat())`, which shrinks
 * toward FIFO) and the scenario's fault parameters (its own shrinkable arbitrary), runs the scenario
 * on each, and on a failure shrinks both. fast-check's own `fc.scheduler` cannot shrink an
 * interleaving; a choice list can.
 */
import * as fc from "fast-check";
import type { AnyScenario } from "../scenario/types.ts";
import { runScenario, type RunRequest } from "../runner/run-scenario.ts";
import type { RunResult, Target } from "../runner/types.ts";

export interface ExploreOptions {
  readonly scenario: AnyScenario;
  readonly target: Target;
  /** The kernel seed (fake ids, jitter); interleavings come from the generated choice list. */
  readonly seed: number;
  readonly runs: number;
  readonly timeLimitMs: number;
  /** fast-check's seed; printed so the exploration itself replays. */
  readonly fcSeed: number;
  /** fast-check's counterexample path: with the same seed, replays that case (and shrinks from it) only. */
  readonly fcPath?: string;
  readonly maxChoices?: number;
  readonly onProgress?: (progress: { runs: number; failures: number; shrinking: boolean }) => void;
  /** The runner (tests inject one); defaults to runScenario. */
  readonly run?: (request: RunRequest) => Promise<RunResult>;
}

export interface ExploreOutcome {
  /** The minimal failing run (re-run from the shrunk counterexample), if exploration found one. */
  readonly failure?: RunResult;
  readonly runs: number;
  readonly interrupted: boolean;
  readonly fcSeed: number;
}

/**
 * Active faults in a parameter set: a `faults` array's length when there is one; otherwise every
 * active leaf — a non-zero number (a delay, a count, a position), `true`, a non-empty string —
 * counted through arrays and objects. Shrinking drives parameters toward zero, so this falls as
 * the fault schedule gets simpler.
 */
export function countFaults(params: unknown): number {
  if (Array.isArray(params)) return params.reduce((n: number, v) => n + countFaults(v), 0);
  if (typeof params === "object" && params !== null) {
    const faults = (params as { faults?: unknown }).faults;
    if (Array.isArray(faults)) return faults.length;
    return Object.values(params as Record<string, unknown>).reduce((n: number, v) => n + countFaults(v), 0);
  }
  return params === true || (typeof params === "number" && params !== 0) || (typeof params === "string" && params !== "") ? 1 : 0;
}

/** Trailing zeros in a choice list change nothing (an exhausted list picks 0). */
export function trimChoices(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}

export function isFailure(verdict: RunResult["verdict"]): boolean {
  return verdict === "fail" || verdict === "hang" || verdict === "error";
}

export async function explore(options: ExploreOptions): Promise<ExploreOutcome> {
  const { scenario, target, seed } = options;
  const run = options.run ?? runScenario;
  const paramsArb: fc.Arbitrary<unknown> = scenario.params?.arbitrary?.(fc) ?? fc.constant(scenario.params?.default);
  const choicesArb = fc.array(fc.nat({ max: 1023 }), { maxLength: options.maxChoices ?? 256 });
  let runs = 0;
  let failures = 0;
  let first: { choices: number[]; params: unknown } | undefined;
  const property = fc.asyncProperty(choicesArb, paramsArb, async (choices, params) => {
    runs++;
    const r = await run({ scenario, seed, target, choices, params, detail: "verdict" });
    const failed = isFailure(r.verdict);
    if (failed) {
      failures++;
      first ??= { choices: trimChoices(r.choices), params };
    }
    if (runs % 25 === 0) options.onProgress?.({ runs, failures, shrinking: failures > 0 });
    return !failed;
  });
  const details = await fc.check(property, {
    numRuns: options.runs,
    seed: options.fcSeed,
    ...(options.fcPath === undefined ? {} : { path: options.fcPath }),
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
  });
  options.onProgress?.({ runs, failures, shrinking: false });
  if (!details.failed || details.counterexample === null) {
    return { runs: details.numRuns, interrupted: details.interrupted, fcSeed: options.fcSeed };
  }
  const [choices, params] = details.counterexample;
  const minimal = await run({ scenario, seed, target, choices, params });
  const before = first ?? { choices: trimChoices(choices), params };
  return {
    failure: {
      ...minimal,
      choices: trimChoices(minimal.choices),
      exploration: {
        runs: details.numRuns,
        numShrinks: details.numShrinks,
        fcSeed: options.fcSeed,
        fcPath: details.counterexamplePath ?? "",
        before: { choices: before.choices.length, faults: countFaults(before.params) },
        after: { choices: trimChoices(minimal.choices).length, faults: countFaults(params) },
      },
    },
    runs: details.numRuns,
    interrupted: details.interrupted,
    fcSeed: options.fcSeed,
  };
}
