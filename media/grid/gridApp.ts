// The webview's state and actions: applies host messages, keeps scroll/selection/sort, and asks the host for
// row windows, copies, sorts, filters and exports.
import { assertNever, type CopyFormat, type ExportFormat, type HostMessage, type SortKey } from '../../src/grid/shared/protocol';
import type { ColumnInfo, StreamStatus, ViewPlace, ViewSpec } from '../../src/grid/shared/protocol';
import { ColumnLayout, defaultWidth, fittedWidth } from './columnLayout';
import { formatCell } from '../../src/grid/shared/format';
import { GridWebviewState, HostChannel } from './hostChannel';
import { GridView, gutterWidth, ROW_HEIGHT, RenderModel } from './gridView';
import { RowCache } from './rowCache';
import { CellPos, Selection } from './selection';
import { VerticalScroll } from './scrollModel';
import { Toolbar, type ToolbarActions } from './toolbar';
import { el, formatCount } from './dom';
import { ProfilePanel } from './profilePanel';

/** The grid webview. */
export class GridApp implements ToolbarActions {
  readonly vscroll = new VerticalScroll(ROW_HEIGHT);
  readonly selection = new Selection();
  readonly cache: RowCache;
  readonly view: GridView;
  readonly toolbar: Toolbar;
  readonly profile: ProfilePanel;
  columns: readonly ColumnInfo[] = [];
  layout = new ColumnLayout([]);
  scrollLeft = 0;
  timeZone = 'UTC';
  spec: ViewSpec = { sort: [], filter: '' };
  status: StreamStatus = 'streaming';
  private viewId = 0;
  /** The grid shows a preview capped at its first rows. */
  private capped = false;
  /** Column widths wait for the first rows to be fitted to (not when the panel comes back with its own widths). */
  private fitPending = false;
  private physicalTop = 0;
  private renderQueued = false;
  /** The view and row count the rows on screen were last drawn for. */
  private drawn = { viewId: -1, rows: 0 };
  private restore: GridWebviewState | undefined;

  constructor(private readonly root: HTMLElement, readonly channel: HostChannel) {
    this.cache = new RowCache((start, end, viewId) => this.requestRows(start, end, viewId));
    this.toolbar = new Toolbar(root, this);
    const main = el('div', 'grid-main');
    root.append(main);
    this.view = new GridView(main, () => this.render());
    this.profile = new ProfilePanel(main, {
      send: (m) => channel.send(m),
      requestId: () => channel.requestId(),
      changed: (open) => {
        this.toolbar.setProfileOpen(open);
        this.saveStateSoon();
      },
      focusGrid: () => this.focusGrid(),
    });
    this.toolbar.mountStatus(root);
    this.restore = channel.loadState();
    channel.listen((m) => this.onMessage(m));
    channel.send({ type: 'ready' });
  }

  /** Rows in the current view. */
  get rowCount(): number {
    return this.vscroll.rowCount;
  }

  /** The render model for the view. */
  model(): RenderModel {
    return {
      columns: this.columns, layout: this.layout, vscroll: this.vscroll, cache: this.cache, selection: this.selection,
      scrollLeft: this.scrollLeft, sort: this.spec.sort, format: { timeZone: this.timeZone },
    };
  }

