/**
 * Real-time (process, black-box) runs overlap up to `--real-time-jobs` even when no worker pool is
 * started (a plan with no deterministic runs, such as `--lane process`), and their lines still come
 * out in plan order.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
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

describe("real-time runs beside this thread's deterministic runs", () => {
  it("start only after every deterministic run of this thread has finished (a run may swap the global timers)", async () => {
    const scenarios = [fakeScenario("det/a", { seeds: [1, 2, 3] }), fakeScenario("proc/a", { lane: "process", seeds: [1, 2] })];
    const cli = fakeCli({ scenarios, cwd: dir });
    const log: string[] = [];
    const inner = cli.deps.runScenario;
    const deps = {
      ...cli.deps,
      runScenario: async (request: Parameters<typeof inner>[0]) => {
        const name = `${request.scenario.lane}:${request.seed}`;
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${name}`);
        return inner(request);
      },
    };
    // Plan order puts a real-time run first; without a pool, the deterministic ones run in this thread.
    expect(await main(["--out", "out", "--jobs", "2", "proc/a", "det/a"], deps)).toBe(0);
    const lastDeterministicEnd = log.lastIndexOf("end deterministic:3");
    const firstRealTimeStart = log.findIndex((l) => l.startsWith("start process:"));
    expect(lastDeterministicEnd).toBeGreaterThanOrEqual(0);
    expect(firstRealTimeStart).toBeGreaterThan(lastDeterministicEnd);
    const lines = cli.stdout.join("").split("\n").filter((l) => l.startsWith("["));
    expect(lines.map((l) => /(det|proc)\/a\s.*seed=(\d+)/.exec(l)?.slice(1).join(":"))).toEqual(["det:1", "det:2", "det:3", "proc:1", "proc:2"]);
  });

  it("start the runs that took longest last time first, unknown ones before them (mutants first), and still print in plan order", async () => {
    const cli = fakeCli({ scenarios: [fakeScenario("proc/a", { lane: "process", seeds: [1, 2, 3, 4], mutants: ["m"] })], cwd: dir });
    await mkdir(join(dir, "out"), { recursive: true });
    const last = [
      ...[1, 3, 2].map((seed) => ({ scenarioId: "proc/a", target: "src", seed, wallMs: { 1: 10, 2: 100, 3: 500 }[seed] })),
      ...[1, 2, 4].map((seed) => ({ scenarioId: "proc/a", target: "mutant:m", seed, wallMs: { 1: 50, 2: 1000, 4: 20 }[seed] })),
    ];
    await writeFile(join(dir, "out", "summary.json"), JSON.stringify({ runs: last }));
    const started: string[] = [];
    const inner = cli.deps.runScenario;
    const deps = {
      ...cli.deps,
      runScenario: (request: Parameters<typeof inner>[0]) => {
        started.push(`${request.target}:${request.seed}`);
        return inner(request);
      },
    };
    expect(await main(["--out", "out", "--jobs", "2", "--real-time-jobs", "1"], deps)).toBe(0);
    expect(started).toEqual(["mutant:m:3", "src:4", "mutant:m:2", "src:3", "src:2", "mutant:m:1", "mutant:m:4", "src:1"]);
    const lines = cli.stdout.join("").split("\n").filter((l) => l.startsWith("["));
    expect(lines.map((l) => /(src|mutant:m)\s.*seed=(\d+)/.exec(l)?.slice(1).join(":"))).toEqual(["src:1", "src:2", "src:3", "src:4", "mutant:m:1", "mutant:m:2", "mutant:m:3", "mutant:m:4"]);
  });
});
