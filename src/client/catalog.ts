// Catalog browsing: catalogs, schemas, tables (with provider, so Delta tables stand out) and columns.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Table } from 'apache-arrow';
import type { Relation, RelationSchema } from './gen/spark/connect/relations_pb';
import { relation, type DataFrame } from './dataframe';
import type { ExecuteOptions } from './execution';
import { quoteName } from './expressions';
import type { ArrowResult } from './result';

type CatType = NonNullable<Extract<MessageInitShape<typeof RelationSchema>['relType'], { case: 'catalog' }>['value']['catType']>;

export interface CatalogInfo { name: string; description?: string }
export interface DatabaseInfo { name: string; catalog?: string; description?: string; locationUri?: string }
export interface TableInfo {
  name: string;
  catalog?: string;
  namespace: string[];
  description?: string;
  tableType: string;
  isTemporary: boolean;
  /** The table's provider (e.g. "delta", "parquet"), when the server reports it. */
  provider?: string;
}
export interface ColumnInfo {
  name: string;
  description?: string;
  dataType: string;
  nullable: boolean;
  isPartition: boolean;
  isBucket: boolean;
  isCluster?: boolean;
}

/** Reads small catalog results (a handful of rows) into plain objects. */
export function rowsOf<T>(table: Table): T[] {
  return table.toArray().map((row) => row.toJSON() as T);
}

/** What the catalog needs from its session (SparkConnectSession). */
export interface CatalogSession {
  sql(query: string): Promise<DataFrame>;
  executeRelation(relation: Relation, opts?: ExecuteOptions): ArrowResult;
}

/** The catalog API of a session. */
export class Catalog {
  constructor(private readonly session: CatalogSession) {}

  async currentCatalog(): Promise<string> {
    return this.scalar({ case: 'currentCatalog', value: {} });
  }

  async setCurrentCatalog(name: string): Promise<void> {
    await this.run({ case: 'setCurrentCatalog', value: { catalogName: name } });
  }

  async currentDatabase(): Promise<string> {
    return this.scalar({ case: 'currentDatabase', value: {} });
  }

  async setCurrentDatabase(name: string): Promise<void> {
    await this.run({ case: 'setCurrentDatabase', value: { dbName: name } });
  }

  async listCatalogs(pattern?: string): Promise<CatalogInfo[]> {
    // Sail names the column `catalog` where Spark says `name`.
    return rowsOf<CatalogInfo & { catalog?: string }>(await this.run({ case: 'listCatalogs', value: { pattern } }))
      .map(({ catalog, ...c }) => ({ ...c, name: c.name ?? catalog ?? '' }));
  }

  /** Schemas of a catalog; without one, of the current catalog. Does not change the session's current catalog. */
  async listDatabases(catalog?: string, pattern?: string): Promise<DatabaseInfo[]> {
    if (!catalog) return rowsOf<DatabaseInfo>(await this.run({ case: 'listDatabases', value: { pattern } }));
    const rows = rowsOf<{ namespace: string }>(await (await this.session.sql(`SHOW NAMESPACES IN ${quoteName([catalog])}`)).collect());
    return rows.map((r) => ({ name: r.namespace, catalog }));
  }

  /** Tables and views of a schema, each with its provider. */
  async listTables(database: string, catalog?: string): Promise<TableInfo[]> {
    const dbName = catalog ? `${quoteName([catalog])}.${quoteName([database])}` : quoteName([database]);
    // Sail names the column `tableName` where Spark says `name`.
    const tables = rowsOf<TableInfo & { tableName?: string }>(await this.run({ case: 'listTables', value: { dbName } }))
      .map(({ tableName, ...t }) => ({ ...t, name: t.name ?? tableName ?? '' }));
    const providers = await this.providers(dbName).catch(() => new Map<string, string>());
    return tables.map((t) => ({ ...t, namespace: Array.from(t.namespace ?? []), provider: providers.get(t.name) }));
  }

  /** Columns of a table (name may be qualified: catalog.schema.table). */
  async listColumns(tableName: string): Promise<ColumnInfo[]> {
    return rowsOf<ColumnInfo>(await this.run({ case: 'listColumns', value: { tableName } }));
  }

  async getTable(tableName: string): Promise<TableInfo> {
    const [info] = rowsOf<TableInfo>(await this.run({ case: 'getTable', value: { tableName } }));
    return { ...info, namespace: Array.from(info.namespace ?? []) };
  }

  async tableExists(tableName: string): Promise<boolean> {
    return Boolean(await this.scalar({ case: 'tableExists', value: { tableName } }));
  }

  async databaseExists(dbName: string): Promise<boolean> {
    return Boolean(await this.scalar({ case: 'databaseExists', value: { dbName } }));
  }

  async refreshTable(tableName: string): Promise<void> {
    await this.run({ case: 'refreshTable', value: { tableName } });
  }

  private async providers(dbName: string): Promise<Map<string, string>> {
    const df = await this.session.sql(`SHOW TABLE EXTENDED IN ${dbName} LIKE '*'`);
    const rows = rowsOf<{ tableName: string; information: string }>(await df.select('tableName', 'information').collect());
    const out = new Map<string, string>();
    for (const row of rows) {
      const match = /^Provider: (.+)$/m.exec(row.information ?? '');
      if (match) out.set(row.tableName, match[1].trim().toLowerCase());
    }
    return out;
  }

  private run(catType: CatType): Promise<Table> {
    return this.session.executeRelation(relation({ case: 'catalog', value: { catType } })).toTable();
  }

  private async scalar<T = string>(catType: CatType): Promise<T> {
    const table = await this.run(catType);
    return table.getChildAt(0)?.get(0) as T;
  }
}
