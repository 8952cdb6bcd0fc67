import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { SparkConnectError } from '../../src/client/errors';
import { SparkConnectSession } from '../../src/client/session';
import { shortErrorLine } from '../../src/sql/sqlErrors';

// A plaintext gRPC server on loopback: what a local Spark Connect server is unless TLS was set up.
describe('a TLS connection to a plaintext server', () => {
  let server: grpc.Server;
  let port: number;
  before(async () => {
    server = new grpc.Server();
    port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  });
  after(() => server.forceShutdown());

  it('says the server does not speak TLS and to use use_ssl=false, not that it is unreachable', async () => {
    const err = await SparkConnectSession.connect(`sc://localhost:${port}/;use_ssl=true`).catch((e: unknown) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.match(err.message, /server does not speak TLS/);
    assert.match(err.message, /use_ssl=false for a loopback server/);
    assert.doesNotMatch(err.message, /not reachable/);
    assert.equal(err.neverSent, true, 'nothing was sent: safe to retry after fixing the setting');
    // a dialog or notification shows the shortened line: the advice survives the shortening
    assert.match(shortErrorLine(err, err.serverMessage || err.message), /does not speak TLS; use use_ssl=false for a loopback server/);
  });

  it('still calls a closed port not reachable', async () => {
    const closed = new grpc.Server();
    const free = await new Promise<number>((resolve, reject) => closed.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    closed.forceShutdown();
    const err = await SparkConnectSession.connect(`sc://localhost:${free}/;use_ssl=true`).catch((e: unknown) => e);
    assert.ok(err instanceof SparkConnectError);
    assert.match(err.message, /not reachable/);
    assert.doesNotMatch(err.message, /does not speak TLS/);
  });
});
