// Sort and filter (local when the whole result is in memory, a server re-query otherwise) and state restored
// after the panel is hidden and shown again, in the real webview.
import * as assert from 'node:assert/strict';
import { GridPage, gridSuite } from './harness';
import { BIG_SCHEMA, bigBatches, bigRow, bigSource, TestSource, testSource } from './fixtures';
import { HEADER_PX, rowView, texts, topRow, waitForRow, waitForView } from './gridQueries';
import type { HostMessage } from '../../src/grid/shared/protocol';

type ViewMessage = Extract<HostMessage, { type: 'view' }>;

async function lastView(grid: GridPage, viewId: number): Promise<ViewMessage> {
  await waitForView(grid.page, viewId);
  const view = grid.sentOf('view').find((v) => v.viewId === viewId);
  if (!view) throw new Error(`no view ${viewId}`);
  return view;
}

describe('result grid: sort, filter and state in Chromium', () => {
  const pages = gridSuite();

  async function open100k(source: TestSource = bigSource(100_000)): Promise<GridPage> {
    const grid = await pages.open(source, { session: { memoryBudgetBytes: 1 << 30 } });
    await grid.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '100,000 rows');
    return grid;
  }

  it('sorts locally on header clicks: ascending, descending, then unsorted', async () => {
    const g = await open100k();
    await g.page.click('.hcell[data-col="2"]');
    const asc = await lastView(g, 2);
    assert.equal(asc.place, 'local');
    assert.deepEqual(texts(await topRow(g.page)), bigRow(0)); // "L0" sorts first, and row 0 is the first L0
    await g.page.click('.hcell[data-col="0"]');
    assert.equal((await lastView(g, 3)).place, 'local');
    await g.page.click('.hcell[data-col="0"]');
    assert.deepEqual((await lastView(g, 4)).view.sort, [{ column: 0, descending: true }]);
    await waitForRow(g.page, 0);
    assert.deepEqual(texts(await topRow(g.page)), bigRow(99_999));
    assert.equal(await g.page.textContent('.hcell[data-col="0"] .hsort'), '▼');
    await g.page.click('.hcell[data-col="0"]');
    assert.deepEqual((await lastView(g, 5)).view.sort, []);
    assert.deepEqual(texts(await topRow(g.page)), bigRow(0));
  });

  it('filters locally with the filter box', async () => {
    const g = await open100k();
    await g.page.fill('.filter-box', 'l9999');
    await g.page.press('.filter-box', 'Enter');
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '10 rows');
    await waitForView(g.page, 2);
    const rows = await Promise.all(Array.from({ length: 10 }, (_v, i) => rowView(g.page, i)));
    assert.deepEqual(rows.map((r) => r.cells[0].text), Array.from({ length: 10 }, (_v, i) => String(i * 10_000 + 9999)));
  });

  it('re-queries the server with ORDER BY / WHERE when the result does not fit in memory', async () => {
    const source = bigSource(20_000);
    source.requery = (opts) => {
      source.requeries.push(opts);
      return testSource('requeried', BIG_SCHEMA, bigBatches(5, 5));
    };
    const grid = await pages.open(source, { session: { memoryBudgetBytes: 1 } }); // everything after batch 1 spills
    await grid.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '20,000 rows');
    await grid.page.click('.hcell[data-col="1"]');
    await grid.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '5 rows');
    await waitForView(grid.page, 2);
    assert.deepEqual(source.requeries, [{ orderBy: [{ name: 'val', descending: false }], where: undefined }]);
    assert.equal((await lastView(grid, 2)).place, 'server');
    assert.match((await grid.page.textContent('.status-message')) ?? '', /on the server$/);
    assert.deepEqual(texts(await topRow(grid.page)), bigRow(0, 5));
    // The re-queried result is small and complete: the next sort runs in memory, without another query.
    await grid.page.click('.hcell[data-col="1"]');
    assert.equal((await lastView(grid, 3)).place, 'local');
    await waitForRow(grid.page, 4);
    assert.deepEqual(texts(await topRow(grid.page)), bigRow(4, 5));
    assert.equal(source.requeries.length, 1);
  });

  it('restores scroll position, column widths and sort after the panel is hidden and shown', async () => {
    const g = await open100k();
    await g.page.click('.hcell[data-col="0"]');
    await g.page.click('.hcell[data-col="0"]');
    await lastView(g, 3);
    await g.page.fill('.jump-box', '5000');
    await g.page.press('.jump-box', 'Enter');
    assert.deepEqual(texts(await topRow(g.page)), bigRow(95_000));
    const box = (await g.page.locator('.hcell[data-col="1"]').boundingBox())!;
    const before = box.width;
    await g.page.mouse.move(box.x + box.width - 2, box.y + 20);
    await g.page.mouse.down();
    await g.page.mouse.move(box.x + box.width + 58, box.y + 20, { steps: 4 });
    await g.page.mouse.up();
    assert.equal(await g.page.$eval('.hcell[data-col="1"]', (c) => (c as HTMLElement).style.width), `${before + 60}px`);
    await g.page.waitForTimeout(300); // state is saved shortly after the last change
    await g.hideAndShow();
    const top = await topRow(g.page);
    assert.equal(top.top, HEADER_PX);
    assert.equal(top.row, 4999);
    assert.deepEqual(texts(top), bigRow(95_000));
    assert.equal(await g.page.$eval('.hcell[data-col="1"]', (c) => (c as HTMLElement).style.width), `${before + 60}px`);
    assert.equal(await g.page.textContent('.hcell[data-col="0"] .hsort'), '▼');
    assert.equal(g.received.filter((m) => (m as { type: string }).type === 'ready').length, 2);
  });
});
