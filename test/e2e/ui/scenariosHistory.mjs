// Query History never runs a statement on a click: the click opens it in an editor; Run Again is its own action,
// and a statement that writes asks first (Cancel sends nothing, proven from the extension's request trace).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, PLAN_REQUEST, RequestLog } from './requestLog.mjs';

const require = createRequire(import.meta.url);
const { SCHEMA, CONNECTION_NAME: CONN } = require('../lib/fixtureSpec.cjs');
const VIEW = 'Query History';
/** A write that changes nothing: dropping a table that does not exist. */
const PROBE = `DROP TABLE IF EXISTS ${SCHEMA}.history_probe_absent`;
const PROBE_RE = new RegExp(`^${PROBE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

async function editorText(d) {
  return (await d.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

export const historyScenarios = [
  {
    slug: 'history-write-confirm',
    name: 'Query History: a click opens a DROP in an editor and runs nothing; Run Again asks first, Cancel sends nothing, Run runs it',
    async run(d, ctx) {
      const log = new RequestLog(ctx.logsDir);
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.runSqlInput(PROBE);
      await d.openView('Delta Connect', { view: VIEW });
      await d.waitForTreeItem(PROBE_RE, { view: VIEW, timeoutMs: 60_000 });
      const item = (await d.treeItems({ view: VIEW })).find((r) => PROBE_RE.test(r.label));
      assert.match(item.description ?? '', /\d+(\.\d)? (ms|s)/, `the history item shows no duration: ${item.description}`);
      await d.page.waitForTimeout(1500);

      const clicked = log.mark();
      await d.clickTreeItem(PROBE_RE, { view: VIEW });
      await d.waitUntil('the statement in an editor', async () => ((await editorText(d).catch(() => '')).includes('history_probe_absent') ? true : undefined), 15_000);
      await d.screenshot('opened');
      await d.page.waitForTimeout(2000);
      const afterClick = log.requests(clicked).filter((x) => PLAN_REQUEST.test(x.method));
      assert.equal(afterClick.length, 0, `a click ran something on the server: ${describe(afterClick)}`);

      await d.openView('Delta Connect', { view: VIEW });
      await d.treeItemAction(PROBE_RE, 'Run Again', { view: VIEW });
      await d.waitUntil('the confirm dialog', async () => { const t = await d.dialogText(); return t && /Run DROP again/.test(t) ? t : undefined; }, 30_000);
      assert.match(await d.dialogText(), /history_probe_absent/, 'the dialog shows the statement');
      await d.screenshot('confirm');
      const cancelled = log.mark();
      await d.confirmDialog('Cancel');
      await d.page.waitForTimeout(2500);
      const afterCancel = log.requests(cancelled).filter((x) => PLAN_REQUEST.test(x.method));
      assert.equal(afterCancel.length, 0, `requests ran after Cancel: ${describe(afterCancel)}`);

      await d.treeItemAction(PROBE_RE, 'Run Again', { view: VIEW });
      await d.waitUntil('the confirm dialog', async () => ((await d.dialogText()) ? true : undefined), 30_000);
      const confirmed = log.mark();
      await d.confirmDialog('Run');
      await d.waitUntil('the DROP to run', async () => (log.requests(confirmed).some((x) => /command:sql:DROP/.test(x.summary)) ? true : undefined), 30_000);
    },
  },
];
