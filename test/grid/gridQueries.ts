// Reading the rendered grid from the page: visible rows with their cells, waiting for loaded windows.
import { Page } from 'playwright-core';

/** One rendered cell. */
export interface CellView {
  readonly col: number;
  readonly text: string;
  readonly classes: string;
}

/** One rendered row. */
export interface RowView {
  readonly row: number;
  readonly top: number;
  readonly gutter: string;
  readonly cells: readonly CellView[];
}

/** Header height in the webview (a row at this top is exactly at the top of the body). */
export const HEADER_PX = 42;

/** Rows currently in the DOM, sorted by position. */
export async function visibleRows(page: Page): Promise<RowView[]> {
  return page.$$eval('.grid-row:not([hidden])', (rows) => rows.map((r) => ({
    row: Number((r as HTMLElement).dataset.row),
    top: parseFloat((r as HTMLElement).style.top),
    gutter: r.querySelector('.gutter')!.textContent ?? '',
    cells: [...r.querySelectorAll<HTMLElement>('.cell')].map((c) => ({ col: Number(c.dataset.col), text: c.textContent ?? '', classes: c.className }))
      .sort((a, b) => a.col - b.col),
  })).sort((a, b) => a.top - b.top));
}

/** Waits until row `row` is rendered with its values loaded. */
export async function waitForRow(page: Page, row: number): Promise<void> {
  await page.waitForFunction((r) => {
    const el = document.querySelector(`.grid-row[data-row="${r}"]:not([hidden])`);
    return !!el && el.querySelectorAll('.cell').length > 0 && !el.querySelector('.cell.loading');
  }, row);
}

/** The rendered row `row`, loaded. */
export async function rowView(page: Page, row: number): Promise<RowView> {
  await waitForRow(page, row);
  const found = (await visibleRows(page)).find((r) => r.row === row);
  if (!found) throw new Error(`row ${row} disappeared`);
  return found;
}

/** Cell texts of a rendered row, by column. */
export function texts(row: RowView): string[] {
  return row.cells.map((c) => c.text);
}

/** The first row fully at the top of the body, once everything visible has loaded. */
export async function topRow(page: Page): Promise<RowView> {
  await page.waitForFunction(() => document.querySelectorAll('.grid-row:not([hidden]) .cell.loading').length === 0
    && document.querySelectorAll('.grid-row:not([hidden]) .cell').length > 0);
  const rows = await visibleRows(page);
  const top = rows.find((r) => r.top >= HEADER_PX);
  if (!top) throw new Error('no rows rendered');
  return top;
}

/** Clicks a rendered cell (modifiers optional). */
export async function clickCell(page: Page, row: number, col: number, modifiers: Array<'Shift' | 'Control'> = []): Promise<void> {
  await waitForRow(page, row);
  await page.click(`.grid-row[data-row="${row}"] .cell[data-col="${col}"]`, { modifiers });
}

/** Text of the row count in the toolbar. */
export async function rowCountText(page: Page): Promise<string> {
  return (await page.textContent('.row-count')) ?? '';
}

/** Waits until the DOM shows view `viewId` (after a sort, filter or re-query). */
export async function waitForView(page: Page, viewId: number): Promise<void> {
  await page.waitForFunction((v) => document.getElementById('grid-app')?.dataset.viewId === String(v), viewId);
}
