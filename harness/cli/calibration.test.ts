import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Calibration } from "../runner/deadline-scale.ts";
import { main } from "./cli.ts";
import { fakeCli, fakeScenario } from "./testing.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "clp-calibration-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const slowMachine = (explicit: { scale: number; from: Calibration["explicitFrom"] }): Promise<Calibration> =>
  Promise.resolve({ fakeStartMs: [1200, 1300, 1250], medianMs: 1250, referenceMs: 400, calibratedScale: 3.13, explicitScale: explicit.scale, explicitFrom: explicit.from, effectiveScale: Math.max(3.13, explicit.scale), loadAverage: [3.9, 2.1, 1.2] });

describe("deadline calibration in pnpm scenarios", () => {
  it("calibrates before real-time lanes, scales every run, and records the figures in the proof", async () => {
    const cli = fakeCli({ scenarios: [fakeScenario("blackbox/x", { lane: "black-box", seeds: [1] })], cwd: dir });
    const scales: Array<number | undefined> = [];
    const code = await main(["--out", "out"], { ...cli.deps, calibrate: slowMachine, runScenario: (r) => (scales.push(r.deadlineScale), cli.deps.runScenario(r)) });

    expect(code).toBe(0);
    expect(scales).toEqual([3.13]);
    expect(cli.stdout.join("")).toContain("deadline scale 3.13 (fake start 1250 ms vs 400 ms idle → 3.13; load 3.9 2.1 1.2)");
    const summary = JSON.parse(await readFile(join(dir, "out", "summary.json"), "utf8")) as { environment: { calibration?: Calibration } };
    expect(summary.environment.calibration).toMatchObject({ effectiveScale: 3.13, fakeStartMs: [1200, 1300, 1250] });
    expect(await readFile(join(dir, "out", "summary.md"), "utf8")).toContain("deadline scale 3.13 (fake codex start 1250 ms vs 400 ms idle; load 3.9 2.1 1.2)");
  });

  it("takes --deadline-scale over a faster calibration, and a bad value is a usage error", async () => {
    const cli = fakeCli({ scenarios: [fakeScenario("blackbox/x", { lane: "black-box", seeds: [1] })], cwd: dir });
    const scales: Array<number | undefined> = [];
    await main(["--out", "out", "--deadline-scale", "6"], { ...cli.deps, calibrate: slowMachine, runScenario: (r) => (scales.push(r.deadlineScale), cli.deps.runScenario(r)) });
    expect(scales).toEqual([6]);
    expect(await main(["--deadline-scale", "0"], cli.deps)).toBe(2);
    expect(await main(["--out", "out"], { ...cli.deps, deadlineScaleEnv: "lots" })).toBe(2);
  });

  it("does not calibrate a deterministic-only run", async () => {
    const cli = fakeCli({ scenarios: [fakeScenario("codex/x", { seeds: [1] })], cwd: dir });
    let calls = 0;
    await main(["--out", "out"], { ...cli.deps, calibrate: (e) => (calls++, slowMachine(e)) });
    expect(calls).toBe(0);
  });
});
