// DeltaTable: every Delta Lake table operation, sent as Delta Connect messages where the server has a Delta Connect
// plugin, and as SQL statements where it has only delta-spark (dialect.ts decides, once per session).
import type { Table } from 'apache-arrow';
import type { DeltaTable as DeltaTableProto } from '../gen/delta/connect/base_pb';
import type { Expression } from '../gen/spark/connect/expressions_pb';
import type { DataType } from '../gen/spark/connect/types_pb';
import { DataFrame } from '../dataframe';
import { asExpr, assignments, type Assignments } from './conditions';
import type { ExecuteOptions } from '../execution';
import type { SparkConnectSession } from '../session';
import { parseIdentifier } from '../sqlQuote';
import { DeltaTableBuilder, type CreateMode } from './builder';
import { deltaDialect, knownDeltaSupport, type DeltaDialect } from './dialect';
import { sqlPathTable, sqlTableName } from './identifiers';
import { MergeBuilder } from './merge';
import { isHadoopPath } from './paths';
import { deltaCommandPlan, deltaRelation, scanRelation, tableByName, tableByPath, type DeltaCommandInit, type DeltaRelationInit } from './plan';
import {
  dmlMetrics, firstRow, plainRows, type DeleteMetrics, type HistoryEntry, type OptimizeResult, type RestoreMetrics, type TableDetail, type UpdateMetrics,
} from './results';
import { explainUnknownSyntax, runStatement, statementFrame, withHadoopConf, type HadoopConf } from './sqlDialect';
import * as sql from './sqlStatements';
import { VacuumDryRun } from './vacuum';

/** Options of a clone. */
export interface CloneOptions {
  isShallow?: boolean;
  replace?: boolean;
  properties?: Record<string, string>;
  version?: number;
  timestamp?: string;
}

/** A Delta table on a Spark Connect server. */
export class DeltaTable {
  private constructor(
    readonly session: SparkConnectSession,
    readonly table: DeltaTableProto,
    private readonly aliasName?: string,
  ) {}

  /** The Delta table at a path; hadoopConf options (e.g. storage credentials) travel with every operation on it. */
  static forPath(session: SparkConnectSession, path: string, hadoopConf?: Record<string, string>): DeltaTable {
    return new DeltaTable(session, tableByPath(path, hadoopConf));
  }

  /** The Delta table or view with this name. */
  static forName(session: SparkConnectSession, name: string): DeltaTable {
    return new DeltaTable(session, tableByName(name));
  }

  /** Whether the path holds a Delta table. */
  static async isDeltaTable(session: SparkConnectSession, path: string, opts?: ExecuteOptions): Promise<boolean> {
    if (await deltaDialect(session) === 'sql') return isDeltaTableOverSql(session, path, opts);
    const table = await session.executeRelation(deltaRelation({ case: 'isDeltaTable', value: { path } }), opts).toTable();
    return Boolean(table.getChildAt(0)?.get(0));
  }

  /** Converts a Parquet table (`parquet.\`/path\`` or a name) in place; returns the new Delta table. */
  static async convertToDelta(session: SparkConnectSession, identifier: string, partitionSchema?: string | DataType, opts?: ExecuteOptions): Promise<DeltaTable> {
    const mutation = opts?.mutation ?? { operation: 'CONVERT TO DELTA', table: identifier };
    if (await deltaDialect(session) === 'sql') return convertOverSql(session, identifier, partitionSchema, { ...opts, mutation });
    const schema = partitionSchema === undefined ? { case: undefined }
      : typeof partitionSchema === 'string' ? { case: 'partitionSchemaString' as const, value: partitionSchema }
        : { case: 'partitionSchemaStruct' as const, value: partitionSchema };
    const table = await session.executeRelation(deltaRelation({ case: 'convertToDelta', value: { identifier, partitionSchema: schema } }), { ...opts, mutation }).toTable();
    const result = String(table.getChildAt(0)?.get(0) ?? identifier);
    const path = /^delta\.`(.*)`$/s.exec(result);
    return path ? DeltaTable.forPath(session, path[1].replace(/``/g, '`')) : DeltaTable.forName(session, result);
  }

  /** Builders for CREATE / CREATE IF NOT EXISTS / REPLACE / CREATE OR REPLACE. */
  static create(session: SparkConnectSession): DeltaTableBuilder { return builder(session, 'create'); }
  static createIfNotExists(session: SparkConnectSession): DeltaTableBuilder { return builder(session, 'createIfNotExists'); }
  static replace(session: SparkConnectSession): DeltaTableBuilder { return builder(session, 'replace'); }
  static createOrReplace(session: SparkConnectSession): DeltaTableBuilder { return builder(session, 'createOrReplace'); }

