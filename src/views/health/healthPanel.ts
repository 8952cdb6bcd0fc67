// The Table Health panel: one webview per table showing its HealthViewModel (media/health), under the grid's strict
// CSP. It only carries messages: what a button asks for (apply a fix, export, open as grid, refresh) goes to the
// handlers the command gave it. Every message from the page is checked before it is acted on. When the extension
// writes the table (a fix applied, or any other write), the panel computes its figures again: at once when it is
// visible, else when it is next shown.
import * as vscode from 'vscode';
import { makeNonce, webviewHtml } from '../grid/gridHtml';
import { parseHealthWebviewMessage, type HealthExportFormat, type HealthHostMessage, type HealthViewModel } from '../../grid/shared/healthProtocol';

/** What the panel's buttons do; the command supplies them. */
export interface HealthPanelActions {
  applyFix(index: number): Promise<void>;
  exportData(format: HealthExportFormat): Promise<void>;
  openGrid(): void;
  /** Computes the figures again; the panel shows the new model. */
  refresh(): Promise<HealthViewModel>;
  /** Reports an action's failure (the command runner's one error message). */
  failed(error: unknown): void;
}

/** The HTML shell of the Health view: the webviews' strict shell with the Health page's root. */
export function healthHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string): string {
  return webviewHtml({ cspSource, nonce, scriptUri, styleUri }, {
    title: 'Table Health', body: '<main id="health-app" class="health-app"><p class="health-status busy">Loading…</p></main>',
  });
}

export class HealthPanel implements vscode.Disposable {
  static readonly viewType = 'deltaExplorer.tableHealth';
  /** Open panels by key (connection and table): Health of a table shown again reuses its panel. */
  private static readonly open = new Map<string, HealthPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /**
   * Shows the model in the table's panel, creating it if needed. `watch` subscribes a new panel to the table's
   * writes (its listener is called after each) and returns the unsubscribe function.
   */
  static show(extensionUri: vscode.Uri, key: string, model: HealthViewModel, actions: HealthPanelActions, watch?: (onChanged: () => void) => () => void): HealthPanel {
    const existing = HealthPanel.open.get(key);
    if (existing) {
      existing.actions = actions;
      existing.update(model);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(HealthPanel.viewType, `Health: ${model.table}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    const created = new HealthPanel(panel, extensionUri, key, model, actions);
    if (watch) {
      const unwatch = watch(() => created.tableChanged());
      created.subscriptions.push({ dispose: unwatch });
    }
    HealthPanel.open.set(key, created);
    return created;
  }

  /** A write since the figures were computed, not yet recomputed (the panel was hidden, or a refresh was running). */
  private stale = false;
  private refreshing = false;

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly key: string, private model: HealthViewModel, private actions: HealthPanelActions) {
    const webview = panel.webview;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'delta-table.svg');
    webview.html = healthHtml(
      webview.cspSource, makeNonce(),
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'health.js')).toString(),
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'health', 'health.css')).toString(),
    );
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: unknown) => this.handle(message)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => { if (this.stale && panel.visible) this.recompute('The table changed since these figures were computed: computing them again…'); }),
    );
  }

  /** The extension wrote the table: compute again now if the panel is visible and idle, else when it can. */
  tableChanged(): void {
    this.stale = true;
    if (this.panel.visible) this.recompute('The table changed: computing the figures again…');
  }

  /** Computes the figures again (a Refresh, or after a write), one computation at a time. */
  private recompute(busyText: string): void {
    if (this.refreshing) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.refreshing = true;
    this.post({ type: 'busy', text: busyText });
    this.run(this.actions.refresh().then((model) => this.update(model)).finally(() => {
      this.refreshing = false;
      if (this.stale && this.panel.visible) this.recompute('The table changed again: computing the figures again…');
    }), true);
  }

  /** The model on show (tests read it). */
  get current(): HealthViewModel {
    return this.model;
  }

  update(model: HealthViewModel): void {
    this.model = model;
    this.panel.title = `Health: ${model.table}`;
    this.post({ type: 'init', model });
  }

  private post(message: HealthHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private handle(raw: unknown): void {
    const message = parseHealthWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready': return this.post({ type: 'init', model: this.model });
      case 'applyFix': return this.run(this.actions.applyFix(message.index));
      case 'export': return this.run(this.actions.exportData(message.format));
      case 'openGrid': return this.actions.openGrid();
      case 'refresh': return this.recompute('Computing the figures again…');
    }
  }

  private run(action: Promise<void>, showError = false): void {
    action.catch((error: unknown) => {
      if (showError) this.post({ type: 'error', text: error instanceof Error ? error.message : String(error) });
      this.actions.failed(error);
    });
  }

  dispose(): void {
    if (HealthPanel.open.get(this.key) === this) HealthPanel.open.delete(this.key);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panel.dispose();
  }
}
