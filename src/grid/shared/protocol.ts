// The one message protocol between the result grid webview and the extension host. Both sides import it, and it
// owns every type its messages carry. Rows travel only as Arrow IPC bytes (Uint8Array), one requested window at a
// time. Each side checks what it receives with the validators below: one per message type, or it does not compile.
import { isAmount, isArrayOf, isBoolean, isCount, isObject, isOneOf, isOptional, isString, type Fields } from './validate';

/** How a column is aligned and coloured in the grid. */
export type ColumnKind = 'number' | 'text' | 'boolean' | 'temporal' | 'binary' | 'nested' | 'null';

/** A preview's cap: the rows it asked for, and the whole table's row count when known. */
export interface CapInfo {
  /** The preview's row limit (deltaExplorer.previewRowLimit). */
  readonly limit: number;
  /** The whole table's row count (Delta's numRecords); absent when unknown. */
  readonly total?: number;
}

/** A column as the webview sees it. */
export interface ColumnInfo {
  readonly name: string;
  /** Spark SQL type, e.g. "decimal(38,18)", "array<int>", "timestamp". */
  readonly sparkType: string;
  readonly kind: ColumnKind;
}

/** The copy formats the grid offers. */
export type CopyFormat = 'tsv' | 'csv' | 'json' | 'markdown' | 'sql-in';

/** Export file formats. */
export type ExportFormat = 'csv' | 'jsonl' | 'arrow';

/** One sort key; several keys sort by the first, then the next. */
export interface SortKey {
  readonly column: number;
  readonly descending: boolean;
}

/** What the user asked to see: sort keys and a "contains" filter text ('' = none). */
export interface ViewSpec {
  readonly sort: readonly SortKey[];
  readonly filter: string;
}

/** Where a view was computed: on the server (re-query) or locally over the rows in memory. */
export type ViewPlace = 'server' | 'local' | 'none';

/** Streaming state of the result shown. */
export type StreamStatus = 'streaming' | 'complete' | 'cancelled' | 'failed';

/** A rectangular selection: rows [rowStart, rowEnd), columns [colStart, colEnd) of the current view. */
export interface CellRange {
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly colStart: number;
  readonly colEnd: number;
}

/** The profile of one column, as the side panel draws it (counts as numbers: exact below 2^53 rows). */
export interface ProfileColumn {
  readonly name: string;
  readonly sparkType: string;
  readonly rows: number;
  readonly nulls: number;
  /** Approximate distinct values; absent when Spark cannot count them (maps). */
  readonly distinct?: number;
  readonly min?: string;
  readonly max?: string;
  /** Most frequent values, most frequent first; `value` null is the NULL group. */
  readonly top: ReadonlyArray<{ readonly value: string | null; readonly count: number }>;
  /** Histogram buckets in order, each with its centre as text; empty for types without one. */
  readonly histogram: ReadonlyArray<{ readonly label: string; readonly count: number }>;
}

/** What a profile request ended with. */
export type ProfileOutcome =
  | {
      readonly kind: 'done'; readonly columns: readonly ProfileColumn[];
      /** What was profiled, e.g. "all rows of main.sales.orders". */
      readonly scope: string;
      /** The grid filter the profile honoured ('' = none). */
      readonly filter: string;
    }
  | { readonly kind: 'failed'; readonly message: string; readonly errorClass?: string }
  | { readonly kind: 'cancelled' };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'getRows'; readonly requestId: number; readonly viewId: number; readonly start: number; readonly end: number }
  | { readonly type: 'sort'; readonly sort: readonly SortKey[] }
  | { readonly type: 'filter'; readonly text: string }
  | { readonly type: 'cancel' }
  /** Replace a capped preview by the whole table, streamed into the grid. */
  | { readonly type: 'loadAll' }
  | { readonly type: 'export'; readonly format: ExportFormat }
  /** Profile the grid's source on the server; `refresh` runs the query again instead of reusing the last answer. */
  | { readonly type: 'profile'; readonly requestId: number; readonly refresh: boolean }
  | { readonly type: 'cancelProfile' }
  /** Run the grid's query again (the table changed since its rows were loaded). */
  | { readonly type: 'refresh' }
  /** Pin the grid's tab (a new result never replaces it) or unpin it. */
  | { readonly type: 'pin'; readonly pinned: boolean }
  /** Run the grid's source again into this grid (offered only for sources that only read). */
  | { readonly type: 'runAgain' }
  | {
      readonly type: 'copy'; readonly requestId: number; readonly viewId: number; readonly format: CopyFormat;
      readonly range: CellRange; readonly withHeader: boolean;
    };