  /** The same table under an alias, for conditions such as `t.id = s.id`. */
  alias(name: string): DeltaTable {
    return new DeltaTable(this.session, this.table, name);
  }

  /** The alias given with alias(), if any. */
  get aliasOf(): string | undefined {
    return this.aliasName;
  }

  /** The table's current rows. */
  toDF(): DataFrame {
    if (knownDeltaSupport(this.session) === 'deltaConnect') return new DataFrame(this.session, scanRelation(this.table, this.aliasName));
    const df = this.read();
    return this.aliasName ? df.alias(this.aliasName) : df;
  }

  /** The rows of an older version (time travel). */
  versionAsOf(version: number | bigint): DataFrame {
    return this.read({ versionAsOf: String(version) });
  }

  /** The rows as of a timestamp, e.g. "2026-11-26 12:00:00". */
  timestampAsOf(timestamp: string): DataFrame {
    return this.read({ timestampAsOf: timestamp });
  }

  /** Row-level changes between two versions (inclusive), for tables with change data feed on. */
  changes(fromVersion: bigint | number, toVersion?: bigint | number): DataFrame {
    const options: Record<string, string> = { readChangeFeed: 'true', startingVersion: String(fromVersion) };
    if (toVersion !== undefined) options.endingVersion = String(toVersion);
    return this.read(options);
  }

  /** The commit history as a DataFrame (newest first). */
  history(limit?: number): DataFrame {
    if (knownDeltaSupport(this.session) !== 'deltaConnect') return statementFrame(this.session, sql.describeHistory(this.sqlName(), limit));
    const df = new DataFrame(this.session, deltaRelation({ case: 'describeHistory', value: { table: this.table } }));
    return limit === undefined ? df : df.limit(limit);
  }

  /** The commit history as typed rows. */
  async historyEntries(limit?: number, opts?: ExecuteOptions): Promise<HistoryEntry[]> {
    await this.dialect();
    return plainRows<HistoryEntry>(await this.withConf(() => this.history(limit).collect(opts)).catch((err: unknown) => {
      throw this.sqlFailure(err, () => sql.describeHistory(this.sqlName(), limit));
    }));
  }

  /** DESCRIBE DETAIL as a DataFrame. */
  detail(): DataFrame {
    if (knownDeltaSupport(this.session) !== 'deltaConnect') return statementFrame(this.session, sql.describeDetail(this.sqlName()));
    return new DataFrame(this.session, deltaRelation({ case: 'describeDetail', value: { table: this.table } }));
  }

  /** DESCRIBE DETAIL as a typed row. */
  async detailRow(opts?: ExecuteOptions): Promise<TableDetail> {
    await this.dialect();
    return firstRow<TableDetail>(await this.withConf(() => this.detail().collect(opts)).catch((err: unknown) => {
      throw this.sqlFailure(err, () => sql.describeDetail(this.sqlName()));
    }), 'table detail');
  }

  /** Deletes files no longer referenced and older than the retention (Delta's retention check applies). */
  async vacuum(retentionHours?: number, opts?: ExecuteOptions): Promise<void> {
    const options = this.mutating('VACUUM', opts);
    if (await this.dialect() === 'sql') {
      await this.runSql(sql.vacuum(this.sqlName(), retentionHours), options);
      return;
    }
    await this.command({ case: 'vacuumTable', value: { table: this.table, retentionHours } }, options);
  }

  /**
   * The files a vacuum would delete, without deleting anything (SQL VACUUM … DRY RUN on either kind of server). The
   * list streams: its count first, the paths on demand, never as one message.
   */
  async vacuumDryRunSummary(retentionHours?: number, opts?: ExecuteOptions & { sample?: number }): Promise<VacuumDryRun> {
    await this.dialect();
    const statement = sql.vacuum(this.sqlName(), retentionHours, true);
    return this.withConf(() => VacuumDryRun.run(this.session, statement, opts)).catch((err: unknown) => { throw explainUnknownSyntax(err, statement); });
  }

  /** The files a vacuum would delete, without deleting anything. */
  async vacuumDryRun(retentionHours?: number, opts?: ExecuteOptions): Promise<string[]> {
    const dry = await this.vacuumDryRunSummary(retentionHours, { ...opts, sample: Number.MAX_SAFE_INTEGER });
    return dry.sample;
  }

