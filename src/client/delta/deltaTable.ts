// DeltaTable: every Delta Lake table operation, sent as Delta Connect messages.
import type { DeltaTable as DeltaTableProto } from '../gen/delta/connect/base_pb';
import type { Expression } from '../gen/spark/connect/expressions_pb';
import type { DataType } from '../gen/spark/connect/types_pb';
import { DataFrame } from '../dataframe';
import { asExpr, assignments, type Assignments } from './conditions';
import type { ExecuteOptions } from '../execution';
import type { SparkConnectSession } from '../session';
import { DeltaTableBuilder, type CreateMode } from './builder';
import { sqlPathTable, sqlTableName } from './identifiers';
import { MergeBuilder } from './merge';
import { deltaCommandPlan, deltaRelation, scanRelation, tableByName, tableByPath, type DeltaCommandInit, type DeltaRelationInit } from './plan';
import {
  firstRow, plainRows, type DeleteMetrics, type HistoryEntry, type OptimizeResult, type RestoreMetrics, type TableDetail, type UpdateMetrics,
} from './results';

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

  /** The Delta table at a path; hadoopConf options (e.g. storage credentials) travel with it. */
  static forPath(session: SparkConnectSession, path: string, hadoopConf?: Record<string, string>): DeltaTable {
    return new DeltaTable(session, tableByPath(path, hadoopConf));
  }

  /** The Delta table or view with this name. */
  static forName(session: SparkConnectSession, name: string): DeltaTable {
    return new DeltaTable(session, tableByName(name));
  }

  /** Whether the path holds a Delta table. */
  static async isDeltaTable(session: SparkConnectSession, path: string, opts?: ExecuteOptions): Promise<boolean> {
    const table = await session.executeRelation(deltaRelation({ case: 'isDeltaTable', value: { path } }), opts).toTable();
    return Boolean(table.getChildAt(0)?.get(0));
  }

  /** Converts a Parquet table (`parquet.\`/path\`` or a name) in place; returns the new Delta table. */
  static async convertToDelta(session: SparkConnectSession, identifier: string, partitionSchema?: string | DataType, opts?: ExecuteOptions): Promise<DeltaTable> {
    const schema = partitionSchema === undefined ? { case: undefined }
      : typeof partitionSchema === 'string' ? { case: 'partitionSchemaString' as const, value: partitionSchema }
        : { case: 'partitionSchemaStruct' as const, value: partitionSchema };
    const mutation = opts?.mutation ?? { operation: 'CONVERT TO DELTA', table: identifier };
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

  /** The table's current rows. */
  toDF(): DataFrame {
    return new DataFrame(this.session, scanRelation(this.table, this.aliasName));
  }

  /** The rows of an older version (time travel). */
  versionAsOf(version: number | bigint): DataFrame {
    return this.timeTravel('versionAsOf', String(version));
  }

  /** The rows as of a timestamp, e.g. "2026-11-26 12:00:00". */
  timestampAsOf(timestamp: string): DataFrame {
    return this.timeTravel('timestampAsOf', timestamp);
  }

  /** Row-level changes between two versions (inclusive), for tables with change data feed on. */
  changes(fromVersion: bigint | number, toVersion?: bigint | number): DataFrame {
    const access = this.table.accessType;
    const reader = this.session.read.format('delta').option('readChangeFeed', 'true').option('startingVersion', String(fromVersion));
    if (toVersion !== undefined) reader.option('endingVersion', String(toVersion));
    return access.case === 'path' ? reader.load(access.value.path) : reader.table(access.value ?? '');
  }

  /** The commit history as a DataFrame (newest first). */
  history(limit?: number): DataFrame {
    const df = new DataFrame(this.session, deltaRelation({ case: 'describeHistory', value: { table: this.table } }));
    return limit === undefined ? df : df.limit(limit);
  }

  /** The commit history as typed rows. */
  async historyEntries(limit?: number, opts?: ExecuteOptions): Promise<HistoryEntry[]> {
    return plainRows<HistoryEntry>(await this.history(limit).collect(opts));
  }

  /** DESCRIBE DETAIL as a DataFrame. */
  detail(): DataFrame {
    return new DataFrame(this.session, deltaRelation({ case: 'describeDetail', value: { table: this.table } }));
  }

  /** DESCRIBE DETAIL as a typed row. */
  async detailRow(opts?: ExecuteOptions): Promise<TableDetail> {
    return firstRow<TableDetail>(await this.detail().collect(opts), 'table detail');
  }

  /** Deletes files no longer referenced and older than the retention (Delta's retention check applies). */
  async vacuum(retentionHours?: number, opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'vacuumTable', value: { table: this.table, retentionHours } }, this.mutating('VACUUM', opts));
  }

  /** The files a vacuum would delete, without deleting anything (SQL VACUUM … DRY RUN). */
  async vacuumDryRun(retentionHours?: number, opts?: ExecuteOptions): Promise<string[]> {
    const retain = retentionHours === undefined ? '' : ` RETAIN ${checkHours(retentionHours)} HOURS`;
    const df = await this.session.sql(`VACUUM ${this.sqlName()}${retain} DRY RUN`, undefined, opts);
    const rows = plainRows<{ path: string }>(await df.collect(opts));
    return rows.map((r) => r.path);
  }

  /** Starts an OPTIMIZE. */
  optimize(): OptimizeBuilder {
    return new OptimizeBuilder(this);
  }

  async restoreToVersion(version: number | bigint, opts?: ExecuteOptions): Promise<RestoreMetrics> {
    return this.restore({ case: 'version', value: BigInt(version) }, opts);
  }

  async restoreToTimestamp(timestamp: string, opts?: ExecuteOptions): Promise<RestoreMetrics> {
    return this.restore({ case: 'timestamp', value: timestamp }, opts);
  }

  /** Deletes the rows matching the condition (all rows without one). */
  async delete(condition?: string | Expression, opts?: ExecuteOptions): Promise<DeleteMetrics> {
    const rel = deltaRelation({ case: 'deleteFromTable', value: { target: this.targetRelation(), condition: asExpr(condition) } });
    return firstRow<DeleteMetrics>(await this.session.executeRelation(rel, this.mutating('DELETE', opts)).toTable(), 'delete metrics');
  }

  /** Sets columns of the rows matching the condition. */
  async update(set: Assignments, condition?: string | Expression, opts?: ExecuteOptions): Promise<UpdateMetrics> {
    const rel = deltaRelation({ case: 'updateTable', value: { target: this.targetRelation(), condition: asExpr(condition), assignments: assignments(set) } });
    return firstRow<UpdateMetrics>(await this.session.executeRelation(rel, this.mutating('UPDATE', opts)).toTable(), 'update metrics');
  }

  /** Starts a MERGE of `source` into this table on `condition`. */
  merge(source: DataFrame, condition: string | Expression): MergeBuilder {
    return new MergeBuilder(this.session, this.targetRelation(), source.relation, asExpr(condition)!, this.sqlName());
  }

  /** Clones this table (at its latest version, or at a version or timestamp) to `target`. */
  async clone(target: string, options: CloneOptions = {}, opts?: ExecuteOptions): Promise<DeltaTable> {
    const at = options.version !== undefined ? { case: 'version' as const, value: options.version }
      : options.timestamp !== undefined ? { case: 'timestamp' as const, value: options.timestamp } : { case: undefined };
    await this.command({ case: 'cloneTable', value: {
      table: this.table, target, versionOrTimestamp: at, isShallow: options.isShallow ?? true,
      replace: options.replace ?? false, properties: options.properties ?? {},
    } }, { ...opts, mutation: opts?.mutation ?? { operation: 'CLONE', table: isPath(target) ? sqlPathTable(target) : sqlTableName(target) } });
    return isPath(target) ? DeltaTable.forPath(this.session, target) : DeltaTable.forName(this.session, target);
  }

  /** Generates a manifest, e.g. "symlink_format_manifest". */
  async generate(mode: string, opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'generate', value: { table: this.table, mode } }, this.mutating('GENERATE', opts));
  }

  async upgradeTableProtocol(readerVersion: number, writerVersion: number, opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'upgradeTableProtocol', value: { table: this.table, readerVersion, writerVersion } }, this.mutating('UPGRADE PROTOCOL', opts));
  }

  async addFeatureSupport(featureName: string, opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'addFeatureSupport', value: { table: this.table, featureName } }, this.mutating('ADD FEATURE', opts));
  }

  async dropFeatureSupport(featureName: string, truncateHistory?: boolean, opts?: ExecuteOptions): Promise<void> {
    await this.command({ case: 'dropFeatureSupport', value: { table: this.table, featureName, truncateHistory } }, this.mutating('DROP FEATURE', opts));
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

  private async restore(at: DeltaRelationRestoreAt, opts?: ExecuteOptions): Promise<RestoreMetrics> {
    const rel = deltaRelation({ case: 'restoreTable', value: { table: this.table, versionOrTimestamp: at } });
    return firstRow<RestoreMetrics>(await this.session.executeRelation(rel, this.mutating('RESTORE', opts)).toTable(), 'restore metrics');
  }

  private async command(commandType: DeltaCommandInit, opts?: ExecuteOptions): Promise<void> {
    await this.session.execute(deltaCommandPlan(commandType), opts).drain();
  }

  private timeTravel(option: 'versionAsOf' | 'timestampAsOf', value: string): DataFrame {
    const access = this.table.accessType;
    const reader = this.session.read.option(option, value);
    return access.case === 'path' ? reader.format('delta').load(access.value.path) : reader.table(access.value ?? '');
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

  private async run(zorderColumns: string[], opts?: ExecuteOptions): Promise<OptimizeResult> {
    const rel = deltaRelation({ case: 'optimizeTable', value: { table: this.delta.table, partitionFilters: this.filters, zorderColumns } });
    return firstRow<OptimizeResult>(await this.delta.session.executeRelation(rel, this.delta.mutating('OPTIMIZE', opts)).toTable(), 'optimize metrics');
  }
}

function builder(session: SparkConnectSession, mode: CreateMode): DeltaTableBuilder {
  return new DeltaTableBuilder(session, mode);
}

function isPath(target: string): boolean {
  return target.startsWith('/') || /^[a-z]+:\/\//i.test(target);
}

function checkHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Retention must be a non-negative number of hours, got ${hours}`);
  return String(hours);
}

