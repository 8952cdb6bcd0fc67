// UI scenarios for the rough edges a new user tripped over (issue #18, points 10 and 15): a result says how long it
// took, a VARIANT cell reads as the JSON it holds, and an Optimize that compacted nothing says so. Each asserts what a
// person sees (the grid's toolbar and cells, the notification) and screenshots it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { expandToTable } from './treePath.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CATALOG } = require('../lib/fixtureSpec.cjs');
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs `sql` from the palette and returns the grid once its rows arrived. */
async function runFromPalette(d, sql, minRows = 1) {
  await d.openView('Delta Connect');
  await d.runPaletteCommand('deltaExplorer.runSqlInput');
  await d.answerInputBox(sql, { prompt: 'SQL statement' });
  return d.readGridCells({ minRows });
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
      await optimize(d, t, /^Optimi[sz]e/);
      await d.runPaletteCommand('Notifications: Clear All Notifications', { optional: true });
      const second = await optimize(d, t, /^Optimi[sz]e/);
      await d.screenshot('compacted-nothing');
      assert.match(second, new RegExp(`^Optimize compacted nothing in ${re(label)}`), second);
      assert.doesNotMatch(second, /\d+ files? compacted into \d+/, second);
      assert.match(second, /no new version was written/, second);
    },
  },
];
