// UI scenarios for Optimize…, Compare Versions… and Profile Columns. Optimize runs on its own table of schema e2e_ops
// (../lib/fixtureSpec.cjs: OPS), so it neither depends on other scenarios nor changes what the read-only scenarios of
// schema e2e expect. The commands that ask before they write (delete, update, restore, merge, vacuum, …) are in
// ./scenariosSafety.mjs, which shares the helpers below. Effects are asserted through what a person sees: the modal dialogs,
// the notifications, the History node's versions and the preview grid's row count.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { expandToSchema, expandToTable } from './treePath.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CATALOG, SCHEMA, CITIES } = require('../lib/fixtureSpec.cjs');
const title = (t) => `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const versionLabels = (t) => t.history.map((op, i) => `v${t.latestVersion - i} ${op}`);

/** Opens the view and expands connection › catalog › e2e_ops › table (idempotent); returns the table's children. */
export const browseToTable = (d, t) => expandToTable(d, OPS_SCHEMA, t.name);

/**
 * The version rows under the table's History node, newest first, as freshly loaded: collapses the tree and expands
 * the path again (until `until(labels)` holds, for a History that a refresh is still reloading).
 */
export async function historyVersions(d, t, { until = () => true, timeoutMs = 30_000 } = {}) {
  let last = [];
  try {
    return await d.waitUntil(`the History of ${t.name}`, async () => {
      await d.viewTitleAction('Collapse All', { optional: true });
      await browseToTable(d, t);
      last = (await d.expandTreeItem('History', { level: 5 })).filter((l) => /^v\d+ /.test(l));
      return until(last) ? last : undefined;
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${e.message}; History shows ${last.join(' | ') || '(nothing)'}`);
  }
}

/** Preview Table from the context menu; returns the grid's row count text ("6 rows"). */
export async function previewCount(d, t, shot) {
  await browseToTable(d, t);
  await d.treeItemContextMenu(t.name, 'Preview Table', { level: 4 });
  await d.waitForActiveTab(title(t));
  const grid = await d.readGridCells({ minRows: 1 });
  if (shot) await d.screenshot(shot);
  await d.runPaletteCommand('View: Close All Editors', { optional: true });
  return grid.rowCount;
}

