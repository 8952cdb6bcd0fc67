// A 30-second outage between client and server (a failover, a restarting proxy): with pyspark's retry policy (about
// ten minutes before giving up) a running read and a running write both come through, and the write is applied once.
// With the earlier policy (5 retries, about 9 s) both ended in an error, the write as "outcome unknown".
import assert from 'node:assert/strict';
import { DeltaTable } from '../../src/client/delta';
import type { ExecutionStats } from '../../src/client/execution';
import { parseConnectionString } from '../../src/client/connectionString';
import { SparkConnectSession } from '../../src/client/session';
import { FaultProxy } from './support/faultProxy';
import { RecordingTransport } from './support/recordingTransport';
import { connectShared, sharedServer, urlWithToken } from './support/shared';

const OUTAGE_MS = 30_000;
const TABLE = 'rel_outage';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (): ExecutionStats => ({ operationId: '', reattaches: 0, responses: 0 });

describe('a 30 s outage while a read and a write run', () => {
  let proxy: FaultProxy;
  let direct: SparkConnectSession;
  let transport: RecordingTransport;
  let viaProxy: SparkConnectSession;

  before(async () => {
    const server = await sharedServer();
    direct = await connectShared();
    await direct.sql(`DROP TABLE IF EXISTS ${TABLE}`);
    await direct.sql(`CREATE TABLE ${TABLE} USING delta AS SELECT id, 0L AS v FROM range(0, 10000, 1, 2)`);
    proxy = await FaultProxy.start(server.port);
    transport = new RecordingTransport(urlWithToken(proxy.port));
    viaProxy = new SparkConnectSession(parseConnectionString(urlWithToken(proxy.port)), { transport }); // the default policy
    await viaProxy.sparkVersion();
  });

  after(async () => {
    await viaProxy?.close();
    await proxy?.close();
    await direct?.sql(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await direct?.close();
  });

  it('both come through once the network is back; the write is in the history once', async () => {
    const updatesBefore = (await DeltaTable.forName(direct, TABLE).historyEntries()).filter((e) => e.operation === 'UPDATE').length;
    const readStats = stats();
    const writeStats = stats();
    // A read that works for a few seconds on the server (one task sleeping 100 ms per row) and then answers one row.
    // The sleeping column is aggregated, so the optimizer cannot prune it away.
    const query = await viaProxy.sql("SELECT count(*) AS n, max(s) AS s FROM (SELECT id, reflect('java.lang.Thread', 'sleep', 100L) AS s FROM range(0, 60, 1, 1))");
    const reading = query.collect({ stats: readStats });
    const writing = DeltaTable.forName(viaProxy, TABLE).update({ v: 'v + 1' }, 'id % 2 = 0', { stats: writeStats });
    for (let i = 0; i < 500 && transport.executePlans.length < 3; i++) await sleep(20); // the query and the UPDATE went out
    assert.ok(readStats.operationId && writeStats.operationId, 'both operations started');
    await sleep(500);
    proxy.refuseNew = true;
    proxy.cutAll();
    const outageStart = Date.now();
    await sleep(OUTAGE_MS);
    proxy.refuseNew = false;
    const [read, written] = await Promise.all([reading, writing]);
    assert.ok(Date.now() - outageStart >= OUTAGE_MS);
    assert.equal(Number(read.getChild('n')!.get(0)), 60, 'the read arrived complete');
    assert.equal(written.numAffectedRows, 5000n, 'the write reported its rows');
    assert.ok(readStats.reattaches > 0 && writeStats.reattaches > 0, `both reattached (${readStats.reattaches}, ${writeStats.reattaches})`);
    assert.equal(transport.executePlans.filter((id) => id === writeStats.operationId).length, 1, 'the UPDATE was sent once');
    const history = await DeltaTable.forName(direct, TABLE).historyEntries();
    assert.equal(history.filter((e) => e.operation === 'UPDATE').length, updatesBefore + 1, 'one new UPDATE in the history');
    const sum = await (await direct.sql(`SELECT sum(v) AS s FROM ${TABLE}`)).collect();
    assert.equal(BigInt(sum.getChild('s')!.get(0)), 5000n, 'each matching row incremented once');
  });
});
