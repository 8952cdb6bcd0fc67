// The open result grid panels and where a new result goes: in place of the most recent unpinned result tab
// (deltaExplorer.results.openIn = replace, the default) or in a new tab. The decision is src/grid/resultTabs.ts; this
// opens and closes the panels, marks grids of a written table stale and finds the tab of a query history entry.
import * as vscode from 'vscode';
import type { GridSource } from '../../grid/gridSource';
import type { OpenTables } from '../../grid/openTables';
import type { ExplainedResult } from '../../grid/resultExplain';
import { collectGarbage } from '../../grid/memoryRelease';
import { ResultTabs } from '../../grid/resultTabs';
import type { Logger } from '../../services/log';
import { readSettings } from '../../services/settings';
import { ResultGridPanel } from './resultGridPanel';

/** How a result opens. */
export interface ResultTabOptions {
  /** Opens the Profile panel at once (Profile Columns). */
  readonly openProfile?: boolean;
  /** The statement that made the result and the connection it ran on (shown in the toolbar). */
  readonly about?: { readonly statement?: string; readonly connection?: string };
  /** Offer Run Again; default: for a source that reads a table. Set false for statements that write. */
  readonly runAgain?: boolean;
  /** The key of the query history entry whose result this is (Open Result reveals the tab). */
  readonly history?: string;
  /** A tab of its own even under `replace`: a follow-up of the result in front, which it must not close. */
  readonly newTab?: boolean;
  /** A statement of the run that made the result writes: its grid offers no Explain. */
  readonly writes?: boolean;
}

/** The result in front, for Explain: its source, whether a write made it, and what made it. */
export interface FrontResult extends ExplainedResult {
  readonly about?: ResultTabOptions['about'];
  /** A sort or filter the grid applied in memory on top of `source` ("sorted by fare descending"). */
  readonly inMemory?: string;
}

/** The result grid tabs of the extension. */
export class ResultGridTabs implements vscode.Disposable {
  private readonly tabs = new ResultTabs<ResultGridPanel>();
  private readonly results = new Map<ResultGridPanel, FrontResult>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Logger, private readonly openTables: OpenTables) {}

  /** Shows `source` in a result tab: the one it replaces (then closed), or a new one. */
  open(source: GridSource, options: ResultTabOptions = {}): ResultGridPanel {
    const settings = readSettings();
    const replaced = options.newTab ? undefined : this.tabs.target(settings.resultsOpenIn);
    const reads = source.reads;
    const panel: ResultGridPanel = ResultGridPanel.open(this.extensionUri, source, {
      log: this.log,
      memoryBudgetBytes: settings.gridMemoryBudgetMB * 1024 * 1024,
      openProfile: options.openProfile,
      about: options.about ?? (reads && { connection: reads.connection }),
      runAgain: options.runAgain ?? reads !== undefined,
      viewColumn: replaced?.viewColumn,
      tabEvents: {
        pinChanged: (pinned) => this.tabs.setPinned(panel, pinned),
        ranAgain: () => this.tabs.touched(panel),
      },
    });
    this.tabs.opened(panel, options.history);
    this.results.set(panel, { source, writes: options.writes, about: options.about ?? (reads && { connection: reads.connection }) });
    const unregister = reads ? this.openTables.register(reads, () => panel.markStale()) : undefined;
    panel.onDidDispose(() => {
      this.tabs.closed(panel);
      this.results.delete(panel);
      unregister?.();
      if (this.tabs.size === 0) this.releaseMemory();
    });
    replaced?.dispose();
    return panel;
  }

  /** Brings the tab of a query history entry's result to the front; false when it is no longer open. */
  reveal(history: string): boolean {
    const panel = this.tabs.forHistory(history);
    panel?.reveal();
    return panel !== undefined;
  }

  /** The result of the grid tab in front (the active editor), if one is. */
  front(): FrontResult | undefined {
    const panel = this.tabs.panels.find((p) => p.active);
    const result = panel && this.results.get(panel);
    if (!panel || !result || result.writes) return result;
    // the rows as the grid shows them now: its sort and filter re-queried on the server, or applied in memory
    return { ...result, ...panel.explainView() };
  }

  /** Result tabs open now. */
  get size(): number {
    return this.tabs.size;
  }

  /**
   * The last grid closed: its rows are garbage, but an idle host may not collect them for minutes, so ask for a
   * collection (memoryRelease.ts) once the close has settled (a result opening in the meantime skips it), and log
   * the memory figures after it.
   */
  private releaseMemory(): void {
    setTimeout(() => {
      if (this.tabs.size > 0) return;
      const t0 = performance.now();
      if (!collectGarbage()) return;
      const m = process.memoryUsage();
      const mb = (n: number) => (n / 1e6).toFixed(0);
      this.log.info(`Grids: every grid closed; collected garbage in ${(performance.now() - t0).toFixed(0)} ms: RSS ${mb(m.rss)} MB, JS heap ${mb(m.heapTotal)} MB, array buffers ${mb(m.arrayBuffers)} MB`);
    }, 1000);
  }

  /** Closes every result tab. */
  dispose(): void {
    this.tabs.panels.forEach((p) => p.dispose());
  }
}
