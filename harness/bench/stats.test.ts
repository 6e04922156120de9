import { describe, expect, it } from "vitest";
import { EmptySampleError, formatNumber, quantile, ratioOf, spreadOf } from "./stats.ts";

describe("bench statistics", () => {
  it("takes the median of an odd and an even number of samples", () => {
    expect(spreadOf([5, 1, 3]).median).toBe(3);
    expect(spreadOf([4, 1, 3, 2]).median).toBe(2.5);
  });

  it("reports min, max and interpolated quartiles, keeping the samples in measured order", () => {
    // Arrange
    const samples = [10, 2, 8, 4, 6];
    // Act
    const s = spreadOf(samples);
    // Assert
    expect(s).toMatchObject({ n: 5, min: 2, max: 10, q1: 4, q3: 8, median: 6 });
    expect(s.samples).toEqual([10, 2, 8, 4, 6]);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });

  it("refuses to summarize nothing, naming what was empty", () => {
    expect(() => spreadOf([], "suite wall ms")).toThrow(EmptySampleError);
    expect(() => spreadOf([], "suite wall ms")).toThrow(/suite wall ms/);
  });

  it("bounds a ratio by the extreme sample ratios", () => {
    const slow = spreadOf([10_000, 10_100, 10_050]);
    const fast = spreadOf([20, 25, 40]);
    const r = ratioOf(slow, fast);
    expect(r.median).toBeCloseTo(10_050 / 25);
    expect(r.low).toBeCloseTo(10_000 / 40);
    expect(r.high).toBeCloseTo(10_100 / 20);
  });

  it("formats figures for a table with three significant digits", () => {
    expect(formatNumber(12_345.6)).toBe("12,346");
    expect(formatNumber(123.4)).toBe("123");
    expect(formatNumber(12.34)).toBe("12.3");
    expect(formatNumber(1.234)).toBe("1.23");
    expect(formatNumber(0.01234)).toBe("0.0123");
  });
});
