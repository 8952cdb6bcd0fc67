// Where a sort or filter runs: locally over a result held whole in memory, or on the server by re-running the
// query with ORDER BY / WHERE. Pure decisions, tested without a server.
import { Schema } from 'apache-arrow';
import { containsPredicate, RequeryOptions } from './gridSource';
import type { ViewPlace, ViewSpec } from './shared/protocol';

/** The view shown now, and the filter the stored rows were already fetched with (server-side). */
export interface ViewState {
  readonly spec: ViewSpec;
  readonly place: ViewPlace;
  /** Filter applied by the server to the rows in the store ('' when the store holds the unfiltered result). */
  readonly storeFilter: string;
}

/** How to produce the next view. */
export type ViewPlan =
  | { readonly kind: 'local'; readonly localSpec: ViewSpec }
  | { readonly kind: 'server' }
  | { readonly kind: 'refuse'; readonly reason: string };

/** What the store holds. */
export interface StoreState {
  /** Every row is in memory and no more will come. */
  readonly wholeInMemory: boolean;
  /** The result has ended (complete, cancelled or failed). */
  readonly done: boolean;
}

/** Decides where the next view is computed; local wins whenever the rows it needs are all in memory. */
export function chooseViewPlan(current: ViewState, next: ViewSpec, store: StoreState, canRequery: boolean): ViewPlan {
  // Local filtering can only narrow what the store holds: it works from an unfiltered store, or keeps the same filter.
  const localFilter = current.storeFilter === '' ? next.filter : next.filter === current.storeFilter ? '' : null;
  if (store.wholeInMemory && localFilter !== null) return { kind: 'local', localSpec: { sort: next.sort, filter: localFilter } };
  if (canRequery) return { kind: 'server' };
  if (!store.done) {
    return { kind: 'refuse', reason: 'Sorting and filtering need the whole result: wait until it has loaded, or cancel to use the rows loaded so far.' };
  }
  return { kind: 'refuse', reason: 'This result is larger than the memory budget and cannot be re-queried, so it cannot be sorted or filtered.' };
}

/** The ORDER BY / WHERE of a server re-query for a view. */
export function requeryOptions(spec: ViewSpec, schema: Schema): RequeryOptions {
  const names = schema.fields.map((f) => f.name);
  return {
    orderBy: spec.sort.map((k) => ({ name: names[k.column], descending: k.descending })),
    where: spec.filter ? containsPredicate(names, spec.filter) : undefined,
  };
}

/** What Explain of a grid's view plans on the server, and what the grid did to the rows in memory on top of it. */
export interface ExplainedView {
  /** The sort and filter the server's query carries (a re-query's); undefined: the grid's own query. */
  readonly serverSpec?: ViewSpec;
  /** The sort or filter the grid applied in memory, which no server plan shows ("sorted by fare descending"). */
  readonly inMemory?: string;
}

/** Splits the view a grid shows into its server part (planned by Explain) and its in-memory part (described). */
export function explainedView(state: ViewState, names: readonly string[]): ExplainedView {
  const { spec, place, storeFilter } = state;
  if (place === 'server') return { serverSpec: spec };
  const serverSpec = storeFilter ? { sort: [], filter: storeFilter } : undefined;
  if (place !== 'local') return { serverSpec };
  const parts: string[] = [];
  if (spec.sort.length) parts.push(`sorted by ${spec.sort.map((k) => `${names[k.column] ?? `column ${k.column + 1}`}${k.descending ? ' descending' : ''}`).join(', ')}`);
  if (spec.filter && spec.filter !== storeFilter) parts.push(`filtered to rows containing "${spec.filter}"`);
  return { serverSpec, inMemory: parts.length ? parts.join(' and ') : undefined };
}
