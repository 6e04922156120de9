/**
 * Figure 1, the whole deterministic suite: each repetition runs suite-child.ts in a fresh node
 * process (every deterministic scenario × seed × target, no reports written) and reports its own
 * wall time, run count and peak RSS (process.resourceUsage().maxRSS of that process).
 */
import { resolve } from "node:path";
import { execa } from "execa";
import type { Figure, FigureOptions } from "./figure.ts";
import { headlineOf, measured } from "./figure.ts";
import { spreadOf } from "./stats.ts";
import type { SuiteChildResult } from "./suite-child.ts";
import { repeat } from "./timing.ts";

const CHILD = resolve(import.meta.dirname, "suite-child.ts");

export class BenchChildError extends Error {
  constructor(what: string, detail: string, options?: { cause?: unknown }) {
    super(`${what}: ${detail}`, options);
    this.name = "BenchChildError";
  }
}

export async function runSuiteOnce(): Promise<SuiteChildResult> {
  const child = await execa(process.execPath, ["--import", "tsx", CHILD], { reject: false, cwd: resolve(import.meta.dirname, "../..") });
  if (child.exitCode !== 0) throw new BenchChildError("suite child", `exit ${child.exitCode}: ${child.stderr.slice(-500)}`);
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as SuiteChildResult;
  } catch (error) {
    throw new BenchChildError("suite child", `no JSON result line: ${line.slice(0, 200)}`, { cause: error });
  }
}

export async function measureSuite(options: FigureOptions): Promise<Figure> {
  const results = await repeat(options.repeats, async (i) => {
    const r = await runSuiteOnce();
    options.log(`suite ${i + 1}/${options.repeats}: ${r.runs} runs in ${(r.wallMs / 1000).toFixed(1)} s, peak RSS ${Math.round(r.maxRssKb / 1024)} MiB`);
    return r;
  });
  const wall = spreadOf(results.map((r) => r.wallMs / 1000), "suite wall s");
  const rate = spreadOf(results.map((r) => r.runs / (r.wallMs / 1000)), "suite runs/s");
  const rss = spreadOf(results.map((r) => r.maxRssKb / 1024), "suite peak RSS");
  const first = results[0];
  return {
    id: "suite",
    title: "The whole deterministic suite",
    headline: headlineOf("runs per second", "runs/s", rate),
    measurements: [measured("wall time", "s", wall), measured("runs per second", "runs/s", rate), measured("peak RSS", "MiB", rss)],
    facts: {
      runs: first?.runs ?? 0,
      scenarios: first?.scenarios ?? 0,
      verdicts: first?.verdicts ?? {},
      discoverMs: Math.round(first?.discoverMs ?? 0),
    },
    method:
      "Each repetition is a fresh node process running every deterministic scenario × declared seed × target (src and every mutant) " +
      "in the CLI's plan order through the in-process runner, without writing reports. Wall time excludes loading the scenarios; " +
      "peak RSS is process.resourceUsage().maxRSS of that process.",
  };
}
