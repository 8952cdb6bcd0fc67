// Mouse, wheel and keyboard input of the grid: selection, scrolling, sorting, resizing, copy, value view.
import type { CopyFormat } from '../../src/grid/shared/protocol';
import { cellRef } from '../../src/grid/shared/cellData';
import type { GridApp } from './gridApp';
import { ContextMenu } from './contextMenu';
import { gutterWidth } from './gridView';
import { HEADER_HEIGHT, RESIZE_GRIP } from './headerView';
import { CellPos } from './selection';
import { copyItems } from './toolbar';
import { ValueView } from './valueView';

/** What is under the pointer. */
type Hit =
  | { readonly area: 'cell'; readonly pos: CellPos }
  | { readonly area: 'gutter'; readonly row: number }
  | { readonly area: 'header'; readonly col: number }
  | { readonly area: 'resize'; readonly col: number }
  | { readonly area: 'corner' }
  | { readonly area: 'none' };

/** Finds what is at viewport coordinates. */
export function hitTest(app: GridApp, clientX: number, clientY: number): Hit {
  const rect = app.view.viewport.getBoundingClientRect();
  const x = clientX - rect.left;
  const y = clientY - rect.top;
  const gutter = gutterWidth(app.rowCount);
  if (app.columns.length === 0) return { area: 'none' };
  const col = app.layout.columnAt(x - gutter + app.scrollLeft);
  const right = gutter + app.layout.left(col) + app.layout.width(col) - app.scrollLeft;
  if (y < HEADER_HEIGHT) {
    if (x < gutter) return { area: 'corner' };
    return Math.abs(x - right) <= RESIZE_GRIP ? { area: 'resize', col } : { area: 'header', col };
  }
  const row = app.vscroll.rowAt(y - HEADER_HEIGHT);
  if (row >= app.rowCount) return { area: 'none' };
  return x < gutter ? { area: 'gutter', row } : { area: 'cell', pos: { row, col } };
}

/** Wires all input of the grid. */
export class GridInput {
  private readonly values: ValueView;
  private dragging: 'cells' | 'rows' | undefined;
  private resized = false;

  constructor(private readonly app: GridApp, private readonly menu: ContextMenu, root: HTMLElement) {
    this.values = new ValueView(root, () => app.view.scroller.focus());
    const s = app.view.scroller;
    s.addEventListener('scroll', () => app.onScroll());
    s.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    s.addEventListener('mousedown', (e) => this.onMouseDown(e));
    s.addEventListener('click', (e) => this.onClick(e));
    s.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    s.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    s.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('mousemove', (e) => this.onDrag(e));
    window.addEventListener('mouseup', () => (this.dragging = undefined));
    document.addEventListener('copy', (e) => this.onCopyEvent(e));
  }

  /** Over a compressed scrollbar the wheel moves the exact virtual position (native scrolling would jump). */
  private onWheel(e: WheelEvent): void {
    if (!this.app.vscroll.compressed || e.ctrlKey) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 22 : e.deltaMode === 2 ? this.app.vscroll.viewportHeight : 1;
    if (e.deltaX) this.app.view.scroller.scrollLeft += e.deltaX * unit;
    this.app.scrollBy(e.deltaY * unit);
  }

  private onMouseDown(e: MouseEvent): void {
    if (e.button !== 0) return;
    const hit = hitTest(this.app, e.clientX, e.clientY);
    if (hit.area === 'resize') return this.startResize(hit.col, e);
    if (hit.area === 'cell') {
      this.app.selection.select(hit.pos, e.shiftKey);
      this.dragging = 'cells';
    } else if (hit.area === 'gutter') {
      this.app.selection.selectRows(hit.row, e.shiftKey, this.app.columns.length);
      this.dragging = 'rows';
    } else {
      return;
    }
    e.preventDefault();
    this.app.view.scroller.focus();
    this.selectionChanged();
  }

  private onDrag(e: MouseEvent): void {
    if (!this.dragging || !(e.buttons & 1)) return;
    const hit = hitTest(this.app, e.clientX, e.clientY);
    if (this.dragging === 'cells' && hit.area === 'cell') this.app.selection.select(hit.pos, true);
    else if (this.dragging === 'rows' && (hit.area === 'gutter' || hit.area === 'cell')) {
      this.app.selection.selectRows(hit.area === 'gutter' ? hit.row : hit.pos.row, true, this.app.columns.length);
    } else return;
    this.selectionChanged();
  }

  private onClick(e: MouseEvent): void {
    if (this.resized) {
      this.resized = false; // the click that ends a column resize is not a sort
      return;
    }
    const hit = hitTest(this.app, e.clientX, e.clientY);
    if (hit.area === 'header') this.app.sortBy(hit.col, e.shiftKey);
    else if (hit.area === 'corner') this.selectAll();
  }

