/**
 * Per-scenario view of a batch of proof reports: its seeds, the invariants it checked, its
 * verdict, and each mutant with the seeds that caught it and what caught it.
 */
import type { Json } from "../scenario/types.ts";
import { isCaught, type CatchVerdict, type Verdict } from "../scenario/verdict.ts";
import { expectsOf, mutantClass, runClass, worstClass } from "./outcome.ts";
import type { ProofReport } from "./proof-report.ts";
import type { SummaryMutant, SummaryScenario } from "./summary.ts";

export function scenarioSummaries(reports: readonly ProofReport[]): SummaryScenario[] {
  const byId = new Map<string, ProofReport[]>();
  for (const report of reports) {
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
    ...mutants.map((m) => (m.caught ? "ok" : runClass(m.verdict, `mutant:${m.id}`, m.expects))),
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
    const expects = expectsOf(runs[0]!.core);
    const caught = mutantClass(verdicts, expects) === "ok";
    const verdict = caught ? verdicts.find((v) => isCaught(v, expects))! : worstVerdict(verdicts, expects);
    const errors = runs.filter((r) => r.core["verdict"] === "error").map(errorEntry);
    return {
      id,
      title: field(runs[0]!.core, "mutant", "title"),
      recreates: field(runs[0]!.core, "mutant", "recreates"),
      verdict,
      caught,
      seeds: unique(runs.map((r) => r.core["seed"] as number)),
      caughtSeeds: unique(runs.filter((r) => isCaught(r.core["verdict"] as Verdict, expects)).map((r) => r.core["seed"] as number)),
      violated: unique(runs.filter((r) => isCaught(r.core["verdict"] as Verdict, expects)).flatMap(violations)),
      expects: [...expects],
      ...(errors.length === 0 ? {} : { errors }),
    };
  });
}

/** The non-caught verdict that weighs most (error over unknown over an undeclared hang over fail over pass). */
function worstVerdict(verdicts: readonly Verdict[], expects: readonly CatchVerdict[]): Verdict {
  const worst = mutantClass(verdicts, expects);
  if (worst !== "fail") return worst === "ok" ? verdicts[0]! : worst;
  return verdicts.includes("fail") ? "fail" : "pass";
}

/** A seed judged `error`: the check that threw (or the crash) and where, from the report. */
function errorEntry(report: ProofReport): NonNullable<SummaryMutant["errors"]>[number] {
  const raw = (report.core["error"] ?? report.observed?.["error"]) as { message?: Json; check?: Json; at?: Json } | undefined;
  const reason = (report.core["reason"] ?? report.observed?.["reason"] ?? "") as string;
  return {
    seed: report.core["seed"] as number,
    message: typeof raw?.message === "string" ? raw.message : reason,
    ...(typeof raw?.check === "string" ? { check: raw.check } : {}),
    ...(typeof raw?.at === "string" ? { at: raw.at } : {}),
  };
}

function violations(report: ProofReport): string[] {
  const failed = (report.core["invariants"] as Array<{ id: string; status: string }>)
    .filter((i) => i.status === "fail")
    .map((i) => i.id);
  return report.core["verdict"] === "hang" ? [...failed, "hang"] : failed;
}

export function field(core: { readonly [key: string]: Json }, outer: string, inner: string): string {
  const value = (core[outer] as Record<string, Json> | undefined)?.[inner];
  return typeof value === "string" ? value : "";
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
