import * as assert from 'node:assert/strict';
import { Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { chooseViewPlan, explainedView, requeryOptions, ViewState } from '../../src/grid/viewPlan';
import { containsPredicate, quoteIdentifier } from '../../src/grid/gridSource';

const fresh: ViewState = { spec: { sort: [], filter: '' }, place: 'none', storeFilter: '' };
const sorted = { sort: [{ column: 0, descending: true }], filter: '' };
const inMemory = { wholeInMemory: true, done: true };
const streaming = { wholeInMemory: false, done: false };
const spilled = { wholeInMemory: false, done: true };

describe('grid view plan', () => {
  it('sorts and filters locally when the whole result is in memory', () => {
    assert.deepEqual(chooseViewPlan(fresh, sorted, inMemory, true), { kind: 'local', localSpec: sorted });
    assert.deepEqual(chooseViewPlan(fresh, { sort: [], filter: 'x' }, inMemory, false), { kind: 'local', localSpec: { sort: [], filter: 'x' } });
  });

  it('re-queries the server while streaming or after spilling, when the source can', () => {
    assert.deepEqual(chooseViewPlan(fresh, sorted, streaming, true), { kind: 'server' });
    assert.deepEqual(chooseViewPlan(fresh, sorted, spilled, true), { kind: 'server' });
  });

  it('refuses with a reason when neither works', () => {
    const wait = chooseViewPlan(fresh, sorted, streaming, false);
    assert.equal(wait.kind, 'refuse');
    assert.match(wait.kind === 'refuse' ? wait.reason : '', /wait until it has loaded/);
    assert.match(chooseViewPlan(fresh, sorted, spilled, false).kind, /refuse/);
  });

  it('sorts a server-filtered result locally, but widens a filter only on the server', () => {
    const filtered: ViewState = { spec: { sort: [], filter: 'x' }, place: 'server', storeFilter: 'x' };
    assert.deepEqual(chooseViewPlan(filtered, { sort: sorted.sort, filter: 'x' }, inMemory, true), { kind: 'local', localSpec: { sort: sorted.sort, filter: '' } });
    assert.deepEqual(chooseViewPlan(filtered, { sort: [], filter: '' }, inMemory, true), { kind: 'server' });
    assert.deepEqual(chooseViewPlan(filtered, { sort: [], filter: 'xy' }, inMemory, true), { kind: 'server' });
  });

  it('builds ORDER BY columns and a Spark SQL contains predicate with quoting', () => {
    const schema = new Schema([new Field('a`b', new Int32()), new Field('name', new Utf8())]);
    assert.deepEqual(requeryOptions({ sort: [{ column: 1, descending: true }], filter: '' }, schema), { orderBy: [{ name: 'name', descending: true }], where: undefined });
    assert.equal(requeryOptions({ sort: [], filter: "It's \\ X" }, schema).where,
      "(instr(lower(CAST(`a``b` AS STRING)), 'it\\'s \\\\ x') > 0 OR instr(lower(CAST(`name` AS STRING)), 'it\\'s \\\\ x') > 0)");
    assert.equal(quoteIdentifier('x'), '`x`');
    assert.equal(containsPredicate([], 'x'), 'false');
  });

  describe('what Explain plans of a view', () => {
    const names = ['fare', 'city'];
    it('plans the grid\'s own query when nothing is sorted or filtered', () => {
      assert.deepEqual(explainedView(fresh, names), { serverSpec: undefined });
    });

    it('plans the re-query when the server sorted and filtered', () => {
      const spec = { sort: [{ column: 1, descending: false }], filter: 'ber' };
      assert.deepEqual(explainedView({ spec, place: 'server', storeFilter: 'ber' }, names), { serverSpec: spec });
    });

    it('describes a sort done in memory, which no plan shows', () => {
      assert.deepEqual(explainedView({ spec: sorted, place: 'local', storeFilter: '' }, names), { serverSpec: undefined, inMemory: 'sorted by fare descending' });
    });

    it('plans the server filter and describes the in-memory sort and a narrower filter on top', () => {
      const spec = { sort: [{ column: 1, descending: false }, { column: 0, descending: true }], filter: 'ber' };
      assert.deepEqual(explainedView({ spec, place: 'local', storeFilter: 'ber' }, names), {
        serverSpec: { sort: [], filter: 'ber' }, inMemory: 'sorted by city, fare descending',
      });
      assert.deepEqual(explainedView({ spec: { sort: [], filter: 'x' }, place: 'local', storeFilter: '' }, names), {
        serverSpec: undefined, inMemory: 'filtered to rows containing "x"',
      });
    });
  });
});
