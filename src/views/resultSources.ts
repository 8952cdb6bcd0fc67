// Adapters from client results to what the result grid shows.
import type { RecordBatch } from 'apache-arrow';
import { expr, quoteIdentifier, sortOrder, type DataFrame, type ExecuteOptions, type Progress, type ArrowResult } from '../client';
import { dataFrameProfiler } from './columnProfiles';
import type { GridSource, RequeryOptions } from '../grid/gridSource';

/** What the Profile panel of a DataFrame's grid profiles, when not the DataFrame itself. */
export interface ProfileTarget {
  /** E.g. the whole table behind a preview that shows only its first rows. */
  readonly df: DataFrame;
  /** What it is, for the panel: "all rows of main.sales.orders". */
  readonly scope: string;
}

/** A grid source that streams a DataFrame; sort and filter re-query the server, Profile aggregates on it. */
export function dataFrameSource(df: DataFrame, title: string, timeZone: string, profileTarget?: ProfileTarget): GridSource {
  const result = df.stream();
  const target = profileTarget ?? { df, scope: 'all rows of this result' };
  return {
    title,
    timeZone,
    batches: result,
    cancel: () => result.cancel(),
    requery: (opts: RequeryOptions) => dataFrameSource(refine(df, opts), title, timeZone, profileTarget),
    profile: dataFrameProfiler(target.df, target.scope, timeZone),
    explain: () => df.explain('formatted'),
    ipcOf: (batch) => result.ipcOf(batch),
  };
}

/**
 * A preview of a table's first `limit` rows that knows it is capped: the grid says so ("first 10,000 of 49,999
 * rows"), sorts and filters the whole table on the server (keeping the cap), and Load all streams the whole table.
 */
export function previewSource(table: DataFrame, limit: number, title: string, timeZone: string, scope: string): GridSource {
  const preview = table.limit(limit);
  const result = preview.stream();
  return {
    title,
    timeZone,
    batches: result,
    cancel: () => result.cancel(),
    cap: {
      limit,
      totalRows: async () => Number(await table.count()),
      all: (opts: RequeryOptions) => dataFrameSource(refine(table, opts), title, timeZone, { df: table, scope }),
    },
    requery: (opts: RequeryOptions) => previewSource(refine(table, opts), limit, title, timeZone, scope),
    profile: dataFrameProfiler(table, scope, timeZone),
    explain: () => preview.explain('formatted'),
    ipcOf: (batch) => result.ipcOf(batch),
  };
}

/** What waiting for the first rows of a query may use: the Cancel of a progress notification, its message. */
export interface FirstRowsWait {
  signal: AbortSignal;
  onProgress?: (progress: Progress) => void;
  onInterrupted?: ExecuteOptions['onInterrupted'];
  /** Called once the last rows arrived, with the per-operator metrics the server sent (if it sent them). */
  onEnd?: (metrics: ArrowResult['metrics']) => void;
}

/**
 * Starts streaming a DataFrame and resolves once its first rows (or its end) arrived, as a grid source that carries
 * on from there. Until then `wait.signal` interrupts the query on the server and the promise rejects: a slow query
 * cancelled from its progress notification never opens a grid.
 */
export async function firstRowsSource(df: DataFrame, title: string, timeZone: string, wait: FirstRowsWait): Promise<GridSource> {
  const result = df.stream({ onInterrupted: wait.onInterrupted });
  const stop = () => result.cancel();
  wait.signal.addEventListener('abort', stop, { once: true });
  result.onProgress = wait.onProgress;
  const batches = result[Symbol.asyncIterator]();
  let first: IteratorResult<RecordBatch>;
  try {
    if (wait.signal.aborted) stop();
    first = await batches.next();
  } finally {
    wait.signal.removeEventListener('abort', stop);
    result.onProgress = undefined;
  }
  return {
    title,
    timeZone,
    schema: first.done ? result.arrowSchema : undefined,
    batches: (async function* () {
      if (first.done) {
        wait.onEnd?.(result.metrics);
        return;
      }
      yield first.value;
      for (let next = await batches.next(); !next.done; next = await batches.next()) yield next.value;
      wait.onEnd?.(result.metrics);
    })(),
    cancel: () => result.cancel(),
    requery: (opts: RequeryOptions) => dataFrameSource(refine(df, opts), title, timeZone),
    profile: dataFrameProfiler(df, 'all rows of this result', timeZone),
    explain: () => df.explain('formatted'),
  };
}

function refine(df: DataFrame, opts: RequeryOptions): DataFrame {
  let out = df;
  if (opts.where) out = out.filter(expr(opts.where));
  if (opts.orderBy && opts.orderBy.length > 0) {
    out = out.sort(...opts.orderBy.map((c) => sortOrder(expr(quoteIdentifier(c.name)), c.descending)));
  }
  return out;
}
