// Comparing two versions of a Delta table on the server: row counts added/removed/changed (per key),
// schema changes, and the files and bytes the commits between them wrote and removed.
import type { DataFrame } from '../dataframe';
import type { ExecuteOptions } from '../execution';
import { quoteIdentifier } from '../expressions';
import type { SparkConnectSession } from '../session';
import { DeltaTable } from './deltaTable';
import { columnsOfStruct } from '../typeNames';
import { withHadoopConf } from './sqlDialect';

/** The outcome of a version comparison. */
export interface VersionDiff {
  from: bigint;
  to: bigint;
  /** Rows in `to` that are not in `from` (whole-row comparison, duplicates counted). */
  rowsAdded: bigint;
  rowsRemoved: bigint;
  /** With keys: keys only in `to`, only in `from`, and in both with different values. */
  keysAdded?: bigint;
  keysRemoved?: bigint;
  keysChanged?: bigint;
  columnsAdded: string[];
  columnsRemoved: string[];
  columnsRetyped: Array<{ name: string; from: string; to: string }>;
  filesAdded: bigint;
  filesRemoved: bigint;
  bytesAdded: bigint;
  bytesRemoved: bigint;
}

/**
 * Compares version `from` with version `to` of a table (by name, SQL-quoted; or a path table as delta.`/path`, whose
 * Hadoop options `hadoopConf` are set on the session while the comparison runs).
 */
export async function diffVersions(
  session: SparkConnectSession, tableSqlName: string, from: bigint, to: bigint, keys: string[] = [], opts?: ExecuteOptions & { hadoopConf?: Record<string, string> },
): Promise<VersionDiff> {
  return withHadoopConf(session, opts?.hadoopConf, () => compareVersions(session, tableSqlName, from, to, keys, opts));
}

async function compareVersions(session: SparkConnectSession, tableSqlName: string, from: bigint, to: bigint, keys: string[], opts?: ExecuteOptions): Promise<VersionDiff> {
  const table = DeltaTable.forName(session, tableSqlName);
  const [oldCols, newCols] = await Promise.all([columnsOf(session, tableSqlName, from), columnsOf(session, tableSqlName, to)]);
  const shared = [...oldCols.keys()].filter((c) => newCols.has(c));
  const counts = await rowCounts(session, tableSqlName, from, to, shared, keys, opts);
  const files = await fileCounts(table, from, to, opts);
  return {
    from, to, ...counts, ...files,
    columnsAdded: [...newCols.keys()].filter((c) => !oldCols.has(c)),
    columnsRemoved: [...oldCols.keys()].filter((c) => !newCols.has(c)),
    columnsRetyped: shared.filter((c) => oldCols.get(c) !== newCols.get(c)).map((name) => ({ name, from: oldCols.get(name)!, to: newCols.get(name)! })),
  };
}

/** The differing rows of two versions with a `_change` column ('added' / 'removed'), over the shared columns. */
export async function diffRows(session: SparkConnectSession, tableSqlName: string, from: bigint, to: bigint): Promise<DataFrame> {
  const [oldCols, newCols] = await Promise.all([columnsOf(session, tableSqlName, from), columnsOf(session, tableSqlName, to)]);
  const cols = [...oldCols.keys()].filter((c) => newCols.has(c)).map(quoteIdentifier).join(', ');
  const at = (v: bigint) => `(SELECT ${cols} FROM ${tableSqlName} VERSION AS OF ${checkVersion(v)})`;
  return session.sql(
    `SELECT 'added' AS _change, * FROM (${at(to)} EXCEPT ALL ${at(from)}) UNION ALL SELECT 'removed' AS _change, * FROM (${at(from)} EXCEPT ALL ${at(to)})`,
  );
}

async function columnsOf(session: SparkConnectSession, tableSqlName: string, version: bigint): Promise<Map<string, string>> {
  // AnalyzePlan on a time-travel read: side-effect free.
  return columnsOfStruct(await DeltaTable.forName(session, tableSqlName).versionAsOf(checkVersion(version)).schema());
}

