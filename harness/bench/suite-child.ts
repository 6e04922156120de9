/**
 * One run of the whole deterministic suite in a fresh process (so its peak RSS is its own): every
 * deterministic scenario × declared seed × target (src and every mutant), in the CLI's plan order,
 * through the in-process runner, without writing reports. Prints one JSON line on stdout.
 * Usage: node --import tsx harness/bench/suite-child.ts
 */
import { discoverScenarios } from "../runner/discover.ts";
import { runScenario } from "../runner/run-scenario.ts";
import { planRuns, selectScenarios } from "../cli/select.ts";

export interface SuiteChildResult {
  readonly runs: number;
  readonly scenarios: number;
  readonly wallMs: number;
  readonly discoverMs: number;
  /** process.resourceUsage().maxRSS at the end: the peak resident set, in KiB. */
  readonly maxRssKb: number;
  readonly verdicts: Readonly<Record<string, number>>;
}

const discoverStart = performance.now();
const scenarios = selectScenarios(await discoverScenarios(), { filters: [], lane: "deterministic" });
const plan = planRuns(scenarios, { seeds: [], target: "all" });
const start = performance.now();
const verdicts: Record<string, number> = {};
for (const run of plan) {
  const result = await runScenario(run);
  const key = `${run.target === "src" ? "src" : "mutant"}:${result.verdict}`;
  verdicts[key] = (verdicts[key] ?? 0) + 1;
}
const result: SuiteChildResult = {
  runs: plan.length,
  scenarios: scenarios.length,
  wallMs: performance.now() - start,
  discoverMs: start - discoverStart,
  maxRssKb: process.resourceUsage().maxRSS,
  verdicts,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
