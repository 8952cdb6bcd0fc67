// One line of the results table, and how a figure hands its lines to bench/run.mjs.
import { Summary, summary } from './stats';

export interface Line {
  /** Figure number and name, e.g. "1 transport". */
  readonly figure: string;
  readonly metric: string;
  readonly unit: string;
  /** Our client / the extension. */
  readonly ours?: Summary;
  /** The yardstick measured in the same run (python, apache-arrow, ...). */
  readonly yardstick?: Summary;
  readonly yardstickName?: string;
  /** ours/yardstick per pair of runs (oriented so that higher is better for "≥" goals). */
  readonly ratio?: Summary;
  readonly goal?: string;
  readonly met?: boolean;
  readonly note?: string;
}

export function line(l: Omit<Line, 'ours' | 'yardstick' | 'ratio'> & { ours?: number[]; yardstick?: number[]; ratio?: number[] }): Line {
  return {
    ...l,
    ours: l.ours ? summary(l.ours) : undefined,
    yardstick: l.yardstick ? summary(l.yardstick) : undefined,
    ratio: l.ratio ? summary(l.ratio) : undefined,
  };
}

/** Prints the lines for bench/run.mjs (one marked JSON line) and a readable summary for a human. */
export function emit(lines: Line[], extra: Record<string, unknown> = {}): void {
  for (const l of lines) {
    const f = (s?: Summary) => (s ? `${fmt(s.min)}/${fmt(s.median)}/${fmt(s.max)}` : '-');
    console.error(`  ${l.figure} | ${l.metric}: ours ${f(l.ours)} ${l.unit}; ${l.yardstickName ?? 'yardstick'} ${f(l.yardstick)}; ratio ${f(l.ratio)}${l.goal ? `; goal ${l.goal} ${l.met ? 'met' : 'NOT met'}` : ''}${l.note ? `\n      ${l.note}` : ''}`);
  }
  console.log('BENCH_RESULT ' + JSON.stringify({ lines, ...extra }));
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** Alternates a and b, `runs` times each (a first on even runs, b first on odd runs). */
export async function alternate<A, B>(runs: number, a: () => Promise<A>, b: () => Promise<B>): Promise<{ a: A[]; b: B[] }> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return { a: as, b: bs };
}