  /** Starts an OPTIMIZE. */
  optimize(): OptimizeBuilder {
    return new OptimizeBuilder(this);
  }

  async restoreToVersion(version: number | bigint, opts?: ExecuteOptions): Promise<RestoreMetrics> {
    return this.restore({ case: 'version', value: BigInt(version) }, { version }, opts);
  }

  async restoreToTimestamp(timestamp: string, opts?: ExecuteOptions): Promise<RestoreMetrics> {
    return this.restore({ case: 'timestamp', value: timestamp }, { timestamp }, opts);
  }

  /** Deletes the rows matching the condition (all rows without one). */
  async delete(condition?: string | Expression, opts?: ExecuteOptions): Promise<DeleteMetrics> {
    const cond = asExpr(condition);
    const options = this.mutating('DELETE', opts);
    if (await this.dialect() === 'sql') return dmlMetrics<DeleteMetrics>(await this.runSql(sql.deleteFrom(this.sqlName(), this.aliasName, cond), options), 'delete metrics');
    const rel = deltaRelation({ case: 'deleteFromTable', value: { target: this.targetRelation(), condition: cond } });
    return firstRow<DeleteMetrics>(await this.session.executeRelation(rel, options).toTable(), 'delete metrics');
  }

  /** Sets columns of the rows matching the condition. */
  async update(set: Assignments, condition?: string | Expression, opts?: ExecuteOptions): Promise<UpdateMetrics> {
    const cond = asExpr(condition);
    const values = assignments(set);
    const options = this.mutating('UPDATE', opts);
    if (await this.dialect() === 'sql') return dmlMetrics<UpdateMetrics>(await this.runSql(sql.update(this.sqlName(), this.aliasName, values, cond), options), 'update metrics');
    const rel = deltaRelation({ case: 'updateTable', value: { target: this.targetRelation(), condition: cond, assignments: values } });
    return firstRow<UpdateMetrics>(await this.session.executeRelation(rel, options).toTable(), 'update metrics');
  }

  /** Starts a MERGE of `source` into this table on `condition`. */
  merge(source: DataFrame, condition: string | Expression): MergeBuilder {
    return new MergeBuilder(this, source, asExpr(condition)!);
  }

  /** Clones this table (at its latest version, or at a version or timestamp) to `target`, a name or a path. */
  async clone(target: string, options: CloneOptions = {}, opts?: ExecuteOptions): Promise<DeltaTable> {
    const toPath = isHadoopPath(target);
    const mutation = opts?.mutation ?? { operation: 'CLONE', table: toPath ? sqlPathTable(target) : sqlTableName(target) };
    if (await this.dialect() === 'sql') {
      const at = options.version !== undefined ? { version: options.version } : options.timestamp !== undefined ? { timestamp: options.timestamp } : undefined;
      await this.runSql(sql.clone({
        source: this.sqlName(), target: toPath ? sqlPathTable(target) : sqlTableName(target), isShallow: options.isShallow ?? true,
        replace: options.replace ?? false, at, properties: options.properties ?? {},
      }), { ...opts, mutation });
    } else {
      const at = options.version !== undefined ? { case: 'version' as const, value: options.version }
        : options.timestamp !== undefined ? { case: 'timestamp' as const, value: options.timestamp } : { case: undefined };
      await this.command({ case: 'cloneTable', value: {
        table: this.table, target, versionOrTimestamp: at, isShallow: options.isShallow ?? true,
        replace: options.replace ?? false, properties: options.properties ?? {},
      } }, { ...opts, mutation });
    }
    return toPath ? DeltaTable.forPath(this.session, target) : DeltaTable.forName(this.session, target);
  }

  /** Generates a manifest, e.g. "symlink_format_manifest". */
  async generate(mode: string, opts?: ExecuteOptions): Promise<void> {
    const options = this.mutating('GENERATE', opts);
    if (await this.dialect() === 'sql') {
      await this.runSql(sql.generate(this.sqlName(), mode), options);
      return;
    }
    await this.command({ case: 'generate', value: { table: this.table, mode } }, options);
  }

  /** Raises the protocol versions (over SQL: the delta.minReaderVersion / delta.minWriterVersion properties). */
  async upgradeTableProtocol(readerVersion: number, writerVersion: number, opts?: ExecuteOptions): Promise<void> {
    const options = this.mutating('UPGRADE PROTOCOL', opts);
    if (await this.dialect() === 'sql') {
      const properties = { 'delta.minReaderVersion': String(checkProtocol(readerVersion)), 'delta.minWriterVersion': String(checkProtocol(writerVersion)) };
      await this.runSql(sql.setProperties(this.sqlName(), properties), options);
      return;
    }
    await this.command({ case: 'upgradeTableProtocol', value: { table: this.table, readerVersion, writerVersion } }, options);
  }

