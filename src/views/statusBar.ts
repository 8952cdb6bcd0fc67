// The status bar item: the active connection and its Spark version.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../services/connections';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deltaExplorer.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connections: ConnectionManager) {
    this.item.name = 'Delta Connect connection';
    this.item.command = 'deltaExplorer.connect';
    this.subscription = connections.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const state = this.connections.active;
    if (!state) {
      this.item.hide();
      return;
    }
    const icon = state.status === 'connected' ? '$(database)' : state.status === 'connecting' ? '$(sync~spin)' : state.status === 'lost' || state.status === 'failed' ? '$(warning)' : '$(debug-disconnect)';
    const version = state.status === 'connected' && state.sparkVersion ? ` · Spark ${state.sparkVersion}` : state.status === 'connected' ? '' : state.status === 'lost' ? ' · session lost' : ` · ${state.status}`;
    this.item.text = `${icon} ${state.config.name}${version}`;
    this.item.tooltip = `${state.config.url}\n${state.error ?? 'Click to connect'}`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