export const opsScenarios = [
  {
    slug: 'optimize',
    name: `Optimize… on ${OPS_SCHEMA}.${OPS.opt.name} (no filter, no Z-order): "files compacted" notification; History shows OPTIMIZE`,
    timeoutMs: 150_000,
    async run(d) {
      const t = OPS.opt;
      await browseToTable(d, t);
      await d.treeItemContextMenu(t.name, 'Optimize…', { level: 4 });
      // empty partition filter: Enter on the empty box; then the Z-order pick (same title): accept with none picked
      await d.waitUntil('the partition filter box', async () => /Partition filter/.test((await d.quickInputSnapshot()).message ?? ''), 30_000);
      await d.screenshot('filter');
      await d.page.keyboard.press('Enter');
      await d.waitUntil('the Z-order pick', async () => /Z-order/.test((await d.quickInputSnapshot()).placeholder ?? ''), 30_000);
      await d.screenshot('zorder');
      await d.page.keyboard.press('Enter');
      const done = await d.waitForNotification(/^Optimized /, { timeoutMs: 90_000 });
      await d.screenshot('optimized');
      const m = new RegExp(`^Optimized ${re(title(t))}: (\\d+) files compacted into (\\d+)`).exec(done);
      assert.ok(m, done);
      assert.ok(Number(m[1]) >= t.steps.length && Number(m[2]) === 1, done);
      const versions = await historyVersions(d, t, { until: (v) => v.length > t.history.length });
      await d.screenshot('history');
      assert.deepEqual(versions, [`v${t.latestVersion + 1} OPTIMIZE`, ...versionLabels(t)]);
    },
  },
  {
    slug: 'compare-versions',
    name: `Compare Versions… from the History node of ${SCHEMA}.${CITIES.name}: v0 → v1, no keys → the diff grid shows ${CITIES.rows.length} rows added, 0 removed; Open Differing Rows opens them beside the summary`,
    async run(d) {
      const label = `${CATALOG}.${SCHEMA}.${CITIES.name}`;
      await expandToTable(d, SCHEMA, CITIES.name);
      assert.deepEqual(await d.expandTreeItem('History', { level: 5 }), ['v1 WRITE', 'v0 CREATE TABLE']);
      await d.treeItemContextMenu('v0 CREATE TABLE', 'Compare Versions…', { level: 6 });
      await d.pickQuickItem('v1');
      // key columns: none picked (whole-row comparison)
      await d.waitUntil('the key columns pick', async () => /Key columns/.test((await d.quickInputSnapshot()).placeholder ?? ''), 30_000);
      await d.screenshot('keys');
      await d.page.keyboard.press('Enter');
      await d.waitForActiveTab(`Diff v0 → v1: ${label}`, { timeoutMs: 90_000 });
      const grid = await d.readGridCells({ minRows: 2 });
      await d.screenshot('diff-grid');
      assert.deepEqual(grid.columns, ['measure', 'value']);
      const measure = Object.fromEntries(grid.rows.map((r) => [r[0], r[1]]));
      assert.equal(measure['rows added'], String(CITIES.rows.length));
      assert.equal(measure['rows removed'], '0');
      const note = await d.waitForNotification(/rows added/);
      assert.match(note, new RegExp(`${re(label)} v0 → v1: ${CITIES.rows.length} rows added, 0 removed`));
      // The differing rows open in a tab of their own: the summary they follow stays open.
      await d.clickNotificationButton(/rows added/, 'Open Differing Rows');
      await d.waitForActiveTab(`Rows v0 → v1: ${label}`, { timeoutMs: 90_000 });
      const rows = await d.readGridCells({ minRows: CITIES.rows.length });
      await d.screenshot('differing-rows');
      assert.equal(rows.rows.length, CITIES.rows.length);
      const tabs = await d.page.locator('.tabs-container .tab .label-name').allTextContents();
      assert.ok(tabs.includes(`Diff v0 → v1: ${label}`), `the summary tab is still open; tabs: ${tabs.join(' | ')}`);
    },
  },
  {
    slug: 'profile-columns',
    name: `Profile Columns on ${SCHEMA}.${CITIES.name} → a grid with one row per column (${CITIES.columns.join(', ')})`,
    async run(d) {
      const label = `${CATALOG}.${SCHEMA}.${CITIES.name}`;
      await expandToSchema(d, SCHEMA);
      await d.treeItemContextMenu(CITIES.name, 'Profile Columns', { level: 4 });
      await d.waitForActiveTab(`Profile: ${label}`, { timeoutMs: 90_000 });
      const grid = await d.readGridCells({ minRows: CITIES.columns.length });
      await d.screenshot('profile-grid');
      assert.equal(grid.columns[0], 'column');
      assert.deepEqual(grid.rows.map((r) => r[0]), CITIES.columns);
      const nulls = grid.columns.indexOf('nulls');
      assert.ok(nulls > 0, `no nulls column in ${grid.columns}`);
      assert.ok(grid.rows.every((r) => /^0 /.test(r[nulls])), JSON.stringify(grid.rows));
      // beside the grid, the Profile side panel: one card of small charts per column, from the same answer
      const panel = d.webview().locator('.profile-panel[data-state="done"]');
      await d.step('the Profile side panel', () => panel.waitFor({ timeout: 60_000 }));
      const names = await panel.locator('.profile-card .profile-name').allInnerTexts();
      await d.screenshot('profile-panel');
      assert.deepEqual(names, CITIES.columns);
      const distinct = await panel.locator('.profile-card .profile-distinct').allInnerTexts();
      assert.deepEqual(distinct, CITIES.columns.map(() => `≈ ${CITIES.rows.length}`), 'every column of cities has distinct values');
    },
  },
];
