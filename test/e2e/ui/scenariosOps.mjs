// UI scenarios for the write commands (Delete Rows…, Update Rows…, Restore to Version…, Optimize…), each on its own
// table of schema e2e_ops (../lib/fixtureSpec.cjs: OPS), so they neither depend on each other nor change what the
// read-only scenarios of schema e2e expect. Effects are asserted through what a person sees: the modal dialogs,
// the notifications, the History node's versions and the preview grid's row count.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CONNECTION_NAME: CONN, CATALOG, SCHEMA, CITIES } = require('../lib/fixtureSpec.cjs');
const title = (t) => `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const versionLabels = (t) => t.history.map((op, i) => `v${t.latestVersion - i} ${op}`);

/** Opens the view and expands connection › catalog › e2e_ops › table (idempotent); returns the table's children. */
async function browseToTable(d, t) {
  await d.openView('Delta Connect');
  await d.expandTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
  await d.expandTreeItem(CATALOG, { level: 2 });
  await d.expandTreeItem(OPS_SCHEMA, { level: 3 });
  return d.expandTreeItem(t.name, { level: 4 });
}

/**
 * The version rows under the table's History node, newest first, as freshly loaded: collapses the tree and expands
 * the path again (until `until(labels)` holds, for a History that a refresh is still reloading).
 */
async function historyVersions(d, t, { until = () => true, timeoutMs = 30_000 } = {}) {
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
async function previewCount(d, t, shot) {
  await browseToTable(d, t);
  await d.treeItemContextMenu(t.name, 'Preview Table', { level: 4 });
  await d.waitForActiveTab(title(t));
  const grid = await d.readGridCells({ minRows: 1 });
  if (shot) await d.screenshot(shot);
  await d.runPaletteCommand('View: Close All Editors', { optional: true });
  return grid.rowCount;
}

/** Waits for the modal dialog (its text matching `expect`), screenshots it, presses `button`; returns its text. */
async function answerDialog(d, button, expect, shot) {
  await d.waitUntil('a modal dialog', () => d.dialogText(), 60_000);
  await d.screenshot(shot);
  return d.confirmDialog(button, { expect });
}

export const opsScenarios = [
  {
    slug: 'delete-rows',
    name: `Delete Rows… on ${OPS_SCHEMA}.${OPS.del.name}: the dialog counts the ${OPS.del.matching} matching rows; Cancel changes nothing; Delete writes a DELETE version`,
    timeoutMs: 180_000,
    async run(d) {
      const t = OPS.del;
      assert.deepEqual(await historyVersions(d, t), versionLabels(t));
      const ask = async () => {
        await d.treeItemContextMenu(t.name, 'Delete Rows…', { level: 4 });
        const box = await d.answerInputBox(t.condition, { prompt: 'WHERE condition' });
        assert.match(box.title, new RegExp(`Delete from ${re(title(t))}`));
      };
      const expect = new RegExp(`Delete ${t.matching} rows from ${re(title(t))}\\?[\\s\\S]*WHERE ${re(t.condition)}`);
      // 1. Cancel: nothing is sent
      await ask();
      await answerDialog(d, 'Cancel', expect, 'dialog-cancel');
      await d.page.waitForTimeout(1500);
      assert.equal((await d.page.locator('.notification-toast .notification-list-item-message').allInnerTexts()).find((x) => /Deleted/.test(x)), undefined, 'a "Deleted" notification after Cancel');
      assert.deepEqual(await historyVersions(d, t), versionLabels(t), 'History changed after Cancel');
      await d.screenshot('history-after-cancel');
      assert.equal(await previewCount(d, t, 'preview-after-cancel'), `${t.rowCount} rows`);
      // 2. Delete
      await browseToTable(d, t);
      await ask();
      await answerDialog(d, 'Delete', expect, 'dialog-delete');
      const done = await d.waitForNotification(/^Deleted /, { timeoutMs: 90_000 });
      await d.screenshot('deleted');
      assert.match(done, new RegExp(`^Deleted ${t.matching} rows from ${re(title(t))}`));
      const versions = await historyVersions(d, t, { until: (v) => v.length > t.history.length });
      await d.screenshot('history-after-delete');
      assert.deepEqual(versions, [`v${t.latestVersion + 1} DELETE`, ...versionLabels(t)]);
      assert.equal(await previewCount(d, t, 'preview-after-delete'), `${t.rowCount - t.matching} rows`);
    },
  },
  {
    slug: 'update-rows',
    name: `Update Rows… on ${OPS_SCHEMA}.${OPS.upd.name}: SET ${OPS.upd.set} WHERE ${OPS.upd.condition} → "Updated ${OPS.upd.matching} rows", History shows UPDATE`,
    timeoutMs: 150_000,
    async run(d) {
      const t = OPS.upd;
      await browseToTable(d, t);
      await d.treeItemContextMenu(t.name, 'Update Rows…', { level: 4 });
      await d.answerInputBox(t.set, { prompt: 'SET assignments' });
      await d.answerInputBox(t.condition, { prompt: 'WHERE condition' });
      await answerDialog(d, 'Update', new RegExp(`Update ${t.matching} rows of ${re(title(t))}\\?[\\s\\S]*SET ${re(t.set)}[\\s\\S]*WHERE ${re(t.condition)}`), 'dialog');
      const done = await d.waitForNotification(/^Updated /, { timeoutMs: 90_000 });
      await d.screenshot('updated');
      assert.match(done, new RegExp(`^Updated ${t.matching} rows of ${re(title(t))}`));
      const versions = await historyVersions(d, t, { until: (v) => v.length > t.history.length });
      await d.screenshot('history');
      assert.deepEqual(versions, [`v${t.latestVersion + 1} UPDATE`, ...versionLabels(t)]);
    },
  },
  {
    slug: 'restore-version',
    name: `Restore to Version… from the History node of ${OPS_SCHEMA}.${OPS.rst.name}: v1 → the dialog names version 1; History shows RESTORE; ${OPS.rst.v1Rows} rows`,
    timeoutMs: 150_000,
    async run(d) {
      const t = OPS.rst;
      assert.deepEqual(await historyVersions(d, t), versionLabels(t));
      await d.treeItemContextMenu('v1 WRITE', 'Restore to Version…', { level: 6 });
      await answerDialog(d, 'Restore', new RegExp(`Restore ${re(title(t))} to version 1\\?[\\s\\S]*with the ${t.v1Rows} rows of version 1`), 'dialog');
      const done = await d.waitForNotification(/^Restored /, { timeoutMs: 90_000 });
      await d.screenshot('restored');
      assert.match(done, new RegExp(`^Restored ${re(title(t))} to version 1`));
      const versions = await historyVersions(d, t, { until: (v) => v.length > t.history.length });
      await d.screenshot('history');
      assert.deepEqual(versions, [`v${t.latestVersion + 1} RESTORE`, ...versionLabels(t)]);
      assert.equal(await previewCount(d, t, 'preview'), `${t.v1Rows} rows`);
    },
  },
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
    name: `Compare Versions… from the History node of ${SCHEMA}.${CITIES.name}: v0 → v1, no keys → the diff grid shows ${CITIES.rows.length} rows added, 0 removed`,
    async run(d) {
      const label = `${CATALOG}.${SCHEMA}.${CITIES.name}`;
      await d.openView('Delta Connect');
      await d.expandTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.expandTreeItem(CATALOG, { level: 2 });
      await d.expandTreeItem(SCHEMA, { level: 3 });
      await d.expandTreeItem(CITIES.name, { level: 4 });
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
    },
  },
  {
    slug: 'profile-columns',
    name: `Profile Columns on ${SCHEMA}.${CITIES.name} → a grid with one row per column (${CITIES.columns.join(', ')})`,
    async run(d) {
      const label = `${CATALOG}.${SCHEMA}.${CITIES.name}`;
      await d.openView('Delta Connect');
      await d.expandTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.expandTreeItem(CATALOG, { level: 2 });
      await d.expandTreeItem(SCHEMA, { level: 3 });
      await d.treeItemContextMenu(CITIES.name, 'Profile Columns', { level: 4 });
      await d.waitForActiveTab(`Profile: ${label}`, { timeoutMs: 90_000 });
      const grid = await d.readGridCells({ minRows: CITIES.columns.length });
      await d.screenshot('profile-grid');
      assert.equal(grid.columns[0], 'column');
      assert.deepEqual(grid.rows.map((r) => r[0]), CITIES.columns);
      const nulls = grid.columns.indexOf('nulls');
      assert.ok(nulls > 0, `no nulls column in ${grid.columns}`);
      assert.ok(grid.rows.every((r) => /^0 /.test(r[nulls])), JSON.stringify(grid.rows));
    },
  },
];
