// Selection of a rectangle of cells (or of whole rows), with an active cell, driven by mouse and keyboard.
import type { CellRange } from '../../src/grid/shared/protocol';

/** A cell position in the current view. */
export interface CellPos {
  readonly row: number;
  readonly col: number;
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(0, value), Math.max(0, max));
}

/** The grid selection: an anchor and an active (focus) cell spanning a rectangle. */
export class Selection {
  private anchorPos: CellPos = { row: 0, col: 0 };
  private focusPos: CellPos = { row: 0, col: 0 };
  private wholeRows = false;

  /** The active cell (keyboard focus). */
  get active(): CellPos {
    return this.focusPos;
  }

  /** True when whole rows are selected (row header clicks). */
  get rowMode(): boolean {
    return this.wholeRows;
  }

  /** Clicks a cell; with `extend` (shift) the rectangle grows from the anchor. */
  select(pos: CellPos, extend = false): void {
    if (!extend) this.anchorPos = pos;
    this.focusPos = pos;
    if (!extend) this.wholeRows = false;
  }

  /** Selects whole rows from the anchor (or just `row`) to `row`. */
  selectRows(row: number, extend: boolean, colCount: number): void {
    this.anchorPos = { row: extend ? this.anchorPos.row : row, col: 0 };
    this.focusPos = { row, col: Math.max(0, colCount - 1) };
    this.wholeRows = true;
  }

  /** Selects every cell. */
  selectAll(rowCount: number, colCount: number): void {
    this.anchorPos = { row: 0, col: 0 };
    this.focusPos = { row: Math.max(0, rowCount - 1), col: Math.max(0, colCount - 1) };
    this.wholeRows = true;
  }

  /** Moves the active cell by a delta (or to an absolute target), clamped; `extend` keeps the anchor. */
  moveTo(target: CellPos, extend: boolean, rowCount: number, colCount: number): void {
    const pos = { row: clamp(target.row, rowCount - 1), col: clamp(target.col, colCount - 1) };
    this.select(pos, extend);
  }

  /** The selected rectangle, end-exclusive and clamped to the grid. */
  range(rowCount: number, colCount: number): CellRange {
    const a = this.anchorPos;
    const f = this.focusPos;
    const cols: [number, number] = this.wholeRows ? [0, colCount] : [Math.min(a.col, f.col), Math.max(a.col, f.col) + 1];
    return {
      rowStart: Math.min(a.row, f.row, rowCount),
      rowEnd: Math.min(Math.max(a.row, f.row) + 1, rowCount),
      colStart: Math.min(cols[0], colCount),
      colEnd: Math.min(cols[1], colCount),
    };
  }

  /** True when (row, col) is inside the selection. */
  contains(row: number, col: number, range: CellRange): boolean {
    return row >= range.rowStart && row < range.rowEnd && col >= range.colStart && col < range.colEnd;
  }
}
