// Streaming in the real webview: first rows as soon as the first batch is in, a growing row count, Cancel that
// reaches the source, a schema taken from the first batch, and failures shown without losing rows.
import * as assert from 'node:assert/strict';
import { RecordBatch } from 'apache-arrow';
import { GridPage, gridSuite } from './harness';
import { bigBatches, bigRow, gatedSource, testSource } from './fixtures';
import { rowCountText, rowView, texts, waitForRow } from './gridQueries';

async function collect(rows: number, batchRows: number): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of bigBatches(rows, batchRows)) out.push(b);
  return out;
}

async function waitForCount(grid: GridPage, text: string): Promise<void> {
  await grid.page.waitForFunction((t) => document.querySelector('.row-count')?.textContent === t, text);
}

describe('result grid: streaming in Chromium', () => {
  const pages = gridSuite();

  it('shows the first rows while the rest streams, grows the row count, and Cancel stops the source', async () => {
    const source = gatedSource(await collect(3000, 1000));
    const grid = await pages.open(source);
    const page = grid.page;
    source.release();
    assert.deepEqual(texts(await rowView(page, 0)), bigRow(0, 1000));
    assert.equal(await rowCountText(page), '1,000 rows · loading…');
    assert.equal(await page.isVisible('.cancel-button'), true);
    source.release();
    await waitForCount(grid, '2,000 rows · loading…');
    await page.click('.cancel-button');
    await waitForCount(grid, '2,000 rows · cancelled');
    assert.equal(source.cancelled, 1);
    assert.equal(await page.isVisible('.cancel-button'), false);
    await page.click('.grid-row[data-row="0"] .cell[data-col="0"]');
    await page.keyboard.press('Control+End');
    assert.deepEqual(texts(await rowView(page, 1999)), bigRow(1999, 1000));
  });

  it('takes the schema from the first batch when the source has none up front', async () => {
    const batches = await collect(50, 50);
    const grid = await pages.open(testSource('late schema', undefined, (async function* () {
      yield* batches;
    })()));
    assert.deepEqual(texts(await rowView(grid.page, 0)), bigRow(0, 50));
    assert.deepEqual(await grid.page.$$eval('.hname', (n) => n.map((e) => e.textContent)), ['id', 'val', 'label']);
    await grid.page.click('.grid-row[data-row="0"] .cell[data-col="0"]');
    await grid.page.keyboard.press('Control+End');
    assert.deepEqual(texts(await rowView(grid.page, 49)), bigRow(49, 50));
  });

  it('keeps the rows loaded so far and shows the error when the source fails', async () => {
    const batches = await collect(20, 20);
    const grid = await pages.open(testSource('failing', batches[0].schema, (async function* () {
      yield batches[0];
      throw new Error('[DIVIDE_BY_ZERO] Division by zero.');
    })()));
    await waitForCount(grid, '20 rows · failed');
    await waitForRow(grid.page, 19);
    assert.equal(await rowCountText(grid.page), '20 rows · failed');
    assert.equal(await grid.page.textContent('.status-message.error'), '[DIVIDE_BY_ZERO] Division by zero.');
  });
});
