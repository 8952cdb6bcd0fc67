// Small statistics and formatting helpers shared by the figures.
export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

export function summary(values: readonly number[]): Summary {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { min: v[0], median, max: v[v.length - 1], n: v.length };
}

export function percentile(values: readonly number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** Ratios of paired runs a[i]/b[i]. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / b[i]).filter((x) => Number.isFinite(x));
}

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;
export const quick = process.env.BENCH_QUICK === '1';
