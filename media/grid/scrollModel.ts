// Vertical virtual scrolling with a compressed scrollbar. Chromium caps an element's height near 32M px, so
// 10M rows × 22 px cannot be laid out. The grid keeps the true ("virtual") position itself and maps it onto a
// spacer of at most MAX_SCROLL_PX: wheel and keys move the virtual position exactly, the scrollbar thumb maps
// proportionally, and the last row stays reachable.

/** Height of the scrollable spacer never exceeds this (well under Chromium's limit). */
export const MAX_SCROLL_PX = 8_000_000;

/** Virtual ↔ physical scroll mapping for a list of fixed-height rows. */
export class VerticalScroll {
  private rows = 0;
  private viewport = 0;
  private virtualTop = 0;

  constructor(readonly rowHeight: number, private readonly maxPhysical = MAX_SCROLL_PX) {}

  /** Sets the row count and the visible body height; keeps the position in range. */
  resize(rows: number, viewport: number): void {
    this.rows = rows;
    this.viewport = Math.max(0, viewport);
    this.virtualTop = this.clamp(this.virtualTop);
  }

  /** Rows in the list. */
  get rowCount(): number {
    return this.rows;
  }

  /** Visible body height in px. */
  get viewportHeight(): number {
    return this.viewport;
  }

  /** Full height of all rows, in virtual px. */
  get contentHeight(): number {
    return this.rows * this.rowHeight;
  }

  /** Height of the spacer actually laid out. */
  get spacerHeight(): number {
    return Math.min(this.contentHeight, this.maxPhysical);
  }

  /** True when the scrollbar is compressed (virtual and physical px differ). */
  get compressed(): boolean {
    return this.contentHeight > this.maxPhysical;
  }

  /** Largest virtual top. */
  get maxTop(): number {
    return Math.max(0, this.contentHeight - this.viewport);
  }

  private get maxScrollTop(): number {
    return Math.max(0, this.spacerHeight - this.viewport);
  }

  /** Current virtual top, px. */
  get top(): number {
    return this.virtualTop;
  }

  /** Moves to a virtual top (clamped). */
  setTop(top: number): void {
    this.virtualTop = this.clamp(top);
  }

  /** The scrollTop to give the scroller for the current virtual top. */
  physicalTop(): number {
    const max = this.maxTop;
    return max === 0 ? 0 : (this.virtualTop / max) * this.maxScrollTop;
  }

  /** Adopts a scrollTop set by the user (scrollbar drag); the end of the bar is the exact end of the list. */
  setFromPhysical(scrollTop: number): void {
    const maxScroll = this.maxScrollTop;
    if (maxScroll === 0) this.virtualTop = 0;
    else if (scrollTop >= maxScroll - 0.5) this.virtualTop = this.maxTop;
    else this.virtualTop = this.clamp((scrollTop / maxScroll) * this.maxTop);
  }

  /** First row at least partly visible. */
  get firstRow(): number {
    return Math.floor(this.virtualTop / this.rowHeight);
  }

  /** Pixels of the first row hidden above the viewport. */
  get firstRowOffset(): number {
    return this.virtualTop - this.firstRow * this.rowHeight;
  }

  /** Rows [first, end) that intersect the viewport. */
  visibleRows(): [number, number] {
    const end = Math.ceil((this.virtualTop + this.viewport) / this.rowHeight);
    return [this.firstRow, Math.min(this.rows, end)];
  }

  /** Rows that fit entirely in the viewport (at least 1): a page for PageUp/PageDown. */
  get pageRows(): number {
    return Math.max(1, Math.floor(this.viewport / this.rowHeight));
  }

  /** Puts `row` at the top (as far as the end of the list allows). */
  scrollToRow(row: number): void {
    this.setTop(row * this.rowHeight);
  }

  /** Scrolls the least needed to show `row` entirely. */
  revealRow(row: number): void {
    const top = row * this.rowHeight;
    if (top < this.virtualTop) this.setTop(top);
    else if (top + this.rowHeight > this.virtualTop + this.viewport) this.setTop(top + this.rowHeight - this.viewport);
  }

  /** Row under a y offset from the top of the body viewport (may be ≥ rowCount). */
  rowAt(y: number): number {
    return Math.floor((this.virtualTop + y) / this.rowHeight);
  }

  private clamp(top: number): number {
    return Math.min(Math.max(0, top), this.maxTop);
  }
}