  private onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'init': this.init(m); break;
      case 'rows':
        if (!this.cache.receive(m.requestId, m.viewId, m.start, m.ipc)) break;
        if (this.fitPending && m.start === 0) this.fitColumns();
        this.scheduleRender();
        break;
      case 'rowCount': if (m.viewId === this.viewId) { this.setRows(m.count, m.status); this.toolbar.setElapsed(m.elapsedMs); } break;
      case 'view': {
        const filterChanged = m.view.filter !== this.spec.filter;
        this.newView(m.viewId, m.view, m.rowCount, m.status);
        this.toolbar.message(describeView(m.view, m.place, this.columns, this.capped));
        if (filterChanged) this.profile.viewChanged();
        break;
      }
      case 'profile': this.profile.receive(m); break;
      case 'copied': this.toolbar.message(`Copied ${formatCount(m.rows)} rows as ${m.format.toUpperCase()}`); break;
      case 'exportProgress': this.toolbar.message(m.done ? `Exported ${formatCount(m.rows)} rows to ${m.file ?? ''}` : `Exporting… ${formatCount(m.rows)} rows`); break;
      case 'error': this.cache.fail(m.requestId); this.toolbar.error(m.message); break;
      case 'cap': this.capped = m.cap !== undefined; this.toolbar.setCap(m.cap, this.rowCount, this.status); break;
      case 'stale': this.toolbar.setStale(m.stale, m.canRefresh); break;
      case 'tab': this.toolbar.setTab(m.tab); break;
      default: assertNever(m);
    }
  }

  private init(m: Extract<HostMessage, { type: 'init' }>): void {
    // A panel shown again reopens its profile as it was (the host answers from its last result).
    const wantProfile = m.canProfile && (this.restore ? this.restore.profileOpen === true : m.profileOpen);
    this.columns = m.columns;
    this.timeZone = m.timeZone;
    const saved = this.restore?.widths ?? {};
    this.layout = new ColumnLayout(m.columns.map((c) => saved[c.name] ?? defaultWidth(c)));
    this.fitPending = this.restore?.widths === undefined;
    this.toolbar.setTitle(m.title, m.timeZone);
    this.toolbar.setCanProfile(m.canProfile);
    this.newView(m.viewId, m.view, m.rowCount, m.status);
    if (m.streamError) this.toolbar.error(m.streamError);
    if (wantProfile) this.profile.show();
    if (this.restore) this.selection.select({ row: this.restore.activeRow, col: this.restore.activeCol });
    this.applyRestore();
    // The first window may have come just before init (the host sends it unasked): fit the columns to it now.
    if (this.fitPending && this.cache.get(0)) this.fitColumns();
    // Drawn once more at the next frame, with the restored selection and the fitted widths.
    this.scheduleRender();
  }

  private newView(viewId: number, spec: ViewSpec, rowCount: number, status: StreamStatus): void {
    this.viewId = viewId;
    this.spec = spec;
    this.cache.reset(viewId);
    this.toolbar.setView(spec);
    this.vscroll.setTop(0);
    this.setRows(rowCount, status);
  }

  private setRows(count: number, status: StreamStatus): void {
    this.status = status;
    this.vscroll.resize(count, this.view.bodyHeight);
    this.toolbar.setStatus(count, status);
    this.applyRestore();
    // A new view (a refresh, a sort) and the first rows of a view are drawn at once, with the count the toolbar
    // now shows: the rows on screen never belong to another count, and the first window (sent just before the
    // count) shows without waiting for another animation frame.
    if (this.drawn.viewId !== this.viewId || (this.drawn.rows === 0 && count > 0)) {
      this.render();
      return;
    }
    this.scheduleRender();
  }

  /** Scrolls back to where the user was before the panel was hidden, once enough rows have arrived. */
  private applyRestore(): void {
    const r = this.restore;
    if (!r || (this.rowCount <= r.topRow && this.status === 'streaming')) return;
    this.restore = undefined;
    this.vscroll.resize(this.rowCount, this.view.bodyHeight);
    this.vscroll.scrollToRow(r.topRow);
    this.view.layoutSizer(this.model());
    this.scrollLeft = r.scrollLeft;
    this.view.scroller.scrollLeft = r.scrollLeft;
    this.syncScrollbar();
  }

  private requestRows(start: number, end: number, viewId: number): number {
    const requestId = this.channel.requestId();
    this.channel.send({ type: 'getRows', requestId, viewId, start, end });
    return requestId;
  }

  /**
   * Fits each column to its header and the values of the first rows (up to FIT_MAX_WIDTH), as drawn in the cells'
   * font: a UUID or a timestamp shows whole, a flag column stays narrow. Done once per grid, before any resize.
   */
  private fitColumns(): void {
    this.fitPending = false;
    const first = this.cache.get(0);
    const ctx = document.createElement('canvas').getContext('2d');
    if (!first || !ctx) return;
    ctx.font = cellFont(this.view.scroller);
    const sample = Math.min(first.table.numRows, 100);
    const widths = this.columns.map((c, col) => {
      const vector = first.table.getChildAt(col);
      if (!vector) return this.layout.width(col);
      const drawn: number[] = [];
      for (let row = 0; row < sample; row++) drawn.push(ctx.measureText(formatCell(vector, row, { timeZone: this.timeZone }, 80).text).width);
      return fittedWidth(c, drawn);
    });
    this.layout = new ColumnLayout(widths);
  }

  /** Renders on the next frame (coalesces bursts of messages). */
  scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  /** Renders now and fetches the visible windows (plus one window of look-ahead each way). */
  render(): void {
    this.vscroll.resize(this.rowCount, this.view.bodyHeight);
    this.syncScrollbar();
    const [first, end] = this.view.render(this.model());
    this.drawn = { viewId: this.viewId, rows: this.rowCount };
    this.cache.ensure(first, end, this.rowCount);
    const ahead = end - first;
    this.cache.ensure(Math.max(0, first - ahead), first, this.rowCount);
    this.cache.ensure(end, end + ahead, this.rowCount);
    this.root.dataset.cachedWindows = String(this.cache.size);
    this.root.dataset.viewId = String(this.viewId); // the view the DOM now shows (tests wait on it)
    this.saveStateSoon();
  }

  /** Puts the scrollbar where the virtual position says. */
  syncScrollbar(): void {
    this.view.layoutSizer(this.model());
    this.physicalTop = this.vscroll.physicalTop();
    if (Math.abs(this.view.scroller.scrollTop - this.physicalTop) >= 1) this.view.scroller.scrollTop = this.physicalTop;
  }

  /** The scroller moved (scrollbar, native wheel, or our own sync). */
  onScroll(): void {
    const s = this.view.scroller;
    if (Math.abs(s.scrollTop - this.physicalTop) >= 1) {
      this.vscroll.setFromPhysical(s.scrollTop);
      this.physicalTop = s.scrollTop;
    }
    this.scrollLeft = s.scrollLeft;
    this.render();
  }

  /** Scrolls by virtual pixels (wheel over a compressed scrollbar, keyboard). */
  scrollBy(dy: number): void {
    this.vscroll.setTop(this.vscroll.top + dy);
    this.syncScrollbar();
    this.render();
  }

  /** Shows row `row` (0-based) at the top and makes it active. */
  jumpToRow(row: number): void {
    const target = Math.min(Math.max(0, row), Math.max(0, this.rowCount - 1));
    this.selection.select({ row: target, col: this.selection.active.col });
    this.vscroll.scrollToRow(target);
    this.syncScrollbar();
    this.render();
  }

  /** Moves the active cell and scrolls it into view. */
  moveTo(target: CellPos, extend: boolean): void {
    this.selection.moveTo(target, extend, this.rowCount, this.columns.length);
    this.reveal(this.selection.active);
  }

  /** Scrolls so a cell is fully visible. */
  reveal(pos: CellPos): void {
    this.vscroll.revealRow(pos.row);
    const width = this.view.clientWidth - gutterWidth(this.rowCount);
    this.scrollLeft = this.layout.revealLeft(pos.col, this.scrollLeft, width);
    this.view.scroller.scrollLeft = this.scrollLeft;
    this.syncScrollbar();
    this.render();
  }

  /** Sorts by a column: plain click cycles asc → desc → none; shift adds or flips a secondary key. */
  sortBy(col: number, additive: boolean): void {
    const current = this.spec.sort.find((k) => k.column === col);
    const next: SortKey | undefined = !current ? { column: col, descending: false } : !current.descending ? { column: col, descending: true } : undefined;
    const others = additive ? this.spec.sort.filter((k) => k.column !== col) : [];
    const sort = additive && current ? this.spec.sort.map((k) => (k.column === col ? next : k)).filter((k): k is SortKey => !!k) : [...others, ...(next ? [next] : [])];
    this.channel.send({ type: 'sort', sort });
    this.toolbar.message('Sorting…');
  }

  /** Asks the host to filter rows containing `text`. */
  filter(text: string): void {
    if (text === this.spec.filter) return;
    this.channel.send({ type: 'filter', text });
    this.toolbar.message(text ? 'Filtering…' : 'Clearing filter…');
  }

  /** Copies the selection through the host (which has every row, not just the cached ones). */
  copy(format: CopyFormat, withHeader = format !== 'tsv'): void {
    const range = this.selection.range(this.rowCount, this.columns.length);
    if (range.rowEnd <= range.rowStart || range.colEnd <= range.colStart) return;
    this.channel.send({ type: 'copy', requestId: this.channel.requestId(), viewId: this.viewId, format, range, withHeader });
  }

  /** Asks the host to export the full result. */
  export(format: ExportFormat): void {
    this.channel.send({ type: 'export', format });
  }

  /** Opens or closes the Profile panel. */
  toggleProfile(): void {
    if (this.profile.open) this.profile.close();
    else this.profile.show();
  }

  /** Gives the keyboard to the grid. */
  focusGrid(): void {
    this.view.scroller.focus();
  }

  /** Stops streaming. */
  cancel(): void {
    this.channel.send({ type: 'cancel' });
  }

  refresh(): void {
    this.channel.send({ type: 'refresh' });
  }

  runAgain(): void {
    this.channel.send({ type: 'runAgain' });
  }

  pin(pinned: boolean): void {
    this.channel.send({ type: 'pin', pinned });
  }

  loadAll(): void {
    this.channel.send({ type: 'loadAll' });
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Saves the state shortly (coalesces bursts). */
  saveStateSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveState(), 150);
  }

  /** Saves scroll, widths, sort and active cell for when the panel is shown again. */
  saveState(): void {
    if (this.restore) return; // not restored yet: keep the saved state
    const widths: Record<string, number> = {};
    this.columns.forEach((c, i) => (widths[c.name] = this.layout.width(i)));
    const { row, col } = this.selection.active;
    this.channel.saveState({
      topRow: this.vscroll.firstRow, scrollLeft: this.scrollLeft, widths, sort: this.spec.sort, activeRow: row, activeCol: col,
      profileOpen: this.profile.open,
    });
  }
}

/** "Sorted by id ▼, filtered by “abc” · in memory". */
export function describeView(spec: ViewSpec, place: ViewPlace, columns: readonly ColumnInfo[], capped = false): string {
  const parts: string[] = [];
  if (spec.sort.length) parts.push(`Sorted by ${spec.sort.map((k) => `${columns[k.column]?.name ?? k.column} ${k.descending ? '▼' : '▲'}`).join(', ')}`);
  if (spec.filter) parts.push(`filtered by “${spec.filter}”`);
  if (!parts.length) return '';
  if (place !== 'server') return `${parts.join(', ')} · in memory`;
  return `${parts.join(', ')} · on the server${capped ? ', over the whole table (the first rows of the answer are shown)' : ''}`;
}

/** The CSS font of a grid cell (editor font family and size), for measuring values as they will be drawn. */
function cellFont(inside: HTMLElement): string {
  const probe = el('div', 'cell');
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  inside.append(probe);
  const style = getComputedStyle(probe);
  const font = `${style.fontSize} ${style.fontFamily}`;
  probe.remove();
  return font;
}
