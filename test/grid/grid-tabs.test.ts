// A result tab tells what made it (the statement in full on hover of its title, the connection and the time it ran,
// beside the row count and duration) and offers Pin (the host keeps it, also when the page is recreated) and Run
// Again (only for a source that only reads), all as text: a statement full of HTML shows as text.
import * as assert from 'node:assert/strict';
import { tableFromArrays } from 'apache-arrow';
import { GridHarness, GridPage } from './harness';
import { tableTestSource } from './fixtures';
import { profiledSource } from './profileFixtures';
import { rowView, texts } from './gridQueries';

const rowsOf = (label: string, n: number) => tableFromArrays({ id: Int32Array.from({ length: n }, (_v, i) => i), label: Array.from({ length: n }, (_v, i) => `${label}-${i}`) });
const STATEMENT = `SELECT '<img src=x onerror="document.body.dataset.hacked=1">' AS v,\n  label\nFROM <b>orders</b>`;

describe('result grid: the tab tells what made it, Pin and Run Again in Chromium', () => {
  let harness: GridHarness;
  let grid: GridPage | undefined;

  before(async () => (harness = await GridHarness.start()));
  after(async () => harness?.stop());
  afterEach(async function () {
    if (grid && this.currentTest?.state === 'passed') assert.deepEqual(grid.problems, []);
    await grid?.close();
    grid = undefined;
  });

  it('shows the connection and time beside rows and duration, and the whole statement as text on hover', async () => {
    const source = tableTestSource(`SELECT '<img src=x onerror="document.body.dataset.hacked=1">' AS v,`, rowsOf('a', 3));
    const g = (grid = await harness.open(source, { session: { about: { statement: STATEMENT, connection: 'prod <i>eu</i>' } } }));
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '3 rows');
    await g.page.waitForFunction(() => (document.querySelector('.elapsed')?.textContent ?? '') !== '');
    const about = (await g.page.textContent('.grid-about')) ?? '';
    assert.match(about, /^on prod <i>eu<\/i> · \d{1,2}:\d{2}:\d{2}/);
    assert.match((await g.page.getAttribute('.grid-about', 'title')) ?? '', /^Ran on prod <i>eu<\/i> at /);
    assert.equal(await g.page.getAttribute('.grid-title', 'title'), STATEMENT);
    assert.equal(await g.page.textContent('.grid-title'), source.title);
    assert.equal(await g.page.locator('.toolbar img, .toolbar b, .toolbar i').count(), 0, 'no markup from the statement or the connection');
    assert.equal(await g.page.evaluate(() => document.body.dataset.hacked), undefined);
    assert.equal(await g.page.isVisible('.run-again-button'), false, 'not offered unless the host says the source only reads');
  });

  it('Pin toggles pressed, is kept by the host when the page is recreated, and Unpin clears it', async () => {
    const g = (grid = await harness.open(tableTestSource('orders', rowsOf('a', 3))));
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '3 rows');
    assert.equal(await g.page.getAttribute('.pin-button', 'aria-pressed'), 'false');
    assert.equal(await g.page.textContent('.pin-button'), 'Pin');
    await g.page.click('.pin-button');
    await g.page.waitForSelector('.pin-button[aria-pressed="true"]');
    assert.equal(await g.page.textContent('.pin-button'), 'Pinned');
    await g.hideAndShow();
    await g.page.waitForSelector('.pin-button[aria-pressed="true"]');
    await g.page.waitForFunction(() => (document.querySelector('.elapsed')?.textContent ?? '') !== '', undefined, { timeout: 5000 });
    await g.page.click('.pin-button');
    await g.page.waitForSelector('.pin-button[aria-pressed="false"]');
    const pins = g.received.filter((m) => (m as { type: string }).type === 'pin');
    assert.deepEqual(pins, [{ type: 'pin', pinned: true }, { type: 'pin', pinned: false }]);
  });

  it('Run Again runs a reading source again into the same grid, with a new time', async () => {
    let runs = 0;
    const source = Object.assign(tableTestSource('orders', rowsOf('old', 3)), {
      requery: () => tableTestSource('orders', rowsOf(`run${++runs}`, 2)),
    });
    const g = (grid = await harness.open(source, { session: { runAgain: true, about: { connection: 'local' } } }));
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '3 rows');
    const firstRan = g.sentOf('tab').at(-1)!.tab.ranAt;
    await g.page.waitForSelector('.run-again-button', { state: 'visible' });
    await g.page.click('.run-again-button');
    await g.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '2 rows');
    assert.deepEqual(texts(await rowView(g.page, 0)), ['0', 'run1-0']);
    assert.equal(runs, 1);
    assert.ok(g.sentOf('tab').at(-1)!.tab.ranAt >= firstRan);
    assert.match((await g.page.textContent('.grid-about')) ?? '', /^on local · /);
  });

  // 1000 px: a panel that wide; 640 px: what a 1000 px window leaves the grid with the side bar open
  for (const width of [1000, 640]) it(`keeps the toolbar on one line at ${width} px with Profile, Run Again, Pin and the run info shown`, async () => {
    const source = Object.assign(profiledSource(), {
      title: 'SELECT id, label FROM main.sales.orders_with_a_long_name WHERE id > 0',
      requery: () => tableTestSource('orders', rowsOf('b', 3)),
    });
    const about = { statement: source.title, connection: 'production-warehouse-eu-west' };
    const g = (grid = await harness.open(source, { width, session: { runAgain: true, about } }));
    await g.page.waitForFunction(() => (document.querySelector('.elapsed')?.textContent ?? '') !== '');
    await g.page.waitForSelector('.run-again-button', { state: 'visible' });
    await g.page.waitForSelector('.toolbar .tool-button:text("Profile")', { state: 'visible' });
    const layout = await g.page.evaluate(() => {
      const items = [...document.querySelectorAll<HTMLElement>('.toolbar .tool-button, .toolbar .elapsed, .toolbar .row-count')].filter((b) => b.offsetParent !== null);
      const toolbar = document.querySelector<HTMLElement>('.toolbar')!;
      const right = toolbar.getBoundingClientRect().right;
      const outside = items.filter((b) => b.getBoundingClientRect().right > right + 0.5).map((b) => b.textContent);
      return { heights: items.map((b) => [b.textContent, Math.round(b.getBoundingClientRect().height)]), overflow: toolbar.scrollWidth - toolbar.clientWidth, outside };
    });
    const buttons = layout.heights.filter(([text]) => !/rows|ms|s$/.test(String(text)));
    assert.equal(new Set(buttons.map(([, h]) => h)).size, 1, `buttons of different heights (a label wrapped): ${JSON.stringify(layout.heights)}`);
    assert.ok(layout.heights.every(([, h]) => Number(h) < 2 * 18), `a figure wrapped: ${JSON.stringify(layout.heights)}`);
    assert.ok(layout.overflow <= 0, `the toolbar overflows by ${layout.overflow} px`);
    assert.deepEqual(layout.outside, [], 'buttons past the right edge');
    // and with the table-changed notice shown as well: whole, on one line, the toolbar still not overflowing
    g.session.markStale();
    await g.page.waitForSelector('.stale-notice', { state: 'visible' });
    const stale = await g.page.evaluate(() => {
      const notice = document.querySelector<HTMLElement>('.stale-notice')!;
      const text = notice.querySelector<HTMLElement>('.stale-text')!;
      const toolbar = document.querySelector<HTMLElement>('.toolbar')!;
      return { height: Math.round(notice.getBoundingClientRect().height), cut: text.scrollWidth > text.clientWidth, overflow: toolbar.scrollWidth - toolbar.clientWidth };
    });
    // below 800 px the notice's sentence gives way (whole on hover); it never wraps
    assert.ok(stale.height < 2 * 18 && (width < 800 || !stale.cut), `the notice wrapped or was cut: ${JSON.stringify(stale)}`);
    assert.ok(stale.overflow <= 0, `with the notice the toolbar overflows by ${stale.overflow} px`);
  });
});
