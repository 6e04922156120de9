import { describe, expect, it } from "vitest";
import { RACE_SCENARIO } from "./exploration.ts";
import { runRaceUnderFcScheduler } from "./race-fc.ts";
import { scenarioById } from "./scenarios.ts";

describe("the fc.scheduler baseline over the real heartbeat race", () => {
  it("passes on src: the same modules, checks and probes hold under fast-check's interleavings", async () => {
    const scenario = await scenarioById(RACE_SCENARIO);
    const result = await runRaceUnderFcScheduler({ scenario, runs: 20, fcSeed: 7 });
    expect(result).toMatchObject({ runs: 20, failed: false });
    // Every file operation and timer of both lanes is a scheduled task: far more than a skeleton's.
    expect(result.steps / result.runs).toBeGreaterThan(50);
  });

  it("finds the no-owner-registry mutant, so it really explores the race", async () => {
    const scenario = await scenarioById(RACE_SCENARIO);
    const mutant = scenario.mutants.find((m) => m.id === "no-owner-registry");
    expect(mutant).toBeDefined();
    const bad = { ...scenario, impl: () => mutant?.impl(scenario.impl()) };
    const result = await runRaceUnderFcScheduler({ scenario: bad, runs: 100, fcSeed: 7 });
    expect(result.failed).toBe(true);
  });
});
