// Faults between the client and a real server: result streams cut at random points, mutations whose stream breaks,
// and a server that accepts connections but never answers. The faults come from TCP endpoints of ours (support/).
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { DeltaTable } from '../../src/client/delta';
import { retryPolicyWith, SparkConnectError } from '../../src/client/errors';
import type { ExecutionStats } from '../../src/client/execution';
import { alias, col, fn, lit } from '../../src/client/expressions';
import { parseConnectionString } from '../../src/client/connectionString';
import { SparkConnectSession } from '../../src/client/session';
import { eventually, serverHolds } from './support/checks';
import { FaultProxy, SilentServer, seededRandom } from './support/faultProxy';
import { RecordingTransport } from './support/recordingTransport';
import { connectShared, sharedServer, urlWithToken } from './support/shared';

const SEED = Number(process.env.DCE_FAULT_SEED ?? 20261127);
const stats = (): ExecutionStats => ({ operationId: '', reattaches: 0, responses: 0 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`a 1M-row result through a proxy that cuts the connection 10 times (seed ${SEED})`, () => {
  let proxy: FaultProxy;
  let session: SparkConnectSession;

  before(async () => {
    proxy = await FaultProxy.start((await sharedServer()).port);
    session = await connectShared(proxy.port);
  });

  after(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('arrives complete: every id exactly once, count and checksums equal the server-side truth; the server releases the operation', async () => {
    const N = 1_000_000;
    const df = session.range(0, N, 1, 4).select('id', alias(fn('*', col('id'), lit(3)), 'x'), alias(fn('hash', col('id')), 'h'));
    const truthTable = await df.select(
      alias(fn('count', lit(1)), 'n'), alias(fn('sum', col('x')), 'sum_x'), alias(fn('sum', col('h')), 'sum_h'), alias(fn('bit_xor', col('h')), 'xor_h'),
    ).collect();
    const truth = { n: BigInt(truthTable.getChild('n')!.get(0)), sumX: BigInt(truthTable.getChild('sum_x')!.get(0)),
      sumH: BigInt(truthTable.getChild('sum_h')!.get(0)), xorH: Number(truthTable.getChild('xor_h')!.get(0)) };
    assert.equal(truth.n, BigInt(N));

    // The result takes ~20 MB on the wire: ten cuts at seeded random points of its first 16 MB, each a FIN or an RST.
    const random = seededRandom(SEED);
    const start = proxy.downBytes;
    proxy.cutAtDownstreamOffsets(Array.from({ length: 10 }, () => start + 65_536 + Math.floor(random() * 16_000_000)), random);
    const st = stats();
    const seen = new Uint8Array(N);
    let rows = 0;
    let duplicates = 0;
    let outside = 0;
    let sumX = 0n;
    let sumH = 0n;
    let xorH = 0;
    for await (const batch of df.stream({ stats: st })) {
      const ids = batch.getChild('id')!.toArray() as BigInt64Array;
      const xs = batch.getChild('x')!.toArray() as BigInt64Array;
      const hs = batch.getChild('h')!.toArray() as Int32Array;
      for (let i = 0; i < batch.numRows; i++) {
        const id = Number(ids[i]);
        if (id < 0 || id >= N) outside++;
        else if (seen[id]++) duplicates++;
        sumX += xs[i];
        sumH += BigInt(hs[i]);
        xorH ^= hs[i];
      }
      rows += batch.numRows;
    }
    assert.equal(proxy.cuts, 10, 'all ten cuts happened while the result streamed');
    assert.equal(proxy.pendingCuts, 0);
    assert.equal(duplicates, 0, 'no row twice');
    assert.equal(outside, 0, 'no id outside 0..N-1');
    assert.equal(seen.indexOf(0), -1, 'no id missing');
    assert.equal(BigInt(rows), truth.n, 'row count');
    assert.equal(sumX, truth.sumX, 'sum(x)');
    assert.equal(sumH, truth.sumH, 'sum(hash)');
    assert.equal(xorH, truth.xorH, 'xor(hash)');
    assert.ok(st.reattaches > 0, `the client reattached (${st.reattaches} times)`);
    assert.deepEqual(await session.interruptAll(), [], 'nothing of the session still runs on the server');
    assert.equal(await serverHolds(session, st.operationId), 'released', 'the server released the operation');
  });
});

describe('a mutation whose stream breaks is applied exactly once', () => {
  const TABLE = 'rel_mutations';
  const ROWS = 100_000;
  let proxy: FaultProxy;
  let direct: SparkConnectSession;
  let transport: RecordingTransport;
  let viaProxy: SparkConnectSession;

  before(async () => {
    const server = await sharedServer();
    direct = await connectShared();
    await direct.sql(`DROP TABLE IF EXISTS ${TABLE}`);
    await direct.sql(`CREATE TABLE ${TABLE} USING delta AS SELECT id, id % 10 AS k, 0L AS v FROM range(0, ${ROWS}, 1, 2)`);
    proxy = await FaultProxy.start(server.port);
    transport = new RecordingTransport(urlWithToken(proxy.port));
    // A client set to give up after about 9 s (deltaExplorer.retryPolicy), so losing the server for good ends soon;
    // outage.test.ts shows the default policy riding out an outage.
    const retryPolicy = retryPolicyWith({ maxRetries: 5, maxBackoffMs: 5_000 });
    viaProxy = new SparkConnectSession(parseConnectionString(urlWithToken(proxy.port)), { transport, retryPolicy });
    await viaProxy.sparkVersion();
  });

  after(async () => {
    await viaProxy?.close();
    await proxy?.close();
    await direct?.sql(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await direct?.close();
  });

  const table = () => DeltaTable.forName(direct, TABLE);
  const target = () => DeltaTable.forName(viaProxy, TABLE);
  async function history(): Promise<string[]> {
    return (await table().historyEntries()).map((e) => e.operation);
  }
  const count = (op: string, ops: string[]) => ops.filter((o) => o === op).length;

  /** Resolves once the proxy forwarded the next request bytes to the server, plus `afterMs`. */
  async function requestForwarded(afterMs: number): Promise<void> {
    const before = proxy.upBytes;
    while (proxy.upBytes === before) await sleep(2);
    await sleep(afterMs);
  }

  it('DELETE cut after the request reached the server, before any response: reattached, deleted once', async () => {
    const before = await history();
    const st = stats();
    const deleting = target().delete('k = 3', { stats: st });
    await requestForwarded(300);
    proxy.cutAll();
    const metrics = await deleting;
    assert.equal(metrics.numAffectedRows, BigInt(ROWS / 10));
    assert.ok(st.reattaches > 0, 'the client reattached');
    assert.equal(transport.executePlans.filter((id) => id === st.operationId).length, 1, 'the ExecutePlan was sent once');
    const after = await history();
    assert.equal(count('DELETE', after), count('DELETE', before) + 1, `one new DELETE in the history: ${after.join(', ')}`);
    assert.equal(await direct.table(TABLE).count(), BigInt(ROWS - ROWS / 10), 'the rows went once');
  });

  it('UPDATE cut at its first response bytes and again while it runs: reattached, updated once', async () => {
    const before = await history();
    const st = stats();
    const updating = target().update({ v: 'v + 1' }, 'k = 4', { stats: st });
    await requestForwarded(0);
    proxy.cutAtDownstreamOffsets([proxy.downBytes + 1]);
    // A second cut once the reattached stream delivered something (progress reports come every 2 s while it runs).
    const cutsBefore = proxy.cuts;
    const secondCut = (async () => {
      while (proxy.cuts === cutsBefore || st.responses === 0) await sleep(5);
      proxy.cutAll();
    })();
    const metrics = await updating;
    await secondCut;
    assert.equal(metrics.numAffectedRows, BigInt(ROWS / 10));
    assert.equal(proxy.pendingCuts, 0, 'the first cut happened');
    assert.ok(st.reattaches >= 1, `the client reattached (${st.reattaches} times)`);
    assert.equal(transport.executePlans.filter((id) => id === st.operationId).length, 1, 'the ExecutePlan was sent once');
    const after = await history();
    assert.equal(count('UPDATE', after), count('UPDATE', before) + 1, `one new UPDATE in the history: ${after.join(', ')}`);
    const sum = await direct.table(TABLE).select(alias(fn('sum', col('v')), 's')).collect();
    assert.equal(BigInt(sum.getChild('s')!.get(0)), BigInt(ROWS / 10), 'each matching row incremented once');
  });

  it('MERGE whose request was cut half-way: sent again with the same operation id, merged once', async () => {
    const before = await history();
    const st = stats();
    await sleep(200);
    proxy.cutAtUpstreamOffset(proxy.upBytes + 24);
    const source = viaProxy.range(ROWS, ROWS + 500).select('id', alias(lit(7), 'k'), alias(lit(1), 'v'));
    const metrics = await target().alias('t').merge(source.alias('s'), 't.id = s.id').whenNotMatchedInsertAll().execute({ stats: st });
    assert.equal(metrics.numInsertedRows, 500n);
    const sends = transport.executePlans.filter((id) => id === st.operationId).length;
    // At least once more: on a loaded machine a resend can itself meet the connection still coming back (UNAVAILABLE)
    // and be retried again; every send carries the same operation id, and the history below proves one MERGE.
    assert.ok(sends >= 2, `the ExecutePlan the server never got was sent again, with the same operation id (${sends} sends)`);
    const after = await history();
    assert.equal(count('MERGE', after), count('MERGE', before) + 1, `one new MERGE in the history: ${after.join(', ')}`);
    assert.equal(await direct.table(TABLE).filter('k = 7').count(), BigInt(ROWS / 10 + 500), 'the new rows went in once');
  });

  it('RESTORE that loses the server for good reports an unknown outcome honestly: operation id, table history', async () => {
    const versionBefore = (await table().historyEntries(1))[0].version;
    const rowsAtV0 = await table().versionAsOf(0).count();
    const restoresBefore = count('RESTORE', await history());
    const st = stats();
    const restoring = target().restoreToVersion(0, { stats: st }).then(() => undefined, (e: unknown) => e);
    await requestForwarded(300);
    proxy.refuseNew = true;
    proxy.cutAll();
    const started = Date.now();
    const err = await restoring;
    assert.ok(Date.now() - started < 60_000, 'the client gave up within its retry budget');
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.outcomeUnknown, true, err.message);
    assert.equal(err.operationId, st.operationId);
    assert.match(err.message, new RegExp(`outcome of RESTORE on \`${TABLE}\` is unknown \\(operation ${st.operationId}\\)`));
    assert.match(err.message, new RegExp(`DESCRIBE HISTORY \`${TABLE}\``));
    assert.equal(err.grpcCode, grpc.status.UNAVAILABLE);
    // The server got the request and finishes it on its own; the client never sent it twice.
    await eventually('the RESTORE shows in the history', async () => count('RESTORE', await history()) > restoresBefore);
    proxy.refuseNew = false;
    await sleep(500);
    const after = await table().historyEntries();
    assert.equal(count('RESTORE', after.map((e) => e.operation)), restoresBefore + 1, 'one RESTORE');
    assert.equal(after[0].version, versionBefore + 1n, 'one new version');
    assert.equal(await direct.table(TABLE).count(), rowsAtV0, 'the table is at version 0 again');
    assert.equal(transport.executePlans.filter((id) => id === st.operationId).length, 1, 'the ExecutePlan was sent once');
    assert.equal(await viaProxy.range(0, 3).count(), 3n, 'the session works again once the network is back');
  });
});

describe('a server that accepts connections and never answers', () => {
  let silent: SilentServer;
  before(async () => {
    silent = await SilentServer.start();
  });
  after(async () => {
    await silent?.close();
  });

  async function within<T>(ms: number, what: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still pending after ${ms / 1000} s: it hangs`)), ms);
    });
    try {
      return await Promise.race([what, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('connect() fails with a clear timeout message', async () => {
    const err = await within(30_000, SparkConnectSession.connect(`sc://127.0.0.1:${silent.port}`, { connectTimeoutMs: 3_000 }).catch((e) => e));
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.grpcCode, grpc.status.DEADLINE_EXCEEDED);
    assert.match(err.message, new RegExp(`Could not connect to sc://127\\.0\\.0\\.1:${silent.port}: timed out, no answer within 3 s`));
    assert.ok(silent.accepted > 0, 'a TCP connection was made');
  });

  it('a unary call times out with a clear message', async () => {
    const session = new SparkConnectSession(parseConnectionString(`sc://127.0.0.1:${silent.port}`), { callTimeoutMs: 3_000 });
    try {
      const err = await within(30_000, session.sparkVersion().catch((e) => e));
      assert.ok(err instanceof SparkConnectError, String(err));
      assert.equal(err.grpcCode, grpc.status.DEADLINE_EXCEEDED);
      assert.match(err.message, /timed out: the server did not answer in time/);
    } finally {
      await session.close();
    }
  });

  it('a result stream fails when no connection is made within connectTimeoutMs, instead of hanging', async () => {
    const session = new SparkConnectSession(parseConnectionString(`sc://127.0.0.1:${silent.port}`), { connectTimeoutMs: 4_000 });
    try {
      const err = await within(30_000, session.range(0, 10).collect().catch((e) => e));
      assert.ok(err instanceof SparkConnectError, String(err));
      assert.equal(err.grpcCode, grpc.status.DEADLINE_EXCEEDED);
      assert.match(err.message, new RegExp(`No answer from 127\\.0\\.0\\.1:${silent.port} within 4 s`));
    } finally {
      await session.close();
    }
  });

  it('Cancel ends a stream that is still connecting at once (ArrowResult.cancel and AbortSignal)', async () => {
    const session = new SparkConnectSession(parseConnectionString(`sc://127.0.0.1:${silent.port}`));
    try {
      const result = session.range(0, 10).stream();
      const pending = result.toTable().catch((e) => e);
      await sleep(500);
      result.cancel();
      const err = await within(5_000, pending);
      assert.ok(err instanceof SparkConnectError && err.grpcCode === grpc.status.CANCELLED, String(err));

      const controller = new AbortController();
      const viaSignal = session.range(0, 10).collect({ signal: controller.signal }).catch((e) => e);
      await sleep(500);
      controller.abort();
      const err2 = await within(5_000, viaSignal);
      assert.ok(err2 instanceof SparkConnectError && err2.grpcCode === grpc.status.CANCELLED, String(err2));
    } finally {
      await session.close();
    }
  });

  it('Cancel ends a query that is waiting to reattach to a server gone quiet', async () => {
    const proxy = await FaultProxy.start((await sharedServer()).port);
    const session = await connectShared(proxy.port);
    try {
      const result = session.range(0, 5_000_000).select('id', alias(fn('*', col('id'), lit(3)), 'x')).stream();
      const pending = result.drain().catch((e) => e);
      proxy.cutAtDownstreamOffsets([proxy.downBytes + 2_000_000]);
      await eventually('the cut happened', async () => proxy.cuts > 0, 60_000);
      proxy.refuseNew = true;
      proxy.cutAll();
      await sleep(300);
      result.cancel();
      const err = await within(5_000, pending);
      assert.ok(err instanceof SparkConnectError && err.grpcCode === grpc.status.CANCELLED, String(err));
    } finally {
      proxy.refuseNew = false;
      await session.close();
      await proxy.close();
    }
  });
});
