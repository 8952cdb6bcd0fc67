// Explain Plan: the plan of a DELETE shows as a tree in the Query Plan view, and the DELETE itself is never sent
// (only its EXPLAIN, proven from the extension's request trace); a query's scan shows its partition filter.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, RequestLog, WRITE_PLAN } from './requestLog.mjs';
import { expandToTable } from './treePath.mjs';

const require = createRequire(import.meta.url);
const { SCHEMA, OPS_SCHEMA, CONNECTION_NAME: CONN } = require('../lib/fixtureSpec.cjs');
const CLUSTERED = 'plan_clustered';
const VIEW = 'Query Plan';

/** Explains a statement typed into the palette's box, the Query Plan section open first (the command focuses it too). */
async function explain(d, statement) {
  await d.openView('Delta Connect', { view: VIEW });
  await d.runPaletteCommand('deltaExplorer.explainSql');
  await d.answerInputBox(statement, { prompt: 'SQL statement to explain' });
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
  {
    slug: 'explain-result',
    name: 'Explain Result Query: from a table preview, the Query Plan view shows the scan of its table, planned through AnalyzePlan; the preview query is not run again; after a sort in the grid, the plan says the sort was done in memory',
    async run(d, ctx) {
      const log = new RequestLog(ctx.logsDir);
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.viewTitleAction('Collapse All', { optional: true });
      await expandToTable(d, SCHEMA, 'trips');
      await d.treeItemContextMenu('trips', 'Preview Table', { level: 4 });
      await d.readGridCells({ minRows: 1, timeoutMs: 90_000 });
      const previewRun = log.requests().filter((x) => x.method === 'ExecutePlan' && /plan=relation:limit\(/.test(x.summary)).at(-1);
      assert.ok(previewRun, 'the preview sent no ExecutePlan of a limited read');
      const previewPlan = /plan=(\S+)/.exec(previewRun.summary)[1];
      await d.openView('Delta Connect', { view: VIEW });
      const start = log.mark();
      await d.runPaletteCommand('deltaExplorer.explainResult');
      const scan = /^Scan .*trips/;
      await d.waitForTreeItem(scan, { view: VIEW, timeoutMs: 60_000 });
      // the plan's text opens beside the grid once the tree shows it: wait for it, or the next scenario's reset races it
      await d.waitForActiveTab(/^\s*Plan \d+(\.txt)?\s*$/, { timeoutMs: 30_000 });
      await d.screenshot('result-plan');
      const sent = log.requests(start);
      assert.ok(sent.some((x) => x.method === 'AnalyzePlan' && x.summary === `analyze=explain plan=${previewPlan}`), `no AnalyzePlan explain of ${previewPlan}: ${describe(sent)}`);
      const runs = sent.filter((x) => x.method === 'ExecutePlan' && x.summary.endsWith(`plan=${previewPlan}`));
      assert.equal(runs.length, 0, `Explain ran the preview's query: ${describe(runs)}`);

      // sorted in the grid (in memory: the preview holds the whole table), Explain says the sort is not in its plan
      await d.webview().locator('[role=columnheader]', { hasText: 'fare' }).first().click();
      await d.waitUntil('the fare column sorted', async () => /\S/.test(await d.webview().locator('[role=columnheader]', { hasText: 'fare' }).first().locator('.hsort').textContent()), 30_000);
      const sortedAt = log.mark();
      await d.runPaletteCommand('deltaExplorer.explainResult');
      await d.waitForTreeItem(/^Sorted by fare in the grid's memory, not in this plan$/, { view: VIEW, timeoutMs: 60_000 });
      await d.waitForActiveTab(/^\s*Plan \d+(\.txt)?\s*$/, { timeoutMs: 30_000 });
      await d.screenshot('sorted-in-memory');
      const again = log.requests(sortedAt).filter((x) => x.method === 'ExecutePlan');
      assert.equal(again.length, 0, `Explain of the sorted grid ran a query: ${describe(again)}`);
    },
  },
  {
    slug: 'run-metrics',
    name: 'Show Metrics of the Last Run: after a query\'s rows arrived, the Query Plan view shows its operators with the metrics the server sent (the scan\'s rows output)',
    async run(d) {
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.runSqlInput(`SELECT city, COUNT(*) AS n FROM ${SCHEMA}.trips GROUP BY city`);
      const grid = await d.readGridCells({ minRows: 1, timeoutMs: 90_000 });
      const rows = grid.rows.reduce((n, r) => n + Number(r[r.length - 1]), 0);
      await d.openView('Delta Connect', { view: VIEW });
      await d.runPaletteCommand('deltaExplorer.showRunMetrics');
      const scan = /^Scan .*trips/;
      await d.waitForTreeItem(scan, { view: VIEW, timeoutMs: 60_000 });
      const metrics = await d.expandTreeItem(scan, { view: VIEW });
      assert.ok(metrics.includes('number of output rows'), `the scan's metrics: ${metrics.join(' | ')}`);
      const row = (await d.treeItems({ view: VIEW })).find((r) => r.label === 'number of output rows');
      assert.equal(row?.description, rows.toLocaleString('en-US'), 'the scan read every row the groups count');
      await d.screenshot('run-metrics');
    },
  },
  {
    slug: 'cluster-by',
    name: 'Set Clustering Columns…: asks first with the ALTER TABLE statement; Cancel changes nothing; Cluster marks the column in the tree; Optimize… then offers new data or all data (FULL), no Z-order',
    timeoutMs: 240_000,
    async run(d, ctx) {
      const log = new RequestLog(ctx.logsDir);
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.runSqlInput(`CREATE OR REPLACE TABLE ${OPS_SCHEMA}.${CLUSTERED} (id INT, city STRING) USING delta`);
      await d.waitForNotification(/Created|Replaced|table/i, { timeoutMs: 60_000 }).catch(() => undefined);
      await d.viewTitleAction('Collapse All', { optional: true });
      await expandToTable(d, OPS_SCHEMA, CLUSTERED);
      const ask = async () => {
        await d.treeItemContextMenu(CLUSTERED, 'Set Clustering Columns…', { level: 4 });
        await d.pickQuickItem('city');
        await d.page.keyboard.press('Enter');
        await d.waitUntil('the confirm dialog', async () => ((await d.dialogText()) ? true : undefined), 30_000);
      };
      await ask();
      assert.match(await d.dialogText(), /ALTER TABLE .*plan_clustered.* CLUSTER BY \(`city`\)/s);
      await d.screenshot('confirm');
      const cancelled = log.mark();
      await d.confirmDialog('Cancel');
      await d.page.waitForTimeout(2000);
      const afterCancel = log.requests(cancelled).filter((x) => WRITE_PLAN.test(x.summary));
      assert.equal(afterCancel.length, 0, `Cancel sent a write: ${describe(afterCancel)}`);

      await ask();
      await d.confirmDialog('Cluster');
      await d.waitForNotification(/now clustered by city/, { timeoutMs: 60_000 });
      await d.viewTitleAction('Collapse All', { optional: true });
      await expandToTable(d, OPS_SCHEMA, CLUSTERED);
      const city = await d.waitUntil('city marked as a clustering column', async () => {
        const row = (await d.treeItems()).find((r) => r.level === 5 && r.label === 'city');
        return row && /clustering/.test(row.description) ? row : undefined;
      }, 30_000);
      assert.match(city.description, /string · clustering/i);
      await d.screenshot('clustered');

      // Optimize… on a clustered table offers no partition filter and no Z-order: new data or all of it (FULL).
      for (const city of ['Oslo', 'Lima']) {
        await d.runSqlInput(`INSERT INTO ${OPS_SCHEMA}.${CLUSTERED} VALUES (1, '${city}'), (2, '${city}')`);
        await d.waitForNotification(/^Inserted 2 rows into /, { timeoutMs: 60_000 });
        await d.dismissNotifications();
      }
      // the inserts refresh the table's row: open its menu on the row as it is now
      await d.page.waitForTimeout(1500);
      await d.viewTitleAction('Collapse All', { optional: true });
      await expandToTable(d, OPS_SCHEMA, CLUSTERED);
      await d.treeItemContextMenu(CLUSTERED, 'Optimize…', { level: 4 });
      await d.waitUntil('the clustered Optimize pick', async () => /clustered by city/.test((await d.quickInputSnapshot()).title ?? ''), 30_000);
      const modes = await d.quickItems();
      assert.deepEqual(modes, ['Cluster New Data', 'Recluster All Data'], `the pick offers: ${modes.join(' | ')}`);
      await d.screenshot('optimize-clustered');
      await d.pickQuickItem('Recluster All Data');
      const done = await d.waitForNotification(/^Optimized .*plan_clustered/, { timeoutMs: 90_000 });
      assert.match(done, /\d+ files compacted into 1 /, done);
      // the new version opens in a grid after the notification: wait for it, so the next scenario starts clean
      await d.waitForActiveTab(/^Optimize: .*plan_clustered/, { timeoutMs: 60_000 });
      // and its rows: the grid takes the focus when they render, which would steal the next scenario's palette
      await d.readGridCells({ minRows: 1, timeoutMs: 60_000 });
      await d.page.waitForTimeout(1000);
    },
  },
];
