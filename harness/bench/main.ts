/**
 * `pnpm bench`: measures the seven figures (the last, fake-codex vs real codex, only where the live
 * lane's real binary is installed) side by side in one process run, prints the table and
 * writes reports/out/bench.json and bench.md (atomically). Options: `--quick` (fewer repeats and
 * runs, a 2 s deadline: a smoke run, not figures to quote), `--repeats N`, `--out DIR`, `--only
 * ID[,ID…]` (some figures only).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ensureBuilt } from "../../scripts/build.mjs";
import { writeFileAtomic } from "../report/atomic-write.ts";
import { parseBenchArgs, type BenchPlan } from "./args.ts";
import { measureCli } from "./cli-suite.ts";
import { measureExploration } from "./exploration.ts";
import { measureFakeVsReal } from "./fake-vs-real.ts";
import type { Figure, FigureId } from "./figure.ts";
import { measureHangDetection } from "./hang.ts";
import { measureLaneCost } from "./lane-cost.ts";
import { describeMachine } from "./machine.ts";
import { BENCH_SCHEMA, extraTablesText, tableRows, textTable, toBenchMarkdown, type BenchReport } from "./report.ts";
import { measureSuite } from "./suite.ts";
import { measureVirtualTime } from "./virtual-time.ts";

async function runBench(plan: BenchPlan, log: (line: string) => void): Promise<Figure[]> {
  const common = { repeats: plan.repeats, log };
  const steps: ReadonlyArray<[FigureId, () => Promise<Figure | undefined>]> = [
    ["cli", () => measureCli({ ...common, repeats: plan.suiteRepeats })],
    ["suite", () => measureSuite({ ...common, repeats: plan.suiteRepeats })],
    ["hang-detection", () => measureHangDetection({ ...common, wallClockRepeats: plan.wallClockRepeats, deadlineMs: plan.deadlineMs })],
    ["exploration", () => measureExploration({ ...common, runs: plan.exploreRuns })],
    ["virtual-time", () => measureVirtualTime(common)],
    ["lane-cost", () => measureLaneCost(common)],
    ["fake-vs-real", () => measureFakeVsReal(common)],
  ];
  const figures: Figure[] = [];
  for (const [id, measure] of steps) {
    if (plan.only !== undefined && !plan.only.includes(id)) continue;
    const figure = await measure();
    if (figure !== undefined) figures.push(figure);
  }
  return figures;
}

async function main(argv: readonly string[]): Promise<number> {
  let plan: BenchPlan;
  try {
    plan = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  await ensureBuilt({ log });
  const start = performance.now();
  const figures = await runBench(plan, log);
  const report: BenchReport = {
    schema: BENCH_SCHEMA,
    generatedAt: new Date().toISOString(),
    machine: describeMachine(),
    command: ["pnpm bench", ...argv].join(" "),
    totalWallMs: performance.now() - start,
    figures,
  };
  await mkdir(plan.outDir, { recursive: true });
  await writeFileAtomic(join(plan.outDir, "bench.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(plan.outDir, "bench.md"), toBenchMarkdown(report));
  const extra = extraTablesText(figures).map((t) => `\n${t}\n`).join("");
  process.stdout.write(`${textTable(tableRows(figures))}\n${extra}\nWrote ${join(plan.outDir, "bench.json")} and bench.md\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
