// UI scenarios of the .sql editor: Spark errors as diagnostics at their place in the file, and what DDL/DML report.
import assert from 'node:assert/strict';

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
];
