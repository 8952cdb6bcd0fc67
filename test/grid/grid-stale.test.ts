// A grid whose table the extension wrote: the toolbar says "Table changed since loaded" with
// Refresh; Refresh asks the host to run the query again, the new rows replace the old and the notice goes away.
import * as assert from 'node:assert/strict';
import { tableFromArrays } from 'apache-arrow';
import { gridSuite } from './harness';
import { tableTestSource } from './fixtures';
import { rowView, texts, visibleRows } from './gridQueries';

const rowsOf = (label: string, n: number) => tableFromArrays({ id: Int32Array.from({ length: n }, (_v, i) => i), label: Array.from({ length: n }, (_v, i) => `${label}-${i}`) });

describe('result grid: the table changed (stale notice and Refresh) in Chromium', () => {
  const pages = gridSuite();

  it('shows the stale notice on the message, and Refresh replaces the old rows by the new', async () => {
    const source = Object.assign(tableTestSource('orders', rowsOf('old', 3)), {
      reads: { connection: 'c', table: 'main.sales.orders' },
      requery: () => tableTestSource('orders', rowsOf('new', 2)),
    });
    const g = await pages.open(source);
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '3 rows');
    assert.deepEqual(texts(await rowView(g.page, 0)), ['0', 'old-0']);
    assert.equal(await g.page.isVisible('.stale-notice'), false);
    g.session.markStale();
    await g.page.waitForSelector('.stale-notice', { state: 'visible' });
    assert.equal(await g.page.textContent('.stale-notice .stale-text'), 'Table changed since loaded');
    await g.page.click('.refresh-button');
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '2 rows');
    assert.deepEqual(g.received.filter((m) => (m as { type: string }).type === 'refresh'), [{ type: 'refresh' }]);
    assert.deepEqual(texts(await rowView(g.page, 0)), ['0', 'new-0']);
    assert.deepEqual(texts(await rowView(g.page, 1)), ['1', 'new-1']);
    assert.deepEqual((await visibleRows(g.page)).map((r) => r.row), [0, 1], 'the old third row is gone');
    await g.page.waitForSelector('.stale-notice', { state: 'hidden' });
  });

  it('shows the columns of the table as it is now when a column was added before Refresh', async () => {
    const added = tableFromArrays({ id: Int32Array.from([7]), label: ['new-7'], note: ['added'] });
    const source = Object.assign(tableTestSource('orders', rowsOf('old', 3)), {
      reads: { connection: 'c', table: 'orders' },
      requery: () => tableTestSource('orders', added),
    });
    const g = await pages.open(source);
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '3 rows');
    assert.equal(await g.page.locator('.hcell[data-col]').count(), 2);
    g.session.markStale();
    await g.page.click('.refresh-button');
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '1 row');
    assert.deepEqual(texts(await rowView(g.page, 0)), ['7', 'new-7', 'added']);
    assert.equal(await g.page.locator('.hcell[data-col]').count(), 3);
    await g.page.waitForSelector('.stale-notice', { state: 'hidden' });
  });

  it('says to open the grid again, without Refresh, when the source cannot run again', async () => {
    const g = await pages.open(tableTestSource('history', rowsOf('old', 3)));
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '3 rows');
    g.session.markStale();
    await g.page.waitForSelector('.stale-notice', { state: 'visible' });
    assert.match((await g.page.textContent('.stale-notice .stale-text')) ?? '', /open it again/);
    assert.equal(await g.page.isVisible('.refresh-button'), false);
  });
});
