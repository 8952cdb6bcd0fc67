// A capped table preview in the real webview: it says "first N of M rows", offers Load all, and Load all brings
// every row (the button then goes away).
import * as assert from 'node:assert/strict';
import { gridSuite } from './harness';
import { BIG_SCHEMA, bigBatches, testSource, type TestSource } from './fixtures';
import type { RequeryOptions } from '../../src/grid/gridSource';

/** A preview of `total` rows capped at `limit`; `counts` holds how often the table's row count was asked for. */
function preview(limit: number, total: number, counts = { asked: 0 }): TestSource {
  const source = testSource('orders', BIG_SCHEMA, bigBatches(Math.min(limit, total), 1000));
  return Object.assign(source, {
    cap: { limit, totalRows: async () => { counts.asked++; return total; }, all: (_opts: RequeryOptions) => testSource('orders', BIG_SCHEMA, bigBatches(total, 1000)) },
    requery: (_opts: RequeryOptions) => testSource('orders', BIG_SCHEMA, bigBatches(limit, 1000)),
  });
}

describe('result grid: a capped preview in Chromium', () => {
  const pages = gridSuite();

  it('says "first 10,000 of 49,999 rows" with Load all, and Load all streams the rest', async () => {
    const counts = { asked: 0 };
    const g = await pages.open(preview(10_000, 49_999, counts));
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === 'first 10,000 of 49,999 rows');
    assert.equal(counts.asked, 1, 'the row count is asked for once, when the preview filled its cap');
    assert.equal(await g.page.isVisible('.load-all-button'), true);
    await g.page.click('.load-all-button');
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '49,999 rows');
    assert.equal(await g.page.isVisible('.load-all-button'), false);
    assert.match((await g.page.textContent('.elapsed')) ?? '', /· \d+(\.\d)? (ms|s)/, 'the elapsed time of the loaded result');
  });

  it('shows a table smaller than its cap as a plain result, without Load all', async () => {
    const counts = { asked: 0 };
    const g = await pages.open(preview(1000, 300, counts));
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '300 rows');
    assert.equal(await g.page.isVisible('.load-all-button'), false);
    assert.equal(counts.asked, 0, 'a preview that holds the whole table asks for no row count');
  });

  it('keeps every toolbar button on one line in a 1000 px wide panel, Load all included', async () => {
    const g = await pages.open(preview(10_000, 49_999), { width: 1000 });
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === 'first 10,000 of 49,999 rows');
    const layout = await g.page.evaluate(() => {
      const buttons = [...document.querySelectorAll<HTMLElement>('.toolbar .tool-button')].filter((b) => b.offsetParent !== null);
      const toolbar = document.querySelector<HTMLElement>('.toolbar')!;
      return { heights: buttons.map((b) => [b.textContent, b.getBoundingClientRect().height]), overflow: toolbar.scrollWidth - toolbar.clientWidth };
    });
    const lineHeights = new Set(layout.heights.map(([, h]) => h));
    assert.equal(lineHeights.size, 1, `buttons of different heights (a label wrapped): ${JSON.stringify(layout.heights)}`);
    assert.ok(layout.overflow <= 0, `the toolbar overflows by ${layout.overflow} px`);
  });
});
