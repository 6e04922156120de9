/** The shape of one benchmark figure, as bench.json carries it and bench.md renders it. */
import type { Json } from "../scenario/types.ts";
import type { RatioSpread, Spread } from "./stats.ts";

export type FigureId = "cli" | "suite" | "hang-detection" | "exploration" | "virtual-time" | "lane-cost" | "fake-vs-real";

/** A figure's own side-by-side table, printed after the main one. */
export interface ExtraTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One measured series: its samples and their median and spread. */
export interface Measurement {
  readonly label: string;
  readonly unit: string;
  readonly spread: Spread;
}

export interface Headline {
  readonly label: string;
  readonly unit: string;
  readonly median: number;
  /** min for a measured series; the lowest sample ratio for a ratio. */
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

export interface Figure {
  readonly id: FigureId;
  readonly title: string;
  readonly headline: Headline;
  readonly measurements: readonly Measurement[];
  /** Further ratios of the same figure, shown under its measurements. */
  readonly moreRatios?: readonly Headline[];
  /** A side-by-side table of its own (e.g. fake-codex vs real codex). */
  readonly extraTable?: ExtraTable;
  /** Counts and verdicts that show the measured thing really ran (not timings). */
  readonly facts: Readonly<Record<string, Json>>;
  /** How it was measured and what it does or does not compare. */
  readonly method: string;
}

export function measured(label: string, unit: string, spread: Spread): Measurement {
  return { label, unit, spread };
}

export function headlineOf(label: string, unit: string, spread: Spread): Headline {
  return { label, unit, median: spread.median, low: spread.min, high: spread.max, n: spread.n };
}

export function ratioHeadline(label: string, ratio: RatioSpread, n: number): Headline {
  return { label, unit: "×", median: ratio.median, low: ratio.low, high: ratio.high, n };
}

/** Options every figure takes. */
export interface FigureOptions {
  readonly repeats: number;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}
