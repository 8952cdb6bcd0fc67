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

/** The schemaString of the newest metaData action in the log at `location`, or undefined when none is found. */
export async function logSchemaString(session: SparkConnectSession, location: string, opts?: ExecuteOptions): Promise<string | undefined> {
  const log = `${location.replace(/\/+$/, '')}/_delta_log`;
  const found = (await Promise.all([
    newestMetaData(session, 'json', `${log}/*.json`, opts),
    newestMetaData(session, 'parquet', `${log}/*.checkpoint*.parquet`, opts).catch(() => undefined),
  ])).filter((x): x is { file: string; schema: string } => x !== undefined);
  found.sort((a, b) => (logVersion(b.file) > logVersion(a.file) ? 1 : -1));
  return found[0]?.schema;
}

async function newestMetaData(session: SparkConnectSession, format: 'json' | 'parquet', glob: string, opts?: ExecuteOptions): Promise<{ file: string; schema: string } | undefined> {
  const rows = await session.read.format(format).schema('metaData STRUCT<schemaString: STRING>').load(glob)
    .where('metaData.schemaString IS NOT NULL')
    .select(expr('input_file_name() AS file'), expr('metaData.schemaString AS schema'))
    .orderBy(sortOrder('file', true)).limit(1).collect(opts);
  const row = rows.get(0);
  if (!row) return undefined;
  return { file: String(row.file), schema: String(row.schema) };
}

/** The commit version a log file is named after (00000000000000000012.json, ….checkpoint.parquet). */
function logVersion(file: string): bigint {
  const m = /(\d{20})\.(?:json|checkpoint)[^/]*$/.exec(file);
  return m ? BigInt(m[1]) : -1n;
}
