// UI scenarios of the DML dialogs (issue #18, point 6): Merge from a query with column-level SET and INSERT clauses,
// and a Delete whose typo'd condition is asked again with the server's message and the typed text kept, nothing
// written. Each creates its own small table from the palette, so it depends on no other scenario.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, RequestLog, WRITE_PLAN } from './requestLog.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, CONNECTION_NAME: CONN } = require('../lib/fixtureSpec.cjs');
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Creates (or replaces) a table from the palette and waits for "Created or replaced table …". */
async function createTable(d, table, select) {
  await d.openView('Delta Connect');
  await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
  await d.runSqlInput(`CREATE OR REPLACE TABLE ${table} USING delta AS ${select}`);
  await d.waitForNotification(/^Created or replaced table /, { timeoutMs: 120_000 });
  await d.dismissNotifications();
}

/** The quick input once it shows `value` and a message matching `message` (a re-asked box). */
function reasked(d, value, message) {
  return d.waitUntil(`the box asked again with "${value}" kept`, async () => {
    const q = await d.quickInputSnapshot();
    return q.visible && q.value === value && message.test(q.message) ? q : undefined;
  }, 60_000);
}

const MERGE_TABLE = `${OPS_SCHEMA}.dml_merge_columns`;
const QUERY = 'SELECT id, id * 100 AS amount FROM range(3, 8)';

export const dmlScenarios = [
  {
    slug: 'merge-columns',
    name: `Merge Into… ${MERGE_TABLE} from a query, with column-level SET and INSERT clauses: the dialog shows the query, the matching count and each clause; the table ends as MERGE would make it`,
    timeoutMs: 240_000,
    async run(d) {
      await createTable(d, MERGE_TABLE, "SELECT id, id * 10 AS amount, 'old' AS note FROM range(5)");
      await d.runPaletteCommand('deltaExplorer.merge');
      await d.answerInputBox(MERGE_TABLE, { prompt: 'Table name' });
      await d.pickQuickItem('A query…');
      await d.answerInputBox(QUERY, { prompt: 'A query that reads' });
      await d.answerInputBox('t.id = s.id', { prompt: 'Match condition' });
      await d.waitUntil('the clause pick', async () => /Clauses to apply/.test((await d.quickInputSnapshot()).placeholder ?? ''), 30_000);
      // the whole-row defaults off, the column-level clauses on
      for (const label of ['When matched: update all columns', 'When not matched: insert all columns', 'When matched: update columns…', 'When not matched: insert columns…']) {
        await d.pickQuickItem(label);
      }
      await d.screenshot('merge-columns');
      await d.page.keyboard.press('Enter');
      await d.answerInputBox("amount = s.amount, note = 'merged'", { prompt: 'SET column = expression' });
      await d.answerInputBox('id = s.id, amount = s.amount', { prompt: 'column = expression over s' });
      const label = MERGE_TABLE; // the target as typed in
      const expect = new RegExp(`Merge the query \\(5 rows, 2 matching\\) into ${re(label)}\\?[\\s\\S]*USING \\(${re(QUERY)}\\) AS s[\\s\\S]*ON t\\.id = s\\.id`
        + `[\\s\\S]*When matched: update columns: amount = s\\.amount, note = 'merged'[\\s\\S]*When not matched: insert columns: id = s\\.id, amount = s\\.amount`);
      await d.waitUntil('the merge dialog', async () => (await d.dialogText()) !== undefined, 90_000);
      await d.screenshot('merge-query-source');
      await d.confirmDialog('Merge', { expect });
      const done = await d.waitForNotification(/^Merged into /, { timeoutMs: 120_000 });
      assert.match(done, new RegExp(`^Merged into ${re(label)}(: 3 inserted, 2 updated, 0 deleted\\.| \\(this server does not report)`), done);
      await d.dismissNotifications();
      await d.runSqlInput(`SELECT id, amount, coalesce(note, '-') AS note FROM ${MERGE_TABLE} ORDER BY id`);
      const grid = await d.readGridCells({ minRows: 8, timeoutMs: 90_000 });
      // ids 0-2 untouched; 3-4 matched (SET); 5-7 inserted with the columns given (note: NULL)
      const want = Array.from({ length: 8 }, (_, id) => (id < 3 ? [id, id * 10, 'old'] : id < 5 ? [id, id * 100, 'merged'] : [id, id * 100, '-']).map(String));
      assert.deepEqual(grid.rows.map((r) => r.slice(-3)), want);
    },
  },
  {
    slug: 'dml-reask',
    name: 'Delete Rows… with a typo in the condition: the box comes back with the text kept and the server\'s message; fixed, the dialog counts the rows; nothing is written',
    timeoutMs: 180_000,
    async run(d, ctx) {
      const table = `${OPS_SCHEMA}.dml_reask`;
      await createTable(d, table, 'SELECT id, id * 10 AS amount FROM range(10)');
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      await d.runPaletteCommand('deltaExplorer.deleteRows');
      await d.answerInputBox(table, { prompt: 'Table name' });
      const typo = 'amout > 50';
      await d.waitUntil('the condition box', async () => /WHERE condition/.test((await d.quickInputSnapshot()).message ?? ''), 60_000);
      const input = d.page.locator('.quick-input-widget:visible .quick-input-box input').first();
      await input.fill(typo);
      await input.press('Enter');
      const box = await reasked(d, typo, /UNRESOLVED_COLUMN|amout/);
      await d.screenshot('reask');
      assert.match(box.message, /amout/, box.message);
      assert.match(box.title, /^Delete from /);
      await d.answerInputBox('amount > 50', { prompt: /^Delete from / });
      await d.confirmDialog('Cancel', { expect: new RegExp(`Delete 4 rows from ${re(table)}\\?[\\s\\S]*WHERE amount > 50`) });
      await d.page.waitForTimeout(1500);
      const writes = log.requests(start).filter((x) => WRITE_PLAN.test(x.summary));
      assert.deepEqual(writes.map((x) => x.line), [], `a write was sent: ${describe(writes)}`);
    },
  },
];