/** Host → webview. */
/** Rows per window the webview asks for (and keeps decoded), aligned to multiples of it. */
export const WINDOW_ROWS = 100;
/**
 * The request id of a window the host sends without being asked: the first window of a view goes out right before
 * the message that announces its first rows (init, view or rowCount), so the first rows are painted without a round
 * trip (the webview's ids start at 1).
 */
export const PUSHED_WINDOW = 0;

export type HostMessage =
  | {
      readonly type: 'init'; readonly title: string; readonly columns: readonly ColumnInfo[]; readonly timeZone: string;
      /** Largest window the host answers; bigger getRows requests are cut to this. */
      readonly maxWindowRows: number;
      readonly viewId: number; readonly view: ViewSpec; readonly rowCount: number; readonly status: StreamStatus;
      readonly canCancel: boolean;
      /** The source can profile its columns on the server (the grid offers the Profile panel). */
      readonly canProfile: boolean;
      /** Open the Profile panel at once (Profile Columns). */
      readonly profileOpen: boolean;
      /** Why streaming failed, repeated for a webview that was not there when it happened. */
      readonly streamError?: string;
    }
  /** A window of rows: the answer to getRows `requestId`, or (PUSHED_WINDOW) the first window of a view, sent unasked. */
  | { readonly type: 'rows'; readonly requestId: number; readonly viewId: number; readonly start: number; readonly ipc: Uint8Array }
  | {
      readonly type: 'rowCount'; readonly viewId: number; readonly count: number; readonly done: boolean; readonly status: StreamStatus;
      /** Milliseconds from the start of this result's stream to its end; set once it ended. */
      readonly elapsedMs?: number;
    }
  | {
      readonly type: 'view'; readonly viewId: number; readonly view: ViewSpec; readonly place: ViewPlace;
      readonly rowCount: number; readonly status: StreamStatus;
    }
  | { readonly type: 'copied'; readonly requestId: number; readonly format: CopyFormat; readonly rows: number; readonly chars: number }
  | {
      readonly type: 'exportProgress'; readonly format: ExportFormat; readonly rows: number;
      readonly done: boolean; readonly file?: string;
    }
  | { readonly type: 'profile'; readonly requestId: number; readonly outcome: ProfileOutcome }
  | { readonly type: 'error'; readonly requestId?: number; readonly message: string }
  /** The grid shows the first rows of a bigger table (`cap`), or the whole result (no `cap`). */
  | { readonly type: 'cap'; readonly cap?: CapInfo }
  /** The table the rows come from changed since they were loaded (`stale`), or the grid was refreshed; `canRefresh` offers Refresh. */
  | { readonly type: 'stale'; readonly stale: boolean; readonly canRefresh: boolean }
  /** What the tab shows of itself: what made its result, when it ran, whether it is pinned and can run again. */
  | { readonly type: 'tab'; readonly tab: TabInfo };

/** What made a grid's result and what its tab can do. */
export interface TabInfo {
  /** The statement that made the result (full text; the toolbar shows its first line). */
  readonly statement?: string;
  /** The connection (server) it ran on. */
  readonly connection?: string;
  /** When the current result started, ms since the epoch. */
  readonly ranAt: number;
  /** A new result never replaces this tab. */
  readonly pinned: boolean;
  /** The toolbar offers Run Again (the source only reads). */
  readonly canRunAgain: boolean;
}

/** Every message type has exactly one validator: a missing or unknown one is a compile error. */
type Validators<M extends { readonly type: string }> = {
  readonly [K in M['type']]: (x: Fields) => Extract<M, { type: K }> | undefined;
};

