// Screenshots of the grid in VS Code's light, dark and high-contrast themes (kept in test-artifacts/grid/),
// and a check that the theme's colours, not built-in ones, are what the grid paints with.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GridHarness, GridPage } from './harness';
import { ALL_TYPES_ZONE, allTypesTable, tableTestSource } from './fixtures';
import { clickCell, waitForRow } from './gridQueries';
import { rgb, ThemeName, themeVars } from './themes';

const OUT = path.resolve(__dirname, '../../test-artifacts/grid');

describe('result grid: themes in Chromium', () => {
  let harness: GridHarness;
  let grid: GridPage | undefined;

  before(async () => {
    harness = await GridHarness.start();
    fs.mkdirSync(OUT, { recursive: true });
  });
  after(async () => harness?.stop());
  afterEach(async () => {
    await grid?.close();
    grid = undefined;
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
    it(`paints with the ${theme} theme's variables (screenshots saved)`, async () => {
      grid = await harness.open(tableSourceFor(), { theme, width: 1400, height: 420 });
      const page = grid.page;
      await waitForRow(page, 9);
      await clickCell(page, 1, 3);
      await clickCell(page, 3, 6, ['Shift']);
      await page.hover('.grid-row[data-row="6"] .cell[data-col="1"]');
      const file = path.join(OUT, `grid-${theme}.png`);
      await page.screenshot({ path: file });
      const vars = themeVars(theme);
      const colours = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.querySelector('.cell.text')!).color,
        selected: getComputedStyle(document.querySelector('.cell.selected:not(.active)')!).backgroundColor,
        nullStyle: getComputedStyle(document.querySelector('.cell.null')!).fontStyle,
        gutter: getComputedStyle(document.querySelector('.gutter.selected')!).backgroundColor,
      }));
      assert.equal(colours.body, rgb(vars['--vscode-editor-background']));
      assert.equal(colours.text, rgb(vars['--vscode-editor-foreground']));
      assert.equal(colours.selected, rgb(vars['--vscode-editor-selectionBackground']));
      assert.equal(colours.nullStyle, 'italic');
      assert.match(colours.gutter, /^rgb\(/, 'cells scroll under an opaque gutter');
      await clickCell(page, 0, 0);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft'); // the struct column, scrolled into view
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog.value-dialog[open] details.json-node');
      await page.screenshot({ path: path.join(OUT, `grid-${theme}-value.png`) });
      assert.ok(fs.statSync(file).size > 10_000, 'a real screenshot was written');
      assert.deepEqual(grid.problems, []);
    });
  }
});

function tableSourceFor(): ReturnType<typeof tableTestSource> {
  return tableTestSource('SELECT * FROM sales.all_types', allTypesTable(), ALL_TYPES_ZONE);
}
