// UI scenarios for the rough edges a new user tripped over (issue #18, points 8, 10 and 15): a result says how long
// it took, a VARIANT cell reads as the JSON it holds, an Optimize that compacted nothing says so, struct columns
// expand in the tree, and a TLS handshake to a plaintext server says so when Add Connection tests it. Each asserts
// what a person sees (the grid's toolbar and cells, the notification, the tree, the dialog) and screenshots it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { expandToSchema, expandToTable } from './treePath.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CATALOG, CONNECTION_NAME: CONN } = require('../lib/fixtureSpec.cjs');
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs `sql` from the palette and returns the grid once its rows arrived. */
async function runFromPalette(d, sql, minRows = 1) {
  await d.openView('Delta Connect');
  await d.runSqlInput(sql);
  return d.readGridCells({ minRows });
}

/** Runs a statement from the palette and waits for its notification (`clear`: then clears the notifications). */
async function runAndSee(d, statement, done, { timeoutMs, clear = false }) {
  await d.runSqlInput(statement);
  await d.waitForNotification(done, { timeoutMs });
  if (clear) await d.runPaletteCommand('Notifications: Clear All Notifications', { optional: true });
}

/** Optimize… with no partition filter and no Z-order; returns the notification's text. */
async function optimize(d, t, pattern) {
  await expandToTable(d, OPS_SCHEMA, t.name);
  await d.treeItemContextMenu(t.name, 'Optimize…', { level: 4 });
  await d.waitUntil('the partition filter box', async () => /Partition filter/.test((await d.quickInputSnapshot()).message ?? ''), 30_000);
  await d.page.keyboard.press('Enter');
  await d.waitUntil('the Z-order pick', async () => /Z-order/.test((await d.quickInputSnapshot()).placeholder ?? ''), 30_000);
  await d.page.keyboard.press('Enter');
  return d.waitForNotification(pattern, { timeoutMs: 90_000 });
}

