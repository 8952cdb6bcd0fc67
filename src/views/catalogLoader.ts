// Loading of the catalog tree: the children of a node, from the connection's session, and the parent of every node
// it handed out (so the tree can reveal a node). Nothing here renders; failures propagate to the tree provider.
import { clusteringColumnNames, DeltaTable, vacuumedVersions, type SparkConnectSession } from '../client';
import type { ConnectionManager } from '../services/connections';
import { nodeId, qualifiedName, refOf, structuralParent, type CatalogNode, type TableRef } from './catalogNodes';
import { nestedFields } from './columnTypes';

/** What loading reads besides the server. */
export interface LoadOptions {
  /** The table filter, lower case ('' = none). */
  readonly filter: string;
  /** Versions listed under a History node. */
  readonly historyLimit: number;
}

/** Loads children lazily and remembers who is whose parent. */
export class CatalogLoader {
  /** VS Code finds the element to refresh by identity: connection nodes are the same objects every time. */
  private readonly connectionNodes = new Map<string, CatalogNode>();
  /** Lost connections the user asked to reload: only those reconnect, so a lost session stays visible until then. */
  private readonly reconnect = new Set<string>();
  /** The parent of every node handed out, by node id. */
  private readonly parents = new Map<string, CatalogNode>();

  constructor(private readonly connections: ConnectionManager) {}

  /** The connection nodes, in settings order. */
  roots(): CatalogNode[] {
    return this.connections.list().map((c) => this.connectionNode(c.config.name));
  }

  /** The children of `node`; throws when loading fails. */
  async children(node: CatalogNode, opts: LoadOptions): Promise<CatalogNode[]> {
    return this.adopt(node, await this.load(node, opts));
  }

  /** Records `children` as the children of `parent` (error and message nodes too) and returns them. */
  adopt(parent: CatalogNode, children: CatalogNode[]): CatalogNode[] {
    for (const child of children) this.parents.set(nodeId(child), parent);
    return children;
  }

  /** The parent of a node: the one it was loaded under, or the one its data names; undefined for connections. */
  parentOf(node: CatalogNode): CatalogNode | undefined {
    if (node.kind === 'connection') return undefined;
    const parent = this.parents.get(nodeId(node)) ?? structuralParent(node);
    return parent?.kind === 'connection' ? this.connectionNode(parent.connection) : parent;
  }

  /** The node of a connection, if the tree has shown it (undefined otherwise). */
  shownConnection(name: string): CatalogNode | undefined {
    return this.connectionNodes.get(name);
  }

  /** The next load of these connections reconnects a lost session instead of saying it is lost. */
  reconnectLost(names: readonly string[]): void {
    for (const name of names) if (['lost', 'failed'].includes(this.connections.get(name)?.status ?? '')) this.reconnect.add(name);
  }

  private connectionNode(name: string): CatalogNode {
    let node = this.connectionNodes.get(name);
    if (!node) {
      node = { kind: 'connection', connection: name };
      this.connectionNodes.set(name, node);
    }
    return node;
  }

  private async load(node: CatalogNode, opts: LoadOptions): Promise<CatalogNode[]> {
    switch (node.kind) {
      case 'connection': this.throwIfFailed(node.connection); return this.lostMessage(node.connection) ?? this.catalogs(node.connection);
      case 'catalog': return this.schemas(node.connection, node.catalog);
      case 'schema': return this.tables(node.connection, node.catalog, node.schema, opts.filter);
      case 'table': return this.tableChildren(node);
      case 'history': return this.versions(node, opts.historyLimit);
      case 'column': return nestedColumns(node);
      default: return [];
    }
  }

  /**
   * A connection that failed shows its error until the user asks again (Refresh, Connect): re-rendering its row must
   * not reconnect by itself, or the row says "connecting" again while the node under it says it failed.
   */
  private throwIfFailed(connection: string): void {
    const state = this.connections.get(connection);
    if (state?.status !== 'failed' || this.reconnect.delete(connection)) return;
    throw new Error(`${state.error ?? 'The connection failed.'} Refresh to try again.`);
  }

