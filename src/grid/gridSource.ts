// What the result grid shows: any streaming Arrow result. The client/commands layer adapts a Spark Connect
// execution to this; the grid knows nothing about protobuf or sessions.
import { RecordBatch, Schema, Table } from 'apache-arrow';
import type { TableRead } from './openTables';
import type { ColumnInfo, ProfileColumn } from './shared/protocol';

/** One ORDER BY column of a server re-query. */
export interface SortColumn {
  readonly name: string;
  /** DESC (NULLS LAST) when true, ASC (NULLS FIRST) otherwise — Spark's defaults. */
  readonly descending: boolean;
}

/** What a server re-query adds around the original query. */
export interface RequeryOptions {
  /** ORDER BY columns, most significant first. */
  readonly orderBy?: readonly SortColumn[];
  /** A Spark SQL boolean expression for WHERE, with backquoted column names. */
  readonly where?: string;
}

/** What the grid asks a source to profile. */
export interface ProfileRequest {
  /** The grid's columns (a source may profile others: the Profile Columns grid profiles its table's). */
  readonly columns: readonly ColumnInfo[];
  /** The grid's filter as a Spark SQL predicate, when one is set. */
  readonly where?: string;
  /** Aborts the profile query on the server. */
  readonly signal: AbortSignal;
}

/** A source's column profile. */
export interface SourceProfile {
  readonly columns: readonly ProfileColumn[];
  /** What was profiled, e.g. "all rows of main.sales.orders". */
  readonly scope: string;
  /** Whether the request's `where` was applied. */
  readonly filtered: boolean;
}

/** What a preview capped at its first rows can do about the rest of its table. */
export interface PreviewCap {
  /** The preview's row limit. */
  readonly limit: number;
  /** The whole table's row count when cheap to know (Delta's numRecords); undefined when unknown. */
  totalRows(): Promise<number | undefined>;
  /** The whole table with ORDER BY / WHERE, uncapped: Load all, and every sort or filter after it. */
  all(opts: RequeryOptions): GridSource;
}

/** A streaming Arrow result the grid can show. */
export interface GridSource {
  /** Panel title, e.g. "SELECT … (prod)" or "History: sales.orders". */
  readonly title: string;
  /** Schema when known before the first batch (Spark sends it first); otherwise taken from the first batch. */
  readonly schema?: Schema;
  /** The Spark session time zone (spark.sql.session.timeZone): timestamps print in it. */
  readonly timeZone: string;
  /** Record batches in result order; ends when the result is complete, throws on failure. Iterated once. */
  readonly batches: AsyncIterable<RecordBatch>;
  /** Interrupts the operation on the server; `batches` should then end soon. Called at most once per source. */
  cancel(): void;
  /**
   * Set when the source shows only the first rows of a table (a preview): `requery` then sorts and filters the whole
   * table on the server and keeps the cap, and `cap.all` loads everything.
   */
  readonly cap?: PreviewCap;
  /** Runs the same query again on the server with ORDER BY / WHERE; absent when that is impossible. */
  requery?(opts: RequeryOptions): GridSource;
  /** Profiles the columns with one aggregate query on the server; absent when there is no server query. */
  profile?(request: ProfileRequest): Promise<SourceProfile>;
  /** The table the rows come from, when one: a write the extension does on it marks the grid stale. */
  readonly reads?: TableRead;
  /** The server's plan of the query behind the rows (formatted), planned through AnalyzePlan and never run. */
  explain?(): Promise<string>;
  /** The Arrow IPC bytes a batch of `batches` arrived as (its schema and that batch), when the source kept them. */
  ipcOf?(batch: RecordBatch): Uint8Array | undefined;
}

/** A source over batches already in memory: Delta table history and detail, small results, tests. */
export function tableSource(title: string, table: Table, timeZone = 'UTC'): GridSource {
  return {
    title,
    schema: table.schema,
    timeZone,
    batches: (async function* () {
      yield* table.batches;
    })(),
    cancel: () => undefined,
  };
}

/** Backquotes a column name for Spark SQL. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** A Spark SQL predicate true when any column's text contains `text` (case-insensitive). */
export function containsPredicate(columns: readonly string[], text: string): string {
  if (columns.length === 0) return 'false';
  const needle = `'${text.toLowerCase().replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return '(' + columns.map((c) => `instr(lower(CAST(${quoteIdentifier(c)} AS STRING)), ${needle}) > 0`).join(' OR ') + ')';
}
