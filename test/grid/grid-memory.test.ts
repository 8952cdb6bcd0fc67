// The page's JS heap after scrolling through 10M rows stays about where it is for 100k rows: the webview holds
// a few decoded windows, never the result.
import * as assert from 'node:assert/strict';
import { GridHarness, GridPage } from './harness';
import { bigRow, bigSource } from './fixtures';
import { rowView, texts, topRow } from './gridQueries';

const MB = 1024 * 1024;

/** Visits 41 positions from the first to the last row (jump box), then drags the scrollbar to the end. */
async function scrollThrough(grid: GridPage, rows: number): Promise<void> {
  const page = grid.page;
  for (let i = 0; i <= 40; i++) {
    const n = Math.floor((i * (rows - 30)) / 40) + 1;
    await page.fill('.jump-box', String(n));
    await page.press('.jump-box', 'Enter');
    const top = await topRow(page);
    assert.deepEqual(texts(top), bigRow(n - 1));
  }
  for (let step = 1; step <= 20; step++) {
    await page.evaluate((f) => {
      const s = document.querySelector<HTMLElement>('.grid-scroller')!;
      s.scrollTop = (s.scrollHeight - s.clientHeight) * f;
    }, step / 20);
    await topRow(page);
  }
  assert.deepEqual(texts(await rowView(page, rows - 1)), bigRow(rows - 1));
}

async function measure(harness: GridHarness, rows: number): Promise<{ loaded: number; scrolled: number; windows: number }> {
  const grid = await harness.open(bigSource(rows), { session: { memoryBudgetBytes: 1 << 30 } });
  try {
    await grid.page.waitForFunction((t) => document.querySelector('.row-count')?.textContent === t, `${rows.toLocaleString('en-US')} rows`);
    await topRow(grid.page);
    const loaded = await grid.heapUsed();
    await scrollThrough(grid, rows);
    const scrolled = await grid.heapUsed();
    const windows = await grid.page.evaluate(() => Number(document.getElementById('grid-app')!.dataset.cachedWindows));
    assert.deepEqual(grid.problems, []);
    return { loaded, scrolled, windows };
  } finally {
    await grid.close();
  }
}

describe('result grid: page memory in Chromium', () => {
  let harness: GridHarness;
  before(async () => (harness = await GridHarness.start()));
  after(async () => harness?.stop());

  it('stays flat from 100k to 10M rows after scrolling through the whole result', async () => {
    const small = await measure(harness, 100_000);
    const large = await measure(harness, 10_000_000);
    const fmt = (b: number): string => `${(b / MB).toFixed(1)} MB`;
    console.log(`      JS heap used: 100k rows ${fmt(small.loaded)} → ${fmt(small.scrolled)} after scrolling; `
      + `10M rows ${fmt(large.loaded)} → ${fmt(large.scrolled)}; decoded windows ${small.windows} / ${large.windows}`);
    assert.ok(large.scrolled < 100 * MB, `10M rows: ${fmt(large.scrolled)} < 100 MB`);
    assert.ok(large.scrolled < small.scrolled * 1.5 + 5 * MB, `10M (${fmt(large.scrolled)}) within 1.5× + 5 MB of 100k (${fmt(small.scrolled)})`);
    assert.ok(large.scrolled - large.loaded < 10 * MB, `scrolling 10M rows grew the heap by ${fmt(large.scrolled - large.loaded)}`);
    assert.ok(large.windows <= 8 && small.windows <= 8, `decoded windows ${small.windows} / ${large.windows} (at most 8)`);
  });
});
