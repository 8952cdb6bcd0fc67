// The webview's window cache (media/grid/rowCache.ts): windows asked for by request id, and the first window of a
// view that the host sends unasked with the first row count.
import * as assert from 'node:assert/strict';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { RowCache } from '../../media/grid/rowCache';
import { PUSHED_WINDOW, WINDOW_ROWS } from '../../src/grid/shared/protocol';

const window = (start: number, rows: number) => tableToIPC(tableFromArrays({ id: Int32Array.from({ length: rows }, (_v, i) => start + i) }));

describe('grid RowCache', () => {
  let asked: Array<[number, number, number]>;
  let cache: RowCache;
  beforeEach(() => {
    asked = [];
    cache = new RowCache((start, end, viewId) => asked.push([start, end, viewId]));
    cache.reset(3);
  });

  it('keeps the first window sent unasked, and then does not ask for it', () => {
    assert.equal(cache.receive(PUSHED_WINDOW, 3, 0, window(0, WINDOW_ROWS)), true);
    assert.equal(Number(cache.get(42)!.table.getChild('id')!.get(cache.get(42)!.index)), 42);
    cache.ensure(0, 250, 1000);
    assert.deepEqual(asked.map(([s, e]) => [s, e]), [[100, 200], [200, 300]]);
  });

  it('drops a window sent unasked for another view, or shorter than the one it holds', () => {
    assert.equal(cache.receive(PUSHED_WINDOW, 2, 0, window(0, WINDOW_ROWS)), false, 'another view');
    assert.equal(cache.get(0), undefined);
    cache.ensure(0, 100, 1000);
    assert.equal(cache.receive(1, 3, 0, window(0, WINDOW_ROWS)), true);
    assert.equal(cache.receive(PUSHED_WINDOW, 3, 0, window(0, 40)), false, 'a fuller window is held');
    assert.equal(cache.get(99)?.index, 99);
  });

  it('keeps a first window of a view that begins next until that view begins (it comes just before init or view)', () => {
    assert.equal(cache.receive(PUSHED_WINDOW, 4, 0, window(500, WINDOW_ROWS)), false, 'not shown in view 3');
    assert.equal(cache.get(0), undefined);
    cache.reset(4);
    assert.equal(Number(cache.get(0)!.table.getChild('id')!.get(0)), 500);
    cache.ensure(0, 100, 1000);
    assert.deepEqual(asked, []);
    cache.receive(PUSHED_WINDOW, 6, 0, window(700, WINDOW_ROWS));
    cache.reset(5);
    assert.equal(cache.get(0), undefined, 'a window of another view is not adopted');
  });

  it('asks again for a first window that came with fewer rows than the result has by now', () => {
    cache.receive(PUSHED_WINDOW, 3, 0, window(0, 37));
    cache.ensure(0, 100, 37);
    assert.deepEqual(asked, [], 'the 37 rows there are');
    cache.ensure(0, 100, 5000);
    assert.deepEqual(asked, [[0, 100, 3]]);
  });
});
