// The VS Code side of the result grid: a WebviewPanel around a GridSession (src/grid), which does the work.
// No webview serializer: a grid's rows live in this extension host (memory and a spill file deleted on dispose) and
// its operation on the server ends with the window, so after a reload there is nothing to show again. Restoring would
// mean running the statement again unasked, and a statement may change data; the panel closes with the window.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { gridHtml, makeNonce } from './gridHtml';
import type { GridHost } from '../../grid/gridHost';
import { GridSession, GridSessionOptions } from '../../grid/gridSession';
import { GridSource } from '../../grid/gridSource';
import { tabTitle } from '../../grid/resultTabs';
import type { ExportFormat, HostMessage } from '../../grid/shared/protocol';
import type { Logger } from '../../services/log';

/** Options for opening a grid. */
export interface OpenGridOptions extends GridSessionOptions {
  /** Editor column; default: the active one. */
  readonly viewColumn?: vscode.ViewColumn;
  /** The extension's logger: grid lines are scrubbed of secrets like every other line. */
  readonly log?: Logger;
  /** Told when the user pins or unpins the tab, or runs its source again (the tab policy keeps track). */
  readonly tabEvents?: { pinChanged(pinned: boolean): void; ranAgain(): void };
}

const EXPORT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  csv: { 'CSV': ['csv'] },
  jsonl: { 'JSON lines': ['jsonl'] },
  arrow: { 'Arrow IPC file': ['arrow', 'feather'] },
};

/** A webview panel showing one streaming Arrow result. Disposes itself when the user closes it. */
export class ResultGridPanel implements vscode.Disposable {
  /** Webview type id of result grids. */
  static readonly viewType = 'deltaConnect.resultGrid';

  private readonly session: GridSession;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  private disposed = false;
  private pinned = false;
  /** The title without its pin mark (a capped preview's says so). */
  private title: string;

  /** Fires once when the panel is closed or disposed. */
  readonly onDidDispose = this.disposeEmitter.event;

  /** Opens a new grid panel for `source`; streaming starts at once, before the webview is ready. */
  static open(extensionUri: vscode.Uri, source: GridSource, options: OpenGridOptions = {}): ResultGridPanel {
    const panel = vscode.window.createWebviewPanel(ResultGridPanel.viewType, source.title, options.viewColumn ?? vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    return new ResultGridPanel(panel, extensionUri, source, options);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, source: GridSource, private readonly options: OpenGridOptions) {
    const webview = panel.webview;
    this.title = source.title;
    this.session = new GridSession(source, this.host(), options);
    webview.html = gridHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'grid.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'grid', 'grid.css')).toString(),
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: unknown) => this.session.handle(message)),
      // Without retainContextWhenHidden the page is destroyed when hidden; it says `ready` again when shown.
      panel.onDidChangeViewState((e) => (e.webviewPanel.visible ? undefined : this.session.detach())),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The table the rows come from changed: the grid shows a notice with Refresh. */
  markStale(): void {
    if (!this.disposed) this.session.markStale();
  }

  /** The editor column the panel is in (a result that replaces it opens there). */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  /** The query behind the rows shown now (with the grid's sort and filter), for Explain; see GridSession.explainView. */
  explainView(): ReturnType<GridSession['explainView']> {
    return this.session.explainView();
  }

  /** Whether the panel is the active editor. */
  get active(): boolean {
    return !this.disposed && this.panel.active;
  }

  /** Brings the panel to the front. */
  reveal(): void {
    this.panel.reveal();
  }

  /** Closes the panel, cancels streaming and frees the result. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
    this.subscriptions.forEach((d) => d.dispose());
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  private host(): GridHost {
    return {
      post: (message: HostMessage) => void this.panel.webview.postMessage(message),
      writeClipboard: async (text) => vscode.env.clipboard.writeText(text),
      pickExportFile: (format, name) => this.pickExportFile(format, name),
      withProgress: async (title, task) => vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          const cancelled = token.onCancellationRequested(() => abort.abort());
          return task((message) => progress.report({ message }), abort.signal).finally(() => cancelled.dispose());
        },
      ),
      log: (message) => this.options.log?.info(message),
      setTitle: (title) => this.retitle(title),
      exportFinished: (file, rows) => void this.announceExport(file, rows),
      pinChanged: (pinned) => {
        this.pinned = pinned;
        this.retitle(this.title);
        this.options.tabEvents?.pinChanged(pinned);
      },
      ranAgain: () => this.options.tabEvents?.ranAgain(),
    };
  }

  private retitle(title: string): void {
    this.title = title;
    if (!this.disposed) this.panel.title = tabTitle(title, this.pinned);
  }

  private async announceExport(file: string, rows: number): Promise<void> {
    const reveal = 'Reveal in File Explorer';
    const choice = await vscode.window.showInformationMessage(`Exported ${rows.toLocaleString('en-US')} rows to ${path.basename(file)}.`, reveal);
    if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file));
  }

  private async pickExportFile(format: ExportFormat, name: string): Promise<string | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(folder, name)),
      filters: EXPORT_FILTERS[format],
      title: 'Export result',
    });
    return uri?.scheme === 'file' ? uri.fsPath : undefined;
  }
}
