/**
 * Merges the outputs of a sharded run (`--shard i/n`, one directory per CI matrix job) into one
 * output: every run report is re-validated and copied, runs are put back in whole-plan order, and
 * the summary and its projections (summary.md, CTRF, JUnit, step summary) are written by the same
 * writer a single run uses, so a merged summary equals the unsharded one run for run.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Environment } from "./environment.ts";
import type { ProofReport } from "./proof-report.ts";
import { assertValid } from "./schema.ts";
import type { Summary, SummaryRun } from "./summary.ts";
import { createReportWriter, type FinishOptions } from "./write.ts";

export class MergeError extends Error {
  override readonly name = "MergeError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface MergeOptions {
  readonly dirs: readonly string[];
  readonly outDir: string;
  readonly command: string;
  readonly generatedAt: string;
  readonly startMs: number;
  readonly stopMs: number;
  readonly toolVersion: string;
  readonly stepSummaryPath?: string;
}

interface Loaded {
  readonly dir: string;
  readonly summary: Summary;
}

export async function mergeOutputs(options: MergeOptions): Promise<Summary> {
  const out = resolve(options.outDir);
  if (options.dirs.some((d) => resolve(d) === out)) throw new MergeError(`the merge output ${options.outDir} is also an input; pick another --out`);
  const loaded = await Promise.all(options.dirs.map(loadSummary));
  checkShards(loaded);
  const runs = orderedRuns(loaded);
  const writer = await createReportWriter({ outDir: out, clear: true });
  for (const { dir, run } of runs) {
    const report = await loadReport(dir, run.reportFile);
    await writer.writeRun(report, { ...(run.planIndex === undefined ? {} : { planIndex: run.planIndex }), corpus: run.corpus === true });
  }
  const finish: FinishOptions = {
    command: options.command,
    environment: firstEnvironment(loaded),
    generatedAt: options.generatedAt,
    // The shards ran side by side: the merged run took as long as the slowest.
    wallMs: Math.max(0, ...loaded.map((l) => l.summary.wallMs)),
    startMs: options.startMs,
    stopMs: options.stopMs,
    toolVersion: options.toolVersion,
    ...(options.stepSummaryPath === undefined ? {} : { stepSummaryPath: options.stepSummaryPath }),
  };
  return writer.finish(finish);
}

async function loadSummary(dir: string): Promise<Loaded> {
  const file = join(dir, "summary.json");
  const summary = await readJson(file);
  assertValid("summary", summary, file);
  return { dir, summary: summary as Summary };
}

async function loadReport(dir: string, reportFile: string): Promise<ProofReport> {
  const file = join(dir, reportFile);
  const report = await readJson(file);
  assertValid("report", report, file);
  return report as ProofReport;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new MergeError(`cannot read ${file}: is it the --out of a \`pnpm scenarios\` run?`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MergeError(`${file} is not JSON`, { cause: error });
  }
}

/** Sharded inputs must be the complete set 1..n of one split, each once. */
function checkShards(loaded: readonly Loaded[]): void {
  const shards = loaded.map((l) => l.summary.shard);
  if (shards.every((s) => s === undefined)) return;
  const first = shards.find((s) => s !== undefined);
  if (first === undefined || shards.some((s) => s === undefined || s.count !== first.count || s.planRuns !== first.planRuns)) {
    throw new MergeError("the inputs are not slices of one sharded run (their --shard counts or plans differ)");
  }
  const seen = new Set(shards.map((s) => s?.index));
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (seen.size !== shards.length) throw new MergeError("a shard appears twice among the inputs");
  if (missing.length > 0) throw new MergeError(`shard ${missing.map((i) => `${i}/${first.count}`).join(", ")} missing: merge every slice of the run`);
}

function orderedRuns(loaded: readonly Loaded[]): Array<{ dir: string; run: SummaryRun }> {
  const all = loaded.flatMap((l) => l.summary.runs.map((run) => ({ dir: l.dir, run })));
  const files = new Set<string>();
  for (const { run } of all) {
    if (files.has(run.reportFile)) throw new MergeError(`${run.reportFile} appears in more than one input`);
    files.add(run.reportFile);
  }
  // Stable sort: runs without a plan index keep their input order, after the indexed ones.
  return all
    .map((entry, i) => ({ entry, key: entry.run.planIndex ?? Number.MAX_SAFE_INTEGER, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.entry);
}

function firstEnvironment(loaded: readonly Loaded[]): Environment {
  const env = loaded[0]?.summary.environment;
  if (env === undefined) throw new MergeError("nothing to merge: give at least one output directory");
  return env;
}
