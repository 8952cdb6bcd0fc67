import * as assert from 'node:assert/strict';
import { Int64, Table, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { buildLocalOrder, filterRows, sortRows } from '../../src/grid/localView';
import { ResultStore } from '../../src/grid/resultStore';
import { ALL_TYPES_ZONE, allTypesTable, decimalData } from '../grid/fixtures';

function storeOf(table: Table): ResultStore {
  const store = new ResultStore(table.schema);
  for (const b of table.batches) store.append(b);
  store.finish();
  return store;
}

describe('grid local sort and filter', () => {
  const table = new Table({
    big: vectorFromArray([3n, null, 9007199254740993n, 9007199254740992n, -1n, 3n], new Int64()),
    name: vectorFromArray(['b', 'a', null, 'C', 'a', 'c'], new Utf8()),
    dec: makeVector(decimalData([10n ** 37n + 1n, 10n ** 37n, null, 5n, -5n, 0n], 38, 18)),
  });
  const rows = Uint32Array.from([0, 1, 2, 3, 4, 5]);
  const batches = table.batches;

  it('sorts int64 exactly beyond 2^53, NULLs first ascending and last descending', async () => {
    assert.deepEqual([...await sortRows(batches, rows, [{ column: 0, descending: false }])], [1, 4, 0, 5, 3, 2]);
    assert.deepEqual([...await sortRows(batches, rows, [{ column: 0, descending: true }])], [2, 3, 0, 5, 4, 1]);
  });

  it('sorts decimals by their exact value', async () => {
    assert.deepEqual([...await sortRows(batches, rows, [{ column: 2, descending: true }])], [0, 1, 3, 5, 4, 2]);
  });

  it('sorts by several keys and keeps ties in their loaded order', async () => {
    assert.deepEqual([...await sortRows(batches, rows, [{ column: 1, descending: false }, { column: 0, descending: true }])], [2, 3, 4, 1, 0, 5]);
    assert.deepEqual([...await sortRows(batches, rows, [{ column: 0, descending: false }])].slice(2, 4), [0, 5]);
  });

  it('filters rows whose grid text contains the needle, ignoring case', async () => {
    assert.deepEqual([...await filterRows(batches, 'C', { timeZone: 'UTC' })], [3, 5]);
    assert.deepEqual([...await filterRows(batches, '9007199254740993', { timeZone: 'UTC' })], [2]);
    const types = allTypesTable();
    assert.deepEqual([...await filterRows(types.batches, '2023-12-31 19:00', { timeZone: ALL_TYPES_ZONE })], [0]);
    assert.deepEqual([...await filterRows(types.batches, 'null', { timeZone: ALL_TYPES_ZONE })], [0, 1, 3], 'the string "NULL" and JSON nulls match, SQL NULL does not');
  });

  it('builds no order for an empty view, and filter then sort otherwise', async () => {
    const store = storeOf(table);
    assert.equal(await buildLocalOrder(store, { sort: [], filter: '' }, { timeZone: 'UTC' }), null);
    const order = await buildLocalOrder(store, { sort: [{ column: 0, descending: true }], filter: 'a' }, { timeZone: 'UTC' });
    assert.deepEqual([...order!], [4, 1]);
  });
});
