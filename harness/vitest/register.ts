/**
 * Scenarios as tests of the consumer's own vitest suite: per scenario a `describe` named by its id,
 * in it one test for `src` (every seed must pass) and one per mutant (some seed must catch it) —
 * the same judgement as `codex-proof`. Test names never contain a seed, so they stay stable when
 * the seeds change (`--seed`, the config's `seeds`); a failure message names the seed and the
 * command that replays it.
 */
import type { RunRequest } from "../runner/run-scenario.ts";
import type { RunResult, Target } from "../runner/types.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { isCaught } from "../scenario/verdict.ts";
import { replayCommand } from "../report/proof-report.ts";

/** The two vitest functions used (injectable for tests of this module). */
export interface TestApi {
  describe(name: string, body: () => void): void;
  test(name: string, body: () => Promise<void>, timeoutMs: number): void;
}

export interface ScenarioTestOptions {
  /** Seeds run instead of each scenario's declared seeds. */
  readonly seeds?: readonly number[];
  /** Multiplies real-time lanes' wall budgets. */
  readonly deadlineScale?: number;
  readonly runScenario: (request: RunRequest) => Promise<RunResult>;
}

export class ScenarioTestFailure extends Error {
  override readonly name = "ScenarioTestFailure";
}

const DETERMINISTIC_TEST_MS = 60_000;
const REAL_RUN_SLACK_MS = 10_000;

export function registerScenarioTests(scenarios: readonly AnyScenario[], options: ScenarioTestOptions, api: TestApi): void {
  for (const scenario of scenarios) {
    const seeds = options.seeds ?? scenario.seeds;
    const timeoutMs = testTimeoutMs(scenario, seeds.length, options.deadlineScale ?? 1);
    api.describe(scenario.id, () => {
      api.test("src", () => srcPasses(scenario, seeds, options), timeoutMs);
      for (const mutant of scenario.mutants) api.test(`mutant:${mutant.id}`, () => mutantCaught(scenario, `mutant:${mutant.id}`, seeds, options), timeoutMs);
    });
  }
}

async function srcPasses(scenario: AnyScenario, seeds: readonly number[], options: ScenarioTestOptions): Promise<void> {
  for (const seed of seeds) {
    const r = await run(scenario, seed, "src", options);
    if (r.verdict !== "pass") throw new ScenarioTestFailure(`${scenario.id} against src, seed ${seed}: ${r.verdict} — ${r.reason}\nreplay: ${replayCommand(r)}`);
  }
}

async function mutantCaught(scenario: AnyScenario, target: Target, seeds: readonly number[], options: ScenarioTestOptions): Promise<void> {
  const seen: string[] = [];
  for (const seed of seeds) {
    const r = await run(scenario, seed, target, options);
    if (isCaught(r.verdict, r.mutant?.expects)) return;
    seen.push(`seed ${seed}: ${r.verdict} — ${r.reason}`);
  }
  const first = seeds[0] ?? 0;
  throw new ScenarioTestFailure(
    `${scenario.id}: ${target} survived every seed, so the scenario proves nothing against it\n${seen.slice(0, 5).join("\n")}\nreplay: ${replayCommand({ scenarioId: scenario.id, seed: first, target })}`,
  );
}

function run(scenario: AnyScenario, seed: number, target: Target, options: ScenarioTestOptions): Promise<RunResult> {
  return options.runScenario({ scenario, seed, target, ...(options.deadlineScale === undefined ? {} : { deadlineScale: options.deadlineScale }) });
}

/** Enough for every seed: virtual-time lanes get a fixed minute, real-time lanes their wall budgets. */
function testTimeoutMs(scenario: AnyScenario, seedCount: number, scale: number): number {
  if (scenario.lane === "deterministic") return DETERMINISTIC_TEST_MS;
  const wallMs = (scenario.budgets?.wallMs ?? 30_000) * scale;
  return seedCount * (wallMs + REAL_RUN_SLACK_MS);
}
