// 100k and 10M rows in the real webview: the compressed scrollbar reaches the end, jump-to-row is exact,
// keyboard navigation works, and the host only ever sends the windows asked for (and the first one, unasked).
import * as assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { PUSHED_WINDOW } from '../../src/grid/shared/protocol';
import { GridHarness, GridPage } from './harness';
import { bigRow, bigSource } from './fixtures';
import { HEADER_PX, rowCountText, rowView, texts, topRow, visibleRows, waitForRow } from './gridQueries';

const BUDGET = { memoryBudgetBytes: 1024 * 1024 * 1024 };

async function openBig(harness: GridHarness, rows: number): Promise<GridPage> {
  const grid = await harness.open(bigSource(rows), { session: BUDGET });
  await grid.page.waitForFunction((n) => document.querySelector('.row-count')?.textContent === `${n} rows`, rows.toLocaleString('en-US'));
  return grid;
}

async function jumpTo(page: Page, row: number): Promise<void> {
  await page.fill('.jump-box', String(row));
  await page.press('.jump-box', 'Enter');
}

/** Bottom edge of the rows area and of the last rendered row. */
async function bottoms(page: Page): Promise<{ body: number; lastRow: number }> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.grid-viewport')!;
    const rows = [...document.querySelectorAll<HTMLElement>('.grid-row:not([hidden])')];
    return { body: viewport.clientHeight, lastRow: Math.max(...rows.map((r) => parseFloat(r.style.top) + 22)) };
  });
}

function sharedGrid(rows: number, tests: (get: () => GridPage) => void): void {
  describe(`${rows.toLocaleString('en-US')} rows`, () => {
    let harness: GridHarness;
    let grid: GridPage;
    before(async () => {
      harness = await GridHarness.start();
      grid = await openBig(harness, rows);
    });
    after(async () => {
      await grid?.close();
      await harness?.stop();
    });
    afterEach(function () {
      if (this.currentTest?.state === 'passed') assert.deepEqual(grid.problems, []);
    });
    tests(() => grid);
  });
}

