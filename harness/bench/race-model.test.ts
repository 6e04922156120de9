import { describe, expect, it } from "vitest";
import { firstInterleavedRun, runRaceModel } from "./race-model.ts";

describe("the fc.scheduler baseline model of the heartbeat race", () => {
  it("holds with the per-file owner: every attempt's prompt and reply stay adjacent", async () => {
    const result = await runRaceModel({ runs: 50, seed: 7, withOwner: true });
    expect(result.failed).toBe(false);
    expect(result.runs).toBe(50);
    expect(result.steps).toBe(50 * 4 * 9); // 4 attempts of 9 scheduled steps per run
  });

  it("finds the interleaving without the owner, so the model really races", async () => {
    const result = await runRaceModel({ runs: 200, seed: 7, withOwner: false });
    expect(result.failed).toBe(true);
  });

  it("names the first run whose released window another lane wrote into", () => {
    expect(firstInterleavedRun(["a:prompt", "a:reply", "b:prompt", "b:reply"])).toBeUndefined();
    expect(firstInterleavedRun(["a:prompt", "b:prompt", "a:reply", "b:reply"])).toBe("a");
  });
});
