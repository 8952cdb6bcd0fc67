// UI scenario of result tabs with the default deltaExplorer.results.openIn (replace): a second result takes the
// first one's tab; a pinned tab stays and the next result opens beside it; Open Result in the Query History brings a
// run's tab back; Run Again runs a reading query again into its tab.
import assert from 'node:assert/strict';

const FIRST = 'SELECT 1 AS first_result';
const SECOND = 'SELECT 2 AS second_result';
const THIRD = 'SELECT 3 AS third_result';

/** Labels of the open editor tabs. */
const tabLabels = (d) => d.page.locator('.tabs-container .tab .label-name').allTextContents();

/** The grid tabs of this scenario's three statements, by label. */
async function resultTabs(d) {
  return (await tabLabels(d)).filter((l) => /SELECT [123] AS (first|second|third)_result/.test(l));
}

export const resultTabScenarios = [
  {
    slug: 'result-tabs',
    name: 'result tabs: a second query replaces the first one\'s tab; Pin keeps it and a third opens beside it; Open Result and Run Again',
    timeoutMs: 150_000,
    async run(d) {
      await d.openView('Delta Connect');
      await d.runPaletteCommand('View: Close All Editors');
      await d.runSqlInput(FIRST);
      await d.waitForActiveTab(FIRST);
      await d.readGridCells({ minRows: 1 });
      await d.runSqlInput(SECOND);
      await d.waitForActiveTab(SECOND);
      let grid = await d.readGridCells({ minRows: 1 });
      assert.deepEqual(grid.rows, [['2']]);
      await d.waitUntil('one result tab, the second', async () => ((await resultTabs(d)).join('|') === SECOND ? true : undefined), 10_000)
        .catch(async (e) => { throw new Error(`${e.message}; tabs: ${(await tabLabels(d)).join(' | ')}`); });
      const about = await d.webview().locator('.grid-about').textContent();
      assert.match(about ?? '', /^on local · \d{1,2}:\d{2}/);
      await d.screenshot('replaced');
      // Pin: the title gets its mark, and the next result opens beside it
      await d.webview().locator('.pin-button').click();
      await d.waitForActiveTab(`📌 ${SECOND}`);
      await d.runSqlInput(THIRD);
      await d.waitForActiveTab(THIRD);
      grid = await d.readGridCells({ minRows: 1 });
      assert.deepEqual(grid.rows, [['3']]);
      assert.deepEqual((await resultTabs(d)).sort(), [`📌 ${SECOND}`, THIRD].sort());
      await d.screenshot('pinned-and-third');
      // Run Again (a read) runs into the same tab: still two result tabs
      await d.webview().locator('.run-again-button').click();
      await d.page.waitForTimeout(1000);
      grid = await d.readGridCells({ minRows: 1 });
      assert.deepEqual(grid.rows, [['3']]);
      assert.equal((await resultTabs(d)).length, 2);
      // Open Result in the Query History brings the pinned run's tab to the front
      const view = 'Query History';
      await d.openView('Delta Connect', { view });
      await d.treeItemContextMenu(new RegExp(`^${SECOND}`), 'Open Result', { view });
      await d.waitForActiveTab(`📌 ${SECOND}`);
      await d.screenshot('open-result');
      assert.deepEqual(await d.errorNotifications(), []);
      await d.runPaletteCommand('View: Close All Editors');
    },
  },
];
