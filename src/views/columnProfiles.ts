// Adapters from the client's column profiles (one aggregate query, bigint counts) to what the grid's Profile panel
// draws (numbers, and histogram bucket centres as text in the session time zone).
import { expr, profileColumns, type ColumnProfile, type DataFrame, type HistogramScale } from '../client';
import { dateText, timestampText } from '../grid/shared/formatTime';
import type { ProfileRequest, SourceProfile } from '../grid/gridSource';
import type { ProfileColumn } from '../grid/shared/protocol';

/** Profiles of the client, as the panel shows them. */
export function toProfileColumns(profiles: readonly ColumnProfile[], timeZone: string): ProfileColumn[] {
  return profiles.map((p) => ({
    name: p.name,
    sparkType: p.dataType,
    rows: Number(p.rows),
    nulls: Number(p.nulls),
    distinct: p.distinctApprox === undefined ? undefined : Number(p.distinctApprox),
    min: p.min,
    max: p.max,
    top: p.topValues.map((t) => ({ value: t.value, count: Number(t.count) })),
    histogram: p.histogram.map((b) => ({ label: bucketLabel(b.x, p.histogramScale ?? 'number', timeZone), count: Math.round(b.y) })),
  }));
}

/** A bucket centre as text: a short number, a date, or a time in the session time zone. */
export function bucketLabel(x: number, scale: HistogramScale, timeZone: string): string {
  if (scale === 'days') return dateText(Math.round(x));
  if (scale === 'seconds') return timestampText(BigInt(Math.round(x)), 0, timeZone);
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e15 || Math.abs(x) < 1e-4)) return x.toPrecision(3);
  return Number(x.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/**
 * The `profile` of a grid source over a DataFrame: the grid's columns of `df` (the grid's filter applied) in one
 * aggregate query. `scope` says what that covers, e.g. "all rows of this result".
 */
export function dataFrameProfiler(df: DataFrame, scope: string, timeZone: string): (request: ProfileRequest) => Promise<SourceProfile> {
  return async (request) => {
    const target = request.where ? df.filter(expr(request.where)) : df;
    const columns = request.columns.map((c) => ({ name: c.name, dataType: c.sparkType }));
    const profiles = await profileColumns(target, columns, { signal: request.signal });
    return { columns: toProfileColumns(profiles, timeZone), scope, filtered: request.where !== undefined };
  };
}
