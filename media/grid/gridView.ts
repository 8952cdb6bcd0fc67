// Renders the visible part of the grid: a sticky viewport inside a sized scroller, with pooled row and cell
// elements positioned absolutely. Only the rows and columns on screen exist in the DOM.
import type { Vector, Table } from 'apache-arrow';
import { formatCell, FormatOptions } from '../../src/grid/shared/format';
import type { CellRange } from '../../src/grid/shared/protocol';
import { ColumnLayout } from './columnLayout';
import { el, setClass, setPx, setText } from './dom';
import { RowCache } from './rowCache';
import { Selection } from './selection';
import { VerticalScroll } from './scrollModel';
import { HEADER_HEIGHT, HeaderView, type HeaderModel } from './headerView';

/** Height of one row, px (fixed: virtual scrolling depends on it). */
export const ROW_HEIGHT = 22;

/** Everything a render reads. */
export interface RenderModel extends HeaderModel {
  readonly layout: ColumnLayout;
  readonly vscroll: VerticalScroll;
  readonly cache: RowCache;
  readonly selection: Selection;
  readonly format: FormatOptions;
}

interface RowSlot {
  readonly el: HTMLElement;
  readonly gutter: HTMLElement;
  readonly cells: HTMLElement[];
}

/** Width of the row-number gutter for a row count. */
export function gutterWidth(rowCount: number): number {
  return Math.max(44, String(rowCount).length * 8 + 20);
}

/** The scroller, the sticky viewport, the header and the pooled rows. */
export class GridView {
  readonly scroller = el('div', 'grid-scroller');
  readonly viewport = el('div', 'grid-viewport');
  private readonly sizer = el('div', 'grid-sizer');
  private readonly body = el('div', 'grid-body');
  readonly header: HeaderView;
  private readonly slots: RowSlot[] = [];
  private size = { width: 0, height: 0 };

  constructor(parent: HTMLElement, onResize: () => void) {
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'grid');
    this.scroller.setAttribute('aria-label', 'Result rows');
    this.header = new HeaderView(this.viewport);
    this.viewport.append(this.body);
    this.sizer.append(this.viewport);
    this.scroller.append(this.sizer);
    parent.append(this.scroller);
    new ResizeObserver(() => {
      this.size = { width: this.scroller.clientWidth, height: this.scroller.clientHeight };
      onResize();
    }).observe(this.scroller);
  }

  /** Height available to rows, px. */
  get bodyHeight(): number {
    return Math.max(0, this.size.height - HEADER_HEIGHT);
  }

  /** Width of the scroller's client area, px. */
  get clientWidth(): number {
    return this.size.width;
  }

  /** Sizes the scrollable area; must run before scrollTop/scrollLeft are set for a new row count. */
  layoutSizer(m: RenderModel): void {
    setPx(this.sizer, 'width', gutterWidth(m.vscroll.rowCount) + m.layout.totalWidth);
    setPx(this.sizer, 'height', HEADER_HEIGHT + m.vscroll.spacerHeight);
  }

  /** Draws the visible window; returns the visible rows [first, end) so the caller can fetch them. */
  render(m: RenderModel): [number, number] {
    const gutter = gutterWidth(m.vscroll.rowCount);
    this.layoutSizer(m);
    setPx(this.viewport, 'width', this.size.width);
    setPx(this.viewport, 'height', this.size.height);
    const cols = m.layout.visibleColumns(m.scrollLeft, Math.max(0, this.size.width - gutter));
    const range = m.selection.range(m.vscroll.rowCount, m.columns.length);
    this.header.render(m, cols, gutter);
    const rows = m.vscroll.visibleRows();
    this.renderRows(m, rows, cols, gutter, range);
    this.scroller.setAttribute('aria-rowcount', String(m.vscroll.rowCount + 1));
    this.scroller.setAttribute('aria-colcount', String(m.columns.length + 1));
    return rows;
  }

  private renderRows(m: RenderModel, [first, end]: [number, number], cols: [number, number], gutter: number, range: CellRange): void {
    const count = Math.max(0, end - first);
    while (this.slots.length < count) this.slots.push(this.newSlot());
    const columns = new ColumnCache();
    this.slots.forEach((slot, i) => {
      slot.el.hidden = i >= count;
      if (i < count) this.renderRow(m, slot, first + i, HEADER_HEIGHT + i * ROW_HEIGHT - m.vscroll.firstRowOffset, cols, gutter, range, columns);
    });
  }

  private newSlot(): RowSlot {
    const row = el('div', 'grid-row');
    row.setAttribute('role', 'row');
    const gutter = el('div', 'gutter');
    gutter.setAttribute('role', 'rowheader');
    row.append(gutter);
    this.body.append(row);
    return { el: row, gutter, cells: [] };
  }

  private renderRow(
    m: RenderModel, slot: RowSlot, row: number, y: number, [c0, c1]: [number, number], gutter: number,
    range: CellRange, columns: ColumnCache,
  ): void {
    setPx(slot.el, 'top', y);
    slot.el.dataset.row = String(row);
    slot.el.setAttribute('aria-rowindex', String(row + 2));
    const rowSelected = row >= range.rowStart && row < range.rowEnd;
    setClass(slot.gutter, rowSelected ? 'gutter selected' : 'gutter');
    setPx(slot.gutter, 'width', gutter);
    setText(slot.gutter, String(row + 1));
    while (slot.cells.length > c1 - c0) slot.cells.pop()!.remove();
    while (slot.cells.length < c1 - c0) slot.cells.push(this.newCell(slot));
    const cached = m.cache.get(row);
    const active = m.selection.active;
    for (let col = c0; col < c1; col++) {
      const cell = slot.cells[col - c0];
      setPx(cell, 'left', gutter + m.layout.left(col) - m.scrollLeft);
      setPx(cell, 'width', m.layout.width(col));
      cell.dataset.col = String(col);
      cell.setAttribute('aria-colindex', String(col + 2));
      let state = ' loading';
      let text = '';
      if (cached) {
        const value = formatCell(columns.get(cached.table, col), cached.index, m.format);
        state = (value.isNull ? ' null' : '') + (value.truncated ? ' truncated' : '');
        text = value.text;
      }
      const selected = rowSelected && col >= range.colStart && col < range.colEnd ? ' selected' : '';
      const isActive = active.row === row && active.col === col ? ' active' : '';
      setClass(cell, `cell ${m.columns[col].kind}${state}${selected}${isActive}`);
      setText(cell, text);
    }
  }

  private newCell(slot: RowSlot): HTMLElement {
    const cell = el('div', 'cell');
    cell.setAttribute('role', 'gridcell');
    slot.el.insertBefore(cell, slot.gutter);
    return cell;
  }
}

/** Column vectors of cached windows, looked up once per render instead of once per cell. */
class ColumnCache {
  private readonly vectors = new Map<Table, Vector[]>();

  get(table: Table, col: number): Vector {
    let list = this.vectors.get(table);
    if (!list) this.vectors.set(table, (list = []));
    return (list[col] ??= table.getChildAt(col)!);
  }
}
