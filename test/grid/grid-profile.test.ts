// The Profile side panel in the real bundled webview: a server profile (the client's answer for a trips result, turned
// into panel data by the real adapter) drawn as charts — one bar per histogram bucket with heights in proportion,
// top values with their labels, null and distinct figures — HTML values kept as text, errors with Spark's error class,
// Cancel and close reaching the query, keyboard use, and one screenshot per theme (test-artifacts/grid/).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { GridPage, OpenOptions, gridSuite } from './harness';
import { allTypesTable, tableTestSource, XSS } from './fixtures';
import { CITY_TOP, FARE_COUNTS, profiledSource, tripsProfileColumns, waitForAbort } from './profileFixtures';
import { rowView, texts, topRow, waitForRow } from './gridQueries';
import { rgb, ThemeName, themeVars } from './themes';

const OUT = path.resolve(__dirname, '../../test-artifacts/grid');

async function panelState(page: Page, state: string): Promise<void> {
  await page.waitForFunction((s) => document.querySelector<HTMLElement>('.profile-panel:not([hidden])')?.dataset.state === s, state);
}

async function openProfile(page: Page): Promise<void> {
  await page.click('.tool-button:text-is("Profile")');
  await panelState(page, 'done');
}

function card(column: number): string {
  return `.profile-card[data-column="${column}"]`;
}

