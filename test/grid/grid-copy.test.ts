// Copy from the real webview: mouse, shift-click, keyboard and row selections, through Ctrl+C, the context
// menu and the toolbar, produce exactly the expected TSV, CSV, JSON, Markdown and SQL IN-list text.
import * as assert from 'node:assert/strict';
import { Bool, DateDay, Int64, Table, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { GridHarness, GridPage } from './harness';
import { bigRow, bigSource, decimalData, tableTestSource } from './fixtures';
import { clickCell, waitForRow } from './gridQueries';

const NAMES = ['plain', 'comma, here', 'quote "q"', 'pipe | bar\nline2', '', null, "it's"];

function copyTable(): Table {
  const days = [19723, 19782, 0, 10956, 10957, 20088, 19724];
  return new Table({
    id: vectorFromArray([1n, 2n, 3n, 4n, 5n, 6n, 7n], new Int64()),
    name: vectorFromArray(NAMES, new Utf8()),
    amount: makeVector(decimalData([12345n, -1n, null, 0n, 100000000n, 750n, 100n], 10, 2)),
    flag: vectorFromArray([true, false, null, true, false, true, false], new Bool()),
    day: makeVector(makeData({ type: new DateDay(), length: 7, data: Int32Array.from(days), nullBitmap: new Uint8Array([0b11111011]), nullCount: 1 })),
  });
}

/** Runs `action` and returns the next text the host put on the clipboard. */
async function copied(grid: GridPage, action: () => Promise<void>): Promise<string> {
  const before = grid.clipboard.length;
  await action();
  await grid.page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.startsWith('Copied'));
  for (let i = 0; i < 100 && grid.clipboard.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(grid.clipboard.length, before + 1, 'exactly one clipboard write');
  await grid.page.evaluate(() => (document.querySelector('.status-message')!.textContent = ''));
  return grid.clipboard[before];
}

async function menuCopy(grid: GridPage, row: number, col: number, label: string): Promise<string> {
  return copied(grid, async () => {
    await grid.page.click(`.grid-row[data-row="${row}"] .cell[data-col="${col}"]`, { button: 'right' });
    await grid.page.click(`.context-menu .menu-item:has-text("${label}")`);
  });
}

describe('result grid: copy in Chromium', () => {
  let harness: GridHarness;
  let grid: GridPage;

  before(async () => {
    harness = await GridHarness.start();
    grid = await harness.open(tableTestSource('copy', copyTable()));
    await waitForRow(grid.page, 6);
  });
  after(async () => {
    await grid?.close();
    await harness?.stop();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(grid.problems, []);
  });

  async function selectRange(fromRow: number, fromCol: number, toRow: number, toCol: number): Promise<void> {
    await clickCell(grid.page, fromRow, fromCol);
    await clickCell(grid.page, toRow, toCol, ['Shift']);
  }

  it('Ctrl+C copies a shift-clicked range as TSV', async () => {
    await selectRange(1, 0, 4, 2);
    const text = await copied(grid, () => grid.page.keyboard.press('Control+c'));
    assert.equal(text, '2\tcomma, here\t-0.01\n3\tquote "q"\tNULL\n4\t"pipe | bar\nline2"\t0.00\n5\t\t1000000.00');
  });

  it('Ctrl+Shift+C adds the header line', async () => {
    await selectRange(0, 0, 1, 1);
    const text = await copied(grid, () => grid.page.keyboard.press('Control+Shift+C'));
    assert.equal(text, 'id\tname\n1\tplain\n2\tcomma, here');
  });

  it('copies as CSV (RFC 4180) from the context menu', async () => {
    await selectRange(1, 0, 4, 2);
    const text = await menuCopy(grid, 2, 1, 'Copy as CSV');
    assert.equal(text, 'id,name,amount\r\n2,"comma, here",-0.01\r\n3,"quote ""q""",\r\n4,"pipe | bar\nline2",0.00\r\n5,"",1000000.00');
  });

  it('copies as JSON with exact numbers', async () => {
    await selectRange(1, 0, 4, 2);
    const text = await menuCopy(grid, 1, 0, 'Copy as JSON');
    assert.equal(text, '[\n  {"id":2,"name":"comma, here","amount":-0.01},\n  {"id":3,"name":"quote \\"q\\"","amount":null},\n'
      + '  {"id":4,"name":"pipe | bar\\nline2","amount":0.00},\n  {"id":5,"name":"","amount":1000000.00}\n]');
  });

  it('copies as Markdown with pipes escaped, from the toolbar menu', async () => {
    await selectRange(1, 0, 4, 2);
    const text = await copied(grid, async () => {
      await grid.page.click('.tool-button:has-text("Copy")');
      await grid.page.click('.context-menu .menu-item:has-text("Copy as Markdown")');
    });
    assert.equal(text, '| id | name | amount |\n| ---: | --- | ---: |\n| 2 | comma, here | -0.01 |\n| 3 | quote "q" | NULL |\n'
      + '| 4 | pipe \\| bar<br>line2 | 0.00 |\n| 5 |  | 1000000.00 |');
  });

  it('copies one column as a SQL IN-list with quoted strings and NULL', async () => {
    await selectRange(0, 1, 6, 1);
    const text = await menuCopy(grid, 3, 1, 'Copy as SQL IN-list');
    assert.equal(text, "('plain', 'comma, here', 'quote \"q\"', 'pipe | bar\nline2', '', NULL, 'it\\'s')");
  });

  it('copies several columns as an IN-list of tuples with typed literals', async () => {
    await selectRange(0, 3, 2, 4);
    const text = await menuCopy(grid, 0, 3, 'Copy as SQL IN-list');
    assert.equal(text, "((TRUE, DATE'2024-01-01'), (FALSE, DATE'2024-02-29'), (NULL, NULL))");
  });

  it('copies whole rows selected on the row numbers', async () => {
    await grid.page.click('.grid-row[data-row="0"] .gutter');
    await grid.page.click('.grid-row[data-row="1"] .gutter', { modifiers: ['Shift'] });
    const text = await copied(grid, () => grid.page.keyboard.press('Control+c'));
    assert.equal(text, '1\tplain\t123.45\ttrue\t2024-01-01\n2\tcomma, here\t-0.01\tfalse\t2024-02-29');
  });

  it('extends the selection with Shift+arrows', async () => {
    await clickCell(grid.page, 5, 0);
    await grid.page.keyboard.press('Shift+ArrowRight');
    await grid.page.keyboard.press('Shift+ArrowDown');
    const text = await copied(grid, () => grid.page.keyboard.press('Control+c'));
    assert.equal(text, "6\tNULL\n7\tit's");
  });
});

describe('result grid: copying more rows than the webview holds', () => {
  let harness: GridHarness;
  let grid: GridPage;

  before(async () => {
    harness = await GridHarness.start();
    grid = await harness.open(bigSource(100_000));
    await grid.page.waitForFunction(() => document.querySelector('.row-count')?.textContent === '100,000 rows');
  });
  after(async () => {
    await grid?.close();
    await harness?.stop();
  });

  it('copies 100,000 rows selected with Ctrl+Shift+End, built by the host from the full result', async () => {
    await clickCell(grid.page, 0, 0);
    await grid.page.keyboard.press('Control+Shift+End');
    const text = await copied(grid, () => grid.page.keyboard.press('Control+c'));
    const lines = text.split('\n');
    assert.equal(lines.length, 100_000);
    assert.equal(lines[0], bigRow(0).join('\t'));
    assert.equal(lines[54_321], bigRow(54_321).join('\t'));
    assert.equal(lines[99_999], bigRow(99_999).join('\t'));
    assert.deepEqual(grid.problems, []);
  });
});
