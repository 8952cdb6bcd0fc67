// UI scenarios for the rough edges a new user tripped over (issue #18, points 8, 10 and 15): a result says how long
// it took, a VARIANT cell reads as the JSON it holds, an Optimize that compacted nothing says so, struct columns
// expand in the tree, and a TLS handshake to a plaintext server says so when Add Connection tests it. Each asserts
// what a person sees (the grid's toolbar and cells, the notification, the tree, the dialog) and screenshots it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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


/** The widest a column opens fitted to its values (media/grid/columnLayout.ts FIT_MAX_WIDTH). */
const FIT_CAP = 480;

/**
 * What the grid in the visible webview lays out, read from its DOM: per column of row `row` the cell's width, the
 * width its text needs and whether it is cut; per row in `rows` the row number's box and the first cell text's box
 * (as drawn, after horizontal scrolling); the toolbar's buttons' boxes and the frame's width.
 */
async function gridLayout(d, row, rows) {
  return d.webview().locator('[role=grid]').first().evaluate((g, [row0, selRows]) => {
    const doc = g.ownerDocument;
    const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    const textBox = (cell) => { const range = doc.createRange(); range.selectNodeContents(cell); return box(range); };
    const names = [...g.querySelectorAll('[role=columnheader]')].filter((h) => !h.hidden).map((h) => h.querySelector('.hname')?.textContent.trim());
    const cells = [...g.querySelectorAll(`.grid-row[data-row="${row0}"] .cell`)].map((c) => ({ text: c.textContent, width: c.offsetWidth, needs: c.scrollWidth, cut: c.scrollWidth > c.clientWidth }));
    const gutters = selRows.map((r) => {
      const rowEl = g.querySelector(`.grid-row[data-row="${r}"]`);
      const gutter = rowEl.querySelector('.gutter');
      const visible = [...rowEl.querySelectorAll('.cell')].map((c) => ({ c, b: box(c) })).filter(({ b }) => b.right > box(gutter).right + 1);
      const first = visible.sort((a, b) => a.b.left - b.b.left)[0].c;
      const bg = getComputedStyle(gutter).backgroundColor;
      const g0 = box(gutter);
      const hit = doc.elementFromPoint(g0.left + 3, (g0.top + g0.bottom) / 2);
      return { row: r, selected: gutter.classList.contains('selected'), gutter: g0, number: textBox(gutter), text: textBox(first), cellText: first.textContent, bg, onTop: hit === gutter || gutter.contains(hit) };
    });
    const tools = [...doc.querySelectorAll('.toolbar button')].filter((b) => !b.hidden && b.offsetParent !== null).map((b) => ({ label: b.textContent.trim(), ...box(b) }));
    return { names, cells, gutters, tools, frameWidth: doc.documentElement.clientWidth };
  }, [row, rows]);
}

