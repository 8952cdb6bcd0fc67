// Adapters from client results to what the result grid shows.
import { expr, quoteIdentifier, sortOrder, type DataFrame } from '../client';
import type { GridSource, RequeryOptions } from './grid/gridSource';

/** A grid source that streams a DataFrame; sort and filter re-query the server. */
export function dataFrameSource(df: DataFrame, title: string, timeZone: string): GridSource {
  const result = df.stream();
  return {
    title,
    timeZone,
    batches: result,
    cancel: () => result.cancel(),
    requery: (opts: RequeryOptions) => dataFrameSource(refine(df, opts), title, timeZone),
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
