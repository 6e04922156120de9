import { describe, expect, it } from "vitest";
import { realRandom } from "./real-random.ts";

describe("real randomness", () => {
  it("draws nextInt(n) from [0, n), and 0 when there is at most one choice", () => {
    const draws = Array.from({ length: 400 }, () => realRandom.nextInt(10));
    expect(draws.every((d) => Number.isInteger(d) && d >= 0 && d < 10)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(1);
    expect(realRandom.nextInt(1)).toBe(0);
    expect(realRandom.nextInt(0)).toBe(0);
  });

  it("draws unsigned 32-bit integers", () => {
    const draws = Array.from({ length: 50 }, () => realRandom.nextU32());
    expect(draws.every((d) => Number.isInteger(d) && d >= 0 && d <= 0xffff_ffff)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(1);
  });
});