/** True when a CSS colour has no transparency (rgb(...) or rgba(..., 1)). */
const opaque = (color) => /^rgb\(/.test(color) || /^rgba\(.*,\s*1\)$/.test(color);

/** The Run CodeLenses of the active editor, top to bottom. */
async function runLenses(d) {
  const lenses = d.page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Run' });
  const boxes = await Promise.all((await lenses.all()).map(async (l) => ({ l, y: (await l.boundingBox())?.y ?? 0 })));
  return boxes.sort((a, b) => a.y - b.y).map((b) => b.l);
}

/** Waits until the active editor shows `n` Run CodeLenses. */
async function waitForLenses(d, n, what) {
  let seen = -1;
  try {
    return await d.waitUntil(what, async () => { const l = await runLenses(d); seen = l.length; return l.length === n ? l : undefined; }, 30_000);
  } catch (e) {
    throw new Error(`${e.message}: ${seen} Run lenses`);
  }
}

export const roughEdgeScenarios = [
  {
    slug: 'grid-layout',
    name: 'a 1000 px window: a UUID column opens wide enough for its values (long text stops at the cap), row numbers of selected rows never overlap cell text, the toolbar stays on one line inside the view',
    timeoutMs: 120_000,
    async run(d) {
      const before = d.page.viewportSize();
      await d.page.setViewportSize({ width: 1000, height: before?.height ?? 800 });
      try {
        const uuid = "concat('3f2b8c1e-9d4a-4c6b-8e2f-', lpad(CAST(id AS STRING), 12, '0'))";
        const grid = await runFromPalette(d, `SELECT ${uuid} AS uuid, id % 2 = 0 AS ok, id AS n, repeat('long text ', 60) AS note FROM range(0, 30)`, 5);
        assert.deepEqual(grid.columns.slice(0, 3), ['uuid', 'ok', 'n']);
        // select rows 1..3 (click the row number, Shift+click another)
        const gutter = (r) => d.webview().locator(`.grid-row[data-row="${r}"] .gutter`);
        await gutter(1).click();
        await gutter(3).click({ modifiers: ['Shift'] });
        const rows = [1, 2, 3];
        let layout = await d.waitUntil('rows 1-3 selected', async () => { const l = await gridLayout(d, 0, rows); return l.gutters.every((g) => g.selected) ? l : undefined; }, 10_000);
        await d.screenshot('widths');
        const [id, ok] = layout.cells;
        assert.equal(id.cut, false, `the UUID ${id.text} is cut: ${id.width} px for ${id.needs} px of text`);
        assert.ok(id.width >= Math.min(id.needs, FIT_CAP), `the UUID column is ${id.width} px, its text needs ${id.needs}`);
        assert.ok(ok.width < 100, `the boolean column is ${ok.width} px`);
        const note = layout.cells[3];
        if (note) assert.ok(note.width <= FIT_CAP && note.cut, `the long text column is ${note.width} px (cap ${FIT_CAP}), cut: ${note.cut}`);
        // the row number inside its gutter, on top and opaque (cells scrolled under it do not show through)
        const covered = (g) => g.number.right <= g.gutter.right + 0.5 && g.onTop && opaque(g.bg);
        const overlaps = layout.gutters.filter((g) => !covered(g) || g.text.left < g.gutter.right - 0.5);
        assert.deepEqual(overlaps, [], `row numbers overlap the text of selected rows: ${JSON.stringify(overlaps)}`);
        // scrolled right, cells pass under the row numbers: the gutter stays on top and opaque
        await d.webview().locator('.grid-scroller').evaluate((e) => { e.scrollLeft = 120; });
        await d.page.waitForTimeout(300);
        layout = await gridLayout(d, 0, rows);
        const scrolled = layout.gutters.filter((g) => !covered(g));
        assert.deepEqual(scrolled, [], `scrolled right: cell text shows through the row numbers of selected rows: ${JSON.stringify(scrolled)}`);
        // the toolbar: every button on one line (the same top), none wrapped, all inside the webview
        await d.screenshot('toolbar-1000');
        const labels = layout.tools.map((t) => t.label);
        for (const want of ['Copy', 'Export']) assert.ok(labels.some((l) => l.startsWith(want)), `no ${want} button in ${JSON.stringify(labels)}`);
        const tops = new Set(layout.tools.map((t) => Math.round(t.top)));
        assert.equal(tops.size, 1, `toolbar buttons on ${tops.size} lines: ${JSON.stringify(layout.tools)}`);
        for (const t of layout.tools) {
          assert.ok(t.left >= 0 && t.right <= layout.frameWidth + 0.5, `"${t.label}" at ${t.left}-${t.right} outside the ${layout.frameWidth} px view`);
          assert.ok(t.bottom - t.top < 30, `"${t.label}" is ${t.bottom - t.top} px high (its label wrapped)`);
        }
      } finally {
        if (before) await d.page.setViewportSize(before);
      }
    },
  },
  {
    slug: 'blank-line-statements',
    name: 'editor: blank-lines.sql — two statements separated only by a blank line have a Run lens each and the second runs alone; with sql.blankLinesSeparateStatements off the open editor shows one statement',
    timeoutMs: 150_000,
    async run(d, ctx) {
      await expandToSchema(d, OPS_SCHEMA); // a connected connection to run on
      await d.openFile('blank-lines.sql');
      const lenses = await waitForLenses(d, 2, 'a Run CodeLens above each of the two statements');
      await d.screenshot('two-statements');
      await lenses[1].click();
      await d.waitForActiveTab(/^SELECT 'second' AS which/, { timeoutMs: 60_000 });
      const grid = await d.readGridCells({ minRows: 1 });
      assert.deepEqual([grid.columns, grid.rows], [['which', 'n'], [['second', '2']]], 'the second lens runs only the second statement');
      // the setting off (workspace settings): the open editor's lenses follow, one statement
      const settings = path.join(ctx.workspace, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(settings), { recursive: true });
      fs.writeFileSync(settings, JSON.stringify({ 'deltaExplorer.sql.blankLinesSeparateStatements': false }));
      try {
        await d.openFile('blank-lines.sql');
        await waitForLenses(d, 1, 'one Run CodeLens with blank lines not separating');
        await d.screenshot('one-statement');
      } finally {
        fs.rmSync(settings, { force: true });
      }
      await waitForLenses(d, 2, 'two Run CodeLenses again once the setting is back to its default');
    },
  },
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
    name: 'a VARIANT column reads as the JSON it holds, not as two hex strings, and its header type says variant',
    async run(d) {
      const grid = await runFromPalette(d, `SELECT 1 AS id, parse_json('{"a":1,"b":[true,null],"c":"x"}') AS v`);
      await d.screenshot('variant');
      assert.deepEqual(grid.columns, ['id', 'v']);
      const cell = grid.rows[0][1].replace(/\s+/g, '');
      assert.equal(cell, '{"a":1,"b":[true,null],"c":"x"}', `the VARIANT cell reads ${JSON.stringify(grid.rows[0][1])}`);
      const types = await d.webview().locator('[role=grid]').first().evaluate((g) => [...g.querySelectorAll('[role=columnheader]')]
        .filter((h) => !h.hidden && !h.closest('[hidden]')).map((h) => h.querySelector('.htype')?.textContent.trim() ?? ''));
      assert.deepEqual(types, ['int', 'variant'], `the header types read ${JSON.stringify(types)}`);
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
