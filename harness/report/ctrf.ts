/**
 * Projection of a run summary to CTRF (Common Test Report Format, spec 0.0.0): one test per run.
 * CTRF forbids unknown properties, so proof fields travel in `parameters` and `extra` only.
 * Status mapping for a target run: pass → passed, fail → failed, hang → failed (rawStatus
 * "timeout"), unknown → other, error and nondeterministic → failed. A mutant run is `passed` when
 * it is caught (the proof held); one that survived is `failed`, or `other` when another seed of
 * the same mutant caught it (the mutant is caught; this seed just does not reach it).
 * `rawStatus` always keeps the verdict.
 */
import type { Target } from "../runner/types.ts";
import type { Verdict } from "../scenario/verdict.ts";
import { replayCommand } from "./proof-report.ts";
import type { Summary, SummaryRun } from "./summary.ts";

export type CtrfStatus = "passed" | "failed" | "skipped" | "pending" | "other";

export interface CtrfOptions {
  readonly toolName: string;
  readonly toolVersion: string;
  /** Epoch milliseconds of the run's start and stop (CTRF requires them in the summary). */
  readonly startMs: number;
  readonly stopMs: number;
}

/** `mutantCaught`: whether any seed caught this run's mutant (ignored for target runs). */
export function ctrfStatus(run: Pick<SummaryRun, "verdict" | "target">, mutantCaught = false): CtrfStatus {
  if (run.verdict === "unknown") return "other";
  if (run.target === "src") return run.verdict === "pass" ? "passed" : "failed";
  if (run.verdict === "fail" || run.verdict === "hang") return "passed";
  return mutantCaught ? "other" : "failed";
}

/** Whether each `scenarioId|mutant:<id>` was caught on some seed. */
export function caughtMutants(summary: Summary): ReadonlySet<string> {
  const out = new Set<string>();
  for (const s of summary.scenarios) for (const m of s.mutants) if (m.caught) out.add(`${s.id}|mutant:${m.id}`);
  return out;
}

/** The CTRF status of every run, in order. */
export function ctrfStatuses(summary: Summary): CtrfStatus[] {
  const caught = caughtMutants(summary);
  return summary.runs.map((run) => ctrfStatus(run, caught.has(`${run.scenarioId}|${run.target}`)));
}

export function ctrfRawStatus(verdict: Verdict): string {
  return verdict === "hang" ? "timeout" : verdict;
}

/** Unique per run: a corpus replay of a seed is named apart from the planned run of that seed. */
export function ctrfTestName(run: Pick<SummaryRun, "scenarioId" | "target" | "seed" | "corpus">): string {
  return `${run.scenarioId} [${run.target}] seed=${run.seed}${run.corpus === true ? " (corpus)" : ""}`;
}

export function toCtrf(summary: Summary, options: CtrfOptions): Record<string, unknown> {
  const files = new Map(summary.scenarios.map((s) => [s.id, s.sourceFile]));
  const statuses = ctrfStatuses(summary);
  const tests = summary.runs.map((run, i) => ctrfTest(run, statuses[i] ?? "other", files.get(run.scenarioId)));
  const count = (status: CtrfStatus): number => tests.filter((t) => t["status"] === status).length;
  return {
    reportFormat: "CTRF",
    specVersion: "0.0.0",
    generatedBy: options.toolName,
    timestamp: summary.generatedAt,
    results: {
      tool: { name: options.toolName, version: options.toolVersion },
      summary: {
        tests: tests.length,
        passed: count("passed"),
        failed: count("failed"),
        skipped: count("skipped"),
        pending: count("pending"),
        other: count("other"),
        start: options.startMs,
        stop: options.stopMs,
        duration: Math.max(0, options.stopMs - options.startMs),
      },
      tests,
      environment: ctrfEnvironment(summary),
    },
  };
}

function ctrfTest(run: SummaryRun, status: CtrfStatus, filePath: string | undefined): Record<string, unknown> {
  const test: Record<string, unknown> = {
    name: ctrfTestName(run),
    status,
    duration: Math.round(run.wallMs),
    rawStatus: ctrfRawStatus(run.verdict),
    suite: [run.scenarioId],
    type: run.target === "src" ? "scenario" : "mutant",
    tags: [run.lane],
    parameters: { seed: run.seed, target: run.target, lane: run.lane, ...(run.corpus === true ? { corpus: true } : {}) },
    extra: {
      verdict: run.verdict,
      caught: run.caught,
      digest: run.digest,
      reportFile: run.reportFile,
      // A corpus replay is re-run from its own report (the path is relative to the output directory).
      replay: run.corpus === true ? `pnpm scenarios replay ${run.reportFile}` : replayCommand({ scenarioId: run.scenarioId, seed: run.seed, target: run.target as Target }),
    },
  };
  if (filePath !== undefined && filePath !== "") test["filePath"] = filePath;
  if (status !== "passed") test["message"] = run.reason;
  return test;
}

function ctrfEnvironment(summary: Summary): Record<string, unknown> {
  const env = summary.environment;
  const [osPlatform = env.os, osRelease = ""] = env.os.split(" ");
  const out: Record<string, unknown> = {
    osPlatform,
    osRelease,
    extra: { node: env.node, arch: env.arch, packages: env.packages, gitDirty: env.gitDirty },
  };
  if (env.gitCommit !== null) out["commit"] = env.gitCommit;
  return out;
}
