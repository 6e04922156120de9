/**
 * Statistics of repeated wall-clock measurements: median and spread (min–max and the interquartile
 * range), and ratios of two figures measured side by side in one run. Pure functions, no clock.
 */

export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation between order statistics). */
  readonly q1: number;
  readonly q3: number;
  readonly samples: readonly number[];
}

export class EmptySampleError extends Error {
  constructor(what: string) {
    super(`${what}: no samples to summarize`);
    this.name = "EmptySampleError";
  }
}

/** The q-quantile (0..1) of sorted values, interpolating linearly. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new EmptySampleError("quantile");
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? 0;
  const high = sorted[above] ?? low;
  return low + (high - low) * (position - below);
}

export function spreadOf(samples: readonly number[], what = "spread"): Spread {
  if (samples.length === 0) throw new EmptySampleError(what);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    samples: [...samples],
  };
}

/**
 * `numerator / denominator` of two measured figures: the ratio of the medians, bounded by the
 * extreme ratios the samples allow (`min/max` … `max/min`), so the spread is never understated.
 */
export interface RatioSpread {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

export function ratioOf(numerator: Spread, denominator: Spread): RatioSpread {
  const safe = (a: number, b: number): number => (b === 0 ? Number.POSITIVE_INFINITY : a / b);
  return {
    median: safe(numerator.median, denominator.median),
    low: safe(numerator.min, denominator.max),
    high: safe(numerator.max, denominator.min),
  };
}

/** A number for a table: three significant digits, thousands kept whole. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}
