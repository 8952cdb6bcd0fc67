// The sticky column header: name, Spark type, sort marker and a resize handle per visible column, plus the
// corner cell above the row numbers.
import type { ColumnInfo, SortKey } from '../../src/grid/shared/protocol';
import type { ColumnLayout } from './columnLayout';
import { el, setClass, setPx, setText } from './dom';

/** Height of the two-line header, px. */
export const HEADER_HEIGHT = 42;
/** Width of the grab zone at a column's right edge, px. */
export const RESIZE_GRIP = 6;

/** What the header draws: the columns, where they are, and the sort. */
export interface HeaderModel {
  readonly columns: readonly ColumnInfo[];
  readonly layout: Pick<ColumnLayout, 'left' | 'width'>;
  readonly scrollLeft: number;
  readonly sort: readonly SortKey[];
}

interface HeaderSlot {
  readonly el: HTMLElement;
  readonly name: HTMLElement;
  readonly type: HTMLElement;
  readonly sort: HTMLElement;
}

/** Header row of the grid. */
export class HeaderView {
  private readonly row = el('div', 'grid-header');
  private readonly corner = el('div', 'grid-corner', '#');
  private readonly slots: HeaderSlot[] = [];

  constructor(parent: HTMLElement) {
    this.row.setAttribute('role', 'row');
    this.row.setAttribute('aria-rowindex', '1');
    this.corner.title = 'Select all (Ctrl+A)';
    this.row.append(this.corner);
    parent.append(this.row);
  }

  /** Draws the header cells of columns [c0, c1). */
  render(m: HeaderModel, [c0, c1]: [number, number], gutter: number): void {
    setPx(this.corner, 'width', gutter);
    const count = Math.max(0, c1 - c0);
    while (this.slots.length < count) this.slots.push(this.newSlot());
    this.slots.forEach((slot, i) => {
      slot.el.hidden = i >= count;
      if (i < count) this.renderCell(m, slot, c0 + i, gutter);
    });
  }

  private newSlot(): HeaderSlot {
    const cell = el('div', 'hcell');
    cell.setAttribute('role', 'columnheader');
    const name = el('span', 'hname');
    const sort = el('span', 'hsort');
    const type = el('span', 'htype');
    const top = el('div', 'hline');
    top.append(name, sort);
    cell.append(top, type, el('div', 'resize-handle'));
    this.row.insertBefore(cell, this.corner);
    return { el: cell, name, type, sort };
  }

  private renderCell(m: HeaderModel, slot: HeaderSlot, col: number, gutter: number): void {
    const column = m.columns[col];
    setPx(slot.el, 'left', gutter + m.layout.left(col) - m.scrollLeft);
    setPx(slot.el, 'width', m.layout.width(col));
    slot.el.dataset.col = String(col);
    slot.el.setAttribute('aria-colindex', String(col + 2));
    setClass(slot.el, `hcell ${column.kind}`);
    setText(slot.name, column.name);
    setText(slot.type, column.sparkType);
    slot.el.title = `${column.name}: ${column.sparkType}\nClick to sort, Shift+click to add a sort key`;
    const keyIndex = m.sort.findIndex((k) => k.column === col);
    const key = m.sort[keyIndex];
    const marker = key ? `${key.descending ? '▼' : '▲'}${m.sort.length > 1 ? keyIndex + 1 : ''}` : '';
    setText(slot.sort, marker);
    slot.el.setAttribute('aria-sort', key ? (key.descending ? 'descending' : 'ascending') : 'none');
  }
}
