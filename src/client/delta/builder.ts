// DeltaTable.create / createIfNotExists / replace / createOrReplace as one CreateDeltaTable command, or one
// CREATE [OR REPLACE] TABLE statement over SQL (types written by us from the parsed type, never the user's text).
import { create } from '@bufbuild/protobuf';
import { CreateDeltaTable_Mode as Mode, type CreateDeltaTable_Column } from '../gen/delta/connect/commands_pb';
import { CreateDeltaTable_ColumnSchema } from '../gen/delta/connect/commands_pb';
import { DataTypeSchema, type DataType } from '../gen/spark/connect/types_pb';
import type { ExecuteOptions } from '../execution';
import type { SparkConnectSession } from '../session';
import { deltaDialect } from './dialect';
import { sqlPathTable, sqlTableName } from './identifiers';
import { deltaCommandPlan } from './plan';
import { runStatement } from './sqlDialect';
import { createTable, type ColumnDefinition } from './sqlStatements';

export type CreateMode = 'create' | 'createIfNotExists' | 'replace' | 'createOrReplace';

const MODES: Record<CreateMode, Mode> = {
  create: Mode.CREATE,
  createIfNotExists: Mode.CREATE_IF_NOT_EXISTS,
  replace: Mode.REPLACE,
  createOrReplace: Mode.CREATE_OR_REPLACE,
};

const MODES_SQL: Record<CreateMode, string> = {
  create: 'CREATE',
  createIfNotExists: 'CREATE IF NOT EXISTS',
  replace: 'REPLACE',
  createOrReplace: 'CREATE OR REPLACE',
};

/** One column of a new table. The type is a DDL string ("DECIMAL(10,2)") or a Spark DataType. */
export interface ColumnSpec {
  name: string;
  type: string | DataType;
  nullable?: boolean;
  comment?: string;
  generatedAlwaysAs?: string;
  identity?: { start?: bigint | number; step?: bigint | number; allowExplicitInsert?: boolean };
}

/** Collects a table definition; execute() sends it. */
export class DeltaTableBuilder {
  private tableName?: string;
  private locationPath?: string;
  private commentText?: string;
  private readonly columns: CreateDeltaTable_Column[] = [];
  private partitioning: string[] = [];
  private clustering: string[] = [];
  private readonly properties: Record<string, string> = {};

  constructor(private readonly session: SparkConnectSession, private readonly mode: CreateMode) {}

  name(tableName: string): this {
    this.tableName = tableName;
    return this;
  }

  location(path: string): this {
    this.locationPath = path;
    return this;
  }

  comment(text: string): this {
    this.commentText = text;
    return this;
  }

  addColumn(spec: ColumnSpec): this {
    this.columns.push(create(CreateDeltaTable_ColumnSchema, {
      name: spec.name,
      dataType: typeof spec.type === 'string' ? create(DataTypeSchema, { kind: { case: 'unparsed', value: { dataTypeString: spec.type } } }) : spec.type,
      nullable: spec.nullable ?? true,
      comment: spec.comment,
      generatedAlwaysAs: spec.generatedAlwaysAs,
      identityInfo: spec.identity && {
        start: BigInt(spec.identity.start ?? 1),
        step: BigInt(spec.identity.step ?? 1),
        allowExplicitInsert: spec.identity.allowExplicitInsert ?? false,
      },
    }));
    return this;
  }

  partitionedBy(...columns: string[]): this {
    this.partitioning = columns;
    return this;
  }

  clusterBy(...columns: string[]): this {
    this.clustering = columns;
    return this;
  }

  property(key: string, value: string): this {
    this.properties[key] = value;
    return this;
  }

  /** Sends the definition. */
  async execute(opts?: ExecuteOptions): Promise<void> {
    if (!this.tableName && !this.locationPath) throw new Error('A table needs a name or a location.');
    if (this.partitioning.length > 0 && this.clustering.length > 0) throw new Error('A table is either partitioned or clustered, not both.');
    const plan = deltaCommandPlan({ case: 'createDeltaTable', value: {
      mode: MODES[this.mode], tableName: this.tableName, location: this.locationPath, comment: this.commentText,
      columns: this.columns, partitioningColumns: this.partitioning, clusteringColumns: this.clustering, properties: this.properties,
    } });
    const table = this.tableName ? sqlTableName(this.tableName) : sqlPathTable(this.locationPath!);
    const mutation = opts?.mutation ?? { operation: `${MODES_SQL[this.mode]} TABLE`, table };
    if (await deltaDialect(this.session) === 'sql') {
      const statement = createTable({
        mode: this.mode, table, location: this.tableName ? this.locationPath : undefined, comment: this.commentText,
        columns: await this.columnDefinitions(), partitionedBy: this.partitioning, clusterBy: this.clustering, properties: this.properties,
      });
      await runStatement(this.session, statement, { ...opts, mutation });
      return;
    }
    await this.session.execute(plan, { ...opts, mutation }).drain();
  }

  /** The columns with structured types: a type given as text is parsed by the server (alone, as one column's type). */
  private async columnDefinitions(): Promise<ColumnDefinition[]> {
    return Promise.all(this.columns.map(async (c) => {
      let type = c.dataType;
      if (type?.kind.case === 'unparsed') {
        const text = type.kind.value.dataTypeString;
        const parsed = await this.session.parseDdl(`\`c\` ${text}`);
        const fields = parsed?.kind.case === 'struct' ? parsed.kind.value.fields : [];
        if (fields.length !== 1) throw new Error(`Not a column type: ${text}`);
        type = fields[0].dataType;
      }
      return {
        name: c.name, type, nullable: c.nullable, comment: c.comment, generatedAlwaysAs: c.generatedAlwaysAs,
        identity: c.identityInfo && { start: c.identityInfo.start, step: c.identityInfo.step, allowExplicitInsert: c.identityInfo.allowExplicitInsert },
      };
    }));
  }
}