const COLUMN_KINDS: readonly string[] = ['number', 'text', 'boolean', 'temporal', 'binary', 'nested', 'null'] satisfies ColumnKind[];
const COPY_FORMATS: readonly string[] = ['tsv', 'csv', 'json', 'markdown', 'sql-in'] satisfies CopyFormat[];
const EXPORT_FORMATS: readonly string[] = ['csv', 'jsonl', 'arrow'] satisfies ExportFormat[];
const STREAM_STATUSES: readonly string[] = ['streaming', 'complete', 'cancelled', 'failed'] satisfies StreamStatus[];
const VIEW_PLACES: readonly string[] = ['server', 'local', 'none'] satisfies ViewPlace[];

function isCapInfo(x: unknown): x is CapInfo {
  return isObject(x) && isCount(x.limit) && isOptional(x.total, isCount);
}

function isSortKeys(x: unknown): x is SortKey[] {
  return isArrayOf(x, (k) => isObject(k) && isCount(k.column) && isBoolean(k.descending));
}

function isRange(x: unknown): x is CellRange {
  return isObject(x) && isCount(x.rowStart) && isCount(x.rowEnd) && isCount(x.colStart) && isCount(x.colEnd)
    && x.rowStart <= x.rowEnd && x.colStart <= x.colEnd;
}

function isTabInfo(x: unknown): x is TabInfo {
  return isObject(x) && isOptional(x.statement, isString) && isOptional(x.connection, isString) && isAmount(x.ranAt)
    && isBoolean(x.pinned) && isBoolean(x.canRunAgain);
}

function isViewSpec(x: unknown): x is ViewSpec {
  return isObject(x) && isSortKeys(x.sort) && isString(x.filter);
}

function isColumnInfo(x: unknown): x is ColumnInfo {
  return isObject(x) && isString(x.name) && isString(x.sparkType) && isOneOf(x.kind, COLUMN_KINDS);
}

function isProfileColumn(x: unknown): x is ProfileColumn {
  return isObject(x) && isString(x.name) && isString(x.sparkType) && isAmount(x.rows) && isAmount(x.nulls)
    && isOptional(x.distinct, isAmount) && isOptional(x.min, isString) && isOptional(x.max, isString)
    && isArrayOf(x.top, (t) => isObject(t) && (t.value === null || isString(t.value)) && isAmount(t.count))
    && isArrayOf(x.histogram, (b) => isObject(b) && isString(b.label) && isAmount(b.count));
}

function isProfileOutcome(x: unknown): x is ProfileOutcome {
  if (!isObject(x)) return false;
  switch (x.kind) {
    case 'done': return isArrayOf(x.columns, isProfileColumn) && isString(x.scope) && isString(x.filter);
    case 'failed': return isString(x.message) && isOptional(x.errorClass, isString);
    case 'cancelled': return true;
    default: return false;
  }
}

/** Webview messages are rebuilt field by field: unknown fields never reach the host's handlers. */
const WEBVIEW_MESSAGES: Validators<WebviewMessage> = {
  ready: () => ({ type: 'ready' }),
  cancel: () => ({ type: 'cancel' }),
  cancelProfile: () => ({ type: 'cancelProfile' }),
  loadAll: () => ({ type: 'loadAll' }),
  refresh: () => ({ type: 'refresh' }),
  runAgain: () => ({ type: 'runAgain' }),
  pin: (x) => (isBoolean(x.pinned) ? { type: 'pin', pinned: x.pinned } : undefined),
  profile: (x) => (isCount(x.requestId) && isBoolean(x.refresh) ? { type: 'profile', requestId: x.requestId, refresh: x.refresh } : undefined),
  getRows: (x) => (isCount(x.requestId) && isCount(x.viewId) && isCount(x.start) && isCount(x.end) && x.start <= x.end
    ? { type: 'getRows', requestId: x.requestId, viewId: x.viewId, start: x.start, end: x.end } : undefined),
  sort: (x) => (isSortKeys(x.sort) ? { type: 'sort', sort: x.sort } : undefined),
  filter: (x) => (isString(x.text) ? { type: 'filter', text: x.text } : undefined),
  export: (x) => (isOneOf<ExportFormat>(x.format, EXPORT_FORMATS) ? { type: 'export', format: x.format } : undefined),
  copy: (x) => (isCount(x.requestId) && isCount(x.viewId) && isOneOf<CopyFormat>(x.format, COPY_FORMATS) && isRange(x.range)
    && isBoolean(x.withHeader)
    ? { type: 'copy', requestId: x.requestId, viewId: x.viewId, format: x.format, range: x.range, withHeader: x.withHeader }
    : undefined),
};

