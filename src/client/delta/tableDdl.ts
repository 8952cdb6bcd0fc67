// Gathers what CREATE TABLE text needs from a live Delta table: DESCRIBE DETAIL, and the schema with its Delta field
// metadata. Spark's own view of the schema (AnalyzePlan) keeps comments, defaults and char/varchar but drops
// generation expressions and identity settings, so the schema is read from the table's Delta log (the newest
// metaData action, in a commit file or a checkpoint); only when the log cannot be read does the session schema serve,
// with a note saying what is lost.
import type { ExecuteOptions } from '../execution';
import { expr, sortOrder } from '../expressions';
import type { SparkConnectSession } from '../session';
import { createTableDdl, fieldsOfDataType, parseSchemaJson, type SchemaField, type TableDdl } from './ddl';
import { DeltaTable } from './deltaTable';
import { rowsOf } from '../catalog';
import { logDir, sourcePath } from './healthLog';

/** CREATE TABLE statements for the Delta table `sqlName`, naming the new table `targetName` (SQL text). */
export async function tableDdl(session: SparkConnectSession, sqlName: string, targetName = sqlName, opts?: ExecuteOptions): Promise<TableDdl> {
  const detail = await DeltaTable.forName(session, sqlName).detailRow(opts);
  const schema = await tableSchema(session, sqlName, detail.location, opts);
  const ddl = createTableDdl({
    name: targetName, fields: schema.fields, partitionColumns: detail.partitionColumns, clusteringColumns: detail.clusteringColumns,
    description: detail.description, properties: detail.properties, minReaderVersion: detail.minReaderVersion,
    minWriterVersion: detail.minWriterVersion, tableFeatures: detail.tableFeatures,
  });
  return { statements: ddl.statements, notes: [...schema.notes, ...ddl.notes] };
}

/** The table's schema from its Delta log, else from the session with a note. */
async function tableSchema(session: SparkConnectSession, sqlName: string, location: string, opts?: ExecuteOptions): Promise<{ fields: SchemaField[]; notes: string[] }> {
  try {
    const json = await logSchemaString(session, location, opts);
    if (json) return { fields: parseSchemaJson(json), notes: [] };
  } catch (err) {
    if (opts?.signal?.aborted) throw err;
  }
  const fields = fieldsOfDataType(await session.table(sqlName).schema());
  return { fields, notes: ['generated and identity columns (the Delta log could not be read; they are written as plain columns)'] };
}

/**
 * The schemaString of the newest metaData action in the log at `location`, or undefined when none is found. Only the
 * newest checkpoint and the commits after it are read (a long log is not scanned); without a checkpoint, or when the
 * log cannot be listed, every commit file is.
 */
export async function logSchemaString(session: SparkConnectSession, location: string, opts?: ExecuteOptions): Promise<string | undefined> {
  const log = logDir(location);
  const tail = await logTail(session, log, opts);
  if (!tail || tail.checkpoint.length === 0) return (await newestMetaData(session, 'json', [`${log}/*.json`], opts))?.schema;
  const commit = tail.commits.length > 0 ? await newestMetaData(session, 'json', tail.commits, opts) : undefined;
  return commit?.schema ?? (await newestMetaData(session, 'parquet', tail.checkpoint, opts))?.schema;
}

/** The query listing the newest checkpoint's parquet files (`cp`) and the commit files after it (names only). */
export function logTailQuery(log: string): string {
  const source = `binaryFile.${sourcePath(log)}`;
  return [
    `WITH f AS (SELECT path, CAST(regexp_extract(path, '/([0-9]{20})[.][^/]*$', 1) AS BIGINT) AS v,`,
    `path RLIKE '/[0-9]{20}[.]checkpoint[.][^/]*parquet$' AS cp, path RLIKE '/[0-9]{20}[.]json$' AS commit FROM ${source}),`,
    'c AS (SELECT MAX(v) AS v FROM f WHERE cp)',
    'SELECT f.path, f.cp FROM f CROSS JOIN c WHERE c.v IS NOT NULL AND ((f.cp AND f.v = c.v) OR (f.commit AND f.v > c.v))',
  ].join(' ');
}

/** The newest checkpoint's files and the commit files after it, or undefined when the log cannot be listed. */
async function logTail(session: SparkConnectSession, log: string, opts?: ExecuteOptions): Promise<{ checkpoint: string[]; commits: string[] } | undefined> {
  try {
    const rows = rowsOf<{ path: string; cp: boolean }>(await (await session.sql(logTailQuery(log), undefined, opts)).collect(opts));
    return { checkpoint: rows.filter((r) => r.cp).map((r) => r.path), commits: rows.filter((r) => !r.cp).map((r) => r.path) };
  } catch (err) {
    if (opts?.signal?.aborted) throw err;
    return undefined;
  }
}

async function newestMetaData(session: SparkConnectSession, format: 'json' | 'parquet', paths: string[], opts?: ExecuteOptions): Promise<{ file: string; schema: string } | undefined> {
  const rows = await session.read.format(format).schema('metaData STRUCT<schemaString: STRING>').load(...paths)
    .where('metaData.schemaString IS NOT NULL')
    .select(expr('input_file_name() AS file'), expr('metaData.schemaString AS schema'))
    .orderBy(sortOrder('file', true)).limit(1).collect(opts);
  const row = rows.get(0);
  if (!row) return undefined;
  return { file: String(row.file), schema: String(row.schema) };
}

