/**
 * Writes a run's outputs under the out dir: `runs/<id>.<target>.seed-<n>.json` per run as it
 * finishes, then `summary.json`, `summary.md`, `ctrf.json`, `junit.xml`, and the GitHub step
 * summary when asked. Every JSON is validated against its schema before it is written, and every
 * write is atomic. Stale outputs of an earlier run are removed first — only files we name.
 */
import { mkdir, readdir, readFile, stat, unlink, appendFile } from "node:fs/promises";
import { join } from "node:path";
import { shardKey } from "../explore/shard.ts";
import type { Target } from "../runner/types.ts";
import { syncDir, writeFileAtomic } from "./atomic-write.ts";
import { toCtrf } from "./ctrf.ts";
import type { Environment } from "./environment.ts";
import { toHtmlTimeline } from "./html-timeline.ts";
import { toJunitXml } from "./junit.ts";
import type { ProofReport } from "./proof-report.ts";
import { assertValid } from "./schema.ts";
import { diagramsFor } from "./summary-diagrams.ts";
import { toSummaryMarkdown } from "./summary-md.ts";
import { buildSummary, type ShardInfo, type Summary, type SummaryEntry } from "./summary.ts";

export const RUNS_DIR = "runs";
export const SUMMARY_FILES = ["summary.json", "summary.md", "ctrf.json", "junit.xml"] as const;
/** GitHub rejects a step summary over 1 MiB. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

const OWN_RUN_FILE = /^[a-z0-9][a-z0-9-]*(?:__[a-z0-9][a-z0-9-]*)+\.(?:src|mutant_[a-z0-9][a-z0-9-]*)\.(?:seed-\d+|corpus)\.(?:json|html)(?:\.tmp-\d+)?$/;
const OWN_TOP_FILE = new RegExp(`^(?:${SUMMARY_FILES.map((f) => f.replace(".", "\\.")).join("|")})(?:\\.tmp-\\d+)?$`);

/** `runs/<scenario-id with / → __>.<target with : → _>.seed-<n>.json`, relative to the out dir. */
export function reportFileName(run: { readonly scenarioId: string; readonly target: Target | string; readonly seed: number }): string {
  return `${RUNS_DIR}/${run.scenarioId.replaceAll("/", "__")}.${run.target.replace(":", "_")}.seed-${run.seed}.json`;
}

/** `runs/<scenario id>.<target>.corpus.json`: a regression-corpus replay, beside the seeded runs. */
export function corpusReportFileName(run: { readonly scenarioId: string; readonly target: Target | string }): string {
  return `${RUNS_DIR}/${run.scenarioId.replaceAll("/", "__")}.${run.target.replace(":", "_")}.corpus.json`;
}

/**
 * How long each seeded run took in the summary an earlier run left in `outDir` (by `shardKey`);
 * empty when there is none or it cannot be read. Only a scheduling hint: never part of a proof.
 */
export async function previousWallMs(outDir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let summary: unknown;
  try {
    summary = JSON.parse(await readFile(join(outDir, "summary.json"), "utf8"));
  } catch {
    return found;
  }
  const runs = (summary as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs)) return found;
  for (const run of runs as Array<Record<string, unknown>>) {
    const { scenarioId, target, seed, wallMs, corpus } = run ?? {};
    if (corpus === true || typeof scenarioId !== "string" || typeof target !== "string" || typeof seed !== "number" || typeof wallMs !== "number") continue;
    found.set(shardKey({ scenarioId, target, seed }), wallMs);
  }
  return found;
}

/** Removes our own outputs from an earlier run (never anything else). Returns how many. */
export async function clearOutputs(outDir: string): Promise<number> {
  let removed = 0;
  removed += await removeMatching(join(outDir, RUNS_DIR), OWN_RUN_FILE);
  removed += await removeMatching(outDir, OWN_TOP_FILE);
  return removed;
}

export interface FinishOptions {
  readonly command: string;
  readonly environment: Environment;
  readonly generatedAt: string;
  readonly wallMs: number;
  readonly startMs: number;
  readonly stopMs: number;
  readonly toolVersion: string;
  /** Path of $GITHUB_STEP_SUMMARY, when set. */
  readonly stepSummaryPath?: string;
  /** Set when this output is one slice of a sharded run. */
  readonly shard?: ShardInfo;
  /** Set when Ctrl-C stopped the run: the summary covers only the runs before it. */
  readonly interrupted?: { readonly afterRuns: number; readonly planRuns: number };
  /** Where CI keeps these outputs (linked from summary.md); default $CODEX_PROOF_ARTIFACTS_URL. */
  readonly artifactsUrl?: string;
}

export interface WriteRunOptions {
  /** Position in the whole (unsharded) plan, so merged shards list runs in the same order. */
  readonly planIndex?: number;
  /** A regression-corpus replay rather than a planned seed. */
  readonly corpus?: boolean;
}