/** Host messages are checked field by field and passed on as they are (the host is trusted, its bugs are not). */
const HOST_MESSAGES: Validators<HostMessage> = {
  init: (x) => (isString(x.title) && isArrayOf(x.columns, isColumnInfo) && isString(x.timeZone) && isCount(x.maxWindowRows)
    && isCount(x.viewId) && isViewSpec(x.view) && isCount(x.rowCount) && isOneOf(x.status, STREAM_STATUSES)
    && isBoolean(x.canCancel) && isBoolean(x.canProfile) && isBoolean(x.profileOpen) && isOptional(x.streamError, isString)
    ? x as Extract<HostMessage, { type: 'init' }> : undefined),
  rows: (x) => (isCount(x.requestId) && isCount(x.viewId) && isCount(x.start) && x.ipc instanceof Uint8Array
    ? x as Extract<HostMessage, { type: 'rows' }> : undefined),
  rowCount: (x) => (isCount(x.viewId) && isCount(x.count) && isBoolean(x.done) && isOneOf(x.status, STREAM_STATUSES) && isOptional(x.elapsedMs, isAmount)
    ? x as Extract<HostMessage, { type: 'rowCount' }> : undefined),
  view: (x) => (isCount(x.viewId) && isViewSpec(x.view) && isOneOf(x.place, VIEW_PLACES) && isCount(x.rowCount)
    && isOneOf(x.status, STREAM_STATUSES)
    ? x as Extract<HostMessage, { type: 'view' }> : undefined),
  copied: (x) => (isCount(x.requestId) && isOneOf(x.format, COPY_FORMATS) && isCount(x.rows) && isCount(x.chars)
    ? x as Extract<HostMessage, { type: 'copied' }> : undefined),
  exportProgress: (x) => (isOneOf(x.format, EXPORT_FORMATS) && isCount(x.rows) && isBoolean(x.done) && isOptional(x.file, isString)
    ? x as Extract<HostMessage, { type: 'exportProgress' }> : undefined),
  profile: (x) => (isCount(x.requestId) && isProfileOutcome(x.outcome) ? x as Extract<HostMessage, { type: 'profile' }> : undefined),
  error: (x) => (isOptional(x.requestId, isCount) && isString(x.message) ? x as Extract<HostMessage, { type: 'error' }> : undefined),
  cap: (x) => (isOptional(x.cap, isCapInfo) ? x as Extract<HostMessage, { type: 'cap' }> : undefined),
  stale: (x) => (isBoolean(x.stale) && isBoolean(x.canRefresh) ? x as Extract<HostMessage, { type: 'stale' }> : undefined),
  tab: (x) => (isTabInfo(x.tab) ? x as Extract<HostMessage, { type: 'tab' }> : undefined),
};

function parseWith<M extends { readonly type: string }>(validators: Validators<M>, x: unknown): M | undefined {
  if (!isObject(x) || typeof x.type !== 'string' || !Object.hasOwn(validators, x.type)) return undefined;
  return validators[x.type as M['type']](x) as M | undefined;
}

/** Checks a message from the webview (untrusted input) before the host acts on it. */
export function parseWebviewMessage(x: unknown): WebviewMessage | undefined {
  return parseWith(WEBVIEW_MESSAGES, x);
}

/** Checks a message from the host before the webview acts on it. */
export function parseHostMessage(x: unknown): HostMessage | undefined {
  return parseWith(HOST_MESSAGES, x);
}

/** Marks a switch over a union as exhaustive: a case left out is a compile error. */
export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
