/** Order statistics of samples (milliseconds, bytes, counts): medians, never means, which one slow GC pause would move. */

export interface Summary {
  n: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/** The value below which `q` (0..1) of the samples lie, by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: median(samples),
    p90: quantile(samples, 0.9),
    p99: quantile(samples, 0.99),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** A ratio measured in several interleaved runs: its median and range, never one sample quoted alone. */
export interface Spread {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function spreadOf(samples: readonly number[]): Spread {
  return { n: samples.length, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}
