// Column positions for horizontal virtualization: widths, running offsets, and which columns a viewport shows.
import type { ColumnInfo } from '../../src/grid/shared/protocol';

/** Narrowest a column can be resized to. */
export const MIN_COLUMN_WIDTH = 40;

const KIND_WIDTH: Record<ColumnInfo['kind'], number> = {
  number: 110, text: 180, boolean: 70, temporal: 200, binary: 160, nested: 220, null: 70,
};

/** Characters a value of a Spark type usually needs (so bigint and decimal digits are not cut). */
function typicalChars(sparkType: string): number | undefined {
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(sparkType);
  if (decimal) return Number(decimal[1]) + (Number(decimal[2]) > 0 ? 2 : 1);
  return ({ bigint: 20, double: 19, float: 14, int: 11, timestamp: 26, timestamp_ntz: 26 } as Record<string, number>)[sparkType];
}

/** A starting width from the column's type and the length of its name and type. */
export function defaultWidth(column: ColumnInfo): number {
  const label = Math.max(column.name.length, column.sparkType.length) * 7.5 + 28;
  const chars = typicalChars(column.sparkType);
  const values = chars === undefined ? KIND_WIDTH[column.kind] : chars * 7.8 + 16;
  return Math.round(Math.min(360, Math.max(values, label)));
}

/** Widths and offsets of the columns. */
export class ColumnLayout {
  private readonly widths: number[];
  private lefts: number[] = [];

  constructor(widths: readonly number[]) {
    this.widths = [...widths];
    this.recompute();
  }

  /** Number of columns. */
  get count(): number {
    return this.widths.length;
  }

  /** Sum of all widths. */
  get totalWidth(): number {
    return this.lefts[this.widths.length];
  }

  /** Left edge of column c, relative to the first column. */
  left(c: number): number {
    return this.lefts[c];
  }

  /** Width of column c. */
  width(c: number): number {
    return this.widths[c];
  }

  /** All widths, in order. */
  allWidths(): number[] {
    return [...this.widths];
  }

  /** Resizes column c. */
  setWidth(c: number, width: number): void {
    this.widths[c] = Math.max(MIN_COLUMN_WIDTH, Math.round(width));
    this.recompute();
  }

  /** Column under x (relative to the first column), clamped to existing columns; -1 when there are none. */
  columnAt(x: number): number {
    if (this.widths.length === 0) return -1;
    let lo = 0;
    let hi = this.widths.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lefts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Columns [first, end) intersecting [scrollLeft, scrollLeft + width). */
  visibleColumns(scrollLeft: number, width: number): [number, number] {
    if (this.widths.length === 0) return [0, 0];
    const first = this.columnAt(scrollLeft);
    let end = first;
    while (end < this.widths.length && this.lefts[end] < scrollLeft + width) end++;
    return [first, Math.max(end, first + 1)];
  }

  /** scrollLeft that shows column c entirely (or its start, if wider than the viewport). */
  revealLeft(c: number, scrollLeft: number, width: number): number {
    const left = this.lefts[c];
    const right = left + this.widths[c];
    if (left < scrollLeft || this.widths[c] > width) return left;
    if (right > scrollLeft + width) return right - width;
    return scrollLeft;
  }

  private recompute(): void {
    this.lefts = [0];
    for (const w of this.widths) this.lefts.push(this.lefts[this.lefts.length - 1] + w);
  }
}

/** Widest a column is fitted to its content (a wider value stays cut, with its full text a click away). */
export const FIT_MAX_WIDTH = 480;
/** Cell padding and border around the text. */
const CELL_CHROME = 14;

/**
 * The width that shows a column's header and the widest of its sampled values, `valueWidths` in pixels as the
 * cell's font draws them: never narrower than the header needs, never wider than FIT_MAX_WIDTH.
 */
export function fittedWidth(column: ColumnInfo, valueWidths: readonly number[]): number {
  const label = Math.max(column.name.length, column.sparkType.length) * 7.5 + 28;
  const content = valueWidths.reduce((a, b) => Math.max(a, b), 0) + CELL_CHROME;
  return Math.round(Math.min(FIT_MAX_WIDTH, Math.max(MIN_COLUMN_WIDTH, label, content)));
}
