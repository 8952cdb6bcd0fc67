// The host side of one result grid, without vscode: consumes a GridSource into a ResultStore, answers the
// webview's messages, and decides where sorting and filtering happen. ResultGridPanel plugs it into a webview;
// the Chromium tests plug it into a page.
import { RecordBatch, Schema } from 'apache-arrow';
import { copyText } from './copyText';
import { exportToFile, storeBatches } from './exporter';
import { GridProfiler } from './gridProfiler';
import { GridSource } from './gridSource';
import { chooseViewPlan, requeryOptions, ViewState } from './viewPlan';
import { buildLocalOrder } from './localView';
import { CellRange, CopyFormat, ExportFormat, HostMessage, parseWebviewMessage, StreamStatus, ViewSpec, WebviewMessage } from './shared/protocol';
import { ResultStore, ResultStoreOptions } from './resultStore';
import { columnInfos } from './sparkTypes';

/** What the session needs from its surroundings (VS Code in the panel, stubs in tests). */
export interface GridHost {
  /** Sends a message to the webview; may be dropped while the webview is hidden. */
  post(message: HostMessage): void;
  /** Puts text on the system clipboard. */
  writeClipboard(text: string): Promise<void>;
  /** Asks where to save an export; undefined when the user cancels. */
  pickExportFile(format: ExportFormat, suggestedName: string): Promise<string | undefined>;
  /** Runs a long task with visible, cancellable progress. */
  withProgress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Writes a line to the extension log. */
  log(message: string): void;
  /** Tells the user an export finished (e.g. with a "Reveal" action). */
  exportFinished?(file: string, rows: number): void;
}

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
}

const EMPTY_VIEW: ViewSpec = { sort: [], filter: '' };

/** Serves one result to one grid webview. */
export class GridSession {
  private source: GridSource;
  private store: ResultStore | undefined;
  private view: ViewState = { spec: EMPTY_VIEW, place: 'none', storeFilter: '' };
  private viewId = 1;
  private status: StreamStatus = 'streaming';
  private webviewReady = false;
  private streamError: string | undefined;
  private rowCountTimer: ReturnType<typeof setTimeout> | undefined;
  private sentRowCount = 0;
  private viewSeq = 0;
  private disposed = false;
  private readonly maxWindowRows: number;
  private readonly profiler: GridProfiler;

  constructor(private readonly root: GridSource, private readonly host: GridHost, private readonly opts: GridSessionOptions = {}) {
    this.maxWindowRows = opts.maxWindowRows ?? 1000;
    this.source = root;
    this.profiler = new GridProfiler(root, {
      post: (m) => this.post(m),
      log: (m) => host.log(m),
      view: () => this.store && {
        columns: columnInfos(this.store.schema), filter: this.view.spec.filter, where: requeryOptions(this.view.spec, this.store.schema).where,
      },
    });
    void this.consume(root);
  }

