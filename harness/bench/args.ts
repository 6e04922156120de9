/** `pnpm bench` arguments: `--quick` (a smoke run), `--repeats N`, `--out DIR`, `--only ID[,ID…]` (some figures). */
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../runner/run-scenario.ts";
import type { FigureId } from "./figure.ts";
import { UPSTREAM_DEADLINE_MS } from "./hang.ts";

export interface BenchPlan {
  readonly repeats: number;
  readonly suiteRepeats: number;
  readonly wallClockRepeats: number;
  readonly exploreRuns: number;
  readonly deadlineMs: number;
  readonly outDir: string;
  /** Only these figures (by id); every figure when absent. */
  readonly only?: readonly FigureId[];
}

export const FIGURE_IDS: readonly FigureId[] = ["cli", "suite", "hang-detection", "exploration", "virtual-time", "lane-cost", "fake-vs-real"];

export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchUsageError";
  }
}

export function parseBenchArgs(argv: readonly string[]): BenchPlan {
  const quick = argv.includes("--quick");
  let repeats = quick ? 2 : 5;
  let outDir = join(REPO_ROOT, "reports", "out");
  let only: FigureId[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") continue;
    if (arg === "--only") {
      const value = argv[++i];
      if (value === undefined) throw new BenchUsageError("--only needs a value");
      only = value.split(",").map((id) => {
        if (!(FIGURE_IDS as readonly string[]).includes(id)) throw new BenchUsageError(`--only: unknown figure "${id}" (known: ${FIGURE_IDS.join(", ")})`);
        return id as FigureId;
      });
      continue;
    }
    if (arg === "--repeats" || arg === "--out") {
      const value = argv[++i];
      if (value === undefined) throw new BenchUsageError(`${arg} needs a value`);
      if (arg === "--out") outDir = resolve(value);
      else {
        repeats = Number(value);
        if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) throw new BenchUsageError(`--repeats "${value}" is not an integer in 1..100`);
      }
      continue;
    }
    throw new BenchUsageError(`unknown argument "${arg}" (use --quick, --repeats N, --out DIR, --only ID[,ID…])`);
  }
  return {
    repeats,
    suiteRepeats: quick ? 1 : Math.min(repeats, 3),
    wallClockRepeats: quick ? 1 : Math.min(repeats, 3),
    exploreRuns: quick ? 20 : 500,
    deadlineMs: quick ? 2_000 : UPSTREAM_DEADLINE_MS,
    outDir,
    ...(only === undefined ? {} : { only }),
  };
}

