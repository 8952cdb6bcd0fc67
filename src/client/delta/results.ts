// Typed rows of Delta results (history, detail, and operation metrics).
import type { Table } from 'apache-arrow';
import { rowsOf } from '../catalog';

/** One commit of a Delta table's history (newest first). */
export interface HistoryEntry {
  version: bigint;
  timestamp: Date;
  userId?: string;
  userName?: string;
  operation: string;
  operationParameters: Record<string, string>;
  readVersion?: bigint;
  isolationLevel?: string;
  isBlindAppend?: boolean;
  operationMetrics: Record<string, string>;
  userMetadata?: string;
  engineInfo?: string;
}

/** DESCRIBE DETAIL of a Delta table. */
export interface TableDetail {
  format: string;
  id: string;
  name?: string;
  description?: string;
  location: string;
  createdAt: Date;
  lastModified: Date;
  partitionColumns: string[];
  clusteringColumns: string[];
  numFiles: bigint;
  sizeInBytes: bigint;
  properties: Record<string, string>;
  minReaderVersion: number;
  minWriterVersion: number;
  tableFeatures: string[];
}

/** Row counts are missing on a server that does not report them (Sail answers the rows it wrote instead). */
export interface DeleteMetrics { numAffectedRows?: bigint }
export interface UpdateMetrics { numAffectedRows?: bigint }
export interface MergeMetrics { numAffectedRows?: bigint; numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedRows?: bigint }
export interface RestoreMetrics {
  tableSizeAfterRestore: bigint;
  numOfFilesAfterRestore: bigint;
  numRemovedFiles: bigint;
  numRestoredFiles: bigint;
  removedFilesSize: bigint;
  restoredFilesSize: bigint;
}
/** OPTIMIZE output: the table path and Delta's OptimizeMetrics struct as plain data. */
export interface OptimizeResult { path: string; metrics: Record<string, unknown> }

/** Arrow map<string,string> / list values → plain JS. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  const v = value as { toJSON?: () => unknown; toArray?: () => unknown[] };
  if (typeof v.toJSON === 'function') return plainJson(v.toJSON());
  return value;
}

function plainJson(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(plain);
  if (json && typeof json === 'object' && !(json instanceof Date)) {
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)]));
  }
  return json;
}

/** Reads result rows into plain objects with snake_case columns renamed to camelCase. */
export function plainRows<T>(table: Table): T[] {
  return rowsOf<Record<string, unknown>>(table).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), toDates(k, plain(v))])) as T);
}

function toDates(key: string, value: unknown): unknown {
  if (typeof value === 'number' && /timestamp|createdAt|lastModified/i.test(key)) return new Date(value);
  return value;
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The first row, or an error naming what was expected. */
export function firstRow<T>(table: Table, what: string): T {
  const [row] = plainRows<T>(table);
  if (!row) throw new Error(`The server returned no ${what}.`);
  return row;
}

/**
 * The metrics row of a DELETE, UPDATE or MERGE sent as SQL. Spark with Delta names them (num_affected_rows, …). Sail
 * answers one `count`, the rows it wrote (not those affected), which is dropped: the counts are then not known.
 */
export function dmlMetrics<T extends { numAffectedRows?: bigint }>(table: Table, what: string): T {
  const { count: _written, ...metrics } = firstRow<T & { count?: bigint }>(table, what);
  return metrics as unknown as T;
}
