// Column profiles computed on the server with one aggregate query: nulls, approximate distinct count, min, max,
// top values and a histogram for numeric, date and timestamp columns.
import { expr, quoteIdentifier } from './expressions';
import type { DataFrame } from './dataframe';
import type { ExecuteOptions } from './execution';

/** What the profile of one column says. */
export interface ColumnProfile {
  name: string;
  dataType: string;
  rows: bigint;
  nulls: bigint;
  /** Approximate count of distinct values; absent for types Spark cannot hash (maps). */
  distinctApprox?: bigint;
  min?: string;
  max?: string;
  /** Most frequent values (approximate), most frequent first; `value` null is the NULL group. */
  topValues: Array<{ value: string | null; count: bigint }>;
  /** Numeric, date and timestamp columns: histogram bins (centre, height), in `histogramScale` units. */
  histogram: Array<{ x: number; y: number }>;
  /** What a bin centre counts: a plain number, days since 1970-01-01 (dates) or seconds since the epoch (timestamps). */
  histogramScale?: HistogramScale;
}

/** The unit of histogram bin centres. */
export type HistogramScale = 'number' | 'days' | 'seconds';

const NUMERIC = /^(tinyint|smallint|int|bigint|float|double|decimal|byte|short|integer|long)/i;
const ORDERABLE = /^(tinyint|smallint|int|bigint|float|double|decimal|byte|short|integer|long|string|varchar|char|date|timestamp|timestamp_ntz|boolean)/i;
// approx_count_distinct hashes its input, and Spark cannot hash maps (nor structs or arrays holding one).
const UNHASHABLE = /map</i;

function atMost(value: bigint, limit: bigint): bigint {
  return value > limit ? limit : value;
}

/** Profiles the given columns of a DataFrame in one aggregate query. */
export async function profileColumns(df: DataFrame, columns: Array<{ name: string; dataType: string }>, opts?: ExecuteOptions): Promise<ColumnProfile[]> {
  if (columns.length === 0) return [];
  const exprs: string[] = ['count(1) AS `rows`'];
  columns.forEach((c, i) => exprs.push(...columnExprs(c, i)));
  const table = await df.select(...exprs.map(expr)).collect(opts);
  const get = (name: string) => table.getChild(name)?.get(0);
  const rows = BigInt(get('rows') ?? 0);
  return columns.map((c, i) => ({
    name: c.name,
    dataType: c.dataType,
    rows,
    nulls: rows - BigInt(get(`c${i}_count`) ?? 0),
    // The estimate can exceed the exact count of values (≈596 for 588 rows): never more than there are values.
    distinctApprox: UNHASHABLE.test(c.dataType) ? undefined : atMost(BigInt(get(`c${i}_distinct`) ?? 0), BigInt(get(`c${i}_count`) ?? 0)),
    min: text(get(`c${i}_min`)),
    max: text(get(`c${i}_max`)),
    topValues: parseTop(get(`c${i}_top`)),
    histogram: parseHistogram(get(`c${i}_hist`)),
    histogramScale: histogramInput(c.dataType, '')?.scale,
  }));
}

/** The number a histogram bins for a column type, and what that number counts; undefined: no histogram. */
function histogramInput(dataType: string, q: string): { sql: string; scale: HistogramScale } | undefined {
  if (NUMERIC.test(dataType)) return { sql: `CAST(${q} AS DOUBLE)`, scale: 'number' };
  if (/^date/i.test(dataType)) return { sql: `CAST(unix_date(${q}) AS DOUBLE)`, scale: 'days' };
  // Microseconds as a double are exact for ±285 years around 1970; a timestamp_ntz is read in the session time zone.
  if (/^timestamp/i.test(dataType)) return { sql: `CAST(unix_micros(CAST(${q} AS TIMESTAMP)) AS DOUBLE) / 1000000`, scale: 'seconds' };
  return undefined;
}

function columnExprs(c: { name: string; dataType: string }, i: number): string[] {
  const q = quoteIdentifier(c.name);
  const out = [`count(${q}) AS c${i}_count`];
  if (!UNHASHABLE.test(c.dataType)) out.push(`approx_count_distinct(${q}) AS c${i}_distinct`);
  if (ORDERABLE.test(c.dataType)) {
    out.push(`CAST(min(${q}) AS STRING) AS c${i}_min`, `CAST(max(${q}) AS STRING) AS c${i}_max`);
    out.push(`to_json(approx_top_k(${q}, 5)) AS c${i}_top`);
  }
  const hist = histogramInput(c.dataType, q);
  if (hist) out.push(`to_json(histogram_numeric(${hist.sql}, 10)) AS c${i}_hist`);
  return out;
}

function text(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

function parseTop(v: unknown): ColumnProfile['topValues'] {
  if (typeof v !== 'string') return [];
  // to_json leaves out null fields: an item without a value is the NULL group.
  const items = JSON.parse(v) as Array<{ item?: unknown; count: number | string }>;
  return items.map((x) => ({ value: x.item === null || x.item === undefined ? null : String(x.item), count: BigInt(x.count) }));
}

function parseHistogram(v: unknown): ColumnProfile['histogram'] {
  if (typeof v !== 'string') return [];
  const bins = (JSON.parse(v) as Array<{ x: number; y: number }>).map((b) => ({ x: Number(b.x), y: Number(b.y) })).sort((a, b) => a.x - b.x);
  // Merging partial histograms of several partitions can leave two bins with the same centre: they are one bucket.
  const merged: ColumnProfile['histogram'] = [];
  for (const b of bins) {
    const last = merged.at(-1);
    if (last && last.x === b.x) last.y += b.y;
    else merged.push(b);
  }
  return merged;
}

/** A histogram as a line of block characters, for places with no room for a chart. */
export function sparkline(bins: Array<{ y: number }>): string {
  const blocks = '▁▂▃▄▅▆▇█';
  const max = Math.max(0, ...bins.map((b) => b.y));
  if (max === 0) return '';
  return bins.map((b) => blocks[Math.min(blocks.length - 1, Math.floor((b.y / max) * (blocks.length - 1)))]).join('');
}
