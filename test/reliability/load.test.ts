// Load on one session against the real server: 20 concurrent queries, 200 sequential previews; afterwards the test
// process's memory is back near its baseline and the server holds no operation of the session.
import assert from 'node:assert/strict';
import { alias, col, fn, lit } from '../../src/client/expressions';
import type { SparkConnectSession } from '../../src/client/session';
import { serverHolds } from './support/checks';
import { connectShared } from './support/shared';

const TABLE = 'rel_previews';
const VIEW = 'rel_previews_view';
const MB = 1024 * 1024;

function memory(): { heap: number; buffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, 'run mocha with --expose-gc (node-option in test/reliability/.mocharc.json)');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

describe('load on one session', () => {
  let session: SparkConnectSession;
  const operations: string[] = [];
  const track = { onOperationId: (id: string) => operations.push(id) };
  let baseline: { heap: number; buffers: number };

  before(async () => {
    session = await connectShared();
    await session.sql(`DROP TABLE IF EXISTS ${TABLE}`);
    await session.sql(`CREATE TABLE ${TABLE} USING delta AS
      SELECT id, CONCAT('name-', CAST(id AS STRING)) AS name, id * 0.25 AS amount, DATE'2024-01-01' + CAST(id % 365 AS INT) AS day
      FROM range(0, 10000, 1, 2)`);
    await session.sql(`CREATE OR REPLACE TEMP VIEW ${VIEW} AS
      SELECT id, CONCAT('name-', CAST(id AS STRING)) AS name, id * 0.25 AS amount, DATE'2024-01-01' + CAST(id % 365 AS INT) AS day
      FROM range(0, 10000, 1, 2)`);
    // Warm up code paths before measuring, so that the baseline holds the compiled code too.
    for (let i = 0; i < 5; i++) await session.table(TABLE).limit(100).collect();
    await Promise.all([0, 1].map(() => session.range(0, 10_000).collect()));
    baseline = memory();
  });

  after(async () => {
    await session?.sql(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await session?.close();
  });

  it('runs 20 concurrent queries to completion, each with its own right result', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const n = 20_000 + 5_000 * i;
      const table = await session.range(0, n).select('id', alias(fn('*', col('id'), lit(i + 1)), 'x')).collect(track);
      let sum = 0n;
      for (const batch of table.batches) for (const x of batch.getChild('x')!.toArray() as BigInt64Array) sum += x;
      return { i, n, rows: table.numRows, sum };
    }));
    for (const r of results) {
      assert.equal(r.rows, r.n, `query ${r.i}: rows`);
      assert.equal(r.sum, BigInt(r.i + 1) * BigInt(r.n) * BigInt(r.n - 1) / 2n, `query ${r.i}: sum`);
    }
  });

  // A Delta table preview costs the server about a second on a busy 2-core box (snapshot, metastore); every 20th
  // preview reads the Delta table, the others a temporary view, so the suite stays within its time budget.
  it('serves 200 sequential previews of 100 rows', async () => {
    for (let i = 0; i < 200; i++) {
      const table = await session.table(i % 20 === 0 ? TABLE : VIEW).limit(100).collect(track);
      assert.equal(table.numRows, 100, `preview ${i}`);
      assert.equal(table.getChild('name')!.get(0)?.startsWith('name-'), true);
    }
  });

  it('returns the heap near its baseline and leaves no operation on the server', async () => {
    const now = memory();
    assert.ok(now.heap < baseline.heap + 64 * MB, `heap ${(now.heap / MB).toFixed(1)} MB, baseline ${(baseline.heap / MB).toFixed(1)} MB`);
    assert.ok(now.buffers < baseline.buffers + 64 * MB, `array buffers ${(now.buffers / MB).toFixed(1)} MB, baseline ${(baseline.buffers / MB).toFixed(1)} MB`);
    assert.equal(operations.length, 220);
    assert.deepEqual(await session.interruptAll(), [], 'nothing of the session runs on the server');
    const held: string[] = [];
    for (let i = 0; i < operations.length; i += 10) {
      const states = await Promise.all(operations.slice(i, i + 10).map(async (id) => [id, await serverHolds(session, id)] as const));
      for (const [id, state] of states) if (state !== 'released') held.push(id);
    }
    assert.deepEqual(held, [], 'the server released every operation');
  });
});
