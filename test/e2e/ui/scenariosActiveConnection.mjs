// One active connection per window: with a second connection that fails, Run still goes to the active one without
// asking, the failed one never becomes active, and its row says it failed (not "connecting") like the node under it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CONNECTION_NAME: CONN } = require('../lib/fixtureSpec.cjs');
const DEAD = 'unreachable';

export const activeConnectionScenarios = [
  {
    slug: 'active-connection',
    name: 'active connection: a second connection that fails is never chosen; Run asks nothing; its row says failed, not connecting',
    async run(d) {
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.expandTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.viewTitleAction('Add Connection');
      await d.answerInputBox(DEAD, { prompt: 'A name for this connection' });
      await d.answerInputBox('sc://127.0.0.1:1', { prompt: 'Spark Connect URL' });
      await d.answerInputBox('', { prompt: 'Token' });
      // Add Connection tests the connection before saving: a failure says why and offers Edit and Save Anyway.
      const tested = await d.waitUntil('the connection test', async () => (await d.dialogText())
        ?? ((await d.treeItems()).some((r) => r.level === 1 && r.label === DEAD) ? 'saved' : undefined), 60_000);
      if (tested !== 'saved') {
        assert.match(tested, /does not work yet/);
        assert.match(tested, /not reachable/);
        await d.screenshot('test-failed');
        await d.confirmDialog('Save Anyway');
      }
      await d.waitForTreeItem(DEAD, { level: 1 });
      try {
        const children = await d.expandTreeItem(DEAD, { level: 1, timeoutMs: 60_000 });
        assert.ok(children.some((c) => /not reachable/.test(c)), `the failed connection shows no error node: ${children.join(' | ')}`);
        await d.page.waitForTimeout(3000); // a re-render that reconnected by itself would show "connecting" now
        const row = (await d.treeItems()).find((r) => r.level === 1 && r.label === DEAD);
        assert.match(row.description ?? '', /failed/, `the row of the failed connection says ${JSON.stringify(row.description)}`);
        assert.doesNotMatch(row.description ?? '', /connecting/);
        const bar = await d.page.locator('.statusbar-item', { hasText: CONN }).first().innerText({ timeout: 10_000 });
        assert.ok(!bar.includes(DEAD), `the status bar moved to the failed connection: ${bar}`);
        await d.screenshot('failed-not-active');

        await d.runSqlInput('SELECT 41 + 1 AS answer'); // no connection pick before it
        const grid = await d.readGridCells({ minRows: 1 });
        assert.deepEqual(grid.rows, [['42']]);
        await d.screenshot('ran-on-active');
      } finally {
        await d.openView('Delta Connect');
        await d.treeItemContextMenu(DEAD, 'Remove Connection', { level: 1 });
        await d.confirmDialog('Remove', { expect: /Remove the connection/ });
      }
    },
  },
];
