import * as assert from 'node:assert/strict';
import { bucketLabel, toProfileColumns } from '../../src/views/columnProfiles';
import { GridProfiler } from '../../src/grid/gridProfiler';
import type { GridSource, ProfileRequest, SourceProfile } from '../../src/grid/gridSource';
import { parseWebviewMessage, type HostMessage, type ProfileOutcome } from '../../src/grid/shared/protocol';
import { tripsProfileColumns, tripsProfiles } from '../grid/profileFixtures';

const COLUMNS = [{ name: 'a', sparkType: 'bigint', kind: 'number' as const }];

/** A profiler over a source whose profile calls the test answers one by one. */
function setup(filter = { text: '', where: undefined as string | undefined }) {
  const calls: Array<{ request: ProfileRequest; resolve: (p: SourceProfile) => void; reject: (e: unknown) => void }> = [];
  const source: GridSource = {
    title: 't', timeZone: 'UTC', batches: (async function* () {})(), cancel: () => undefined,
    profile: (request) => new Promise((resolve, reject) => calls.push({ request, resolve, reject })),
  };
  const posted: Array<{ requestId: number; outcome: ProfileOutcome }> = [];
  const post = (m: HostMessage) => void (m.type === 'profile' && posted.push({ requestId: m.requestId, outcome: m.outcome }));
  const profiler = new GridProfiler(source, { post, log: () => undefined, view: () => ({ columns: COLUMNS, filter: filter.text, where: filter.where }) });
  return { profiler, calls, posted, filter };
}

const answer: SourceProfile = { columns: [], scope: 'all rows of this result', filtered: false };
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('grid profile (host side)', () => {
  it('accepts profile messages from the webview and nothing malformed', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'profile', requestId: 4, refresh: true }), { type: 'profile', requestId: 4, refresh: true });
    assert.deepEqual(parseWebviewMessage({ type: 'cancelProfile', x: 1 }), { type: 'cancelProfile' });
    assert.equal(parseWebviewMessage({ type: 'profile', requestId: 4 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'profile', requestId: -1, refresh: false }), undefined);
  });

  it("asks the source with the grid's columns and filter, and answers from the last result until Refresh or a new filter", async () => {
    const t = setup({ text: 'x', where: 'w' });
    const first = t.profiler.run(1, false);
    await tick();
    assert.deepEqual(t.calls[0].request.columns, COLUMNS);
    assert.equal(t.calls[0].request.where, 'w');
    t.calls[0].resolve({ ...answer, filtered: true });
    await first;
    assert.deepEqual(t.posted, [{ requestId: 1, outcome: { kind: 'done', columns: [], scope: answer.scope, filter: 'x' } }]);
    await t.profiler.run(2, false);
    assert.equal(t.calls.length, 1, 'same filter: the last answer');
    assert.equal(t.posted[1].requestId, 2);
    const refreshed = t.profiler.run(3, true);
    await tick();
    assert.equal(t.calls.length, 2, 'refresh queries again');
    t.calls[1].resolve(answer);
    await refreshed;
    assert.equal(t.posted[2].outcome.kind === 'done' && t.posted[2].outcome.filter, '', 'a source that did not filter says so');
    t.filter.text = 'y';
    void t.profiler.run(4, false);
    await tick();
    assert.equal(t.calls.length, 3, 'a new filter queries again');
  });

  it("turns a failure into a message with Spark's error class; cancel aborts the query and answers once", async () => {
    const t = setup();
    const failing = t.profiler.run(1, false);
    await tick();
    t.calls[0].reject(Object.assign(new Error('[DIVIDE_BY_ZERO] Division by zero.'), { errorClass: 'DIVIDE_BY_ZERO' }));
    await failing;
    assert.deepEqual(t.posted[0].outcome, { kind: 'failed', message: '[DIVIDE_BY_ZERO] Division by zero.', errorClass: 'DIVIDE_BY_ZERO' });
    const running = t.profiler.run(2, false);
    await tick();
    t.profiler.cancel();
    assert.equal(t.calls[1].request.signal.aborted, true);
    t.calls[1].reject(new Error('cancelled'));
    await running;
    assert.deepEqual(t.posted.slice(1), [{ requestId: 2, outcome: { kind: 'cancelled' } }]);
    const replaced = t.profiler.run(3, true);
    await tick();
    void t.profiler.run(4, true);
    await tick();
    assert.equal(t.calls[2].request.signal.aborted, true, 'a newer request replaces a running one');
    t.calls[2].resolve(answer);
    await replaced;
    assert.deepEqual(t.posted.slice(2), [{ requestId: 3, outcome: { kind: 'cancelled' } }], 'no late answer for the replaced request');
  });

  it('labels bucket centres as numbers, dates and times in the session time zone', () => {
    assert.equal(bucketLabel(4.75, 'number', 'UTC'), '4.75');
    assert.equal(bucketLabel(1234567.891, 'number', 'UTC'), '1,235,000');
    assert.equal(bucketLabel(0.00001234, 'number', 'UTC'), '0.0000123');
    assert.equal(bucketLabel(20758, 'days', 'UTC'), '2026-11-01');
    assert.equal(bucketLabel(1700000000.4, 'seconds', 'America/New_York'), '2023-11-14 17:13:20');
    const [id, day, city, , tags] = tripsProfileColumns();
    assert.equal(id.histogram[0].label, '99.5');
    assert.equal(day.histogram[0].label, '2026-11-01');
    assert.deepEqual(city.top.at(-1), { value: null, count: 100 });
    assert.equal(tags.distinct, undefined);
    assert.equal(toProfileColumns(tripsProfiles(), 'UTC').length, 5);
  });
});
