// UI scenario of a grid whose table changed: a preview stays open while Delete Rows writes its table; the grid then
// says so, and its Refresh reads the table again (the rows the delete removed are gone, the notice too).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { browseToTable } from './scenariosOps.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CATALOG } = require('../lib/fixtureSpec.cjs');

export const staleScenarios = [
  {
    slug: 'stale-grid',
    name: `stale grid: the preview of ${OPS_SCHEMA}.${OPS.stl.name} stays open while Delete Rows… removes ${OPS.stl.matching} rows; it says the table changed, and Refresh shows ${OPS.stl.rowCount - OPS.stl.matching} rows`,
    timeoutMs: 180_000,
    async run(d) {
      const t = OPS.stl;
      const label = `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
      await d.runPaletteCommand('View: Close All Editors', { optional: true });
      await browseToTable(d, t);
      await d.treeItemContextMenu(t.name, 'Preview Table', { level: 4 });
      await d.waitForActiveTab(label);
      assert.equal((await d.readGridCells({ minRows: t.rowCount })).rowCount, `${t.rowCount} rows`);
      const notice = d.webview().locator('.stale-notice');
      assert.equal(await notice.isVisible(), false, 'a fresh preview is not stale');
      await d.treeItemContextMenu(t.name, 'Delete Rows…', { level: 4 });
      await d.answerInputBox(t.condition, { prompt: 'WHERE condition' });
      await d.confirmDialog('Delete', { expect: new RegExp(`Delete ${t.matching} rows`) });
      await d.waitForNotification(new RegExp(`^Deleted ${t.matching} rows`));
      await d.waitForActiveTab(label);
      await notice.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await d.webview().locator('.stale-notice .stale-text').textContent(), 'Table changed since loaded');
      assert.equal((await d.readGridCells({ minRows: t.rowCount })).rowCount, `${t.rowCount} rows`, 'the old rows stay until Refresh');
      await d.screenshot('stale-notice');
      await d.webview().locator('.refresh-button').click();
      const expect = `${t.rowCount - t.matching} rows`;
      const after = await d.waitUntil('the rows read again', async () => {
        const g = await d.readGridCells({ minRows: 1 });
        return g.rowCount === expect ? g : undefined;
      }, 60_000);
      assert.equal(after.rows.length, t.rowCount - t.matching);
      await notice.waitFor({ state: 'hidden', timeout: 10_000 });
      await d.screenshot('refreshed');
    },
  },
];