export interface ReportWriter {
  readonly outDir: string;
  /**
   * Validates one run report and starts its (atomic) write; returns its path relative to the out
   * dir. Up to WRITES_IN_FLIGHT writes proceed behind the caller, so the next run does not wait
   * for a file's fsync; a failed write is thrown by a later writeRun, flush or finish.
   */
  writeRun(report: ProofReport, options?: WriteRunOptions): Promise<string>;
  /** Waits until every run report started so far is on disk. */
  flush(): Promise<void>;
  /** Waits for the run reports, then writes the summary and its projections from all of them. */
  finish(options: FinishOptions): Promise<Summary>;
}

/** Run-report writes that may be under way at once behind writeRun. */
export const WRITES_IN_FLIGHT = 16;

export async function createReportWriter(options: { readonly outDir: string; readonly clear: boolean; readonly html?: boolean }): Promise<ReportWriter> {
  const { outDir } = options;
  await mkdir(join(outDir, RUNS_DIR), { recursive: true });
  if (options.clear) await clearOutputs(outDir);
  const entries: SummaryEntry[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { readonly error: unknown } | undefined;
  const rethrow = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  const flush = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.all(inFlight);
    rethrow();
  };
  const startWrite = (write: () => Promise<void>): void => {
    const pending: Promise<void> = write().then(
      () => undefined,
      (error: unknown) => {
        failure ??= { error };
      },
    );
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  };
  return {
    outDir,
    async writeRun(report, run = {}) {
      rethrow();
      const core = report.core as { scenario: { id: string }; target: string; seed: number };
      const name = { scenarioId: core.scenario.id, target: core.target, seed: core.seed };
      const reportFile = run.corpus === true ? corpusReportFileName(name) : reportFileName(name);
      assertValid("report", report, reportFile);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      const html = options.html === true ? toHtmlTimeline(report) : undefined;
      while (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
      rethrow();
      // One directory fsync for all run files, in finish(): per file it doubles the cost of a run.
      startWrite(async () => {
        await writeFileAtomic(join(outDir, reportFile), json, { syncDir: false });
        if (html !== undefined) await writeFileAtomic(join(outDir, reportFile.replace(/\.json$/, ".html")), html, { syncDir: false });
      });
      entries.push({
        report,
        reportFile,
        ...(run.planIndex === undefined ? {} : { planIndex: run.planIndex }),
        ...(run.corpus === true ? { corpus: true } : {}),
      });
      return reportFile;
    },
    flush,
    async finish(finish) {
      await flush();
      await syncDir(join(outDir, RUNS_DIR));
      const summary = buildSummary({ entries, ...finish });
      assertValid("summary", summary, "summary.json");
      const ctrf = toCtrf(summary, { toolName: "codex-lifecycle-proof", toolVersion: finish.toolVersion, startMs: finish.startMs, stopMs: finish.stopMs });
      assertValid("ctrf", ctrf, "ctrf.json");
      const artifactsUrl = finish.artifactsUrl ?? nonEmpty(process.env["CODEX_PROOF_ARTIFACTS_URL"]);
      const markdown = toSummaryMarkdown(summary, { diagrams: diagramsFor(summary, entries), ...(artifactsUrl === undefined ? {} : { artifactsUrl }) });
      await writeFileAtomic(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
      await writeFileAtomic(join(outDir, "summary.md"), markdown);
      await writeFileAtomic(join(outDir, "ctrf.json"), `${JSON.stringify(ctrf, null, 2)}\n`);
      await writeFileAtomic(join(outDir, "junit.xml"), toJunitXml(summary));
      if (finish.stepSummaryPath !== undefined && finish.stepSummaryPath !== "") {
        await appendStepSummary(finish.stepSummaryPath, markdown);
      }
      return summary;
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Appends to the GitHub step summary, cut so the file stays under 1 MiB. */
export async function appendStepSummary(path: string, markdown: string, limitBytes = STEP_SUMMARY_LIMIT_BYTES): Promise<void> {
  const existing = await stat(path).then((s) => s.size, () => 0);
  const room = limitBytes - existing;
  const bytes = Buffer.from(`${markdown}\n`, "utf8");
  if (bytes.length <= room) {
    await appendFile(path, bytes);
    return;
  }
  const note = Buffer.from("\n\n… (cut to fit GitHub's 1 MiB step summary; see summary.md)\n", "utf8");
  if (room <= note.length) return;
  await appendFile(path, Buffer.concat([utf8Prefix(bytes, room - note.length), note]));
}

/** The longest prefix of at most `max` bytes that does not split a UTF-8 character. */
function utf8Prefix(bytes: Buffer, max: number): Buffer {
  let end = Math.min(max, bytes.length);
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end);
}

async function removeMatching(dir: string, pattern: RegExp): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!pattern.test(name)) continue;
    await unlink(join(dir, name));
    removed += 1;
  }
  return removed;
}