export const roughEdgeScenarios = [
  {
    slug: 'elapsed-time',
    name: 'a result says how long it took: the grid toolbar shows the time until its last row arrived',
    async run(d) {
      await runFromPalette(d, 'SELECT id, id * 2 AS twice FROM range(0, 5)', 5);
      const elapsed = d.webview().locator('.elapsed');
      const text = await d.waitUntil('the elapsed time in the toolbar', async () => {
        const t = (await elapsed.innerText({ timeout: 5_000 }).catch(() => '')).trim();
        return t === '' ? undefined : t;
      }, 30_000);
      await d.screenshot('elapsed');
      assert.match(text, /^· \d+(\.\d)? (ms|s)$|^· \d+ min/, `the toolbar says ${JSON.stringify(text)}`);
      assert.match(await elapsed.getAttribute('title') ?? '', /until its last row arrived/);
    },
  },
  {
    slug: 'variant-json',
    name: 'a VARIANT column reads as the JSON it holds, not as two hex strings',
    async run(d) {
      const grid = await runFromPalette(d, `SELECT 1 AS id, parse_json('{"a":1,"b":[true,null],"c":"x"}') AS v`);
      await d.screenshot('variant');
      assert.deepEqual(grid.columns, ['id', 'v']);
      const cell = grid.rows[0][1].replace(/\s+/g, '');
      assert.equal(cell, '{"a":1,"b":[true,null],"c":"x"}', `the VARIANT cell reads ${JSON.stringify(grid.rows[0][1])}`);
    },
  },
  {
    slug: 'optimize-nothing',
    name: `Optimize… twice on ${OPS_SCHEMA}.${OPS.opt.name}: the second compacted nothing and says so (no "N files compacted into N")`,
    timeoutMs: 240_000,
    async run(d) {
      const t = OPS.opt;
      const label = `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
      // The first run compacts what there is (or nothing, when the optimize scenario ran before); VS Code shows an
      // identical message once, so its toast is cleared before the second run, whose message is then its own.
      const first = await optimize(d, t, /^Optimi[sz]e/);
      if (/^Optimized /.test(first)) await d.waitForActiveTab(/^Optimize: /, { timeoutMs: 60_000 });
      await d.dismissNotifications();
      await d.waitUntil('the first notification cleared', async () => !(await d.page.locator('.notification-toast:visible').count()), 30_000);
      const second = await optimize(d, t, /^Optimi[sz]e/);
      await d.screenshot('compacted-nothing');
      assert.match(second, new RegExp(`^Optimize compacted nothing in ${re(label)}`), second);
      assert.doesNotMatch(second, /\d+ files? compacted into \d+/, second);
      assert.match(second, /no new version was written/, second);
    },
  },
  {
    slug: 'nested-columns',
    name: `a struct column expands in the tree to its fields, and a struct inside it to its own (${OPS_SCHEMA}.rough_nested)`,
    timeoutMs: 150_000,
    async run(d) {
      const table = `${OPS_SCHEMA}.rough_nested`;
      await d.openView('Delta Connect');
      await d.runSqlInput(`CREATE OR REPLACE TABLE ${table} (id INT, trip STRUCT<start: STRUCT<city: STRING, at: TIMESTAMP>, km: DOUBLE>, note STRING) USING delta`);
      await d.waitForNotification(/table .*rough_nested/);
      try {
        await d.openView('Delta Connect');
        await d.viewTitleAction('Refresh');
        await d.viewTitleAction('Collapse All', { optional: true });
        assert.deepEqual(await expandToTable(d, OPS_SCHEMA, 'rough_nested'), ['id', 'trip', 'note', 'History']);
        assert.deepEqual(await d.expandTreeItem('trip', { level: 5 }), ['start', 'km']);
        assert.deepEqual(await d.expandTreeItem('start', { level: 6 }), ['city', 'at']);
        const city = (await d.treeItems()).find((r) => r.level === 7 && r.label === 'city');
        assert.match(city?.description ?? '', /string/i, `city reads ${JSON.stringify(city)}`);
        await d.screenshot('struct-expanded');
      } finally {
        await d.runSqlInput(`DROP TABLE IF EXISTS ${table}`);
        await d.waitForNotification(/Dropped table/);
      }
    },
  },
  {
    slug: 'tls-plaintext',
    name: 'Add Connection with use_ssl=true to the plaintext test server: its test says "the server does not speak TLS", not "not reachable"; Cancel saves nothing',
    async run(d, ctx) {
      const name = 'tls-to-plaintext';
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.viewTitleAction('Add Connection');
      await d.answerInputBox(name, { prompt: 'A name for this connection' });
      await d.answerInputBox(`${ctx.remote.replace(/\/+$/, '')}/;use_ssl=true`, { prompt: 'Spark Connect URL' });
      // no token; then the CA box that TLS asks for (same title and empty value: answered by hand, then by the driver)
      await d.waitUntil('the token box', async () => /Token/.test((await d.quickInputSnapshot()).message ?? ''), 30_000);
      await d.page.keyboard.press('Enter');
      await d.answerInputBox('', { prompt: /PEM CA certificate/ });
      const text = await d.waitUntil('the connection test', async () => d.dialogText(), 60_000);
      await d.screenshot('does-not-speak-tls');
      assert.match(text, new RegExp(`The connection "${name}" does not work yet`));
      assert.match(text, /does not speak TLS/);
      assert.match(text, /use_ssl=false/);
      assert.doesNotMatch(text, /not reachable/);
      await d.confirmDialog('Cancel');
      await d.page.waitForTimeout(1000);
      assert.ok(!(await d.treeItems()).some((r) => r.level === 1 && r.label === name), 'Cancel saved the connection');
    },
  },
  {
    slug: 'vacuum-safe-default',
    name: `Vacuum…'s dialog on ${OPS_SCHEMA}.rough_vacuum: count and bytes first, paths relative to the table; Enter (the default) keeps the files`,
    timeoutMs: 240_000,
    async run(d) {
      const table = `${OPS_SCHEMA}.rough_vacuum`;
      const sql = (statement, done) => runAndSee(d, statement, done, { timeoutMs: 60_000, clear: true });
      await d.openView('Delta Connect');
      await sql(`CREATE OR REPLACE TABLE ${table} (id INT) USING delta`, /table .*rough_vacuum/);
      await sql(`INSERT INTO ${table} VALUES (1), (2)`, /Inserted 2 rows/);
      await sql(`INSERT OVERWRITE ${table} VALUES (3)`, /rough_vacuum/);
      /** Vacuum… with retention 0 up to its file list; returns the dialog's text. */
      const fileList = async () => {
        await d.viewTitleAction('Refresh');
        await d.viewTitleAction('Collapse All', { optional: true });
        await expandToTable(d, OPS_SCHEMA, 'rough_vacuum');
        await d.treeItemContextMenu('rough_vacuum', 'Vacuum…', { level: 4 });
        await d.answerInputBox('0', { prompt: 'Retention in hours' });
        await d.confirmDialog('Override the Retention Check', { expect: /below Delta's safety threshold/, timeoutMs: 60_000 });
        return d.waitUntil('the file list', async () => { const t = await d.dialogText(); return t && /Vacuum will permanently delete/.test(t) ? t : undefined; }, 90_000);
      };
      try {
        const text = await fileList();
        await d.screenshot('dialog');
        const first = /Vacuum will permanently delete (\d+) files? \(\d[\d.,]* (bytes?|KB|MB)\) from \S*rough_vacuum/.exec(text);
        assert.ok(first, `the dialog says ${JSON.stringify(text)}`);
        assert.match(text, /^• part-[^/\s]+\.parquet$/m, 'paths relative to the table');
        assert.doesNotMatch(text, /^• file:/m, 'no full URIs');
        await d.page.keyboard.press('Enter'); // the default button
        await d.waitUntil('the dialog to close', async () => ((await d.dialogText()) === undefined ? true : undefined), 10_000);
        await d.page.waitForTimeout(2500);
        assert.equal((await d.page.locator('.notification-toast .notification-list-item-message', { hasText: /^Vacuumed / }).count()), 0, 'Enter vacuumed');
        const again = await fileList();
        await d.screenshot('files-kept');
        assert.equal(/delete (\d+) file/.exec(again)?.[1], first[1], 'the files Enter was to keep are still there');
        await d.confirmDialog('Cancel');
      } finally {
        await sql(`DROP TABLE IF EXISTS ${table}`, /Dropped table/);
      }
    },
  },
  {
    slug: 'capped-preview',
    name: `Preview Table on a 12,345-row table (${OPS_SCHEMA}.rough_capped): the grid says "first 10,000 of 12,345 rows"; Load all brings the rest`,
    timeoutMs: 240_000,
    async run(d) {
      const table = `${OPS_SCHEMA}.rough_capped`;
      const sql = (statement, done) => runAndSee(d, statement, done, { timeoutMs: 90_000 });
      await d.openView('Delta Connect');
      await sql(`CREATE OR REPLACE TABLE ${table} USING delta AS SELECT id FROM range(0, 12345)`, /rough_capped/);
      try {
        await d.runPaletteCommand('View: Close All Editors', { optional: true });
        await d.viewTitleAction('Refresh');
        await d.viewTitleAction('Collapse All', { optional: true });
        await expandToSchema(d, OPS_SCHEMA);
        await d.treeItemContextMenu('rough_capped', 'Preview Table', { level: 4 });
        await d.waitForActiveTab(`${CATALOG}.${table}`);
        const count = d.webview().locator('.row-count');
        const capped = await d.waitUntil('the capped count', async () => { const t = await count.innerText({ timeout: 5_000 }).catch(() => ''); return /^first [\d,]+ of /.test(t) ? t : undefined; }, 60_000) // the total arrives after the first rows
          .catch(async (e) => { throw new Error(`${e.message}; the count reads ${JSON.stringify(await count.innerText().catch(() => ''))}`); });
        await d.screenshot('capped');
        assert.equal(capped, 'first 10,000 of 12,345 rows');
        await d.webview().locator('.load-all-button').click();
        const all = await d.waitUntil('every row', async () => { const t = await count.innerText({ timeout: 5_000 }).catch(() => ''); return /^12,345 rows/.test(t) ? t : undefined; }, 90_000);
        await d.screenshot('loaded-all');
        assert.match(all, /^12,345 rows/);
        assert.equal(await d.webview().locator('.load-all-button').isVisible(), false, 'Load all still offered');
      } finally {
        await d.runPaletteCommand('View: Close All Editors', { optional: true });
        await sql(`DROP TABLE IF EXISTS ${table}`, /Dropped table/);
      }
    },
  },
];
