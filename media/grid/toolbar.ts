// The bar above the grid (title, row count, Cancel, filter, go-to-row, Copy and Export menus) and the status
// line below it (selection, messages, time zone).
import { capText } from '../../src/grid/shared/previewCap';
import type { CapInfo, CopyFormat, ExportFormat, StreamStatus, TabInfo, ViewSpec } from '../../src/grid/shared/protocol';
import { ContextMenu, MenuItem } from './contextMenu';
import { button, el, formatCount } from './dom';
import { TabActions, TabControls } from './tabControls';

const STATUS_TEXT: Record<StreamStatus, string> = {
  streaming: 'loading…', complete: '', cancelled: 'cancelled', failed: 'failed',
};

/** What the toolbar's controls do: the grid's actions in, nothing of its state. */
export interface ToolbarActions extends TabActions {
  /** Stops streaming. */
  cancel(): void;
  /** Replaces a capped preview by the whole table. */
  loadAll(): void;
  /** Runs the grid's query again (the table changed since its rows were loaded). */
  refresh(): void;
  /** Copies the selection. */
  copy(format: CopyFormat, withHeader?: boolean): void;
  /** Exports the full result. */
  export(format: ExportFormat): void;
  toggleProfile(): void;
  /** Shows the rows containing `text` ('' shows all). */
  filter(text: string): void;
  /** Shows row `row` (0-based) at the top and makes it active. */
  jumpToRow(row: number): void;
  /** Gives the keyboard to the grid. */
  focusGrid(): void;
}

/** Menu entries for copying the selection. */
export function copyItems(app: Pick<ToolbarActions, 'copy'>): MenuItem[] {
  return [
    { label: 'Copy', shortcut: 'Ctrl+C', action: () => app.copy('tsv', false) },
    { label: 'Copy with Headers', shortcut: 'Ctrl+Shift+C', action: () => app.copy('tsv', true) },
    { label: 'Copy as CSV', action: () => app.copy('csv') },
    { label: 'Copy as JSON', action: () => app.copy('json') },
    { label: 'Copy as Markdown', action: () => app.copy('markdown') },
    { label: 'Copy as SQL IN-list', action: () => app.copy('sql-in') },
  ];
}

/** "340 ms", "4.2 s", "2 min 5 s". */
export function elapsedText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Toolbar and status line. */
export class Toolbar {
  private readonly bar = el('div', 'toolbar');
  private readonly title = el('span', 'grid-title');
  private readonly count = el('span', 'row-count');
  private readonly cancelButton: HTMLButtonElement;
  private readonly loadAllButton: HTMLButtonElement;
  private readonly elapsed = el('span', 'elapsed');
  /** "Table changed since loaded", with Refresh (the whole sentence on hover). */
  private readonly staleNotice = el('span', 'stale-notice');
  private readonly refreshButton: HTMLButtonElement;
  /** What a capped preview says instead of its row count. */
  private capLabel: string | undefined;
  private readonly profileButton: HTMLButtonElement;
  private readonly filterBox = el('input', 'filter-box');
  private readonly jumpBox = el('input', 'jump-box');
  private readonly statusLine = el('div', 'status-line');
  private readonly selectionInfo = el('span', 'selection-info');
  private readonly messageText = el('span', 'status-message');
  private readonly zone = el('span', 'time-zone');
  /** Where and when the result ran, Run Again and Pin. */
  private readonly tab: TabControls;
  readonly menu: ContextMenu;

  constructor(root: HTMLElement, private readonly app: ToolbarActions) {
    this.cancelButton = button('Cancel', 'Stop fetching rows from the server', () => app.cancel(), 'tool-button cancel-button');
    this.loadAllButton = button('Load all', 'Stream every row of the table into the grid', () => app.loadAll(), 'tool-button load-all-button');
    this.loadAllButton.hidden = true;
    this.refreshButton = button('Refresh', 'Run the query again and show the table as it is now', () => app.refresh(), 'tool-button refresh-button');
    this.staleNotice.append(el('span', 'stale-text'), this.refreshButton);
    this.staleNotice.hidden = true;
    this.staleNotice.setAttribute('role', 'status');
    this.setupInputs();
    const copyButton = button('Copy ▾', 'Copy the selection', () => this.dropDown(copyButton, copyItems(app)));
    const exportButton = button('Export ▾', 'Export the full result to a file', () => this.dropDown(exportButton, [
      { label: 'Export as CSV…', action: () => app.export('csv') },
      { label: 'Export as JSON Lines…', action: () => app.export('jsonl') },
      { label: 'Export as Arrow IPC File…', action: () => app.export('arrow') },
    ]));
    this.profileButton = button('Profile', 'Profile every column on the server: nulls, distinct, min/max, histogram, top values', () => app.toggleProfile());
    this.profileButton.hidden = true;
    this.profileButton.setAttribute('aria-pressed', 'false');
    this.tab = new TabControls(app);
    this.bar.setAttribute('role', 'toolbar');
    this.bar.append(this.title, this.count, this.elapsed, this.tab.about, this.loadAllButton, this.cancelButton, this.staleNotice, el('span', 'spacer'),
      this.filterBox, this.jumpBox, copyButton, exportButton, this.profileButton, this.tab.runAgainButton, this.tab.pinButton);
    root.append(this.bar);
    this.menu = new ContextMenu(root);
  }

