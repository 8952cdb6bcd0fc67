// A version whose data files a VACUUM removed: the History node marks it; opening it asks first (Cancel sends
// nothing, as does Enter: the safe button is the default), and Continue opens a grid whose error says the version was vacuumed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { historyVersions } from './scenariosOps.mjs';
import { describe, PLAN_REQUEST, RequestLog } from './requestLog.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CATALOG } = require('../lib/fixtureSpec.cjs');
const title = (t) => `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
const QUIET_MS = 2500;

export const vacuumedScenarios = [
  {
    slug: 'vacuumed-version',
    name: `History of ${OPS_SCHEMA}.${OPS.vacd.name} marks v1 (vacuumed); opening it shows why it will fail, Enter (the safe default) and Cancel send nothing, Continue shows the vacuum error; Restore promises no row count`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.vacd;
      const log = new RequestLog(ctx.logsDir);
      await historyVersions(d, t, { until: (v) => v.length >= t.history.length, timeoutMs: 60_000 });
      // The tree renders only the rows in view: read them, then again with v1 scrolled to the top.
      const items = new Map((await d.treeItems()).map((r) => [r.label, r]));
      await d.scrollRowToTop(await d.waitForTreeItem('v1 WRITE', { level: 6 }));
      for (const r of await d.treeItems()) items.set(r.label, r);
      const described = (label) => {
        assert.ok(items.has(label), `${label} not in the tree: ${[...items.keys()].join(' | ')}`);
        return items.get(label).description;
      };
      assert.match(described('v1 WRITE'), /files may be vacuumed/, `v1: ${described('v1 WRITE')}`);
      for (const label of ['v0 CREATE TABLE', 'v2 WRITE', 'v3 VACUUM START', 'v4 VACUUM END']) {
        assert.doesNotMatch(described(label), /vacuumed/, `${label} is marked: ${described(label)}`);
      }
      await d.screenshot('history-marked');

      const open = async () => {
        await d.clickTreeItem('v1 WRITE', { level: 6 });
        return d.waitUntil('the vacuumed-version dialog', async () => {
          const text = await d.dialogText();
          return text && /v1 of .* may no longer be readable/.test(text) ? text : undefined;
        }, 60_000);
      };
      const text = await open();
      assert.match(text, /files may have been removed by VACUUM at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(retention 0 h/);
      assert.match(text, /Reading version 1 will likely fail/);
      await d.screenshot('modal');
      const buttons = await d.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button').allTextContents();
      assert.deepEqual([...buttons].sort(), ['Cancel', 'Continue', "Don't Read It"], `buttons: ${buttons.join(' | ')}`);
      // Enter takes the default (Don't Read It), then the Cancel button: neither sends anything.
      const dismissed = log.mark();
      await d.page.keyboard.press('Enter');
      await d.page.locator('.monaco-dialog-box').first().waitFor({ state: 'detached', timeout: 10_000 });
      await open();
      await d.confirmDialog('Cancel');
      await d.page.waitForTimeout(QUIET_MS);
      const afterCancel = log.requests(dismissed).filter((x) => PLAN_REQUEST.test(x.method));
      assert.equal(afterCancel.length, 0, `requests ran after Enter or Cancel: ${describe(afterCancel)}`);
      assert.equal((await d.page.locator('.tab').allTextContents()).filter((x) => x.includes('@ v1')).length, 0, 'a grid opened');

      await open();
      await d.confirmDialog('Continue');
      await d.waitForActiveTab(`${title(t)} @ v1`);
      const shown = await d.waitUntil('the grid to say the version was vacuumed', async () => {
        const body = await d.webviewText().catch(() => '');
        return /removed by VACUUM/.test(body) ? body : undefined;
      }, 60_000);
      assert.match(shown, /The data files of version 1 of .* were removed by VACUUM/);
      await d.screenshot('grid-error');
      await d.runPaletteCommand('View: Close All Editors', { optional: true });

      // Restore to v1: the same warning first, then a confirmation that promises no row count; Cancel writes nothing.
      const restoring = log.mark();
      await d.treeItemContextMenu('v1 WRITE', 'Restore to Version…', { level: 6 });
      await d.waitUntil('the vacuumed-version dialog', async () => {
        const text = await d.dialogText();
        return text && /v1 of .* may no longer be readable[\s\S]*Restoring to version 1 will likely fail/.test(text) ? text : undefined;
      }, 60_000);
      // The confirmation replaces this dialog at once: click Continue without waiting for the box to go.
      await d.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: 'Continue' }).first().click();
      const confirm = await d.waitUntil('the restore confirmation', async () => {
        const t = await d.dialogText();
        return t && /Restore .* to version 1\?/.test(t) ? t : undefined;
      }, 60_000);
      assert.match(confirm, /no row count: its data files may have been removed by VACUUM/);
      assert.doesNotMatch(confirm, /\d+ rows/);
      await d.screenshot('restore-confirm');
      await d.confirmDialog('Cancel');
      await d.page.waitForTimeout(QUIET_MS);
      const reads = log.requests(restoring).filter((x) => PLAN_REQUEST.test(x.method));
      assert.ok(!reads.some((x) => /restore/i.test(x.line)), `a restore was sent: ${describe(reads)}`);
    },
  },
];
