// Explain Plan: the plan of a DELETE shows as a tree in the Query Plan view, and the DELETE itself is never sent
// (only its EXPLAIN, proven from the extension's request trace); a query's scan shows its partition filter.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, RequestLog, WRITE_PLAN } from './requestLog.mjs';

const require = createRequire(import.meta.url);
const { SCHEMA, CONNECTION_NAME: CONN } = require('../lib/fixtureSpec.cjs');
const VIEW = 'Query Plan';

async function explain(d, statement) {
  await d.openView('Delta Connect');
  await d.runPaletteCommand('deltaExplorer.explainSql');
  await d.answerInputBox(statement, { prompt: 'SQL statement to explain' });
  await d.openView('Delta Connect', { view: VIEW });
}

export const planScenarios = [
  {
    slug: 'explain-plan',
    name: 'Explain Plan: a DELETE is explained as a tree without being sent; a query shows its scan with the partition filter',
    async run(d, ctx) {
      const log = new RequestLog(ctx.logsDir);
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      const start = log.mark();
      await explain(d, `DELETE FROM ${SCHEMA}.trips WHERE day = DATE'2024-05-01'`);
      await d.waitForTreeItem(/^Execute DeleteCommand/, { view: VIEW, timeoutMs: 60_000 });
      await d.screenshot('delete-plan');
      const sent = log.requests(start);
      assert.ok(sent.some((x) => /command:sql:EXPLAIN/.test(x.summary)), `no EXPLAIN was sent: ${describe(sent)}`);
      const writes = sent.filter((x) => WRITE_PLAN.test(x.summary));
      assert.equal(writes.length, 0, `Explain sent a write: ${describe(writes)}`);

      await explain(d, `SELECT city FROM ${SCHEMA}.trips WHERE day = DATE'2024-05-02'`);
      const scan = /^Scan parquet spark_catalog\.e2e\.trips/;
      await d.waitForTreeItem(scan, { view: VIEW, timeoutMs: 60_000 });
      const row = (await d.treeItems({ view: VIEW })).find((r) => scan.test(r.label));
      assert.match(row?.description ?? '', /PartitionFilters: .*2024-05-02/, `the scan shows no partition filter: ${row?.description}`);
      await d.screenshot('query-plan');
    },
  },
];
