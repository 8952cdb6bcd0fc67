// UI scenarios: a person using Delta Connect Explorer in VS Code (code-server + Chromium), written against the
// driver API (./driver.mjs). They run in this order on one workbench page, each after driver.reset(); each one
// screenshots its steps into test-artifacts/e2e/. Fixtures: ../lib/fixtureSpec.cjs (schema e2e, tables trips,
// cities), created by run.mjs before VS Code starts.
//
// A scenario: { name, slug, run(d, ctx), timeoutMs?, knownIssue? }. ctx.logsDir: VS Code's logs folder of the profile.
//   ctx.codeServerPid: code-server's pid (the extension host is a descendant); ctx.tmpDir: the host's TMPDIR;
//   ctx.workspace: the workspace folder.
//   knownIssue: text of an open bug. The scenario still runs; a failure is reported as "known issue" (counted as
//   skipped, not passed), and a pass is reported loudly so the marker gets removed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { opsScenarios } from './scenariosOps.mjs';
import { localScenarios } from './scenariosLocal.mjs';
import { safetyScenarios } from './scenariosSafety.mjs';
import { featureScenarios } from './scenariosFeatures.mjs';
import { historyScenarios } from './scenariosHistory.mjs';
import { vacuumedScenarios } from './scenariosVacuumed.mjs';
import { planScenarios } from './scenariosPlan.mjs';
import { activeConnectionScenarios } from './scenariosActiveConnection.mjs';
import { sqlEditorScenarios } from './scenariosSqlEditor.mjs';
import { resultTabScenarios } from './scenariosResultTabs.mjs';
import { staleScenarios } from './scenariosStale.mjs';
import { roughEdgeScenarios } from './scenariosRoughEdges.mjs';
import { dmlScenarios } from './scenariosDml.mjs';
import { healthScenarios } from './scenariosHealth.mjs';
import { memoryScenarios } from './scenariosMemory.mjs';
import { expandToSchema } from './treePath.mjs';

const require = createRequire(import.meta.url);
const spec = require('../lib/fixtureSpec.cjs');
const { SCHEMA, TRIPS, CITIES, CONNECTION_NAME: CONN, CATALOG, QUERIES_RESULT } = spec;
const byId = (rows) => [...rows].sort((a, b) => Number(a[0]) - Number(b[0]));
const byText = (rows) => [...rows].sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
const tableTitle = (t) => `${CATALOG}.${SCHEMA}.${t.name}`;

/** Opens the view and expands connection › catalog › schema (idempotent). */
const browseToSchema = (d) => expandToSchema(d, SCHEMA);

