/**
 * Real-time (process, black-box) runs overlap up to `--real-time-jobs` even when no worker pool is
 * started (a plan with no deterministic runs, such as `--lane process`), and their lines still come
 * out in plan order.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "./cli.ts";
import { fakeCli, fakeScenario } from "./testing.ts";

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), "clp-overlap-"))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function overlapOf(argv: readonly string[]): Promise<{ code: number; most: number; lines: string[] }> {
  const cli = fakeCli({ scenarios: [fakeScenario("proc/a", { lane: "process", seeds: [1, 2, 3, 4] })], cwd: dir });
  let running = 0;
  let most = 0;
  const inner = cli.deps.runScenario;
  const deps = {
    ...cli.deps,
    runScenario: async (request: Parameters<typeof inner>[0]) => {
      running += 1;
      most = Math.max(most, running);
      // Later seeds finish first, so plan-order output is not an accident of timing.
      await new Promise((resolve) => setTimeout(resolve, 5 * (5 - request.seed)));
      running -= 1;
      return inner(request);
    },
  };
  const code = await main(["--out", "out", ...argv], deps);
  return { code, most, lines: cli.stdout.join("").split("\n").filter((l) => l.startsWith("[")) };
}

describe("real-time runs without a pool", () => {
  it("run up to --real-time-jobs at once and print in plan order", async () => {
    const { code, most, lines } = await overlapOf(["--jobs", "2", "--real-time-jobs", "3"]);
    expect(code).toBe(0);
    expect(most).toBe(3);
    expect(lines.map((l) => /seed=(\d+)/.exec(l)?.[1])).toEqual(["1", "2", "3", "4"]);
  });

  it("run one at a time with --jobs 1", async () => {
    const { code, most } = await overlapOf(["--jobs", "1"]);
    expect(code).toBe(0);
    expect(most).toBe(1);
  });
});
