// Small statistics for benchmark rounds: medians and spreads over a handful of values, and
// percentiles over the latency samples of the built-in load loop.

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median: how far apart the rounds were; 0 for a single round. */
  readonly spread: number;
  readonly values: ReadonlyArray<number>;
}

export function median(values: ReadonlyArray<number>): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: ReadonlyArray<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) {
    // The usual median of an even count: the mean of the middle two.
    const hi = sorted.length / 2;
    return ((sorted[hi - 1] ?? 0) + (sorted[hi] ?? 0)) / 2;
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(values: ReadonlyArray<number>): Summary {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, spread: 0, values };
  const m = median(finite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return { median: m, min, max, spread: m === 0 ? 0 : (max - min) / m, values };
}