describe('result grid: large results in Chromium', () => {
  for (const rows of [100_000, 10_000_000]) {
    sharedGrid(rows, (grid) => {
      const last = rows - 1;

      it('Ctrl+End shows the last row with its exact values', async () => {
        const { page } = grid();
        await page.click('.grid-row[data-row="0"] .cell[data-col="0"]');
        await page.keyboard.press('Control+End');
        const row = await rowView(page, last);
        assert.deepEqual(texts(row), bigRow(last));
        assert.equal(row.gutter, rows.toLocaleString('en-US').replace(/,/g, ''));
        const edge = await bottoms(page);
        assert.equal(edge.lastRow, edge.body, 'the last row sits at the bottom edge');
        await page.keyboard.press('Control+Home');
        assert.equal((await topRow(page)).row, 0);
      });

      it('dragging the scrollbar to the very bottom shows the last row', async () => {
        const { page } = grid();
        const height = await page.evaluate(() => {
          const s = document.querySelector<HTMLElement>('.grid-scroller')!;
          s.scrollTop = s.scrollHeight;
          return s.scrollHeight;
        });
        assert.ok(height < 10_000_000, `the spacer stays below Chromium's limit (${height} px)`);
        assert.deepEqual(texts(await rowView(page, last)), bigRow(last));
        await page.evaluate(() => (document.querySelector<HTMLElement>('.grid-scroller')!.scrollTop = 0));
        await waitForRow(page, 0);
      });

      it('jump to row N puts row N exactly at the top', async () => {
        const { page } = grid();
        for (const n of [1, Math.floor(rows / 2), rows - 1000, 12_345]) {
          await jumpTo(page, n);
          await page.waitForFunction((r) => document.querySelector(`.grid-row[data-row="${r}"]`) !== null, n - 1);
          const top = await topRow(page);
          assert.equal(top.top, HEADER_PX, `row ${n} starts at the top edge`);
          assert.equal(top.row, n - 1);
          assert.equal(top.gutter, String(n));
          assert.deepEqual(texts(top), bigRow(n - 1));
          assert.match(top.cells[0].classes, /\bactive\b/);
        }
        await jumpTo(page, rows + 50); // beyond the end: the last row, at the bottom
        assert.deepEqual(texts(await rowView(page, last)), bigRow(last));
      });

      it('the mouse wheel moves by exact pixels, also over a compressed scrollbar', async () => {
        const { page } = grid();
        await jumpTo(page, 5001);
        assert.equal((await topRow(page)).row, 5000);
        const box = (await page.locator('.grid-scroller').boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, 22 * 10);
        await page.waitForFunction(() => document.querySelector('.grid-row[data-row="5010"]') !== null);
        await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.grid-row:not([hidden])')]
          .some((r) => r.dataset.row === '5010' && r.style.top === '42px'));
        assert.deepEqual(texts((await visibleRows(page)).find((r) => r.row === 5010)!), bigRow(5010));
      });

      it('keyboard: arrows, PageDown, End, Home and Ctrl+Home move the active cell', async () => {
        const { page } = grid();
        await jumpTo(page, 1);
        await page.click('.grid-row[data-row="0"] .cell[data-col="0"]');
        const active = async (): Promise<[number, number]> => page.$eval('.cell.active', (c) => [Number((c.parentElement as HTMLElement).dataset.row), Number((c as HTMLElement).dataset.col)] as [number, number]);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowRight');
        assert.deepEqual(await active(), [1, 1]);
        const page0 = await page.evaluate(() => Math.floor((document.querySelector<HTMLElement>('.grid-viewport')!.clientHeight - 42) / 22));
        await page.keyboard.press('PageDown');
        assert.deepEqual(await active(), [1 + page0, 1]);
        await page.keyboard.press('End');
        assert.deepEqual(await active(), [1 + page0, 2]);
        await page.keyboard.press('Home');
        assert.deepEqual(await active(), [1 + page0, 0]);
        await page.keyboard.press('ArrowUp');
        assert.deepEqual(await active(), [page0, 0]);
        await page.keyboard.press('Control+Home');
        assert.deepEqual(await active(), [0, 0]);
      });

      it('the host answers each getRows with exactly the requested window, in small messages', async () => {
        const g = grid();
        for (const n of [rows / 4, rows / 2, rows - 10]) {
          await jumpTo(g.page, n);
          await topRow(g.page);
        }
        const requests = new Map<number, { start: number; end: number }>();
        for (const m of g.received as Array<{ type: string; requestId: number; start: number; end: number }>) {
          if (m.type === 'getRows') requests.set(m.requestId, m);
        }
        // The one window sent unasked is the first, with the first rows; every other one answers a getRows.
        const pushed = g.sent.filter((m) => m.type === 'rows' && (m.message as { requestId: number }).requestId === PUSHED_WINDOW);
        assert.deepEqual(pushed.map((m) => [(m.message as { start: number }).start, m.rows]), [[0, 100]]);
        const firstAsked = requests.get(Math.min(...requests.keys()))!;
        assert.notEqual(firstAsked.start, 0, 'the webview did not ask for the window it had been sent');
        const replies = g.sent.filter((m) => m.type === 'rows' && !pushed.includes(m));
        assert.ok(replies.length > 5, `windows were fetched (${replies.length})`);
        for (const reply of replies) {
          const rq = requests.get((reply.message as { requestId: number }).requestId)!;
          assert.ok(rq.end - rq.start <= 100, 'the webview asks for small windows');
          assert.equal(reply.rows, Math.min(rq.end, rows) - rq.start);
          assert.ok(reply.bytes! < 16 * 1024, `window of ${reply.rows} rows is ${reply.bytes} bytes`);
        }
      });

      it('keeps only the visible rows and columns in the DOM and a few windows decoded', async () => {
        const { page } = grid();
        const counts = await page.evaluate(() => ({
          rows: document.querySelectorAll('.grid-row').length,
          cells: document.querySelectorAll('.cell').length,
          windows: Number(document.getElementById('grid-app')!.dataset.cachedWindows),
        }));
        assert.ok(counts.rows <= 40, `${counts.rows} row elements`);
        assert.ok(counts.cells <= 40 * 3, `${counts.cells} cell elements`);
        assert.ok(counts.windows <= 8, `${counts.windows} decoded windows (at most 8)`);
        assert.match(await rowCountText(page), new RegExp(`^${rows.toLocaleString('en-US')} rows$`));
      });
    });
  }
});
