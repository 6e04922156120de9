/**
 * `pnpm bench`: measures the six figures side by side in one process run, prints the table and
 * writes reports/out/bench.json and bench.md (atomically). Options: `--quick` (fewer repeats and
 * runs, a 2 s deadline: a smoke run, not figures to quote), `--repeats N`, `--out DIR`.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ensureBuilt } from "../../scripts/build.mjs";
import { writeFileAtomic } from "../report/atomic-write.ts";
import { parseBenchArgs, type BenchPlan } from "./args.ts";
import { measureCli } from "./cli-suite.ts";
import { measureExploration } from "./exploration.ts";
import type { Figure } from "./figure.ts";
import { measureHangDetection } from "./hang.ts";
import { measureLaneCost } from "./lane-cost.ts";
import { describeMachine } from "./machine.ts";
import { BENCH_SCHEMA, tableRows, textTable, toBenchMarkdown, type BenchReport } from "./report.ts";
import { measureSuite } from "./suite.ts";
import { measureVirtualTime } from "./virtual-time.ts";

async function runBench(plan: BenchPlan, log: (line: string) => void): Promise<Figure[]> {
  const common = { repeats: plan.repeats, log };
  return [
    await measureCli({ ...common, repeats: plan.suiteRepeats }),
    await measureSuite({ ...common, repeats: plan.suiteRepeats }),
    await measureHangDetection({ ...common, wallClockRepeats: plan.wallClockRepeats, deadlineMs: plan.deadlineMs }),
    await measureExploration({ ...common, runs: plan.exploreRuns }),
    await measureVirtualTime(common),
    await measureLaneCost(common),
  ];
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
  process.stdout.write(`${textTable(tableRows(figures))}\n\nWrote ${join(plan.outDir, "bench.json")} and bench.md\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
