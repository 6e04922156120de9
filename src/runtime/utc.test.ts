import { describe, expect, it } from "vitest";
import { formatIsoUtc, utcFields } from "./utc.ts";

describe("utc", () => {
  it("formats instants exactly as Date does, across leap years and centuries", () => {
    for (const ms of [0, 951_782_400_000, 4_107_542_399_999, 1_767_225_600_123, 1_709_164_800_000, -86_400_000]) {
      expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("splits an instant into calendar fields", () => {
    expect(utcFields(Date.UTC(2026, 10, 21, 11, 3, 34, 5))).toEqual({ year: 2026, month: 11, day: 21, hour: 11, minute: 3, second: 34, millisecond: 5 });
  });

  it("agrees with Date on every day from 1890 to 2410", () => {
    const mismatches: string[] = [];
    for (let ms = Date.UTC(1890, 0, 1, 12, 34, 56, 789); ms < Date.UTC(2410, 0, 1); ms += 86_400_000) {
      const expected = new Date(ms).toISOString();
      if (formatIsoUtc(ms) !== expected) mismatches.push(expected);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