  /** Adds the status line under the grid. */
  mountStatus(root: HTMLElement): void {
    this.messageText.setAttribute('role', 'status');
    this.statusLine.append(this.selectionInfo, this.messageText, el('span', 'spacer'), this.zone);
    root.append(this.statusLine);
  }

  private setupInputs(): void {
    this.filterBox.type = 'search';
    this.filterBox.placeholder = 'Filter rows containing…';
    this.filterBox.setAttribute('aria-label', 'Filter rows containing text');
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.filterBox.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.app.filter(this.filterBox.value.trim()), 400);
    });
    this.filterBox.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      clearTimeout(timer);
      this.app.filter(this.filterBox.value.trim());
    });
    this.jumpBox.type = 'text';
    this.jumpBox.inputMode = 'numeric';
    this.jumpBox.placeholder = 'Go to row…';
    this.jumpBox.setAttribute('aria-label', 'Go to row number');
    this.jumpBox.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const row = Number(this.jumpBox.value.replace(/[\s,_]/g, ''));
      if (!Number.isInteger(row) || row < 1) return this.error('Type a row number (1 or more).');
      this.app.jumpToRow(row - 1);
      this.app.focusGrid();
    });
  }

  private dropDown(anchor: HTMLElement, items: MenuItem[]): void {
    const r = anchor.getBoundingClientRect();
    this.menu.show(items, r.left, r.bottom + 2);
  }

  /** Shows the result title and the session time zone. */
  setTitle(title: string, timeZone: string): void {
    this.title.textContent = title;
    this.title.title = title;
    this.zone.textContent = `Times in ${timeZone}`;
  }

  /** Shows what made the result, when it ran, whether the tab is pinned and can run again. */
  setTab(info: TabInfo): void {
    this.tab.show(info, this.title);
  }

  /** Shows the row count and streaming state. */
  setStatus(rows: number, status: StreamStatus): void {
    const rowsText = this.capLabel ?? `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`;
    this.count.textContent = `${rowsText}${STATUS_TEXT[status] ? ' · ' + STATUS_TEXT[status] : ''}`;
    this.count.dataset.status = status;
    this.cancelButton.hidden = status !== 'streaming';
  }

  /** Shows how long the result took to arrive ('' while it streams). */
  setElapsed(ms: number | undefined): void {
    this.elapsed.textContent = ms === undefined ? '' : `· ${elapsedText(ms)}`;
    this.elapsed.title = ms === undefined ? '' : 'Time from the start of this result until its last row arrived';
  }

  /** Shows that the grid holds only the first rows of its table ("first 10,000 of 49,999 rows"), with Load all. */
  setCap(cap: CapInfo | undefined, rows: number, status: StreamStatus): void {
    this.capLabel = cap && capText(cap);
    this.loadAllButton.hidden = cap === undefined;
    this.count.title = cap ? 'A preview: sorting and filtering run on the server over the whole table; Load all shows every row' : '';
    this.setStatus(rows, status);
  }

  /** Shows or clears the notice that the table changed since the rows were loaded; Refresh when the host can. */
  setStale(stale: boolean, canRefresh: boolean): void {
    this.staleNotice.hidden = !stale;
    const text = this.staleNotice.querySelector<HTMLElement>('.stale-text')!;
    text.textContent = canRefresh ? 'Table changed since loaded' : 'Table changed since loaded: open it again';
    this.staleNotice.title = canRefresh
      ? 'The table changed since these rows were loaded (a write through this extension). Refresh reads it again.'
      : 'The table changed since these rows were loaded (a write through this extension). Open it again to see it now.';
    this.refreshButton.hidden = !canRefresh;
  }

  /** Offers the Profile button when the host can profile the result. */
  setCanProfile(can: boolean): void {
    this.profileButton.hidden = !can;
  }

  /** Shows whether the Profile panel is open. */
  setProfileOpen(open: boolean): void {
    this.profileButton.setAttribute('aria-pressed', String(open));
  }

  /** Reflects the host's current sort/filter. */
  setView(spec: ViewSpec): void {
    if (document.activeElement !== this.filterBox) this.filterBox.value = spec.filter;
  }

  /** Describes the selection. */
  setSelection(rows: number, cols: number): void {
    this.selectionInfo.textContent = rows * cols > 1 ? `${formatCount(rows)} × ${formatCount(cols)} selected` : '';
  }

  /** A passing message. */
  message(text: string): void {
    this.messageText.classList.remove('error');
    this.messageText.textContent = text;
  }

  /** An error message. */
  error(text: string): void {
    this.messageText.classList.add('error');
    this.messageText.textContent = text;
  }
}