  /** Adds a table feature (over SQL: the delta.feature.<name> = supported property). */
  async addFeatureSupport(featureName: string, opts?: ExecuteOptions): Promise<void> {
    const options = this.mutating('ADD FEATURE', opts);
    if (await this.dialect() === 'sql') {
      await this.runSql(sql.setProperties(this.sqlName(), { [`delta.feature.${checkFeature(featureName)}`]: 'supported' }), options);
      return;
    }
    await this.command({ case: 'addFeatureSupport', value: { table: this.table, featureName } }, options);
  }

  /** Drops a table feature, optionally truncating the history. */
  async dropFeatureSupport(featureName: string, truncateHistory?: boolean, opts?: ExecuteOptions): Promise<void> {
    const options = this.mutating('DROP FEATURE', opts);
    if (await this.dialect() === 'sql') {
      await this.runSql(sql.dropFeature(this.sqlName(), checkFeature(featureName), truncateHistory ?? false), options);
      return;
    }
    await this.command({ case: 'dropFeatureSupport', value: { table: this.table, featureName, truncateHistory } }, options);
  }

  /** The table as safe SQL text. */
  sqlName(): string {
    const access = this.table.accessType;
    return access.case === 'path' ? sqlPathTable(access.value.path) : sqlTableName(access.value ?? '');
  }

  /** The relation mutations target: the scan, under the alias when one was given. */
  targetRelation() {
    return scanRelation(this.table, this.aliasName);
  }

  /** Execute options of a data-changing operation on this table (for an honest error if its outcome is unknown). */
  mutating(operation: string, opts?: ExecuteOptions): ExecuteOptions {
    return { ...opts, mutation: opts?.mutation ?? { operation, table: this.sqlName() } };
  }

  /** How this table's operations are sent on its session (found out once per session). */
  dialect(): Promise<DeltaDialect> {
    return deltaDialect(this.session);
  }

  /** Runs a SQL form on this table: its Hadoop options set for the statement, its user expressions parsed first. */
  async runSql(statement: sql.SqlStatement, opts?: ExecuteOptions): Promise<Table> {
    return runStatement(this.session, statement, opts, this.hadoopConf());
  }

  /** The Hadoop options of a path table (none for a table by name). */
  hadoopConf(): HadoopConf {
    const access = this.table.accessType;
    return access.case === 'path' ? { ...access.value.hadoopConf } : {};
  }

  /** A failure of a statement read lazily over SQL, explained as runStatement explains its own. */
  private sqlFailure(err: unknown, statement: () => sql.SqlStatement): unknown {
    return knownDeltaSupport(this.session) === 'deltaConnect' ? err : explainUnknownSyntax(err, statement());
  }

  private withConf<T>(fn: () => Promise<T>): Promise<T> {
    return knownDeltaSupport(this.session) === 'deltaConnect' ? fn() : withHadoopConf(this.session, this.hadoopConf(), fn);
  }

  /** A read of the table through the DataFrame reader: by name, or by path with its Hadoop options as reader options. */
  private read(options: Record<string, string> = {}): DataFrame {
    const access = this.table.accessType;
    const reader = this.session.read;
    for (const [k, v] of Object.entries({ ...this.hadoopConf(), ...options })) reader.option(k, v);
    return access.case === 'path' ? reader.format('delta').load(access.value.path) : reader.table(access.value ?? '');
  }

  private async restore(at: DeltaRelationRestoreAt, sqlAt: sql.VersionOrTimestamp, opts?: ExecuteOptions): Promise<RestoreMetrics> {
    const options = this.mutating('RESTORE', opts);
    if (await this.dialect() === 'sql') return firstRow<RestoreMetrics>(await this.runSql(sql.restore(this.sqlName(), sqlAt), options), 'restore metrics');
    const rel = deltaRelation({ case: 'restoreTable', value: { table: this.table, versionOrTimestamp: at } });
    return firstRow<RestoreMetrics>(await this.session.executeRelation(rel, options).toTable(), 'restore metrics');
  }

  private async command(commandType: DeltaCommandInit, opts?: ExecuteOptions): Promise<void> {
    await this.session.execute(deltaCommandPlan(commandType), opts).drain();
  }
}

type DeltaRelationRestoreAt = Extract<DeltaRelationInit, { case: 'restoreTable' }>['value']['versionOrTimestamp'];

