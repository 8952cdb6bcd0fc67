// The catalog tree: connections › catalogs › schemas › tables and views › columns (+ history of Delta tables).
// Children load lazily; a failure becomes an error node (never a popup) and is never cached.
import * as vscode from 'vscode';
import { DeltaTable, type SparkConnectSession } from '../client';
import type { ConnectionManager, ConnectionState } from '../services/connections';
import type { Logger } from '../services/log';
import { readSettings } from '../services/settings';
import { nodeId, qualifiedName, type CatalogNode, type TableRef } from './catalogNodes';
import { deltaLine } from './statusBar';

export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private filterText = '';
  private readonly subscription: vscode.Disposable;
  /** VS Code finds the element to refresh by identity: connection nodes are the same objects every time. */
  private readonly connectionNodes = new Map<string, CatalogNode>();
  /** Lost connections the user asked to reload: only those reconnect, so a lost session stays visible until then. */
  private readonly reconnect = new Set<string>();

  constructor(private readonly connections: ConnectionManager, private readonly extensionUri: vscode.Uri, private readonly log: Logger) {
    this.subscription = connections.onDidChange((state) => this.changeEmitter.fire(state ? this.connectionNodes.get(state.config.name) : undefined));
  }

  /** Shows only tables whose name contains the text (case-insensitive); empty clears. */
  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    void vscode.commands.executeCommand('setContext', 'deltaExplorer.filtered', this.filterText !== '');
    this.changeEmitter.fire(undefined);
  }

  get filter(): string {
    return this.filterText;
  }

  /** Reloads one node's children, or everything; a connection whose session was lost reconnects now. */
  refresh(node?: CatalogNode): void {
    const names = node ? ('connection' in node ? [node.connection] : []) : this.connections.list().map((c) => c.config.name);
    for (const name of names) if (this.connections.get(name)?.status === 'lost') this.reconnect.add(name);
    this.changeEmitter.fire(node);
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    return toTreeItem(node, this.connections, this.extensionUri, this.filterText);
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node) return this.connections.list().map((c) => this.connectionNode(c.config.name));
    try {
      return await this.childrenOf(node);
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.log.warn(`Loading ${nodeId(node)}: ${message}`);
      return [{ kind: 'error', message, parentId: nodeId(node) }];
    }
  }

  private connectionNode(name: string): CatalogNode {
    let node = this.connectionNodes.get(name);
    if (!node) {
      node = { kind: 'connection', connection: name };
      this.connectionNodes.set(name, node);
    }
    return node;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }

  private async childrenOf(node: CatalogNode): Promise<CatalogNode[]> {
    switch (node.kind) {
      case 'connection': return this.lostMessage(node.connection) ?? this.catalogs(node.connection);
      case 'catalog': return this.schemas(node.connection, node.catalog);
      case 'schema': return this.tables(node.connection, node.catalog, node.schema);
      case 'table': return this.tableChildren(node);
      case 'history': return this.versions(node);
      default: return [];
    }
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
    const s = await this.session(connection);
    const list = await s.catalog.listCatalogs();
    return list.map((c) => ({ kind: 'catalog' as const, connection, catalog: c.name })).sort(byName((n) => n.catalog));
  }

  private async schemas(connection: string, catalog: string): Promise<CatalogNode[]> {
    const s = await this.session(connection);
    const list = await s.catalog.listDatabases(catalog);
    return list.map((d) => ({ kind: 'schema' as const, connection, catalog, schema: d.name })).sort(byName((n) => n.schema));
  }

  private async tables(connection: string, catalog: string, schema: string): Promise<CatalogNode[]> {
    const s = await this.session(connection);
    const list = await s.catalog.listTables(schema, catalog);
    const nodes = list
      .filter((t) => this.filterText === '' || t.name.toLowerCase().includes(this.filterText))
      .map((t) => ({
        kind: 'table' as const, connection, catalog, schema, table: t.name, tableType: t.tableType, provider: t.provider,
        isTemporary: t.isTemporary, description: t.description ?? undefined,
      }))
      .sort(byName((n) => n.table));
    if (nodes.length === 0) {
      const text = this.filterText ? `No table matches "${this.filterText}"` : 'No tables';
      return [{ kind: 'message', text, parentId: `${connection}/${catalog}/${schema}` }];
    }
    return nodes;
  }

  private async tableChildren(node: Extract<CatalogNode, { kind: 'table' }>): Promise<CatalogNode[]> {
    const s = await this.session(node.connection);
    const columns = await s.catalog.listColumns(qualifiedName(node));
    const children: CatalogNode[] = columns.map((c) => ({
      kind: 'column', connection: node.connection, catalog: node.catalog, schema: node.schema, table: node.table,
      name: c.name, dataType: c.dataType, nullable: c.nullable, isPartition: c.isPartition, comment: c.description ?? undefined,
    }));
    if (node.provider === 'delta') children.push({ kind: 'history', connection: node.connection, catalog: node.catalog, schema: node.schema, table: node.table });
    return children;
  }

  private async versions(ref: TableRef): Promise<CatalogNode[]> {
    const s = await this.session(ref.connection);
    const entries = await DeltaTable.forName(s, qualifiedName(ref)).historyEntries(readSettings().historyLimit);
    return entries.map((e, i) => ({ kind: 'version', ...pickRef(ref), version: e.version, timestamp: e.timestamp, operation: e.operation, isLatest: i === 0 }));
  }
}

