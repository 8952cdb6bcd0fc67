// UI scenarios of the .sql editor (Spark errors as diagnostics at their place in the file, what DDL/DML report) and
// of the change data feed's first question (a table without it is told so before anything runs).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { expandToSchema } from './treePath.mjs';
import { waitForSuggestions } from './scenariosFeatures.mjs';

const require = createRequire(import.meta.url);
const { SCHEMA, CITIES, CATALOG } = require('../lib/fixtureSpec.cjs');

/** The rows of the Problems panel (opened with Ctrl+Shift+M), as text. */
async function problems(d) {
  await d.page.keyboard.press('Escape');
  await d.page.keyboard.press('Control+Shift+M');
  const panel = d.page.locator('.markers-panel');
  await d.step('the Problems panel', () => panel.first().waitFor({ timeout: 10_000 }));
  return d.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

export const sqlEditorScenarios = [
  {
    slug: 'sql-diagnostics',
    name: 'editor: errors.sql — a Spark error is a problem at line 5 of the file with class and SQLSTATE; one-line notification; cleared on the next run',
    async run(d) {
      await d.openFile('errors.sql');
      await d.runPaletteCommand('deltaExplorer.runSqlFile');
      const toast = await d.waitForNotification(/UNRESOLVED_COLUMN/);
      assert.ok(!toast.includes('\n'), `one line: ${toast}`);
      assert.equal(toast.match(/42703/g)?.length, 1, `SQLSTATE once: ${toast}`);
      assert.doesNotMatch(toast, /line \d+ pos|'Project|== SQL/);
      let rows = [];
      await d.waitUntil('the error in the Problems panel', async () => (rows = await problems(d)).some((r) => /UNRESOLVED_COLUMN/.test(r)), 20_000);
      await d.screenshot('problems');
      const row = rows.find((r) => /UNRESOLVED_COLUMN/.test(r));
      assert.match(row, /SQLSTATE 42703/);
      assert.match(row, /`nope`/);
      assert.match(row, /\[Ln 5, Col 3\]/);
      // the next run (the statement under the cursor, line 2) clears it
      await d.openFile('errors.sql');
      await d.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await d.page.keyboard.press('Control+Home');
      await d.page.keyboard.press('ArrowDown');
      await d.runPaletteCommand('deltaExplorer.runSql');
      await d.waitForActiveTab(/^SELECT 1 AS one/);
      await d.waitUntil('the Problems panel to be empty', async () => !(await problems(d)).some((r) => /UNRESOLVED_COLUMN/.test(r)), 20_000);
      await d.screenshot('cleared');
    },
  },
  {
    slug: 'cdf-offer',
    name: `Show Change Data Feed… on ${SCHEMA}.${CITIES.name} (no feed): a dialog says so first and offers the one ALTER TABLE; Cancel runs nothing`,
    async run(d) {
      await expandToSchema(d, SCHEMA);
      // grids of other tables' changes may be open from earlier scenarios: none may be added
      const changeTabs = () => d.page.locator('.tabs-container .tab[aria-label^="Changes"]').count();
      const before = await changeTabs();
      await d.treeItemContextMenu(CITIES.name, 'Show Change Data Feed…', { level: 4 });
      const text = await d.confirmDialog('Cancel', { expect: /does not record a change data feed/, timeoutMs: 60_000 });
      assert.match(text, /delta\.enableChangeDataFeed is not true/);
      assert.match(text, new RegExp(`ALTER TABLE .*${CITIES.name}.* SET TBLPROPERTIES \\('delta\\.enableChangeDataFeed' = 'true'\\)`));
      await d.screenshot('cancelled');
      assert.deepEqual(await d.errorNotifications(), []);
      await d.page.waitForTimeout(1000);
      assert.equal(await changeTabs(), before, `no grid of ${CATALOG}.${SCHEMA}.${CITIES.name}'s changes`);
    },
  },
  {
    slug: 'sql-ddl-message',
    name: 'editor: a CREATE TABLE and an INSERT from the palette say "Created table …" and "Inserted 2 rows into …", no empty grid',
    async run(d) {
      const table = `${SCHEMA}.ddl_message`;
      await d.runSqlInput(`CREATE OR REPLACE TABLE ${table} (id INT) USING delta`);
      await d.waitForNotification(`Created or replaced table ${table}.`);
      await d.runSqlInput(`INSERT INTO ${table} VALUES (1), (2)`);
      await d.waitForNotification(`Inserted 2 rows into ${table}.`);
      await d.screenshot('inserted');
      assert.equal(await d.page.locator('.tabs-container .tab[aria-label^="INSERT"], .tabs-container .tab[aria-label^="CREATE"]').count(), 0, 'no result grid');
      await d.runSqlInput(`DROP TABLE ${table}`);
      await d.waitForNotification(`Dropped table ${table}`);
    },
  },
  {
    slug: 'sql-completion-tables',
    name: 'features.sql: in the SELECT list, columns of every FROM/JOIN table complete without an alias (cities) and with one (trips t); "cities." lists its columns',
    timeoutMs: 120_000,
    async run(d) {
      await expandToSchema(d, SCHEMA); // completion uses the connected connection
      await d.openFile('features.sql');
      await d.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await d.page.keyboard.press('Control+End');
      await d.page.keyboard.press('Enter');
      await d.page.keyboard.type(`SELECT  FROM ${SCHEMA}.cities JOIN ${SCHEMA}.trips t ON t.city = cities.name;`);
      const toSelectList = async () => {
        await d.page.keyboard.press('Escape');
        await d.page.keyboard.press('Home');
        for (let i = 0; i < 'SELECT '.length; i++) await d.page.keyboard.press('ArrowRight');
      };
      await toSelectList();
      await d.page.keyboard.type('countr');
      await waitForSuggestions(d, ['country'], 'field');
      await d.screenshot('no-alias');
      for (let i = 0; i < 'countr'.length; i++) await d.page.keyboard.press('Backspace');
      await d.page.keyboard.type('far');
      await waitForSuggestions(d, ['fare'], 'field');
      for (let i = 0; i < 'far'.length; i++) await d.page.keyboard.press('Backspace');
      await d.page.keyboard.type('cities.');
      await waitForSuggestions(d, ['name', 'country'], 'field');
      await d.screenshot('table-name');
      await d.page.keyboard.press('Escape');
      await d.runPaletteCommand('File: Revert File');
    },
  },
];