  /** While a session is lost (and no refresh was asked for), its connection shows that instead of reconnecting. */
  private lostMessage(connection: string): CatalogNode[] | undefined {
    if (this.connections.get(connection)?.status !== 'lost' || this.reconnect.delete(connection)) return undefined;
    return [{ kind: 'message', text: 'The session was lost (server restarted, or the session closed or expired): Refresh to reconnect', parentId: `c/${connection}` }];
  }

  private session(connection: string): Promise<SparkConnectSession> {
    return this.connections.session(connection);
  }

  private async catalogs(connection: string): Promise<CatalogNode[]> {
    const list = await (await this.session(connection)).catalog.listCatalogs();
    return list.map((c) => ({ kind: 'catalog' as const, connection, catalog: c.name })).sort(byName((n) => n.catalog));
  }

  private async schemas(connection: string, catalog: string): Promise<CatalogNode[]> {
    const list = await (await this.session(connection)).catalog.listDatabases(catalog);
    return list.map((d) => ({ kind: 'schema' as const, connection, catalog, schema: d.name })).sort(byName((n) => n.schema));
  }

  private async tables(connection: string, catalog: string, schema: string, filter: string): Promise<CatalogNode[]> {
    const list = await (await this.session(connection)).catalog.listTables(schema, catalog);
    const nodes = list
      .filter((t) => filter === '' || t.name.toLowerCase().includes(filter))
      .map((t) => ({
        kind: 'table' as const, connection, catalog, schema, table: t.name, tableType: t.tableType, provider: t.provider,
        isTemporary: t.isTemporary, description: t.description ?? undefined,
      }))
      .sort(byName((n) => n.table));
    if (nodes.length > 0) return nodes;
    return [{ kind: 'message', text: filter ? `No table matches "${filter}"` : 'No tables', parentId: `${connection}/${catalog}/${schema}` }];
  }

  private async tableChildren(node: Extract<CatalogNode, { kind: 'table' }>): Promise<CatalogNode[]> {
    const session = await this.session(node.connection);
    const columns = await session.catalog.listColumns(qualifiedName(node));
    const clustering = node.provider === 'delta' ? await clusteringColumns(session, qualifiedName(node)) : [];
    const children: CatalogNode[] = columns.map((c) => ({
      kind: 'column', connection: node.connection, catalog: node.catalog, schema: node.schema, table: node.table,
      name: c.name, dataType: c.dataType, nullable: c.nullable, isPartition: c.isPartition, comment: c.description ?? undefined,
      ...(clustering.includes(c.name) ? { isClustering: true } : {}),
    }));
    if (node.provider === 'delta') children.push({ kind: 'history', connection: node.connection, catalog: node.catalog, schema: node.schema, table: node.table });
    return children;
  }

  private async versions(ref: TableRef, limit: number): Promise<CatalogNode[]> {
    const entries = await DeltaTable.forName(await this.session(ref.connection), qualifiedName(ref)).historyEntries(limit);
    const marks = vacuumedVersions(entries);
    return entries.map((e, i) => ({
      kind: 'version', ...refOf(ref), version: e.version, timestamp: e.timestamp, operation: e.operation, isLatest: i === 0,
      ...(marks.has(e.version) ? { vacuumed: marks.get(e.version) } : {}),
    }));
  }
}

/** The fields inside a struct column (or an array or map of structs), read from its type: nothing is loaded. */
function nestedColumns(node: Extract<CatalogNode, { kind: 'column' }>): CatalogNode[] {
  const path = [...(node.path ?? []), node.name];
  return nestedFields(node.dataType).map((f) => ({
    kind: 'column' as const, ...refOf(node), name: f.name, dataType: f.dataType, nullable: f.nullable, isPartition: false, comment: f.comment, path,
  }));
}

/** A Delta table's clustering columns from DESCRIBE DETAIL; none when the server cannot say (the columns still show). */
async function clusteringColumns(session: SparkConnectSession, sqlName: string): Promise<string[]> {
  try {
    return clusteringColumnNames((await DeltaTable.forName(session, sqlName).detailRow()).clusteringColumns ?? []);
  } catch {
    return [];
  }
}

function byName<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => key(a).localeCompare(key(b));
}