  private onDoubleClick(e: MouseEvent): void {
    const hit = hitTest(this.app, e.clientX, e.clientY);
    if (hit.area === 'cell') this.openValue(hit.pos);
  }

  private onContextMenu(e: MouseEvent): void {
    const hit = hitTest(this.app, e.clientX, e.clientY);
    if (hit.area !== 'cell' && hit.area !== 'gutter') return;
    e.preventDefault();
    const pos = hit.area === 'cell' ? hit.pos : { row: hit.row, col: this.app.selection.active.col };
    const range = this.app.selection.range(this.app.rowCount, this.app.columns.length);
    if (!this.app.selection.contains(pos.row, pos.col, range)) {
      if (hit.area === 'cell') this.app.selection.select(pos);
      else this.app.selection.selectRows(hit.row, false, this.app.columns.length);
      this.selectionChanged();
    }
    this.menu.show([
      ...copyItems(this.app), null,
      { label: 'Show Value', shortcut: 'Enter', action: () => this.openValue(pos) },
      { label: 'Select Row', action: () => this.selectRow(pos.row) },
      { label: 'Select All', shortcut: 'Ctrl+A', action: () => this.selectAll() },
    ], e.clientX, e.clientY);
  }

  private startResize(col: number, e: MouseEvent): void {
    e.preventDefault();
    const startX = e.clientX;
    const startWidth = this.app.layout.width(col);
    const move = (m: MouseEvent): void => {
      this.app.layout.setWidth(col, startWidth + m.clientX - startX);
      this.app.render();
    };
    const up = (): void => {
      this.resized = true;
      setTimeout(() => (this.resized = false));
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      this.app.saveState();
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }

  private onKey(e: KeyboardEvent): void {
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (ctrl && key === 'c') return this.handled(e, () => this.copy('tsv', e.shiftKey));
    if (ctrl && key === 'a') return this.handled(e, () => this.selectAll());
    if (key === 'Enter' || key === 'F2') return this.handled(e, () => this.openValue(this.app.selection.active));
    const target = this.keyTarget(key, ctrl);
    if (target) this.handled(e, () => this.moveTo(target, e.shiftKey));
  }

  /** Where a navigation key moves the active cell, or undefined for other keys. */
  private keyTarget(key: string, ctrl: boolean): CellPos | undefined {
    const { row, col } = this.app.selection.active;
    const lastRow = this.app.rowCount - 1;
    const lastCol = this.app.columns.length - 1;
    const page = this.app.vscroll.pageRows;
    switch (key) {
      case 'ArrowUp': return { row: ctrl ? 0 : row - 1, col };
      case 'ArrowDown': return { row: ctrl ? lastRow : row + 1, col };
      case 'ArrowLeft': return { row, col: ctrl ? 0 : col - 1 };
      case 'ArrowRight': return { row, col: ctrl ? lastCol : col + 1 };
      case 'PageUp': return { row: row - page, col };
      case 'PageDown': return { row: row + page, col };
      case 'Home': return ctrl ? { row: 0, col: 0 } : { row, col: 0 };
      case 'End': return ctrl ? { row: lastRow, col: lastCol } : { row, col: lastCol };
      default: return undefined;
    }
  }

  private handled(e: Event, action: () => void): void {
    e.preventDefault();
    action();
  }

  private moveTo(target: CellPos, extend: boolean): void {
    this.app.moveTo(target, extend);
    this.selectionChanged();
  }

  private selectAll(): void {
    this.app.selection.selectAll(this.app.rowCount, this.app.columns.length);
    this.selectionChanged();
  }

  private selectRow(row: number): void {
    this.app.selection.selectRows(row, false, this.app.columns.length);
    this.selectionChanged();
  }

  private selectionChanged(): void {
    const r = this.app.selection.range(this.app.rowCount, this.app.columns.length);
    this.app.toolbar.setSelection(r.rowEnd - r.rowStart, r.colEnd - r.colStart);
    this.app.profile.markColumn(this.app.columns[this.app.selection.active.col]?.name);
    this.app.render();
  }

  private copy(format: CopyFormat, withHeader: boolean): void {
    this.app.copy(format, withHeader);
  }

  /** Edit › Copy (or the browser's copy command) while the grid has focus copies the selection. */
  private onCopyEvent(e: ClipboardEvent): void {
    if (!this.app.view.scroller.contains(document.activeElement)) return;
    e.preventDefault();
    this.copy('tsv', false);
  }

  private openValue(pos: CellPos): void {
    const cached = this.app.cache.get(pos.row);
    const column = this.app.columns[pos.col];
    if (!cached || !column) return;
    const { data, index } = cellRef(cached.table.getChildAt(pos.col)!, cached.index);
    this.values.show(column, pos.row, data, index, { timeZone: this.app.timeZone });
  }
}
