// The webview's pure models: compressed vertical scrolling, column layout and selection.
import * as assert from 'node:assert/strict';
import { MAX_SCROLL_PX, VerticalScroll } from '../../media/grid/scrollModel';
import { ColumnLayout, defaultWidth, MIN_COLUMN_WIDTH } from '../../media/grid/columnLayout';
import { Selection } from '../../media/grid/selection';

describe('grid webview models', () => {
  it('maps scroll 1:1 while the rows fit under the spacer limit', () => {
    const v = new VerticalScroll(22);
    v.resize(1000, 440);
    assert.equal(v.compressed, false);
    assert.equal(v.spacerHeight, 22_000);
    v.setFromPhysical(2200);
    assert.equal(v.firstRow, 100);
    assert.equal(v.physicalTop(), 2200);
    v.setTop(1e9);
    assert.equal(v.top, 22_000 - 440);
    assert.deepEqual(v.visibleRows(), [980, 1000]);
  });

  it('compresses 10M rows into a bounded spacer and keeps the last row reachable', () => {
    const v = new VerticalScroll(22);
    v.resize(10_000_000, 600);
    assert.equal(v.compressed, true);
    assert.equal(v.spacerHeight, MAX_SCROLL_PX);
    v.setFromPhysical(MAX_SCROLL_PX - 600);
    assert.equal(v.top, 220_000_000 - 600);
    assert.equal(v.visibleRows()[1], 10_000_000);
    v.scrollToRow(5_000_000);
    assert.equal(v.firstRow, 5_000_000);
    assert.equal(v.firstRowOffset, 0);
    assert.ok(v.physicalTop() > 0 && v.physicalTop() < MAX_SCROLL_PX);
    v.setTop(v.top + 22);
    assert.equal(v.firstRow, 5_000_001, 'a wheel step moves exact virtual pixels');
    v.revealRow(4_000_000);
    assert.equal(v.firstRow, 4_000_000);
    v.revealRow(4_000_100);
    assert.equal(v.visibleRows()[1] - 1, 4_000_100);
  });

  it('lays out columns and finds the visible ones', () => {
    const layout = new ColumnLayout([100, 200, 50, 300]);
    assert.equal(layout.totalWidth, 650);
    assert.deepEqual(layout.visibleColumns(0, 250), [0, 2]);
    assert.deepEqual(layout.visibleColumns(310, 100), [2, 4]);
    assert.equal(layout.columnAt(299), 1);
    assert.equal(layout.columnAt(10_000), 3);
    layout.setWidth(0, 5);
    assert.equal(layout.width(0), MIN_COLUMN_WIDTH);
    assert.equal(layout.revealLeft(3, 0, 200), layout.left(3), 'a column wider than the view shows its start');
    assert.equal(defaultWidth({ name: 'amount', sparkType: 'decimal(38,18)', kind: 'number' }), 328);
  });

  it('selects ranges, rows and everything', () => {
    const s = new Selection();
    s.select({ row: 5, col: 2 });
    s.select({ row: 2, col: 4 }, true);
    assert.deepEqual(s.range(100, 10), { rowStart: 2, rowEnd: 6, colStart: 2, colEnd: 5 });
    s.selectRows(7, false, 10);
    s.selectRows(9, true, 10);
    assert.deepEqual(s.range(100, 10), { rowStart: 7, rowEnd: 10, colStart: 0, colEnd: 10 });
    s.moveTo({ row: -5, col: 99 }, false, 100, 10);
    assert.deepEqual(s.active, { row: 0, col: 9 });
    s.selectAll(100, 10);
    assert.deepEqual(s.range(100, 10), { rowStart: 0, rowEnd: 100, colStart: 0, colEnd: 10 });
  });
});
