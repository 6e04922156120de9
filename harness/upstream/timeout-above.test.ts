import { describe, expect, it } from "vitest";
import { timeoutAbove } from "./openclaw.ts";

describe("OpenClaw's own timeout against our scaled deadline", () => {
  it("stays above the deadline at every scale, so a release never told of a fault is a hang, not its own timeout", () => {
    for (const scale of [1, 2.5, 6.12, 20, 100]) {
      const deadlineMs = 90_000 * scale;
      expect(timeoutAbove(deadlineMs, 600_000)).toBeGreaterThan(deadlineMs);
    }
  });

  it("keeps OpenClaw's usual figure when our deadline is short", () => {
    expect(timeoutAbove(90_000, 600_000)).toBe(600_000);
    expect(timeoutAbove(420_000, 900_000)).toBe(900_000);
    expect(timeoutAbove(1_000_000, 900_000)).toBe(2_000_000);
  });
});