export const scenarios = [
  {
    slug: 'browse',
    name: `browse: Delta Connect view › ${CONN} › ${CATALOG} › ${SCHEMA} › ${TRIPS.name} (columns, History)`,
    async run(d) {
      await d.openView('Delta Connect');
      await d.waitForTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
      await d.screenshot('view');
      assert.deepEqual(await d.expandTreeItem(CONN, { level: 1, timeoutMs: 60_000 }), [CATALOG]);
      assert.ok((await d.expandTreeItem(CATALOG, { level: 2 })).includes(SCHEMA));
      assert.deepEqual(await d.expandTreeItem(SCHEMA, { level: 3 }), [CITIES.name, TRIPS.name]);
      const tables = (await d.treeItems()).filter((r) => r.level === 4);
      assert.deepEqual(tables.map((r) => `${r.label} ${r.description}`), [`${CITIES.name} Delta`, `${TRIPS.name} Delta`]);
      assert.deepEqual(await d.expandTreeItem(TRIPS.name, { level: 4 }), [...TRIPS.columns, 'History']);
      const day = (await d.treeItems()).find((r) => r.level === 5 && r.label === 'day');
      assert.match(day.description, /partition/);
      await d.screenshot('trips-expanded');
    },
  },
  {
    slug: 'preview',
    name: `preview: context menu "Preview Table" on ${TRIPS.name} opens the grid with its ${TRIPS.rows.length} rows`,
    async run(d) {
      await browseToSchema(d);
      await d.treeItemContextMenu(TRIPS.name, 'Preview Table', { level: 4 });
      await d.waitForActiveTab(tableTitle(TRIPS));
      const grid = await d.readGridCells({ minRows: TRIPS.rows.length });
      await d.screenshot('grid');
      assert.deepEqual(grid.columns, TRIPS.columns);
      assert.deepEqual(byId(grid.rows), TRIPS.rows);
      assert.equal(grid.rowCount, `${TRIPS.rows.length} rows`);
    },
  },
  {
    slug: 'history',
    name: `history: expand History of ${TRIPS.name}, click v1 to time travel (the first insert's 4 rows)`,
    async run(d) {
      await browseToSchema(d);
      await d.expandTreeItem(TRIPS.name, { level: 4 });
      const versions = await d.expandTreeItem('History', { level: 5 });
      assert.deepEqual(versions, TRIPS.history.map((op, i) => `v${TRIPS.latestVersion - i} ${op}`));
      await d.screenshot('versions');
      await d.clickTreeItem('v1 WRITE', { level: 6 });
      await d.waitForActiveTab(`${tableTitle(TRIPS)} @ v1`);
      const grid = await d.readGridCells({ minRows: 4 });
      await d.screenshot('v1-grid');
      assert.deepEqual(byId(grid.rows), TRIPS.rows.slice(0, 4));
      // the history grid, from the context menu
      await d.treeItemContextMenu(TRIPS.name, 'Open History', { level: 4 });
      await d.waitForActiveTab(`History: ${tableTitle(TRIPS)}`);
      const history = await d.readGridCells({ minRows: TRIPS.history.length });
      await d.screenshot('history-grid');
      const op = history.columns.indexOf('operation');
      assert.ok(op >= 0, `no operation column in ${history.columns}`);
      assert.deepEqual(history.rows.map((r) => r[op]), TRIPS.history);
    },
  },
  {
    slug: 'palette-sql',
    name: 'palette: "Delta Connect: Run SQL Statement…" asks for SQL and shows the result',
    async run(d) {
      await d.openView('Delta Connect');
      await d.runPaletteCommand('deltaExplorer.runSqlInput', { shot: 'palette' });
      const box = await d.answerInputBox(`SELECT city, count(*) AS trips FROM ${SCHEMA}.${TRIPS.name} GROUP BY city ORDER BY city`, { prompt: 'SQL statement' });
      assert.match(box.title, new RegExp(`Run SQL on ${CONN}`));
      await d.waitForActiveTab(/^SELECT city, count/);
      const grid = await d.readGridCells({ minRows: 4 });
      await d.screenshot('result');
      assert.deepEqual(grid.columns, ['city', 'trips']);
      assert.deepEqual(grid.rows, [['Kyoto', '1'], ['Lisbon', '2'], ['Nairobi', '1'], ['Oslo', '1']]);
    },
  },
  {
    slug: 'sql-editor',
    name: 'editor: queries.sql — "Run SQL File" runs both statements; "Run SQL" runs the statement at the cursor',
    async run(d) {
      await d.openFile('queries.sql');
      await d.screenshot('editor');
      await d.runPaletteCommand('deltaExplorer.runSqlFile');
      await d.waitForActiveTab(/^SELECT id, city FROM big_fares/);
      let grid = await d.readGridCells({ minRows: QUERIES_RESULT.rows.length });
      await d.screenshot('file-result');
      assert.deepEqual(grid.columns, QUERIES_RESULT.columns);
      assert.deepEqual(grid.rows, QUERIES_RESULT.rows);
      // back in the editor, cursor on the last statement (the view exists now in the session)
      await d.runPaletteCommand('View: Close All Editors');
      await d.openFile('queries.sql');
      await d.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await d.page.keyboard.press('Control+End');
      await d.runPaletteCommand('deltaExplorer.runSql');
      await d.waitForActiveTab(/^SELECT id, city FROM big_fares/);
      grid = await d.readGridCells({ minRows: QUERIES_RESULT.rows.length });
      await d.screenshot('statement-result');
      assert.deepEqual(grid.rows, QUERIES_RESULT.rows);
    },
  },
  {
    slug: 'palette-preview',
    name: `palette: "Delta Connect: Preview Table" asks for a table name (${SCHEMA}.${CITIES.name})`,
    async run(d) {
      await d.runPaletteCommand('deltaExplorer.previewTable', { shot: 'palette' });
      await d.answerInputBox(`${SCHEMA}.${CITIES.name}`, { prompt: 'Table name' });
      await d.waitForActiveTab(`${SCHEMA}.${CITIES.name}`);
      const grid = await d.readGridCells({ minRows: CITIES.rows.length });
      await d.screenshot('grid');
      assert.deepEqual(grid.columns, CITIES.columns);
      assert.deepEqual(byText(grid.rows), CITIES.rows);
    },
  },
  {
    slug: 'palette-error',
    name: 'palette: a failing SQL statement shows one error notification with the Spark error class',
    async run(d) {
      await d.runSqlInput(`SELECT * FROM ${SCHEMA}.no_such_table`);
      const text = await d.waitForNotification(/TABLE_OR_VIEW_NOT_FOUND/);
      await d.screenshot('error');
      assert.match(text, /no_such_table/);
    },
  },
  {
    slug: 'query-history',
    name: 'Query History view: lists the statements run (failed ones too); a click opens one in an editor, Run Again runs it; "Remove from History"',
    async run(d) {
      const view = 'Query History';
      await d.openView('Delta Connect', { view });
      const sql = /^SELECT city, count\(\*\) AS trips FROM e2e\.trips/;
      await d.waitForTreeItem(sql, { view });
      const labels = (await d.treeItems({ view })).map((r) => r.label);
      assert.ok(labels.some((l) => /no_such_table/.test(l)), `the failed statement is not listed: ${labels.join(' | ')}`);
      await d.screenshot('history');
      await d.clickTreeItem(sql, { view });
      await d.waitUntil('the statement in an editor', async () => ((await d.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText().catch(() => '')).includes('e2e.trips') ? true : undefined), 15_000);
      await d.screenshot('opened');
      await d.openView('Delta Connect', { view });
      await d.treeItemAction(sql, 'Run Again', { view });
      await d.waitForActiveTab(sql);
      const grid = await d.readGridCells({ minRows: 4 });
      assert.deepEqual(grid.rows, [['Kyoto', '1'], ['Lisbon', '2'], ['Nairobi', '1'], ['Oslo', '1']]);
      await d.screenshot('rerun');
      await d.treeItemContextMenu(/no_such_table/, 'Remove from History', { view });
      await d.waitUntil('the failed statement to leave the history', async () => !(await d.treeItems({ view })).some((r) => /no_such_table/.test(r.label)), 10_000);
    },
  },
  // the write commands, each on its own table of schema e2e_ops (./scenariosOps.mjs)
  ...opsScenarios,
  ...safetyScenarios,
  ...historyScenarios,
  ...vacuumedScenarios,
  ...planScenarios,
  ...activeConnectionScenarios,
  ...featureScenarios,
  ...sqlEditorScenarios,
  ...resultTabScenarios,
  ...staleScenarios,
  ...roughEdgeScenarios,
  ...dmlScenarios,
  ...healthScenarios,
  ...memoryScenarios,
  // the embedded local server: a second JVM, started and stopped from the palette (./scenariosLocal.mjs)
  ...localScenarios,
  {
    slug: 'connections',
    name: 'connections: "+" in the view adds one through three prompts; it browses; Remove asks first, then it is gone',
    async run(d) {
      await d.openView('Delta Connect');
      await d.viewTitleAction('Add Connection');
      await d.answerInputBox('second', { prompt: 'A name for this connection' });
      await d.answerInputBox(process.env.SPARK_REMOTE, { prompt: 'Spark Connect URL' });
      await d.screenshot('token-prompt');
      await d.answerInputBox('', { prompt: 'Token' });
      await d.waitForTreeItem('second', { level: 1 });
      assert.deepEqual(await d.expandTreeItem('second', { level: 1, timeoutMs: 60_000 }), [CATALOG]);
      await d.screenshot('added');
      await d.treeItemContextMenu('second', 'Remove Connection', { level: 1 });
      await d.confirmDialog('Remove', { expect: /Remove the connection "second"/ });
      await d.waitUntil('"second" to leave the tree', async () => !(await d.treeItems()).some((r) => r.level === 1 && r.label === 'second'), 10_000);
      assert.deepEqual((await d.treeItems()).filter((r) => r.level === 1).map((r) => r.label), [CONN]);
      await d.screenshot('removed');
    },
  },
  {
    slug: 'connection-status',
    name: 'the connection row shows "Spark 4.2.0" once the tree has connected (as the status bar does)',
    async run(d) {
      await d.runPaletteCommand('deltaExplorer.disconnect');
      await d.openView('Delta Connect');
      await d.waitUntil('the row to say disconnected', async () => (await d.treeItems()).find((r) => r.level === 1 && r.label === CONN)?.description === 'disconnected', 10_000);
      // collapse and expand again: the tree reconnects to load the catalogs
      const row = await d.waitForTreeItem(CONN, { level: 1 });
      if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
      await d.expandTreeItem(CONN, { level: 1 });
      const desc = await d.waitUntil('"Spark 4.2.0" on the connection row', async () => {
        const r = (await d.treeItems()).find((x) => x.level === 1 && x.label === CONN);
        return r && /^Spark 4\.2/.test(r.description) ? r.description : undefined;
      }, 10_000).catch(async (e) => {
        await d.screenshot('stale-row');
        throw e;
      });
      await d.screenshot('connected-row');
      assert.match(desc, /^Spark 4\.2/);
    },
  },
  {
    slug: 'spark-remote-default',
    name: 'with no connection configured (remove "local"), SPARK_REMOTE is offered as the connection and browses',
    async run(d) {
      // last scenario: it removes the preset connection
      await d.openView('Delta Connect');
      await d.treeItemContextMenu(CONN, 'Remove Connection', { level: 1 });
      await d.confirmDialog('Remove', { expect: new RegExp(`Remove the connection "${CONN}"`) });
      await d.waitForTreeItem('SPARK_REMOTE', { level: 1, timeoutMs: 15_000 });
      assert.deepEqual((await d.treeItems()).filter((r) => r.level === 1).map((r) => r.label), ['SPARK_REMOTE']);
      assert.deepEqual(await d.expandTreeItem('SPARK_REMOTE', { level: 1, timeoutMs: 60_000 }), [CATALOG]);
      assert.ok((await d.expandTreeItem(CATALOG, { level: 2 })).includes(SCHEMA));
      await d.screenshot('spark-remote');
    },
  },
];
