import { describe, expect, it } from "vitest";
import { calibrate, explicitScale, MAX_SCALE, measureFakeStart, parseScale, REFERENCE_FAKE_START_MS, scaleFromSamples } from "./deadline-scale.ts";

describe("the deadline scale", () => {
  it("never narrows a budget, widens it by the median slowdown, and is capped", () => {
    expect(scaleFromSamples([REFERENCE_FAKE_START_MS / 2])).toBe(1);
    expect(scaleFromSamples([REFERENCE_FAKE_START_MS * 3, REFERENCE_FAKE_START_MS * 2.5, REFERENCE_FAKE_START_MS * 100])).toBe(3);
    expect(scaleFromSamples([REFERENCE_FAKE_START_MS * 1000])).toBe(MAX_SCALE);
  });

  it("takes the flag over the environment over the config", () => {
    expect(explicitScale({ flag: 4, env: "3", config: 2 })).toEqual({ scale: 4, from: "flag" });
    expect(explicitScale({ env: "3", config: 2 })).toEqual({ scale: 3, from: "env" });
    expect(explicitScale({ config: 2 })).toEqual({ scale: 2, from: "config" });
    expect(explicitScale({})).toEqual({ scale: 1, from: "default" });
    expect(() => explicitScale({ env: "fast" })).toThrow('CODEX_PROOF_DEADLINE_SCALE: expected a number from 1 to 100, got "fast"');
    expect(() => parseScale("0", "--deadline-scale")).toThrow("--deadline-scale");
  });

  it("uses the larger of the calibrated and the explicit scale, and records the samples and load", async () => {
    const samples = [REFERENCE_FAKE_START_MS * 2, REFERENCE_FAKE_START_MS * 2, REFERENCE_FAKE_START_MS * 2];
    const c = await calibrate({ explicit: { scale: 1.5, from: "env" }, measure: () => Promise.resolve(samples.pop()!) });
    expect(c).toMatchObject({ calibratedScale: 2, explicitScale: 1.5, explicitFrom: "env", effectiveScale: 2, medianMs: REFERENCE_FAKE_START_MS * 2 });
    expect(c.loadAverage).toHaveLength(3);
  });

  it("measures the real fake codex answering initialize", async () => {
    const ms = await measureFakeStart({ timeoutMs: 60_000 });
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(60_000);
  }, 70_000);
});
