// The Profile panel's host side against the real server: a result grid's source profiles its own columns (any
// Spark type) with one aggregate query, honours the grid's filter, labels date and timestamp buckets, and reports
// failures with Spark's error class and cancellation as such.
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../src/client/errors';
import type { DataFrame } from '../../src/client/dataframe';
import { dataFrameProfiler } from '../../src/views/columnProfiles';
import { GridProfiler } from '../../src/grid/gridProfiler';
import type { GridSource } from '../../src/grid/gridSource';
import type { HostMessage, ProfileOutcome } from '../../src/grid/shared/protocol';
import { columnInfos } from '../../src/grid/sparkTypes';
import { dataFrameSource } from '../../src/views/resultSources';
import { ALL_TYPES } from './fixtures';
import { session } from './hooks';

const QUERY = `SELECT id, IF(id % 4 = 0, NULL, CAST(id % 3 AS STRING)) AS s, date_add(DATE'2026-11-01', CAST(id % 7 AS INT)) AS day,
  timestamp_seconds(1700000000 + id * 3600) AS ts, map('k', id) AS m, '<b>bold</b>' AS html FROM range(100)`;

async function drain(source: GridSource): Promise<void> {
  for await (const batch of source.batches) void batch;
}

async function gridColumns(df: DataFrame) {
  return columnInfos((await df.limit(1).collect()).schema); // the Arrow schema the grid gets with the first batch
}

/** A GridProfiler over a source, with the messages it posts. */
function profilerOf(source: GridSource, columns: ReturnType<typeof columnInfos>): { profiler: GridProfiler; outcomes: ProfileOutcome[] } {
  const outcomes: ProfileOutcome[] = [];
  const post = (m: HostMessage) => void (m.type === 'profile' && outcomes.push(m.outcome));
  return { profiler: new GridProfiler(source, { post, log: () => undefined, view: () => ({ columns, filter: '' }) }), outcomes };
}

describe('column profile of a result grid', () => {
  it("profiles the grid's own columns with one aggregate query: counts, NULL group, date and timestamp buckets, maps", async () => {
    const df = await session().sql(QUERY);
    const source = dataFrameSource(df, 'q', 'UTC');
    await drain(source);
    const columns = await gridColumns(df);
    assert.deepEqual(columns.map((c) => c.sparkType), ['bigint', 'string', 'date', 'timestamp', 'map<string,bigint>', 'string']);
    const p = await source.profile!({ columns, signal: new AbortController().signal });
    assert.equal(p.scope, 'all rows of this result');
    assert.equal(p.filtered, false);
    const [id, s, day, ts, m, html] = p.columns;
    assert.deepEqual(p.columns.map((c) => c.rows), [100, 100, 100, 100, 100, 100]);
    assert.equal(id.histogram.length, 10);
    assert.equal(id.histogram.reduce((a, b) => a + b.count, 0), 100);
    assert.equal(s.nulls, 25);
    assert.deepEqual(s.top.find((t) => t.value === null), { value: null, count: 25 });
    assert.deepEqual(day.histogram.map((b) => b.label).sort(), ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
    assert.equal(day.histogram.reduce((a, b) => a + b.count, 0), 100);
    assert.equal(ts.histogram.length, 10);
    assert.ok(ts.histogram.every((b) => /^2023-11-(1[4-9]) \d\d:\d\d:\d\d$/.test(b.label)), JSON.stringify(ts.histogram));
    assert.equal(ts.min, '2023-11-14 22:13:20');
    assert.equal(m.distinct, undefined, 'Spark cannot count distinct maps: no figure rather than a failed query');
    assert.equal(m.nulls, 0);
    assert.deepEqual(html.top, [{ value: '<b>bold</b>', count: 100 }]);
  });

  it("honours the grid's filter, and a table preview profiles the whole table", async () => {
    const df = await session().sql(QUERY);
    const columns = await gridColumns(df);
    const filtered = await dataFrameProfiler(df, 'all rows of this result', 'UTC')({ columns, where: '`id` < 10', signal: new AbortController().signal });
    assert.equal(filtered.filtered, true);
    assert.equal(filtered.columns[0].rows, 10);
    assert.equal(filtered.columns[0].max, '9');
    const table = session().table(ALL_TYPES);
    const preview = dataFrameSource(table.limit(1), ALL_TYPES, 'UTC', { df: table, scope: `all rows of ${ALL_TYPES}` });
    await drain(preview);
    const all = await preview.profile!({ columns: await gridColumns(table), signal: new AbortController().signal });
    assert.equal(all.scope, `all rows of ${ALL_TYPES}`);
    assert.ok(all.columns.every((c) => c.rows > 1), 'the whole table, not the one previewed row');
    assert.ok(all.columns.length >= 16, 'every Spark type of the table profiles in the one query');
  });

  it("reports a failing profile query with Spark's error class, and a cancelled one as cancelled", async () => {
    const bad = await session().sql("SELECT CAST(concat('x', id) AS INT) AS v FROM range(3)");
    const columns = [{ name: 'v', sparkType: 'int', kind: 'number' as const }];
    const failing = { title: 'bad', timeZone: 'UTC', batches: (async function* () {})(), cancel: () => undefined, profile: dataFrameProfiler(bad, 'x', 'UTC') };
    const f = profilerOf(failing, columns);
    await f.profiler.run(1, false);
    assert.equal(f.outcomes.length, 1);
    const outcome = f.outcomes[0];
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' && outcome.errorClass, 'CAST_INVALID_INPUT');
    await assert.rejects(failing.profile({ columns, signal: new AbortController().signal }), (e) => e instanceof SparkConnectError);

    // Big enough to be running when cancelled, bounded in case a cancel ever came too early to stop it.
    const slow = await session().sql('SELECT id FROM range(0, 100000000, 1, 2)');
    const big = { ...failing, profile: dataFrameProfiler(slow, 'x', 'UTC') };
    const c = profilerOf(big, [{ name: 'id', sparkType: 'bigint', kind: 'number' as const }]);
    const run = c.profiler.run(2, false);
    // Let the job start: Spark does not stop a job an Interrupt overtook while the plan was still being analysed.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    c.profiler.cancel();
    await run;
    assert.deepEqual(c.outcomes, [{ kind: 'cancelled' }], 'one answer: cancelled, no late result or error');
    assert.equal((await (await session().sql('SELECT 1 AS one')).collect()).getChild('one')?.get(0), 1, 'the session serves the next query');
  });
});
