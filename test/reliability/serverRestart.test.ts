// The real server killed with SIGKILL while a long query streams, then started again on the same port and data dir.
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { SparkConnectError } from '../../src/client/errors';
import type { ExecutionStats } from '../../src/client/execution';
import { SparkConnectSession } from '../../src/client/session';
import { eventually } from './support/checks';
import { connectShared, sharedServer, urlWithToken } from './support/shared';

describe('the server killed mid-query and started again', () => {
  it('fails the pending call clearly within 30 s; the old session reports itself lost; a new session works', async () => {
    const server = await sharedServer();
    const session = await connectShared();
    const lost: SparkConnectError[] = [];
    session.onSessionLost((err) => lost.push(err));
    const st: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    const query = await session.sql('SELECT count(*) FROM range(0, 200000000000, 1, 4) WHERE id % 7 = 3');
    const pending = query.collect({ stats: st }).then(() => undefined, (e: unknown) => e);
    await eventually('the query runs on the server (a progress report arrived)', async () => st.responses > 0, 60_000);

    server.kill9();
    const killedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const err = await Promise.race([pending, new Promise((resolve) => (timer = setTimeout(() => resolve('hang'), 30_000)))]);
    clearTimeout(timer);
    assert.notEqual(err, 'hang', 'the pending call did not end within 30 s');
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.grpcCode, grpc.status.UNAVAILABLE);
    assert.match(err.message, /The Spark Connect server is not reachable/);
    assert.ok(Date.now() - killedAt < 30_000);
    assert.equal(lost.length, 0, 'a server that is down is not yet a lost session');

    await server.restart();
    // A unary call first: while the channel still backs off from the dead server, it must retry, not give up.
    const next = await session.sparkVersion().then(() => undefined, (e: unknown) => e);
    assert.ok(next instanceof SparkConnectError, `the old session's next call failed: ${String(next)}`);
    assert.equal(next.isSessionLost, true, next.message);
    assert.equal(next.errorClass, 'INVALID_HANDLE.SESSION_CHANGED');
    assert.match(next.message, /restarted/);
    assert.equal(lost.length, 1, 'onSessionLost fired once');
    assert.equal(session.lostReason, lost[0]);
    const stream = await session.range(0, 10).count().then(() => undefined, (e: unknown) => e);
    assert.ok(stream instanceof SparkConnectError && stream.isSessionLost, 'later calls fail fast as lost');
    await session.close();

    const fresh = await SparkConnectSession.connect(urlWithToken(server.port));
    try {
      assert.equal(await fresh.range(0, 1000).count(), 1000n);
    } finally {
      await fresh.close();
    }
  });
});
