// The host side of one result grid, without vscode: answers the webview's messages over one streaming result
// (ResultFeed), decides where sorting and filtering happen (viewPlan.ts), and hands copy, export and profile to
// their own modules. ResultGridPanel plugs it into a webview; the Chromium tests plug it into a page.
import { copyText } from './copyText';
import { exportResult } from './gridExport';
import type { GridHost } from './gridHost';
import { GridProfiler } from './gridProfiler';
import { GridSource, RequeryOptions } from './gridSource';
import { buildLocalOrder } from './localView';
import { ResultFeed } from './resultFeed';
import { ResultStore, ResultStoreOptions } from './resultStore';
import { capText, isCutShort } from './shared/previewCap';
import { assertNever, CapInfo, PUSHED_WINDOW, WINDOW_ROWS, CellRange, CopyFormat, ExportFormat, HostMessage, parseWebviewMessage, StreamStatus, ViewSpec, WebviewMessage } from './shared/protocol';
import { columnInfos } from './sparkTypes';
import { chooseViewPlan, explainedView, requeryOptions, ViewState } from './viewPlan';

/** Limits of one session. */
export interface GridSessionOptions extends ResultStoreOptions {
  /** Largest window answered per getRows (default 1000 rows). */
  readonly maxWindowRows?: number;
  /** Largest copy, in cells (default 1,000,000); bigger selections are refused with a hint to export. */
  readonly maxCopyCells?: number;
  /** Milliseconds between row-count updates while streaming (default 100). */
  readonly rowCountIntervalMs?: number;
  /** Opens the Profile panel when the webview first shows (Profile Columns). */
  readonly openProfile?: boolean;
  /** What made the result, shown in the toolbar (the statement's first line, its connection). */
  readonly about?: { readonly statement?: string; readonly connection?: string };
  /** Offers Run Again in the toolbar: set only for sources that only read (and it needs `requery`). */
  readonly runAgain?: boolean;
}

const EMPTY_VIEW: ViewSpec = { sort: [], filter: '' };

/** Serves one result to one grid webview. */
export class GridSession {
  private readonly feed: ResultFeed;
  private readonly profiler: GridProfiler;
  private view: ViewState = { spec: EMPTY_VIEW, place: 'none', storeFilter: '' };
  private viewId = 1;
  private viewSeq = 0;
  private webviewReady = false;
  private rowCountTimer: ReturnType<typeof setTimeout> | undefined;
  private sentRowCount = 0;
  /** The view whose first window was sent unasked last (pushFirstWindow). */
  private pushedView = 0;
  private disposed = false;
  private readonly maxWindowRows: number;
  /** The whole table's row count of a capped preview, once known. */
  private capTotal: number | undefined;
  private capTotalAsked = false;
  /** Load all replaced a capped preview by its whole table. */
  private loadedAll = false;
  /** When the current stream started (the session's start, or the last re-query / Load all). */
  private streamStarted = performance.now();
  /** How long the current result took, once it ended (repeated to a page that shows after the end). */
  private streamElapsed: number | undefined;
  /** The table changed since the rows were loaded. */
  private stale = false;
  /** The column names before a refresh, until the refreshed result's schema is known. */
  private refreshedFrom: string[] | undefined;
  /** The tab is pinned: a new result never replaces it (the host keeps the policy, this the state). */
  private pinned = false;
  /** When the current result was asked for (ms since the epoch): the first run, the last Run Again or Refresh. */
  private ranAt = Date.now();

  constructor(private readonly root: GridSource, private readonly host: GridHost, private readonly opts: GridSessionOptions = {}) {
    this.maxWindowRows = opts.maxWindowRows ?? 1000;
    this.profiler = new GridProfiler(root, {
      post: (m) => this.post(m),
      log: (m) => host.log(m),
      view: () => this.store && {
        columns: columnInfos(this.store.schema), filter: this.view.spec.filter, where: requeryOptions(this.view.spec, this.store.schema).where,
      },
    });
    this.feed = new ResultFeed(root, opts, {
      storeCreated: () => { this.followColumns(); this.sendInit(); },
      rowsAdded: () => this.scheduleRowCount(),
      ended: () => {
        this.streamElapsed = Math.max(0, performance.now() - this.streamStarted);
        this.sendRowCount();
        this.sendCap();
        this.fetchCapTotal();
      },
      failed: (e) => this.fail(e),
    });
    this.feed.start();
  }

  /** Rows held so far and where they live; for status lines and benchmarks. */
  get stats(): { rows: number; memoryBytes: number; spilledBytes: number; status: StreamStatus } {
    const s = this.store;
    return { rows: s?.loadedRows ?? 0, memoryBytes: s?.memoryBytes ?? 0, spilledBytes: s?.spilledBytes ?? 0, status: this.feed.status };
  }

