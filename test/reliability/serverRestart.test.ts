// The real server killed with SIGKILL while a long query streams, then started again on the same port and data dir.
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../src/client/errors';
import type { ExecutionStats } from '../../src/client/execution';
import { SparkConnectSession } from '../../src/client/session';
import { eventually } from './support/checks';
import { connectShared, sharedServer, urlWithToken } from './support/shared';

describe('the server killed mid-query and started again', () => {
  it('the pending call rides out the downtime, then reports the session lost; the old session stays lost; a new one works', async () => {
    const server = await sharedServer();
    const session = await connectShared();
    const lost: SparkConnectError[] = [];
    session.onSessionLost((err) => lost.push(err));
    const st: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    const query = await session.sql('SELECT count(*) FROM range(0, 200000000000, 1, 4) WHERE id % 7 = 3');
    let settled = false;
    const pending = query.collect({ stats: st }).then(() => undefined, (e: unknown) => e).finally(() => (settled = true));
    await eventually('the query runs on the server (a progress report arrived)', async () => st.responses > 0, 60_000);

    server.kill9();
    // pyspark's policy: a server that is down (a failover, a restart) is retried for about ten minutes.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal(settled, false, 'the pending call still retries while the server is down');
    assert.equal(lost.length, 0, 'a server that is down is not yet a lost session');

    await server.restart();
    let timer: NodeJS.Timeout | undefined;
    const err = await Promise.race([pending, new Promise((resolve) => (timer = setTimeout(() => resolve('hang'), 150_000)))]);
    clearTimeout(timer);
    assert.notEqual(err, 'hang', 'the pending call did not end within 150 s of the restart');
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.isSessionLost, true, err.message);
    assert.equal(lost.length, 1, 'onSessionLost fired once');
    assert.equal(session.lostReason, lost[0]);
    const next = await session.sparkVersion().then(() => undefined, (e: unknown) => e);
    assert.ok(next instanceof SparkConnectError && next.isSessionLost, `the old session's next call fails as lost: ${String(next)}`);
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