describe('result grid: Profile panel in Chromium', () => {
  const pages = gridSuite();
  before(() => fs.mkdirSync(OUT, { recursive: true }));

  async function open(source = profiledSource(), opts: OpenOptions = {}): Promise<GridPage> {
    const grid = await pages.open(source, { width: 1300, height: 700, ...opts });
    await waitForRow(grid.page, 0);
    return grid;
  }

  it('draws a bar per histogram bucket, heights in proportion to the counts, with the numbers in their labels', async () => {
    const source = profiledSource();
    const { page } = await open(source);
    await openProfile(page);
    assert.equal(source.profileCalls.length, 1);
    assert.deepEqual(source.profileCalls[0].columns.map((c) => c.name), ['trip_id', 'city', 'fare'], "the grid's own columns");
    assert.equal(await page.locator('.profile-card').count(), 5);
    const bars = await page.$$eval(`${card(3)} .hist-bar`, (list) => list.map((b) => ({
      height: b.getBoundingClientRect().height, label: b.getAttribute('aria-label'), count: Number((b as HTMLElement).dataset.count),
    })));
    assert.equal(bars.length, FARE_COUNTS.length, 'one bar per bucket');
    assert.deepEqual(bars.map((b) => b.count), FARE_COUNTS);
    const full = await page.$eval(`${card(3)} .profile-histogram`, (h) => h.clientHeight);
    const max = Math.max(...FARE_COUNTS);
    assert.ok(full > 40, `a chart ${full} px high`);
    bars.forEach((b, i) => assert.ok(Math.abs(b.height - (FARE_COUNTS[i] / max) * full) <= 1.01, `bar ${i}: ${b.height} px for ${FARE_COUNTS[i]} of ${max}`));
    assert.equal(bars[1].height, 0, 'an empty bucket has no bar');
    assert.deepEqual(bars.map((b) => b.label), tripsProfileColumns()[3].histogram.map((h) => `around ${h.label}: ${h.count.toLocaleString('en-US')} rows`));
    assert.equal(bars[0].label, 'around 4.75: 5 rows');
    const dates = await page.$$eval(`${card(1)} .hist-bar`, (list) => list.map((b) => b.getAttribute('aria-label')));
    assert.equal(dates.length, 7);
    assert.equal(dates[0], 'around 2026-11-01: 286 rows', 'date buckets are labelled as dates');
    assert.deepEqual(await page.$$eval(`${card(1)} .profile-axis span`, (s) => s.map((x) => x.textContent)), ['2026-11-01', '2026-11-07']);
    assert.equal(await page.locator(`${card(2)} .hist-bar`).count(), 0, 'no histogram for strings');
  });

  it('lists the top values with their counts (NULL apart from text), and the null and distinct figures', async () => {
    const { page } = await open();
    await openProfile(page);
    const top = await page.$$eval(`${card(2)} .top-item`, (items) => items.map((li) => ({
      label: li.querySelector('.top-label')!.textContent, isNull: li.querySelector('.top-label')!.classList.contains('profile-null'),
      count: li.querySelector('.top-count')!.textContent, aria: li.getAttribute('aria-label'),
      fill: li.querySelector<HTMLElement>('.profile-fill')!.getBoundingClientRect().width,
      track: li.querySelector<HTMLElement>('.profile-track')!.clientWidth,
    })));
    assert.deepEqual(top.map((t) => t.label), CITY_TOP.map(([v]) => v ?? 'NULL'));
    assert.deepEqual(top.map((t) => t.isNull), [false, false, false, false, true]);
    assert.deepEqual(top.map((t) => t.count), CITY_TOP.map(([, c]) => c.toLocaleString('en-US')));
    assert.equal(top[0].aria, 'Berlin: 500 rows, 25.0 %');
    top.forEach((t, i) => assert.ok(Math.abs(t.fill - (CITY_TOP[i][1] / 2000) * t.track) <= 1.01, `top bar ${i}: ${t.fill} of ${t.track}`));
    const figures = async (col: number) => page.$$eval(`${card(col)} .profile-figures dd`, (dd) => dd.map((d) => d.textContent));
    assert.deepEqual(await figures(2), ['2,000', '100 (5.0 %)', '≈ 4', 'Berlin', XSS[0]]);
    assert.deepEqual(await figures(3), ['2,000', '40 (2.0 %)', '≈ 1,540', '3.50', '28.38']);
    assert.deepEqual(await figures(4), ['2,000', '2,000 (100.0 %)', 'not countable']);
    assert.equal(await page.getAttribute(`${card(2)} .null-share`, 'aria-label'), 'city: 100 (5.0 %) null');
    assert.equal(await page.getAttribute(card(3), 'aria-label'), 'fare, decimal(10,2): 2,000 rows, 40 null, about 1,540 distinct');
    const footer = await page.textContent('.profile-footer');
    assert.match(footer ?? '', /^all rows of samples\.trips · 2,000 rows · /);
    assert.equal(await page.getAttribute('.profile-footer', 'role'), 'status', 'the footer is announced, not every card');
    assert.equal(await page.locator('.profile-panel [aria-live]').count(), 0);
  });

  it('shows HTML in values as text: nothing of it becomes markup', async () => {
    const { page } = await open();
    await openProfile(page);
    assert.equal(await page.locator('.profile-panel img, .profile-panel script').count(), 0);
    assert.equal(await page.textContent(`${card(2)} .top-item:nth-child(4) .top-label`), XSS[0]);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  });

  it('reports a failed profile query with its Spark error class and leaves the grid working; Refresh retries', async () => {
    const failure = Object.assign(new Error('[DIVIDE_BY_ZERO, SQLSTATE 22012] Division by zero. Use `try_divide` to tolerate divisor being 0.'), { errorClass: 'DIVIDE_BY_ZERO' });
    const source = profiledSource(async (_r, call) => {
      if (call === 1) throw failure;
      return { columns: tripsProfileColumns(), scope: 'all rows of samples.trips', filtered: false };
    });
    const { page } = await open(source);
    await page.click('.tool-button:text-is("Profile")');
    await panelState(page, 'failed');
    assert.equal(await page.textContent('.profile-error-class'), 'DIVIDE_BY_ZERO');
    assert.equal(await page.textContent('.profile-error-message'), failure.message);
    assert.equal(await page.getAttribute('.profile-error', 'role'), 'alert');
    assert.deepEqual(texts(await rowView(page, 1)), ['1', 'Lisbon', '3.75'], 'the grid still shows its rows');
    await page.fill('.jump-box', '500');
    await page.press('.jump-box', 'Enter');
    assert.equal((await topRow(page)).row, 499, 'and still scrolls');
    assert.equal(await page.locator('.status-message.error').count(), 0, 'the failure stays in the panel');
    await page.click('.profile-panel .tool-button:text-is("Refresh")');
    await panelState(page, 'done');
    assert.equal(source.profileCalls.length, 2);
  });

  it('Cancel and close stop the running query (the abort reaches the source)', async () => {
    const source = profiledSource(waitForAbort);
    const { page } = await open(source);
    await page.click('.tool-button:text-is("Profile")');
    await panelState(page, 'running');
    assert.equal(await page.textContent('.profile-status'), 'Profiling on the server…');
    await page.click('.profile-panel .cancel-button');
    await panelState(page, 'cancelled');
    assert.equal(source.profileCalls[0].signal.aborted, true);
    assert.equal(await page.isVisible('.profile-panel .cancel-button'), false);
    await page.click('.profile-panel .tool-button:text-is("Refresh")');
    await panelState(page, 'running');
    await page.click('.profile-panel [aria-label="Close the profile"]');
    await page.waitForSelector('.profile-panel', { state: 'hidden' });
    await page.waitForFunction(() => true);
    assert.equal(source.profileCalls.length, 2);
    await waitUntil(() => source.profileCalls[1].signal.aborted, 'closing the panel aborts its query');
    assert.equal(await page.getAttribute('.tool-button:text-is("Profile")', 'aria-pressed'), 'false');
  });

  it('opens with the panel for Profile Columns, reuses the answer when shown again, and remembers a closed panel', async () => {
    const source = profiledSource();
    const g = await open(source, { session: { openProfile: true } });
    await panelState(g.page, 'done');
    assert.equal(await g.page.getAttribute('.tool-button:text-is("Profile")', 'aria-pressed'), 'true');
    await g.page.waitForFunction(() => true);
    await waitUntil(() => (g.savedState as { profileOpen?: boolean } | undefined)?.profileOpen === true, 'state saved');
    await g.hideAndShow();
    await panelState(g.page, 'done');
    assert.equal(await g.page.locator('.profile-card').count(), 5);
    assert.equal(source.profileCalls.length, 1, 'the host answered from its last result');
    await g.page.focus(card(0));
    await g.page.keyboard.press('Escape');
    await g.page.waitForSelector('.profile-panel', { state: 'hidden' });
    await waitUntil(() => (g.savedState as { profileOpen?: boolean } | undefined)?.profileOpen === false, 'closed state saved');
    await g.hideAndShow();
    await waitForRow(g.page, 0);
    assert.equal(await g.page.isVisible('.profile-panel'), false, 'a panel the user closed stays closed');
  });

  it('is keyboard reachable: Tab to Profile, arrows between column cards, Escape back to the grid', async () => {
    const { page } = await open();
    await page.focus('.export-button, .tool-button:text-is("Export ▾")');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Profile');
    await page.keyboard.press('Enter');
    await panelState(page, 'done');
    await page.focus('.profile-card[tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.column), '1');
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.column), '4');
    assert.equal(await page.locator('.profile-card[tabindex="0"]').count(), 1, 'one tab stop for all cards');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.profile-panel', { state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'grid-scroller');
  });

  it('follows the grid filter, and does not redraw while the grid scrolls', async () => {
    const source = profiledSource();
    const { page } = await open(source);
    await openProfile(page);
    await page.click('.grid-row[data-row="0"] .cell[data-col="0"]');
    await page.evaluate(() => {
      const w = window as unknown as { __panelMutations: number };
      w.__panelMutations = 0;
      new MutationObserver((m) => (w.__panelMutations += m.length)).observe(document.querySelector('.profile-panel')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageDown');
    await page.mouse.wheel(0, 3000);
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.grid-row:not([hidden])')?.dataset.row) > 50);
    assert.equal(await page.evaluate(() => (window as unknown as { __panelMutations: number }).__panelMutations), 0, 'scrolling leaves the panel alone');
    await page.fill('.filter-box', 'Oslo');
    await page.press('.filter-box', 'Enter');
    await waitUntil(() => source.profileCalls.length === 2, 'a new profile for the filter');
    await panelState(page, 'done');
    assert.match(source.profileCalls[1].where ?? '', /instr\(lower\(CAST\(`city` AS STRING\)\), 'oslo'\) > 0/);
    assert.match((await page.textContent('.profile-footer')) ?? '', /filtered by “Oslo”/);
  });

  it("marks and shows the card of the grid's active column", async () => {
    const { page } = await open(profiledSource(), { height: 420 });
    await openProfile(page);
    await page.click('.grid-row[data-row="3"] .cell[data-col="2"]');
    await page.waitForSelector(`${card(3)}.current[aria-current="true"]`);
    assert.equal(await page.locator('.profile-card.current').count(), 1);
    const visible = await page.$eval(card(3), (c) => {
      const body = c.closest('.profile-body')!.getBoundingClientRect();
      const r = c.getBoundingClientRect();
      return r.top >= body.top - 1 && r.bottom <= body.bottom + 1;
    });
    assert.ok(visible, 'the fare card was scrolled into view');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'grid-scroller', 'the keyboard stays in the grid');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector(`${card(2)}.current`);
    assert.equal(await page.locator(`${card(3)}.current`).count(), 0);
  });

  it('offers no Profile button for a result the server cannot profile', async () => {
    const grid = await pages.open(tableTestSource('in memory', allTypesTable()), { width: 1300, height: 500 });
    await waitForRow(grid.page, 0);
    assert.equal(await grid.page.isVisible('.tool-button:text-is("Profile")'), false);
    assert.equal(grid.sentOf('init')[0].canProfile, false);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
    it(`paints the panel with the ${theme} theme's chart colours (screenshot saved)`, async () => {
      const { page } = await open(profiledSource(), { theme, width: 1300, height: 760, session: { openProfile: true } });
      await panelState(page, 'done');
      await page.focus(card(0));
      await page.hover(`${card(0)} .hist-bar:nth-child(5)`);
      const file = path.join(OUT, `profile-${theme}.png`);
      await page.screenshot({ path: file });
      const vars = themeVars(theme);
      const colours = await page.evaluate(() => ({
        bar: getComputedStyle(document.querySelector('.profile-card[data-column="3"] .hist-bar')!).backgroundColor,
        hovered: getComputedStyle(document.querySelector('.profile-card[data-column="0"] .hist-bar:nth-child(5)')!).backgroundColor,
        top: getComputedStyle(document.querySelector('.top-share .profile-fill')!).backgroundColor,
        nulls: getComputedStyle(document.querySelector('.null-share .profile-fill')!).backgroundColor,
        panel: getComputedStyle(document.querySelector('.profile-panel')!).backgroundColor,
      }));
      assert.equal(colours.bar, rgb(vars['--vscode-charts-blue']));
      assert.equal(colours.hovered, rgb(vars['--vscode-charts-orange']));
      assert.equal(colours.top, rgb(vars['--vscode-charts-purple']));
      assert.equal(colours.nulls, rgb(vars['--vscode-charts-yellow']));
      assert.equal(colours.panel, rgb(vars['--vscode-editorWidget-background']));
      assert.ok(fs.statSync(file).size > 10_000, 'a real screenshot was written');
    });
  }
});

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(check(), what);
}