async function rowCounts(
  session: SparkConnectSession, tableSqlName: string, from: bigint, to: bigint, shared: string[], keys: string[], opts?: ExecuteOptions,
): Promise<Pick<VersionDiff, 'rowsAdded' | 'rowsRemoved' | 'keysAdded' | 'keysRemoved' | 'keysChanged'>> {
  const cols = shared.map(quoteIdentifier).join(', ');
  // Both versions as CTEs of the one statement: no temp views on the session, so diffs can run concurrently.
  const ctes = `WITH __dce_diff_old AS (SELECT * FROM ${tableSqlName} VERSION AS OF ${checkVersion(from)}), `
    + `__dce_diff_new AS (SELECT * FROM ${tableSqlName} VERSION AS OF ${checkVersion(to)})`;
  const parts = [
    `(SELECT count(*) FROM (SELECT ${cols} FROM __dce_diff_new EXCEPT ALL SELECT ${cols} FROM __dce_diff_old)) AS rows_added`,
    `(SELECT count(*) FROM (SELECT ${cols} FROM __dce_diff_old EXCEPT ALL SELECT ${cols} FROM __dce_diff_new)) AS rows_removed`,
  ];
  if (keys.length > 0) {
    const k = keys.map(quoteIdentifier);
    const on = k.map((c) => `o.${c} <=> n.${c}`).join(' AND ');
    const values = shared.filter((c) => !keys.includes(c)).map(quoteIdentifier);
    const differs = values.length ? values.map((c) => `NOT (o.${c} <=> n.${c})`).join(' OR ') : 'false';
    parts.push(
      `(SELECT count(*) FROM __dce_diff_new n LEFT ANTI JOIN __dce_diff_old o ON ${on}) AS keys_added`,
      `(SELECT count(*) FROM __dce_diff_old o LEFT ANTI JOIN __dce_diff_new n ON ${on}) AS keys_removed`,
      `(SELECT count(*) FROM __dce_diff_old o JOIN __dce_diff_new n ON ${on} WHERE ${differs}) AS keys_changed`,
    );
  }
  const row = (await (await session.sql(`${ctes} SELECT ${parts.join(', ')}`, undefined, opts)).collect(opts)).get(0)!.toJSON() as Record<string, bigint>;
  return {
    rowsAdded: BigInt(row.rows_added), rowsRemoved: BigInt(row.rows_removed),
    keysAdded: row.keys_added === undefined ? undefined : BigInt(row.keys_added),
    keysRemoved: row.keys_removed === undefined ? undefined : BigInt(row.keys_removed),
    keysChanged: row.keys_changed === undefined ? undefined : BigInt(row.keys_changed),
  };
}

async function fileCounts(table: DeltaTable, from: bigint, to: bigint, opts?: ExecuteOptions): Promise<Pick<VersionDiff, 'filesAdded' | 'filesRemoved' | 'bytesAdded' | 'bytesRemoved'>> {
  const [lo, hi] = from < to ? [from, to] : [to, from];
  const entries = (await table.historyEntries(undefined, opts)).filter((h) => h.version > lo && h.version <= hi);
  const sum = (...names: string[]) => entries.reduce((acc, h) => acc + names.reduce((a, n) => a + BigInt(h.operationMetrics[n] ?? 0), 0n), 0n);
  // Each operation names its metrics differently: WRITE numFiles/numOutputBytes, MERGE numTarget*, RESTORE *restored*.
  const forward = {
    filesAdded: sum('numAddedFiles', 'numFiles', 'numRestoredFiles', 'numTargetFilesAdded'),
    filesRemoved: sum('numRemovedFiles', 'numDeletedFiles', 'numTargetFilesRemoved'),
    bytesAdded: sum('numAddedBytes', 'numOutputBytes', 'restoredFilesSize', 'numTargetBytesAdded'),
    bytesRemoved: sum('numRemovedBytes', 'removedFilesSize', 'numTargetBytesRemoved'),
  };
  return from <= to ? forward : { filesAdded: forward.filesRemoved, filesRemoved: forward.filesAdded, bytesAdded: forward.bytesRemoved, bytesRemoved: forward.bytesAdded };
}

function checkVersion(v: bigint): bigint {
  if (v < 0n) throw new RangeError(`Not a table version: ${v}`);
  return v;
}
