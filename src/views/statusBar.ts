// The status bar item: the active connection and its Spark version.
import * as vscode from 'vscode';
import { DELTA_DIALECT_LABELS } from '../client';
import type { ConnectionManager, ConnectionState } from '../services/connections';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deltaExplorer.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connections: ConnectionManager) {
    this.item.name = 'Delta Connect connection';
    this.item.command = 'deltaExplorer.chooseConnection';
    this.subscription = connections.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const state = this.connections.active;
    if (!state) return this.showUnchosen();
    const icon = state.status === 'connected' ? '$(database)' : state.status === 'connecting' ? '$(sync~spin)' : state.status === 'lost' || state.status === 'failed' ? '$(warning)' : '$(debug-disconnect)';
    const version = state.status === 'connected' && state.sparkVersion ? ` · Spark ${state.sparkVersion}` : state.status === 'connected' ? '' : state.status === 'lost' ? ' · session lost' : ` · ${state.status}`;
    const delta = state.status === 'connected' && state.deltaSupport ? ` · ${DELTA_DIALECT_LABELS[state.deltaSupport]}` : '';
    this.item.text = `${icon} ${state.config.name}${version}${delta}`;
    this.item.tooltip = [`Active connection of this window: ${state.config.name}`, state.config.url, deltaLine(state), state.error ?? '', 'Click to choose another or reconnect'].filter(Boolean).join('\n');
    this.item.show();
  }

  /** Several connections and none chosen: say so, and let a click choose. */
  private showUnchosen(): void {
    if (this.connections.list().length === 0) return this.item.hide();
    this.item.text = '$(plug) Delta: choose a connection';
    this.item.tooltip = 'No active connection in this window: click to choose the one Run uses (or set deltaExplorer.defaultConnection)';
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** What the status bar and the connection's tooltip say about Delta operations. */
export function deltaLine(state: ConnectionState): string {
  switch (state.deltaSupport) {
    case 'deltaConnect': return 'Delta operations: Delta Connect (the server has a Delta Connect plugin)';
    case 'sql': return 'Delta operations: Delta over SQL (no Delta Connect plugin on this server; the same operations as SQL statements)';
    case 'none': return 'Delta operations: none — this server has no Delta Lake';
    default: return '';
  }
}
