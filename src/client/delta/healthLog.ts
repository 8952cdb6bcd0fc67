// What a Delta table's log says about it without a scan of its data: the checksum file Delta writes beside a commit
// (`_delta_log/<version>.crc`: file count, bytes, a file-size histogram and deletion-vector counts) and a listing of
// the log's files, which also gives the last checkpoint (`_last_checkpoint` itself is a hidden file to Spark's file
// sources). Each is read on the server with the text and binaryFile sources any Spark has, one small query each; a
// server or table without them gives undefined.
import type { SparkConnectSession } from '../session';
import type { ExecuteOptions } from '../execution';
import { rowsOf } from '../catalog';

/** A version's checksum file, as far as Health uses it. */
export interface ChecksumFacts {
  version: bigint;
  numFiles: number;
  tableSizeBytes: number;
  /** Delta's fixed bins: lower bounds in bytes, and the files and bytes in each. */
  histogram?: { boundaries: number[]; fileCounts: number[]; totalBytes: number[] };
  deletionVectors?: number;
  deletedRecords?: number;
}

/** The log's files and its last checkpoint. */
export interface LogFacts {
  /** Files directly in `_delta_log` (commits, checkpoints, checksums), and their bytes. */
  files: number;
  bytes: number;
  commitFiles: number;
  checkpointFiles: number;
  /** The version of the newest checkpoint file, when the log has one. */
  lastCheckpoint?: bigint;
}

/** The table's log directory. */
export function logDir(location: string): string {
  return `${location.replace(/\/+$/, '')}/_delta_log`;
}

/** A path as the backquoted name of a file source (`text.\`path\``). */
export function sourcePath(path: string): string {
  return `\`${path.replace(/`/g, '``')}\``;
}

/** The query reading version `version`'s checksum file: each field Health uses, null when the file lacks it. */
export function checksumQuery(location: string, version: bigint): string {
  const file = `${logDir(location)}/${String(version).padStart(20, '0')}.crc`;
  const field = (path: string, as: string) => `get_json_object(value, '$.${path}') AS ${as}`;
  return `SELECT ${[field('numFiles', 'files'), field('tableSizeBytes', 'bytes'), field('fileSizeHistogram', 'histogram'),
    field('numDeletionVectorsOpt', 'dvs'), field('numDeletedRecordsOpt', 'deleted')].join(', ')} FROM text.${sourcePath(file)}`;
}

/** The query listing the log's files (names and sizes only: binaryFile reads no content unless asked). */
export function logListingQuery(location: string): string {
  return [
    "SELECT COUNT(*) AS files, COALESCE(SUM(length), 0) AS bytes, SUM(CASE WHEN path RLIKE '/[0-9]{20}[.]json$' THEN 1 ELSE 0 END) AS commits,",
    "SUM(CASE WHEN path RLIKE '[.]checkpoint[.]' THEN 1 ELSE 0 END) AS checkpoints,",
    `MAX(CAST(NULLIF(regexp_extract(path, '/([0-9]{20})[.]checkpoint[.]', 1), '') AS BIGINT)) AS lastCheckpoint FROM binaryFile.${sourcePath(logDir(location))}`,
  ].join(' ');
}

const num = (v: unknown): number | undefined => (v === null || v === undefined || v === '' ? undefined : Number(v));

/** A checksum row as facts; undefined when the file carried no file count. */
export function checksumFacts(version: bigint, row: Record<string, unknown> | undefined): ChecksumFacts | undefined {
  const files = num(row?.files);
  if (row === undefined || files === undefined || !Number.isFinite(files)) return undefined;
  const facts: ChecksumFacts = { version, numFiles: files, tableSizeBytes: num(row.bytes) ?? 0 };
  const h = typeof row.histogram === 'string' ? (JSON.parse(row.histogram) as Record<string, unknown>) : undefined;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(Number) : undefined);
  const boundaries = list(h?.sortedBinBoundaries);
  const fileCounts = list(h?.fileCounts);
  if (boundaries && fileCounts && boundaries.length === fileCounts.length) facts.histogram = { boundaries, fileCounts, totalBytes: list(h?.totalBytes) ?? [] };
  facts.deletionVectors = num(row.dvs);
  facts.deletedRecords = num(row.deleted);
  return facts;
}

/**
 * Delta's bins regrouped into Health's buckets (upper bounds `bounds`, the last bucket open). A bin goes to the bucket
 * of its lower bound; `exact` says whether every bucket bound is also a bin bound (else a bin may straddle one).
 */
export function regroupHistogram(h: NonNullable<ChecksumFacts['histogram']>, bounds: readonly number[]): { files: number[]; exact: boolean } {
  const files = new Array<number>(bounds.length + 1).fill(0);
  h.boundaries.forEach((lower, i) => {
    const bucket = bounds.findIndex((b) => lower < b);
    files[bucket < 0 ? bounds.length : bucket] += h.fileCounts[i] ?? 0;
  });
  return { files, exact: bounds.every((b) => h.boundaries.includes(b)) };
}

/** Runs a query that may fail on a server or table without the file: the first row, or the error's message. */
async function firstRow(session: SparkConnectSession, query: string, opts?: ExecuteOptions): Promise<Record<string, unknown> | string> {
  try {
    return rowsOf<Record<string, unknown>>(await (await session.sql(query, undefined, opts)).collect(opts))[0] ?? 'no row';
  } catch (e) {
    if (opts?.signal?.aborted) throw e;
    return e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
}

/** Version `version`'s checksum facts, or undefined when Delta wrote no checksum file for it (or it cannot be read). */
export async function readChecksum(session: SparkConnectSession, location: string, version: bigint, opts?: ExecuteOptions): Promise<ChecksumFacts | undefined> {
  const row = await firstRow(session, checksumQuery(location, version), opts);
  return typeof row === 'string' ? undefined : checksumFacts(version, row);
}

/** The log's files and last checkpoint, or why the log could not be listed. */
export async function readLogFacts(session: SparkConnectSession, location: string, opts?: ExecuteOptions): Promise<LogFacts | { error: string }> {
  const listing = await firstRow(session, logListingQuery(location), opts);
  if (typeof listing === 'string') return { error: listing };
  const version = num(listing.lastCheckpoint);
  return {
    files: num(listing.files) ?? 0,
    bytes: num(listing.bytes) ?? 0,
    commitFiles: num(listing.commits) ?? 0,
    checkpointFiles: num(listing.checkpoints) ?? 0,
    lastCheckpoint: version === undefined ? undefined : BigInt(version),
  };
}
