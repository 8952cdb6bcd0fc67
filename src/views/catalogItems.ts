// Rendering of the catalog tree: one function turns a node into a TreeItem, one small function per kind of node.
// Nothing here loads anything.
import * as vscode from 'vscode';
import type { ConnectionState } from '../services/connections';
import { nodeId, type CatalogNode } from './catalogNodes';
import { deltaLine } from './statusBar';
import { nestedFields } from './columnTypes';
import { vacuumedNote } from '../client';

/** What rendering reads besides the node. */
export interface RenderContext {
  /** The state of a connection (status, version, error). */
  connection(name: string): ConnectionState | undefined;
  readonly extensionUri: vscode.Uri;
  /** The table filter ('' = none), shown on connection rows. */
  readonly filter: string;
}

type NodeOf<K extends CatalogNode['kind']> = Extract<CatalogNode, { kind: K }>;
type Renderers = { readonly [K in CatalogNode['kind']]: (node: NodeOf<K>, ctx: RenderContext) => vscode.TreeItem };

const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const none = vscode.TreeItemCollapsibleState.None;

const RENDER: Renderers = {
  connection: (node, ctx) => connectionItem(node.connection, ctx.connection(node.connection), ctx.filter),
  catalog: (node) => item(node.catalog, collapsed, 'library', 'catalog'),
  schema: (node) => item(node.schema, collapsed, 'symbol-namespace', 'schema'),
  table: (node, ctx) => tableItem(node, ctx.extensionUri),
  column: (node) => columnItem(node),
  history: () => item('History', collapsed, 'history', 'history'),
  version: (node) => versionItem(node),
  error: (node) => Object.assign(item(node.message, none, 'error', 'error'), { tooltip: node.message }),
  message: (node) => Object.assign(new vscode.TreeItem(node.text, none), { contextValue: 'message' }),
};

/** The one place a node becomes a TreeItem. */
export function toTreeItem(node: CatalogNode, ctx: RenderContext): vscode.TreeItem {
  const render = RENDER[node.kind] as (node: CatalogNode, ctx: RenderContext) => vscode.TreeItem;
  const treeItem = render(node, ctx);
  treeItem.id = nodeId(node);
  return treeItem;
}

function item(label: string, state: vscode.TreeItemCollapsibleState, icon: string, contextValue: string): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(label, state);
  treeItem.iconPath = new vscode.ThemeIcon(icon);
  treeItem.contextValue = contextValue;
  return treeItem;
}

function tableItem(node: NodeOf<'table'>, extensionUri: vscode.Uri): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(node.table, collapsed);
  const delta = node.provider === 'delta';
  const view = /VIEW/i.test(node.tableType);
  treeItem.iconPath = delta ? vscode.Uri.joinPath(extensionUri, 'media', 'delta-table.svg') : new vscode.ThemeIcon(view ? 'eye' : 'table');
  treeItem.description = delta ? 'Delta' : view ? 'view' : (node.provider ?? node.tableType.toLowerCase());
  treeItem.tooltip = `${node.catalog}.${node.schema}.${node.table}\n${delta ? 'Delta table' : node.tableType}${node.description ? `\n${node.description}` : ''}`;
  treeItem.contextValue = delta ? 'table.delta' : view ? 'view' : 'table';
  return treeItem;
}

function columnItem(node: NodeOf<'column'>): vscode.TreeItem {
  const icon = node.isPartition ? 'symbol-key' : nestedFields(node.dataType).length ? 'symbol-struct' : 'symbol-field';
  const treeItem = item(node.name, nestedFields(node.dataType).length ? collapsed : none, icon, 'column');
  treeItem.description = `${node.dataType}${node.nullable ? '' : ' not null'}${node.isPartition ? ' · partition' : ''}${node.isClustering ? ' · clustering' : ''}`;
  treeItem.tooltip = [[...(node.path ?? []), node.name].join('.'), node.dataType, node.nullable ? 'nullable' : 'not null', node.isPartition ? 'partition column' : '',
    node.isClustering ? 'clustering column' : '', node.comment ?? ''].filter(Boolean).join('\n');
  return treeItem;
}

function versionItem(node: NodeOf<'version'>): vscode.TreeItem {
  const icon = node.isLatest ? 'git-commit' : node.vacuumed ? 'warning' : 'circle-outline';
  const treeItem = item(`v${node.version} ${node.operation}`, none, icon, 'version');
  const time = node.timestamp ? node.timestamp.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
  treeItem.description = node.vacuumed ? `${time} · files may be vacuumed` : time;
  if (node.vacuumed) treeItem.tooltip = `v${node.version} ${node.operation}${time ? `, ${time}` : ''}\n${capitalized(vacuumedNote(node.vacuumed))}: reading it will likely fail.`;
  treeItem.command = { command: 'deltaExplorer.previewVersion', title: 'Preview This Version', arguments: [node] };
  return treeItem;
}

function connectionItem(name: string, state: ConnectionState | undefined, filter: string): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(name, collapsed);
  const status = state?.status ?? 'disconnected';
  treeItem.iconPath = new vscode.ThemeIcon(status === 'connected' ? 'vm-active' : status === 'failed' || status === 'lost' ? 'vm-outline' : 'vm');
  const version = state?.sparkVersion ? `Spark ${state.sparkVersion}` : '';
  const statusText = status === 'connected' ? version : status === 'lost' ? 'session lost · refresh to reconnect' : status;
  treeItem.description = filter ? `${statusText} · filter: ${filter}` : statusText;
  const delta = state && status === 'connected' ? deltaLine(state) : '';
  treeItem.tooltip = `${state?.config.url ?? ''}\n${status}${delta ? `\n${delta}` : ''}${state?.error ? `\n${state.error}` : ''}${state?.fromEnvironment ? '\n(from SPARK_REMOTE)' : ''}`;
  treeItem.contextValue = status === 'connected' ? 'connection.connected' : 'connection.disconnected';
  return treeItem;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