  /** Rows held so far and where they live; for status lines and benchmarks. */
  get stats(): { rows: number; memoryBytes: number; spilledBytes: number; status: StreamStatus } {
    const s = this.store;
    return { rows: s?.loadedRows ?? 0, memoryBytes: s?.memoryBytes ?? 0, spilledBytes: s?.spilledBytes ?? 0, status: this.status };
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

  /** The webview went away (panel hidden): nothing is sent until it says `ready` again. */
  detach(): void {
    this.webviewReady = false;
  }

  /** Stops streaming and frees the result. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.rowCountTimer);
    if (this.status === 'streaming') this.source.cancel();
    this.profiler.dispose();
    this.store?.dispose();
  }

  private async dispatch(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': this.webviewReady = true; this.sendInit(); return;
      case 'getRows': this.sendRows(message.requestId, message.viewId, message.start, message.end); return;
      case 'sort': return this.changeView({ ...this.view.spec, sort: message.sort });
      case 'filter': return this.changeView({ ...this.view.spec, filter: message.text.trim() });
      case 'cancel': this.cancel(); return;
      case 'export': return this.export(message.format);
      case 'copy': return this.copy(message.requestId, message.viewId, message.format, message.range, message.withHeader);
      case 'profile': return this.profiler.run(message.requestId, message.refresh);
      case 'cancelProfile': this.profiler.cancel(); return;
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
    if (!this.store) return; // sent as soon as the schema is known
    this.post({
      type: 'init', title: this.root.title, columns: columnInfos(this.store.schema), timeZone: this.root.timeZone,
      maxWindowRows: this.maxWindowRows, viewId: this.viewId, view: this.view.spec, rowCount: this.store.rowCount,
      status: this.status, canCancel: this.status === 'streaming', streamError: this.streamError,
      canProfile: this.profiler.available, profileOpen: this.opts.openProfile === true && this.profiler.available,
    });
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
    this.post({ type: 'rowCount', viewId: this.viewId, count, done: this.status !== 'streaming', status: this.status });
  }

  private scheduleRowCount(): void {
    if (this.sentRowCount === 0 && !this.rowCountTimer) return this.sendRowCount(); // first rows: show them at once
    this.rowCountTimer ??= setTimeout(() => this.sendRowCount(), this.opts.rowCountIntervalMs ?? 100);
  }

  private ensureStore(schema: Schema): ResultStore {
    if (!this.store) {
      this.store = new ResultStore(schema, this.opts);
      this.sendInit();
    }
    return this.store;
  }

  /** Pulls batches from `source` into the store until it ends, is cancelled or is replaced. */
  private async consume(source: GridSource): Promise<void> {
    if (source.schema) this.ensureStore(source.schema);
    let status: StreamStatus = 'complete';
    try {
      for await (const batch of source.batches) {
        if (source !== this.source || this.status !== 'streaming') return;
        this.appendBatch(batch);
      }
    } catch (e) {
      if (source !== this.source || this.status !== 'streaming') return;
      status = 'failed';
      this.streamError = e instanceof Error ? e.message : String(e);
      this.fail(e);
    }
    if (source === this.source) this.finish(status);
  }

  private appendBatch(batch: RecordBatch): void {
    const store = this.ensureStore(batch.schema);
    try {
      store.append(batch);
    } catch (e) {
      this.source.cancel(); // the result no longer fits anywhere: keep what we have, stop the server
      throw new Error(`The result is larger than the memory budget and could not be spilled to disk (${String(e)}); showing the first ${store.loadedRows} rows.`);
    }
    this.scheduleRowCount();
  }

  private finish(status: StreamStatus): void {
    if (this.status !== 'streaming') return;
    this.status = status;
    this.ensureStore(new Schema([])).finish();
    this.sendRowCount();
  }

  private cancel(): void {
    if (this.status !== 'streaming') return;
    this.source.cancel();
    this.finish('cancelled');
  }

  private async changeView(spec: ViewSpec): Promise<void> {
    const store = this.store;
    if (!store) return;
    const storeState = { wholeInMemory: store.wholeResultInMemory, done: store.done };
    const plan = chooseViewPlan(this.view, spec, storeState, this.root.requery !== undefined);
    if (plan.kind === 'refuse') throw new Error(plan.reason);
    const seq = ++this.viewSeq;
    if (plan.kind === 'local') {
      const order = await buildLocalOrder(store, plan.localSpec, { timeZone: this.root.timeZone });
      if (store !== this.store || seq !== this.viewSeq) return; // a newer sort or filter won
      store.setOrder(order);
      this.view = { ...this.view, spec, place: order ? 'local' : this.view.storeFilter ? 'server' : 'none' };
    } else {
      this.restartWith(this.root.requery!(requeryOptions(spec, store.schema)));
      this.view = { spec, place: 'server', storeFilter: spec.filter };
    }
    this.viewId++;
    this.sentRowCount = this.store!.rowCount;
    this.post({ type: 'view', viewId: this.viewId, view: spec, place: this.view.place, rowCount: this.store!.rowCount, status: this.status });
  }

  /** Replaces the current result with a fresh stream from the server. */
  private restartWith(source: GridSource): void {
    if (this.status === 'streaming') this.source.cancel();
    const schema = this.store!.schema;
    this.store!.dispose();
    this.store = new ResultStore(schema, this.opts);
    this.source = source;
    this.status = 'streaming';
    this.streamError = undefined;
    void this.consume(source);
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
    const file = await this.host.pickExportFile(format, exportName(this.root.title, format));
    if (!file) return;
    // A complete (or still streaming) result exports from the store; a cut-short one is fetched again if possible.
    const fromServer = (this.status === 'cancelled' || this.status === 'failed') && this.root.requery !== undefined;
    const server = fromServer ? this.root.requery!(requeryOptions(this.view.spec, store.schema)) : undefined;
    const batches = server ? server.batches : storeBatches(store);
    const rows = await this.host.withProgress(`Exporting ${this.root.title}`, (report, signal) => {
      signal.addEventListener('abort', () => server?.cancel());
      return exportToFile(batches, store.schema, format, file, {
        timeZone: this.root.timeZone, signal,
        onProgress: (n) => {
          report(`${n.toLocaleString('en-US')} rows`);
          this.post({ type: 'exportProgress', format, rows: n, done: false });
        },
      });
    });
    this.post({ type: 'exportProgress', format, rows, done: true, file });
    this.host.exportFinished?.(file, rows);
  }
}

/** A file name for an export, from the result title. */
export function exportName(title: string, format: ExportFormat): string {
  const base = title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'result';
  return `${base}.${format === 'arrow' ? 'arrow' : format}`;
}
