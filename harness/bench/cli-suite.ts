/**
 * Figure 0, `pnpm scenarios` as a user runs it: the default lanes end to end in a fresh process
 * (discovery, the corpus, every run, every report and the summary), with the worker pool (`--jobs`
 * default: the core count) and with `--jobs 1`, side by side, alternating which goes first. Also
 * measured: the time to the first line printed (start-up progress), and whether both runs wrote
 * the same digest for every run (they must: the pool changes nothing but the wall time).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Figure, FigureOptions } from "./figure.ts";
import { measured, ratioHeadline } from "./figure.ts";
import { ratioOf, spreadOf } from "./stats.ts";
import { repeat } from "./timing.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = resolve(ROOT, "harness/cli/entry.ts");

export interface CliRun {
  readonly exitCode: number;
  readonly wallMs: number;
  readonly firstOutputMs: number;
  readonly runs: number;
  /** reportFile → digest, from summary.json. */
  readonly digests: ReadonlyMap<string, string>;
  readonly load1: number;
}

export async function runCliOnce(jobs: number | undefined): Promise<CliRun> {
  const out = await mkdtemp(join(tmpdir(), "clp-bench-cli-"));
  try {
    const args = ["--import", "tsx", ENTRY, "--quiet", "--out", out, ...(jobs === undefined ? [] : ["--jobs", String(jobs)])];
    const start = performance.now();
    let first: number | undefined;
    const load1 = loadavg()[0] ?? 0;
    const exitCode = await new Promise<number>((done, fail) => {
      // --quiet keeps the per-run lines out of the bench's pipes; the start-up progress still prints.
      const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CLP_PROGRESS: "1", GITHUB_STEP_SUMMARY: "" }, stdio: ["ignore", "pipe", "pipe"] });
      const seen = (): void => void (first ??= performance.now() - start);
      child.stdout.on("data", seen);
      child.stderr.on("data", seen);
      child.on("error", fail);
      child.on("close", (code) => done(code ?? 1));
    });
    const wallMs = performance.now() - start;
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { runs: Array<{ reportFile: string; digest: string }> };
    return { exitCode, wallMs, firstOutputMs: first ?? wallMs, runs: summary.runs.length, digests: new Map(summary.runs.map((r) => [r.reportFile, r.digest])), load1 };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function sameDigests(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, digest]) => b.get(file) === digest);
}

export async function measureCli(options: FigureOptions): Promise<Figure> {
  const jobs = availableParallelism();
  const pairs = await repeat(options.repeats, async (i) => {
    let pooled: CliRun;
    let serial: CliRun;
    if (i % 2 === 0) {
      pooled = await runCliOnce(undefined);
      serial = await runCliOnce(1);
    } else {
      serial = await runCliOnce(1);
      pooled = await runCliOnce(undefined);
    }
    options.log(
      `pnpm scenarios ${i + 1}/${options.repeats}: --jobs ${jobs} ${(pooled.wallMs / 1000).toFixed(1)} s (first output ${Math.round(pooled.firstOutputMs)} ms, ` +
        `exit ${pooled.exitCode}, load ${pooled.load1.toFixed(1)}), --jobs 1 ${(serial.wallMs / 1000).toFixed(1)} s (exit ${serial.exitCode}, load ${serial.load1.toFixed(1)}); ` +
        `digests ${sameDigests(pooled.digests, serial.digests) ? "identical" : "DIFFER"}`,
    );
    return { pooled, serial };
  });
  const pooled = spreadOf(pairs.map((p) => p.pooled.wallMs / 1000), "pooled wall s");
  const serial = spreadOf(pairs.map((p) => p.serial.wallMs / 1000), "serial wall s");
  const first = spreadOf(pairs.map((p) => p.pooled.firstOutputMs), "first output ms");
  return {
    id: "cli",
    title: "`pnpm scenarios` (default lanes), end to end",
    headline: ratioHeadline(`--jobs 1 ÷ --jobs ${jobs} wall time`, ratioOf(serial, pooled), pairs.length),
    measurements: [
      measured(`wall time, --jobs ${jobs} (default)`, "s", pooled),
      measured("wall time, --jobs 1", "s", serial),
      measured("time to the first line printed", "ms", first),
    ],
    facts: {
      jobs,
      runs: pairs[0]?.pooled.runs ?? 0,
      digestsIdentical: pairs.every((p) => sameDigests(p.pooled.digests, p.serial.digests)),
      exitCodes: pairs.map((p) => `${p.pooled.exitCode}/${p.serial.exitCode}`),
      loadAverages: pairs.map((p) => `${p.pooled.load1.toFixed(1)}/${p.serial.load1.toFixed(1)}`),
    },
    method:
      "Each repetition runs `pnpm scenarios --quiet --out <tmp>` (every lane but live, the corpus first, every report and the " +
      `summary written) in a fresh node process, once with the default --jobs (${jobs}, the core count) and once with --jobs 1, ` +
      "alternating which goes first; wall time is spawn to exit, the first output is the first byte on stdout or stderr " +
      "(CLP_PROGRESS=1 prints start-up progress as a terminal would). The digests of every run in both summaries are compared. " +
      "The 1-minute load average is recorded before each run (the machine may be shared).",
  };
}
