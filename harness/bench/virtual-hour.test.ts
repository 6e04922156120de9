import { describe, expect, it } from "vitest";
import { runVirtualHour, VIRTUAL_HOUR_MS } from "./virtual-hour.ts";

describe("one virtual hour of heartbeats and recovery", () => {
  it("ticks every 30 s for the whole hour and both observes a busy file and releases a free lane", async () => {
    // Act
    const result = await runVirtualHour({ seed: 1 });
    // Assert
    expect(result.settled).toBe(true);
    expect(result.virtualMs).toBe(VIRTUAL_HOUR_MS);
    expect(result.heartbeatTicks).toBe(120);
    expect(result.visibleRuns).toBe(12);
    // Sibling i stalls every 240 + 30·i s from 10·(i+1) s on, while a whole period still fits in the hour.
    const expectedStalls = Array.from({ length: result.siblings }, (_, i) => Math.floor((3_600 - (240 + 30 * i) - 10 * (i + 1)) / (240 + 30 * i)) + 1);
    expect(result.siblings).toBe(6);
    expect(result.siblingStalls).toBe(expectedStalls.reduce((a, b) => a + b, 0));
    expect(result.outcomes["skipped/observe_only"]).toBeGreaterThan(0);
    expect(result.outcomes["released/release_lane"]).toBeGreaterThan(0);
  });

  it("is deterministic: the same seed gives the same outcomes and steps", async () => {
    const a = await runVirtualHour({ seed: 3, virtualMs: 600_000 });
    const b = await runVirtualHour({ seed: 3, virtualMs: 600_000 });
    expect(b).toEqual(a);
  });
});