function pickRef(ref: TableRef): TableRef {
  return { connection: ref.connection, catalog: ref.catalog, schema: ref.schema, table: ref.table };
}

function byName<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => key(a).localeCompare(key(b));
}

/** The one place a node becomes a TreeItem. */
export function toTreeItem(node: CatalogNode, connections: ConnectionManager, extensionUri: vscode.Uri, filter: string): vscode.TreeItem {
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  const none = vscode.TreeItemCollapsibleState.None;
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'connection': {
      const state = connections.get(node.connection);
      item = new vscode.TreeItem(node.connection, collapsed);
      describeConnection(item, state, filter);
      break;
    }
    case 'catalog':
      item = new vscode.TreeItem(node.catalog, collapsed);
      item.iconPath = new vscode.ThemeIcon('library');
      item.contextValue = 'catalog';
      break;
    case 'schema':
      item = new vscode.TreeItem(node.schema, collapsed);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'schema';
      break;
    case 'table': {
      item = new vscode.TreeItem(node.table, collapsed);
      const delta = node.provider === 'delta';
      const view = /VIEW/i.test(node.tableType);
      item.iconPath = delta ? vscode.Uri.joinPath(extensionUri, 'media', 'delta-table.svg') : new vscode.ThemeIcon(view ? 'eye' : 'table');
      item.description = delta ? 'Delta' : view ? 'view' : (node.provider ?? node.tableType.toLowerCase());
      item.tooltip = `${node.catalog}.${node.schema}.${node.table}\n${delta ? 'Delta table' : node.tableType}${node.description ? `\n${node.description}` : ''}`;
      item.contextValue = delta ? 'table.delta' : view ? 'view' : 'table';
      break;
    }
    case 'column':
      item = new vscode.TreeItem(node.name, none);
      item.description = `${node.dataType}${node.nullable ? '' : ' not null'}${node.isPartition ? ' · partition' : ''}`;
      item.tooltip = [node.name, node.dataType, node.nullable ? 'nullable' : 'not null', node.isPartition ? 'partition column' : '', node.comment ?? ''].filter(Boolean).join('\n');
      item.iconPath = new vscode.ThemeIcon(node.isPartition ? 'symbol-key' : 'symbol-field');
      item.contextValue = 'column';
      break;
    case 'history':
      item = new vscode.TreeItem('History', collapsed);
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'history';
      break;
    case 'version':
      item = new vscode.TreeItem(`v${node.version} ${node.operation}`, none);
      item.description = node.timestamp ? node.timestamp.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
      item.iconPath = new vscode.ThemeIcon(node.isLatest ? 'git-commit' : 'circle-outline');
      item.contextValue = 'version';
      item.command = { command: 'deltaExplorer.previewVersion', title: 'Preview This Version', arguments: [node] };
      break;
    case 'error':
      item = new vscode.TreeItem(node.message, none);
      item.iconPath = new vscode.ThemeIcon('error');
      item.tooltip = node.message;
      item.contextValue = 'error';
      break;
    case 'message':
      item = new vscode.TreeItem(node.text, none);
      item.contextValue = 'message';
      break;
  }
  item.id = nodeId(node);
  return item;
}

function describeConnection(item: vscode.TreeItem, state: ConnectionState | undefined, filter: string): void {
  const status = state?.status ?? 'disconnected';
  item.iconPath = new vscode.ThemeIcon(status === 'connected' ? 'vm-active' : status === 'failed' || status === 'lost' ? 'vm-outline' : 'vm');
  const version = state?.sparkVersion ? `Spark ${state.sparkVersion}` : '';
  const statusText = status === 'connected' ? version : status === 'lost' ? 'session lost · refresh to reconnect' : status;
  item.description = filter ? `${statusText} · filter: ${filter}` : statusText;
  const delta = state && status === 'connected' ? deltaLine(state) : '';
  item.tooltip = `${state?.config.url ?? ''}\n${status}${delta ? `\n${delta}` : ''}${state?.error ? `\n${state.error}` : ''}${state?.fromEnvironment ? '\n(from SPARK_REMOTE)' : ''}`;
  item.contextValue = status === 'connected' ? 'connection.connected' : 'connection.disconnected';
}