/** OPTIMIZE with optional partition filters, then compaction or Z-order. */
export class OptimizeBuilder {
  private readonly filters: string[] = [];

  constructor(private readonly delta: DeltaTable) {}

  /** Limits OPTIMIZE to partitions matching a predicate on partition columns. */
  where(partitionFilter: string): this {
    this.filters.push(partitionFilter);
    return this;
  }

  executeCompaction(opts?: ExecuteOptions): Promise<OptimizeResult> {
    return this.run([], opts);
  }

  executeZOrderBy(columns: string[], opts?: ExecuteOptions): Promise<OptimizeResult> {
    if (columns.length === 0) throw new Error('Z-order needs at least one column.');
    return this.run(columns, opts);
  }

  /**
   * OPTIMIZE FULL: reclusters every file of a clustered table, not only data written since the last clustering
   * (Delta 3.3 and later; a table without clustering columns is refused by the server). Delta Connect has no
   * message for it, so it is SQL over both dialects.
   */
  async executeFull(opts?: ExecuteOptions): Promise<OptimizeResult> {
    if (this.filters.length) throw new Error('OPTIMIZE FULL takes no partition filter: a clustered table has no partitions.');
    const options = this.delta.mutating('OPTIMIZE', opts);
    return firstRow<OptimizeResult>(await this.delta.runSql(sql.optimize(this.delta.sqlName(), [], [], true), options), 'optimize metrics');
  }

  private async run(zorderColumns: string[], opts?: ExecuteOptions): Promise<OptimizeResult> {
    const options = this.delta.mutating('OPTIMIZE', opts);
    if (await this.delta.dialect() === 'sql') {
      return firstRow<OptimizeResult>(await this.delta.runSql(sql.optimize(this.delta.sqlName(), this.filters, zorderColumns), options), 'optimize metrics');
    }
    const rel = deltaRelation({ case: 'optimizeTable', value: { table: this.delta.table, partitionFilters: this.filters, zorderColumns } });
    return firstRow<OptimizeResult>(await this.delta.session.executeRelation(rel, options).toTable(), 'optimize metrics');
  }
}

function builder(session: SparkConnectSession, mode: CreateMode): DeltaTableBuilder {
  return new DeltaTableBuilder(session, mode);
}

function checkProtocol(version: number): number {
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`Not a protocol version: ${version}`);
  return version;
}

function checkFeature(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new Error(`Not a table feature name: "${name}"`);
  return name;
}

/** Over SQL there is no isDeltaTable: DESCRIBE DETAIL of the path says whether a Delta table is there. */
async function isDeltaTableOverSql(session: SparkConnectSession, path: string, opts?: ExecuteOptions): Promise<boolean> {
  try {
    const detail = firstRow<{ format?: string; location?: string }>(await runStatement(session, sql.describeDetail(sqlPathTable(path)), opts), 'table detail');
    return detail.format === 'delta';
  } catch (err) {
    if (isNotADeltaTable(err)) return false;
    throw err;
  }
}

function isNotADeltaTable(err: unknown): boolean {
  const e = err as { errorClass?: string; serverMessage?: string };
  return /^(DELTA_MISSING_DELTA_TABLE|DELTA_TABLE_NOT_FOUND|DELTA_PATH_DOES_NOT_EXIST|PATH_NOT_FOUND|DELTA_NOT_A_DELTA_TABLE|DELTA_MISSING_TRANSACTION_LOG)/.test(e.errorClass ?? '')
    || /is not a Delta table|doesn't exist|does not exist/i.test(e.serverMessage ?? '');
}

async function convertOverSql(session: SparkConnectSession, identifier: string, partitionSchema: string | DataType | undefined, opts: ExecuteOptions): Promise<DeltaTable> {
  const parts = parseIdentifier(identifier);
  const schema = typeof partitionSchema === 'string' ? await session.parseDdl(partitionSchema) : partitionSchema;
  if (partitionSchema !== undefined && schema?.kind.case !== 'struct') throw new Error(`Not a partition schema: ${typeof partitionSchema === 'string' ? partitionSchema : 'a non-struct type'}`);
  const columns = schema?.kind.case === 'struct' ? schema.kind.value.fields.map((f) => ({ name: f.name, type: f.dataType })) : [];
  await runStatement(session, sql.convertToDelta(parts, columns), opts);
  const [format, path] = parts;
  return parts.length === 2 && /^parquet$/i.test(format) ? DeltaTable.forPath(session, path) : DeltaTable.forName(session, identifier);
}