  /** The store of the current result (undefined until the schema is known). */
  get resultStore(): ResultStore | undefined {
    return this.store;
  }

  /** Handles one raw message from the webview; invalid messages are logged and ignored. */
  handle(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.host.log(`result grid: ignored an invalid message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    this.dispatch(message).catch((e: unknown) => this.fail(e, 'requestId' in message ? message.requestId : undefined));
  }

  /** The table the rows come from changed: the webview shows a notice with Refresh until the grid is refreshed. */
  markStale(): void {
    if (this.disposed || this.root.reads?.fixedVersion) return;
    this.stale = true;
    this.sendStale();
  }

  /** The webview went away (panel hidden): nothing is sent until it says `ready` again. */
  detach(): void {
    this.webviewReady = false;
  }

  /** Stops streaming and frees the result. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.rowCountTimer);
    this.feed.dispose();
    this.profiler.dispose();
  }

  private get store(): ResultStore | undefined {
    return this.feed.store;
  }

  private async dispatch(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': this.webviewReady = true; this.sendInit(); return;
      case 'getRows': this.sendRows(message.requestId, message.viewId, message.start, message.end); return;
      case 'sort': return this.changeView({ ...this.view.spec, sort: message.sort });
      case 'filter': return this.changeView({ ...this.view.spec, filter: message.text.trim() });
      case 'cancel': this.feed.cancel(); return;
      case 'loadAll': return this.loadAll();
      case 'export': return this.export(message.format);
      case 'copy': return this.copy(message.requestId, message.viewId, message.format, message.range, message.withHeader);
      case 'profile': return this.profiler.run(message.requestId, message.refresh);
      case 'cancelProfile': this.profiler.cancel(); return;
      case 'refresh': this.refresh(); return;
      case 'runAgain': this.runAgain(); return;
      case 'pin': this.setPinned(message.pinned); return;
      default: assertNever(message);
    }
  }

  private post(message: HostMessage): void {
    if (this.webviewReady && !this.disposed) this.host.post(message);
  }

  private fail(e: unknown, requestId?: number): void {
    const message = e instanceof Error ? e.message : String(e);
    this.host.log(`result grid: ${message}`);
    this.post({ type: 'error', requestId, message });
  }

  private sendInit(): void {
    const store = this.store;
    if (!store) return; // sent as soon as the schema is known
    const status = this.feed.status;
    this.pushFirstWindow(store.rowCount, true); // a new page holds no rows yet
    this.post({
      type: 'init', title: this.root.title, columns: columnInfos(store.schema), timeZone: this.root.timeZone,
      maxWindowRows: this.maxWindowRows, viewId: this.viewId, view: this.view.spec, rowCount: store.rowCount,
      status, canCancel: status === 'streaming', streamError: this.feed.streamError,
      canProfile: this.profiler.available, profileOpen: this.opts.openProfile === true && this.profiler.available,
    });
    this.sendCap();
    this.sendTab();
    if (status !== 'streaming') this.sendRowCount(); // the duration, for a page that shows after the end
    if (this.stale) this.sendStale();
  }

  /**
   * The query behind the rows the grid shows now, for Explain: the server re-query of its sort and filter (the whole
   * table after Load all), else its own query; a sort or filter done in memory is described beside it. Nothing runs.
   */
  explainView(): { source: GridSource; inMemory?: string } {
    const store = this.store;
    if (!store) return { source: this.root };
    const { serverSpec, inMemory } = explainedView(this.view, store.schema.fields.map((f) => f.name));
    if (serverSpec && this.root.requery) return { source: this.serverView(requeryOptions(serverSpec, store.schema)), inMemory };
    const whole = this.loadedAll && this.root.cap ? this.root.cap.all({}) : this.root;
    return { source: whole, inMemory };
  }

  /** Streams `source` in place of the current result; its duration counts from now. */
  private restartFeed(source: GridSource, opts?: Parameters<ResultFeed['restart']>[1]): void {
    this.streamStarted = performance.now();
    this.streamElapsed = undefined;
    this.feed.restart(source, opts);
  }

  /** Whether the toolbar offers Run Again. */
  get canRunAgain(): boolean {
    return this.opts.runAgain === true && this.root.requery !== undefined;
  }

  /** Pins or unpins the grid's tab; the host is told (it retitles the panel) and the toolbar shows it pressed. */
  setPinned(pinned: boolean): void {
    if (this.disposed || this.pinned === pinned) return;
    this.pinned = pinned;
    this.host.pinChanged?.(pinned);
    this.sendTab();
  }

  private sendTab(): void {
    const about = this.opts.about;
    this.post({ type: 'tab', tab: { statement: about?.statement, connection: about?.connection, ranAt: this.ranAt, pinned: this.pinned, canRunAgain: this.canRunAgain } });
  }

  /** Runs the grid's source again into this grid (the same path as Refresh); refused for a source that may write. */
  private runAgain(): void {
    if (!this.canRunAgain) throw new Error('This result cannot be run again from its tab: run its statements again from the Query History, which asks first before a statement that writes.');
    this.refresh();
    this.host.ranAgain?.();
  }

  private sendStale(): void {
    this.post({ type: 'stale', stale: this.stale, canRefresh: this.root.requery !== undefined });
  }

  /**
   * Runs the grid's query again with its sort and filter (the whole table again after Load all) into a new store:
   * the table's columns may have changed. Sort keys follow their columns by name. Clears the notice.
   */
  private refresh(): void {
    const store = this.store;
    if (!store || !this.root.requery) throw new Error('This grid cannot run its query again; open it again to see the table now.');
    const spec = this.view.spec;
    const source = this.serverView(requeryOptions(spec, store.schema));
    this.refreshedFrom = store.schema.fields.map((f) => f.name);
    this.stale = false;
    this.capTotal = undefined;
    this.capTotalAsked = false;
    this.sentRowCount = 0;
    this.viewId++;
    this.view = requeriedView(spec);
    this.ranAt = Date.now();
    this.restartFeed(source, { newSchema: true });
    this.sendStale();
    this.sendTab();
  }

  /** After a refresh, the sort keys by the new columns (a key whose column went away is dropped). */
  private followColumns(): void {
    const before = this.refreshedFrom;
    const store = this.store;
    if (!before || !store) return;
    this.refreshedFrom = undefined;
    const names = store.schema.fields.map((f) => f.name);
    const sort = this.view.spec.sort.flatMap((k) => {
      const column = names.indexOf(before[k.column]);
      return column < 0 ? [] : [{ column, descending: k.descending }];
    });
    this.view = { ...this.view, spec: { ...this.view.spec, sort } };
  }

  private sendRows(requestId: number, viewId: number, start: number, end: number): void {
    const store = this.store;
    if (!store || viewId !== this.viewId) return; // a request for a view that no longer exists
    const to = Math.min(end, start + this.maxWindowRows, store.rowCount);
    const ipc = store.window(start, Math.max(start, to));
    this.post({ type: 'rows', requestId, viewId, start, ipc });
  }

  private sendRowCount(): void {
    clearTimeout(this.rowCountTimer);
    this.rowCountTimer = undefined;
    const count = this.store?.rowCount ?? 0;
    this.sentRowCount = count;
    const status = this.feed.status;
    const elapsedMs = status === 'streaming' ? undefined : this.streamElapsed ?? Math.max(0, performance.now() - this.streamStarted);
    // Before the count that announces the rows: the page then has them when it renders for that count.
    this.pushFirstWindow(count);
    this.post({ type: 'rowCount', viewId: this.viewId, count, done: status !== 'streaming', status, elapsedMs });
  }

  /**
   * Sends the first window of the current view with its first rows, unasked: the webview would ask for it as soon
   * as it learns there are rows, one host round trip (and an animation frame) later. Once per view, unless `again`.
   * Sent right before the message that announces the rows (init, view or rowCount): the page holds a window of a
   * view it does not know yet until that view begins (RowCache), so it never renders the rows without it.
   */
  private pushFirstWindow(rowCount: number, again = false): void {
    if (rowCount === 0 || !this.webviewReady || (!again && this.pushedView === this.viewId)) return;
    this.pushedView = this.viewId;
    this.sendRows(PUSHED_WINDOW, this.viewId, 0, WINDOW_ROWS);
  }

  private scheduleRowCount(): void {
    if (this.sentRowCount === 0 && !this.rowCountTimer) return this.sendRowCount(); // first rows: show them at once
    this.rowCountTimer ??= setTimeout(() => this.sendRowCount(), this.opts.rowCountIntervalMs ?? 100);
  }

  private async changeView(spec: ViewSpec): Promise<void> {
    const store = this.store;
    if (!store) return;
    // A preview cut short holds only the first rows: sorting or filtering them would answer for rows it has not got.
    const storeState = { wholeInMemory: store.wholeResultInMemory && !this.cutShort(), done: store.done };
    const plan = chooseViewPlan(this.view, spec, storeState, this.root.requery !== undefined);
    if (plan.kind === 'refuse') throw new Error(plan.reason);
    const seq = ++this.viewSeq;
    if (plan.kind === 'local') {
      const order = await buildLocalOrder(store, plan.localSpec, { timeZone: this.root.timeZone });
      if (store !== this.store || seq !== this.viewSeq) return; // a newer sort or filter won
      store.setOrder(order);
      this.view = { ...this.view, spec, place: order ? 'local' : this.view.storeFilter ? 'server' : 'none' };
    } else {
      this.restartFeed(this.serverView(requeryOptions(spec, store.schema)));
      this.view = { spec, place: 'server', storeFilter: spec.filter };
    }
    this.postView();
  }

  private postView(): void {
    this.viewId++;
    const rowCount = this.store!.rowCount;
    this.sentRowCount = rowCount;
    const spec = this.view.spec;
    this.pushFirstWindow(rowCount);
    this.post({ type: 'view', viewId: this.viewId, view: spec, place: this.view.place, rowCount, status: this.feed.status });
  }

  /** The server re-query of a view: the whole table once Load all ran, else the source's own (capped again for a preview). */
  private serverView(opts: RequeryOptions): GridSource {
    return this.loadedAll && this.root.cap ? this.root.cap.all(opts) : this.root.requery!(opts);
  }

  /** The cap a preview shows under now; undefined when the grid holds its whole result. */
  private activeCap(): CapInfo | undefined {
    const cap = this.root.cap;
    if (!cap || this.loadedAll) return undefined;
    // The table's count says nothing about a filtered result.
    return { limit: cap.limit, total: this.view.storeFilter ? undefined : this.capTotal };
  }

  /** Whether the rows held are the first of a bigger table (the preview filled its cap). */
  private cutShort(): boolean {
    const cap = this.activeCap();
    return cap !== undefined && this.store !== undefined && isCutShort(cap, this.store.rowCount, this.store.done);
  }

  private sendCap(): void {
    const store = this.store;
    if (!this.root.cap || !store) return;
    const cap = this.cutShort() ? this.activeCap() : undefined;
    this.host.setTitle?.(cap ? `${this.root.title} (${capText(cap)})` : this.root.title);
    this.post({ type: 'cap', cap });
  }

  /**
   * The table's row count, asked for once and only when the preview filled its cap: a preview that holds the whole
   * table needs none (a count of a large table that is not Delta is a full scan).
   */
  private fetchCapTotal(): void {
    if (this.capTotalAsked || !this.cutShort()) return;
    this.capTotalAsked = true;
    this.root.cap?.totalRows().then((total) => {
      this.capTotal = total;
      this.sendCap();
    }, (e: unknown) => this.host.log(`result grid: the table's row count is unknown (${e instanceof Error ? e.message : String(e)})`));
  }

  /** Streams the whole table into the grid, with the current sort and filter applied on the server. */
  private loadAll(): void {
    const store = this.store;
    if (!this.root.cap || !store || this.loadedAll) return;
    this.loadedAll = true;
    const spec = this.view.spec;
    this.restartFeed(this.root.cap.all(requeryOptions(spec, store.schema)));
    this.view = requeriedView(spec);
    this.postView();
    this.sendCap();
  }

  private async copy(requestId: number, viewId: number, format: CopyFormat, range: CellRange, withHeader: boolean): Promise<void> {
    const store = this.store;
    if (!store || viewId !== this.viewId) throw new Error('The result changed; select again and copy.');
    const rowEnd = Math.min(range.rowEnd, store.rowCount);
    const colEnd = Math.min(range.colEnd, store.schema.fields.length);
    const cells = Math.max(0, rowEnd - range.rowStart) * Math.max(0, colEnd - range.colStart);
    const limit = this.opts.maxCopyCells ?? 1_000_000;
    if (cells > limit) throw new Error(`The selection has ${cells.toLocaleString('en-US')} cells; copy is limited to ${limit.toLocaleString('en-US')}. Use Export for more.`);
    const columns = Array.from({ length: Math.max(0, colEnd - range.colStart) }, (_v, i) => range.colStart + i);
    const table = store.rows(range.rowStart, rowEnd).selectAt(columns);
    const text = copyText(table, format, { timeZone: this.root.timeZone, withHeader });
    await this.host.writeClipboard(text);
    this.post({ type: 'copied', requestId, format, rows: table.numRows, chars: text.length });
  }

  private async export(format: ExportFormat): Promise<void> {
    const store = this.store;
    if (!store) throw new Error('The result has no columns yet.');
    const spec = this.view.spec;
    const requery = this.root.requery && ((): GridSource => this.root.requery!(requeryOptions(spec, store.schema)));
    await exportResult({ format, store, status: this.feed.status, title: this.root.title, timeZone: this.root.timeZone, requery }, this.host, (m) => this.post(m));
  }
}

/** The view of a result the server ran again with `spec`: sorted and filtered there, nothing left to do locally. */
function requeriedView(spec: ViewSpec): ViewState {
  return { spec, place: spec.sort.length || spec.filter ? 'server' : 'none', storeFilter: spec.filter };
}
