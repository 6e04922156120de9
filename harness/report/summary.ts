/**
 * The run summary: one row per run and one verdict per scenario with its mutants. A target run
 * counts as ok when it passes; a mutant counts as ok when at least one of its seeds catches it
 * (fail or hang), as the integration suite judges it. The summary's outcome is the worst class
 * present, which is also the CLI's exit code.
 */
import { VERDICTS, isCaught, type CatchVerdict, type Verdict } from "../scenario/verdict.ts";
import type { Environment } from "./environment.ts";
import { expectsOf, exitCodeFor, worstClass, type OutcomeClass } from "./outcome.ts";
import type { ProofReport } from "./proof-report.ts";
import { field, scenarioSummaries } from "./summary-scenarios.ts";

export const SUMMARY_SCHEMA_VERSION = "proof-summary/v1";

export interface SummaryRun {
  readonly scenarioId: string;
  readonly lane: string;
  readonly target: string;
  readonly seed: number;
  readonly verdict: Verdict;
  /** Mutant runs only: whether the scenario caught it. Null for target runs. */
  readonly caught: boolean | null;
  readonly reason: string;
  readonly digest: string;
  /** Relative to the output directory. */
  readonly reportFile: string;
  readonly wallMs: number;
  /** Position in the whole (unsharded) plan; merged shards are ordered by it. */
  readonly planIndex?: number;
  /** True for a regression-corpus replay (scenarios/corpus/), run before the planned seeds. */
  readonly corpus?: boolean;
}

/** Which slice of the plan a sharded output holds (`--shard index/count`, 1-based). */
export interface ShardInfo {
  readonly index: number;
  readonly count: number;
  /** Runs in the whole plan, before slicing. */
  readonly planRuns: number;
}

export interface SummaryMutant {
  readonly id: string;
  readonly title: string;
  readonly recreates: string;
  readonly verdict: Verdict;
  readonly caught: boolean;
  readonly seeds: readonly number[];
  /** Seeds on which it was caught. */
  readonly caughtSeeds: readonly number[];
  /** What caught it: violated invariant ids, or "hang". */
  readonly violated: readonly string[];
  /** The verdicts that count as a catch (declared on the mutant; default `fail`). */
  readonly expects: readonly CatchVerdict[];
  /** Seeds judged `error` (a check threw, run() crashed): never a catch. */
  readonly errors?: ReadonlyArray<{ readonly seed: number; readonly message: string; readonly check?: string; readonly at?: string }>;
}

export interface SummaryScenario {
  readonly id: string;
  readonly title: string;
  readonly behavior: string;
  readonly lane: string;
  readonly sourceFile: string;
  readonly verdict: Verdict;
  readonly seeds: readonly number[];
  readonly invariants: readonly string[];
  readonly mutants: readonly SummaryMutant[];
  readonly notTested: readonly string[];
}

export interface Summary {
  readonly schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly wallMs: number;
  /** The exact command, redacted. */
  readonly command: string;
  readonly environment: Environment;
  readonly outcome: OutcomeClass;
  readonly exitCode: number;
  readonly totals: {
    readonly runs: number;
    readonly target: Readonly<Record<Verdict, number>>;
    /** Mutants (not runs): caught on some seed, survived every seed, or never judged (unknown/error). */
    readonly mutants: {
      readonly total: number;
      readonly caught: number;
      readonly survived: number;
      readonly inconclusive: number;
      readonly runs: number;
    };
  };
  readonly runs: readonly SummaryRun[];
  readonly scenarios: readonly SummaryScenario[];
  readonly shard?: ShardInfo;
  /** Ctrl-C stopped the run after `afterRuns` of `planRuns`: a partial proof (the CLI exits 130). */
  readonly interrupted?: { readonly afterRuns: number; readonly planRuns: number };
}

export interface SummaryEntry {
  readonly report: ProofReport;
  readonly reportFile: string;
  readonly planIndex?: number;
  readonly corpus?: boolean;
}

export interface BuildSummaryOptions {
  readonly entries: readonly SummaryEntry[];
  readonly command: string;
  readonly environment: Environment;
  readonly generatedAt: string;
  readonly wallMs: number;
  readonly shard?: ShardInfo;
  readonly interrupted?: { readonly afterRuns: number; readonly planRuns: number };
}

export function buildSummary(options: BuildSummaryOptions): Summary {
  const runs = options.entries.map(summaryRun);
  const scenarioList = scenarioSummaries(options.entries.map((e) => e.report));
  const outcome = worstClass(scenarioList.map((s) => (s.verdict === "pass" ? "ok" : s.verdict)));
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    generatedAt: options.generatedAt,
    wallMs: options.wallMs,
    command: options.command,
    environment: options.environment,
    outcome,
    exitCode: exitCodeFor(outcome),
    totals: totals(runs, scenarioList),
    runs,
    scenarios: scenarioList,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(options.interrupted === undefined ? {} : { interrupted: options.interrupted }),
  };
}

function summaryRun(entry: SummaryEntry): SummaryRun {
  const core = entry.report.core;
  const verdict = core["verdict"] as Verdict;
  const target = core["target"] as string;
  return {
    scenarioId: field(core, "scenario", "id"),
    lane: core["lane"] as string,
    target,
    seed: core["seed"] as number,
    verdict,
    caught: target === "src" ? null : isCaught(verdict, expectsOf(core)),
    // Outside the deterministic lane the reason is observed, not digested.
    reason: (core["reason"] ?? entry.report.observed?.["reason"] ?? "") as string,
    digest: entry.report.digest.value,
    reportFile: entry.reportFile,
    wallMs: entry.report.meta.wallMs,
    ...(entry.planIndex === undefined ? {} : { planIndex: entry.planIndex }),
    ...(entry.corpus === true ? { corpus: true } : {}),
  };
}

function totals(runs: readonly SummaryRun[], list: readonly SummaryScenario[]): Summary["totals"] {
  const target = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const run of runs) if (run.target === "src") target[run.verdict] += 1;
  const all = list.flatMap((s) => s.mutants);
  return {
    runs: runs.length,
    target,
    mutants: {
      total: all.length,
      caught: all.filter((m) => m.caught).length,
      survived: all.filter((m) => !m.caught && (m.verdict === "pass" || m.verdict === "fail")).length,
      inconclusive: all.filter((m) => !m.caught && m.verdict !== "pass" && m.verdict !== "fail").length,
      runs: runs.filter((r) => r.target !== "src").length,
    },
  };
}
