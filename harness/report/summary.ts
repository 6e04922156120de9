/**
 * The run summary: one row per run and one verdict per scenario with its mutants. A target run
 * counts as ok when it passes; a mutant counts as ok when at least one of its seeds catches it
 * (fail or hang), as the integration suite judges it. The summary's outcome is the worst class
 * present, which is also the CLI's exit code.
 */
import type { Json } from "../scenario/types.ts";
import { EXIT_CODES, VERDICTS, isCaught, type Verdict } from "../scenario/verdict.ts";
import type { Environment } from "./environment.ts";
import type { ProofReport } from "./proof-report.ts";

export const SUMMARY_SCHEMA_VERSION = "proof-summary/v1";

export type OutcomeClass = "ok" | Exclude<Verdict, "pass">;

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
}

export interface SummaryEntry {
  readonly report: ProofReport;
  readonly reportFile: string;
}

export interface BuildSummaryOptions {
  readonly entries: readonly SummaryEntry[];
  readonly command: string;
  readonly environment: Environment;
  readonly generatedAt: string;
  readonly wallMs: number;
}

/** How one run counts on its own (a mutant run: ok when caught, fail when it survived). */
export function runClass(verdict: Verdict, target: string): OutcomeClass {
  if (target === "src") return verdict === "pass" ? "ok" : verdict;
  if (isCaught(verdict)) return "ok";
  return verdict === "pass" ? "fail" : verdict;
}

/** The most severe class (order: ok < fail < hang < unknown < error < nondeterministic). */
export function worstClass(classes: Iterable<OutcomeClass>): OutcomeClass {
  let worst: OutcomeClass = "ok";
  for (const c of classes) if (severity(c) > severity(worst)) worst = c;
  return worst;
}

export function exitCodeFor(outcome: OutcomeClass): number {
  return EXIT_CODES[outcome];
}

/** How a mutant counts: ok when any seed caught it, else the worst of its runs. */
export function mutantClass(verdicts: readonly Verdict[]): OutcomeClass {
  if (verdicts.some(isCaught)) return "ok";
  return worstClass(verdicts.map((v) => runClass(v, "mutant:")));
}

export function buildSummary(options: BuildSummaryOptions): Summary {
  const runs = options.entries.map(summaryRun);
  const scenarioList = scenarios(options.entries);
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
  };
}

function severity(c: OutcomeClass): number {
  return c === "ok" ? 0 : VERDICTS.indexOf(c);
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
    caught: target === "src" ? null : isCaught(verdict),
    reason: core["reason"] as string,
    digest: entry.report.digest.value,
    reportFile: entry.reportFile,
    wallMs: entry.report.meta.wallMs,
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
      survived: all.filter((m) => !m.caught && m.verdict === "pass").length,
      inconclusive: all.filter((m) => !m.caught && m.verdict !== "pass").length,
      runs: runs.filter((r) => r.target !== "src").length,
    },
  };
}

function scenarios(entries: readonly SummaryEntry[]): SummaryScenario[] {
  const byId = new Map<string, ProofReport[]>();
  for (const { report } of entries) {
    const id = field(report.core, "scenario", "id");
    byId.set(id, [...(byId.get(id) ?? []), report]);
  }
  return [...byId.values()].map(scenarioEntry);
}

function scenarioEntry(reports: readonly ProofReport[]): SummaryScenario {
  const first = reports[0]!.core;
  const srcRuns = reports.filter((r) => r.core["target"] === "src");
  const mutants = mutantEntries(reports.filter((r) => r.core["target"] !== "src"));
  const classes = [
    ...srcRuns.map((r) => runClass(r.core["verdict"] as Verdict, "src")),
    ...mutants.map((m) => (m.caught ? "ok" : runClass(m.verdict, `mutant:${m.id}`))),
  ];
  const worst = worstClass(classes);
  return {
    id: field(first, "scenario", "id"),
    title: field(first, "scenario", "title"),
    behavior: field(first, "scenario", "behavior"),
    lane: first["lane"] as string,
    sourceFile: field(first, "scenario", "sourceFile"),
    verdict: worst === "ok" ? "pass" : worst,
    seeds: unique(reports.map((r) => r.core["seed"] as number)),
    invariants: unique(reports.flatMap((r) => (r.core["invariants"] as Array<{ id: string }>).map((i) => i.id))),
    mutants,
    notTested: unique(reports.flatMap((r) => r.core["notTested"] as string[])),
  };
}

function mutantEntries(reports: readonly ProofReport[]): SummaryMutant[] {
  const byId = new Map<string, ProofReport[]>();
  for (const r of reports) {
    const id = field(r.core, "mutant", "id");
    byId.set(id, [...(byId.get(id) ?? []), r]);
  }
  return [...byId.entries()].map(([id, runs]) => {
    const verdicts = runs.map((r) => r.core["verdict"] as Verdict);
    const caught = mutantClass(verdicts) === "ok";
    const verdict = caught ? verdicts.find(isCaught)! : worstVerdict(verdicts);
    return {
      id,
      title: field(runs[0]!.core, "mutant", "title"),
      recreates: field(runs[0]!.core, "mutant", "recreates"),
      verdict,
      caught,
      seeds: unique(runs.map((r) => r.core["seed"] as number)),
      caughtSeeds: unique(runs.filter((r) => isCaught(r.core["verdict"] as Verdict)).map((r) => r.core["seed"] as number)),
      violated: unique(runs.flatMap(violations)),
    };
  });
}

/** The non-caught verdict that weighs most (error over unknown over pass). */
function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  const worst = mutantClass(verdicts);
  return worst === "fail" ? "pass" : worst === "ok" ? verdicts[0]! : worst;
}

function violations(report: ProofReport): string[] {
  const failed = (report.core["invariants"] as Array<{ id: string; status: string }>)
    .filter((i) => i.status === "fail")
    .map((i) => i.id);
  return report.core["verdict"] === "hang" ? [...failed, "hang"] : failed;
}

function field(core: { readonly [key: string]: Json }, outer: string, inner: string): string {
  const value = (core[outer] as Record<string, Json> | undefined)?.[inner];
  return typeof value === "string" ? value : "";
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
