// Every Spark type renders exactly as specified in the real bundled webview, NULL is styled apart, long
// strings and nested values open in the value view, and hostile cell text stays text.
import * as assert from 'node:assert/strict';
import { Bool, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { GridPage, gridSuite } from './harness';
import { ALL_TYPES_SPARK, ALL_TYPES_TEXT, ALL_TYPES_ZONE, allTypesTable, isNullCell, tableTestSource, XSS } from './fixtures';
import { clickCell, rowView, texts, visibleRows, waitForRow } from './gridQueries';

describe('result grid: rendering in Chromium', () => {
  const pages = gridSuite();

  async function openAllTypes(): Promise<GridPage> {
    const grid = await pages.open(tableTestSource('all types', allTypesTable(), ALL_TYPES_ZONE), { width: 3800, height: 500 });
    await waitForRow(grid.page, 9);
    return grid;
  }

  it('renders every Spark type exactly, in the session time zone', async () => {
    const { page } = await openAllTypes();
    for (let row = 0; row < 10; row++) assert.deepEqual(texts(await rowView(page, row)), ALL_TYPES_TEXT[row], `row ${row}`);
  });

  it('shows the column name and Spark type in the sticky header', async () => {
    const { page } = await openAllTypes();
    const header = await page.$$eval('.hcell:not([hidden])', (cells) => cells.map((c) => [c.querySelector('.hname')!.textContent, c.querySelector('.htype')!.textContent]));
    assert.deepEqual(header.map((h) => h[1]), ALL_TYPES_SPARK);
    assert.deepEqual(header.map((h) => h[0]), allTypesTable().schema.fields.map((f) => f.name));
  });

  it('styles NULL apart from the empty string and the string "NULL"', async () => {
    const { page } = await openAllTypes();
    for (const row of await visibleRows(page)) {
      for (const cell of row.cells) assert.equal(/\bnull\b/.test(cell.classes), isNullCell(row.row, cell.col), `row ${row.row} col ${cell.col}: ${cell.classes}`);
    }
    const styles = await page.$$eval('.grid-row[data-row="2"] .cell[data-col="7"], .grid-row[data-row="3"] .cell[data-col="7"]',
      (cells) => cells.map((c) => getComputedStyle(c).fontStyle));
    assert.deepEqual(styles.sort(), ['italic', 'normal']);
  });

  it('cuts long strings with a marker and shows the full value in the value view', async () => {
    const { page } = await openAllTypes();
    const cell = (await rowView(page, 5)).cells[7];
    assert.match(cell.classes, /\btruncated\b/);
    await page.dblclick('.grid-row[data-row="5"] .cell[data-col="7"]');
    await page.waitForSelector('dialog.value-dialog[open] .value-text');
    assert.equal(await page.textContent('.value-text'), 'x'.repeat(990) + 'END-OF-LONG');
    assert.equal(await page.textContent('.value-heading'), 'str · string · row 6');
  });

  it('opens arrays, maps and structs as an expandable JSON tree', async () => {
    const { page } = await openAllTypes();
    await clickCell(page, 0, 15);
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.value-dialog[open] details.json-node');
    const tree = await page.$$eval('.value-body .json-item', (items) => items.map((i) => i.textContent));
    assert.deepEqual(tree, ['"x": 9007199254740993', '"y": "a\\"b"', '"z": 123.45']);
    assert.equal(await page.textContent('.json-summary'), '{ 3 keys }');
    await page.keyboard.press('Escape');
    await clickCell(page, 0, 13);
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.value-dialog[open] .json-summary');
    assert.equal(await page.textContent('.json-summary'), '[ 3 items ]');
    assert.deepEqual(await page.$$eval('.value-body .json-item', (items) => items.map((i) => i.textContent)), ['1', '2', '3']);
  });

  it('fits columns to their header and first values: whole UUIDs, narrow flags, long text capped', async () => {
    const uuids = Array.from({ length: 20 }, (_v, r) => `3f2b8c1e-9d4a-4c6b-8e2f-${String(r).padStart(12, '0')}`);
    const table = new Table({
      id: vectorFromArray(uuids, new Utf8()),
      ok: vectorFromArray(uuids.map((_u, r) => r % 2 === 0), new Bool()),
      note: vectorFromArray(uuids.map((_u, r) => `${'long text '.repeat(60)}${r}`), new Utf8()),
    });
    const grid = await pages.open(tableTestSource('fit', table), { width: 1400, height: 500 });
    await waitForRow(grid.page, 5);
    const cells = await grid.page.$$eval('.grid-row[data-row="0"] .cell', (cs) => cs.map((c) => ({ width: (c as HTMLElement).offsetWidth, cut: c.scrollWidth > c.clientWidth })));
    const header = await grid.page.$$eval('.hcell:not([hidden])', (cs) => cs.map((c) => (c as HTMLElement).offsetWidth));
    assert.equal(cells[0].cut, false, `the UUID is drawn whole in ${cells[0].width} px`);
    assert.ok(cells[1].width < 100, `the boolean column is ${cells[1].width} px`);
    assert.equal(cells[2].width, 480, 'a long text column stops at the cap');
    assert.equal(cells[2].cut, true);
    assert.deepEqual(header, cells.map((c) => c.width), 'header and cells share the widths');
  });

  it('virtualizes columns too: 300 columns, only the visible ones in the DOM', async () => {
    const columns = Object.fromEntries(Array.from({ length: 300 }, (_v, c) => [`c${c}`, vectorFromArray(Array.from({ length: 50 }, (_w, r) => r * 1000 + c), new Int32())]));
    const grid = await pages.open(tableTestSource('wide', new Table(columns)), { width: 1000, height: 500 });
    const page = grid.page;
    await clickCell(page, 0, 0);
    const perRow = await page.$$eval('.grid-row[data-row="0"] .cell', (cells) => cells.length);
    assert.ok(perRow <= 24, `${perRow} cells in a row (of 300 columns)`);
    await page.keyboard.press('End');
    await page.waitForSelector('.grid-row[data-row="0"] .cell[data-col="299"]');
    const last = (await rowView(page, 0)).cells.at(-1)!;
    assert.deepEqual([last.col, last.text], [299, '299']);
    assert.equal(await page.textContent('.hcell[data-col="299"] .hname'), 'c299');
    assert.equal(await page.$('.cell[data-col="0"]'), null, 'columns scrolled out are gone');
  });

  it('renders HTML and script payloads as literal text and runs nothing', async () => {
    const payloads = [...XSS, '"><svg onload=window.__xss=1>', '<style>body{display:none}</style>'];
    const table = new Table({ [XSS[0]]: vectorFromArray(payloads, new Utf8()), b: vectorFromArray(payloads.slice().reverse(), new Utf8()) });
    const grid = await pages.open(tableTestSource(XSS[1], table));
    const page = grid.page;
    await waitForRow(page, payloads.length - 1);
    const shown = (await visibleRows(page)).map((r) => r.cells[0].text);
    assert.deepEqual(shown, payloads);
    assert.equal(await page.textContent('.hcell .hname'), XSS[0]);
    assert.equal(await page.textContent('.grid-title'), XSS[1]);
    await page.dblclick('.grid-row[data-row="0"] .cell[data-col="0"]');
    await page.waitForSelector('dialog.value-dialog[open] .value-text');
    assert.equal(await page.textContent('.value-text'), XSS[0]);
    const probe = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      csp: (window as unknown as { __csp: string[] }).__csp,
      images: document.querySelectorAll('img, svg, iframe, object, embed').length,
      scripts: document.querySelectorAll('script').length,
      styles: document.querySelectorAll('style').length,
      bodyVisible: getComputedStyle(document.body).display !== 'none',
    }));
    assert.deepEqual(probe, { xss: undefined, csp: [], images: 0, scripts: 1, styles: 0, bodyVisible: true });
    assert.deepEqual(grid.requests.sort(), ['/', '/dist/media/grid.js', '/media/grid/grid.css']);
  });
});
