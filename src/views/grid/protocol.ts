// The one message protocol between the result grid webview and the extension host. Both sides import it.
// Rows travel only as Arrow IPC bytes (Uint8Array), one requested window at a time.
import type { ColumnInfo } from './sparkTypes';
import type { CopyFormat } from './copyText';

export type { ColumnInfo, CopyFormat };

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
  | { readonly type: 'export'; readonly format: ExportFormat }
  /** Profile the grid's source on the server; `refresh` runs the query again instead of reusing the last answer. */
  | { readonly type: 'profile'; readonly requestId: number; readonly refresh: boolean }
  | { readonly type: 'cancelProfile' }
  | {
      readonly type: 'copy'; readonly requestId: number; readonly viewId: number; readonly format: CopyFormat;
      readonly range: CellRange; readonly withHeader: boolean;
    };

/** Host → webview. */
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
  | { readonly type: 'rows'; readonly requestId: number; readonly viewId: number; readonly start: number; readonly ipc: Uint8Array }
  | { readonly type: 'rowCount'; readonly viewId: number; readonly count: number; readonly done: boolean; readonly status: StreamStatus }
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
  | { readonly type: 'error'; readonly requestId?: number; readonly message: string };

/** The `type` of every webview message, for validation. */
export type WebviewMessageType = WebviewMessage['type'];

const COPY_FORMATS: readonly string[] = ['tsv', 'csv', 'json', 'markdown', 'sql-in'];
const EXPORT_FORMATS: readonly string[] = ['csv', 'jsonl', 'arrow'];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isSortKeys(x: unknown): x is SortKey[] {
  return Array.isArray(x) && x.every((k) => isObject(k) && isCount(k.column) && typeof k.descending === 'boolean');
}

function isRange(x: unknown): x is CellRange {
  return isObject(x) && isCount(x.rowStart) && isCount(x.rowEnd) && isCount(x.colStart) && isCount(x.colEnd)
    && x.rowStart <= x.rowEnd && x.colStart <= x.colEnd;
}

/** Checks a message from the webview (untrusted input) before the host acts on it. */
export function parseWebviewMessage(x: unknown): WebviewMessage | undefined {
  if (!isObject(x)) return undefined;
  switch (x.type) {
    case 'ready':
    case 'cancel':
    case 'cancelProfile':
      return { type: x.type };
    case 'profile':
      return isCount(x.requestId) && typeof x.refresh === 'boolean' ? { type: 'profile', requestId: x.requestId, refresh: x.refresh } : undefined;
    case 'getRows':
      return isCount(x.requestId) && isCount(x.viewId) && isCount(x.start) && isCount(x.end) && x.start <= x.end
        ? { type: 'getRows', requestId: x.requestId, viewId: x.viewId, start: x.start, end: x.end } : undefined;
    case 'sort':
      return isSortKeys(x.sort) ? { type: 'sort', sort: x.sort } : undefined;
    case 'filter':
      return typeof x.text === 'string' ? { type: 'filter', text: x.text } : undefined;
    case 'export':
      return EXPORT_FORMATS.includes(x.format as string) ? { type: 'export', format: x.format as ExportFormat } : undefined;
    case 'copy':
      return isCount(x.requestId) && isCount(x.viewId) && COPY_FORMATS.includes(x.format as string) && isRange(x.range)
        && typeof x.withHeader === 'boolean'
        ? { type: 'copy', requestId: x.requestId, viewId: x.viewId, format: x.format as CopyFormat, range: x.range, withHeader: x.withHeader }
        : undefined;
    default:
      return undefined;
  }
}
