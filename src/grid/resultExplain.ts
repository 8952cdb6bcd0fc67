// Explain of a result grid's query: the plan of the query behind the grid, never running it. A source that reads
// explains its query through AnalyzePlan (the server plans it and runs nothing); a grid made by a statement that
// writes is not offered Explain, since its rows are the write's outcome, not a query that could be planned again.
import type { GridSource } from './gridSource';

/** How a result grid's query is explained, or why it cannot be. */
export type ResultExplain =
  | { readonly kind: 'analyze'; readonly plan: () => Promise<string> }
  | { readonly kind: 'none'; readonly reason: string };

/** What the Explain of the result in front knows of it. */
export interface ExplainedResult {
  readonly source: GridSource;
  /** A statement of the run that made the grid writes (INSERT, UPDATE, DELETE, MERGE, …). */
  readonly writes?: boolean;
}

/** Chooses how to explain a result grid's query: AnalyzePlan of a read, nothing for a write or a local result. */
export function resultExplain(result: ExplainedResult | undefined): ResultExplain {
  if (!result) return { kind: 'none', reason: 'No result grid is in front: open a table preview or run a query, then Explain its result.' };
  if (result.writes) {
    return { kind: 'none', reason: 'This result was made by a statement that writes: explain the statement itself with Explain Plan (it is never run).' };
  }
  const plan = result.source.explain;
  if (!plan) return { kind: 'none', reason: `"${result.source.title}" has no query on the server to explain.` };
  return { kind: 'analyze', plan };
}
