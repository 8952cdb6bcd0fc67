// The catalog tree: connections › catalogs › schemas › tables and views › columns (+ history of Delta tables).
// Children load lazily (catalogLoader.ts); a failure becomes an error node (never a popup) and is never cached.
// Nodes become TreeItems in catalogItems.ts. Every node knows its parent, so the tree can reveal any of them.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../services/connections';
import type { Logger } from '../services/log';
import { readSettings } from '../services/settings';
import { toTreeItem } from './catalogItems';
import { CatalogLoader } from './catalogLoader';
import { nodeId, type CatalogNode } from './catalogNodes';

export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private filterText = '';
  private readonly subscription: vscode.Disposable;
  private readonly loader: CatalogLoader;

  constructor(private readonly connections: ConnectionManager, private readonly extensionUri: vscode.Uri, private readonly log: Logger) {
    this.loader = new CatalogLoader(connections);
    this.subscription = connections.onDidChange((state) => this.changeEmitter.fire(state ? this.loader.shownConnection(state.config.name) : undefined));
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
    this.loader.reconnectLost(node ? ('connection' in node ? [node.connection] : []) : this.connections.list().map((c) => c.config.name));
    this.changeEmitter.fire(node);
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    return toTreeItem(node, { connection: (name) => this.connections.get(name), extensionUri: this.extensionUri, filter: this.filterText });
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node) return this.loader.roots();
    try {
      return await this.loader.children(node, { filter: this.filterText, historyLimit: readSettings().historyLimit });
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.log.warn(`Loading ${nodeId(node)}: ${message}`);
      return this.loader.adopt(node, [{ kind: 'error', message, parentId: nodeId(node) }]);
    }
  }

  getParent(node: CatalogNode): CatalogNode | undefined {
    return this.loader.parentOf(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
