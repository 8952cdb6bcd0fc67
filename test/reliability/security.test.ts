// Secrets and TLS against the real server: a token-authenticated server (spark.connect.authenticate.token), the right,
// wrong and missing token, a scan of everything the client produced for the token, and TLS with a custom CA through a
// TLS-terminating proxy of ours.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { parseConnectionString } from '../../src/client/connectionString';
import { SparkConnectError } from '../../src/client/errors';
import { SparkConnectSession } from '../../src/client/session';
import { errorLogText, registerSecret } from '../../src/services/redact';
import { allTextOf } from './support/checks';
import { SilentServer } from './support/faultProxy';
import { sharedServer, TOKEN, urlWithToken } from './support/shared';
import { makeCertificates, removeCertificates, TlsProxy, type Certificates } from './support/tls';

/** Everything the client produced in these tests: errors, and what the Logger would write for them. */
const produced: unknown[] = [];

async function failure(what: Promise<unknown>): Promise<SparkConnectError> {
  const err = await what.then(() => undefined, (e: unknown) => e);
  produced.push(err);
  assert.ok(err instanceof SparkConnectError, `expected a SparkConnectError, got ${String(err)}`);
  return err;
}

describe('token authentication', () => {
  let port: number;
  before(async () => {
    port = (await sharedServer()).port;
  });

  it('connects with the right token (plaintext on loopback) and runs queries', async () => {
    const session = await SparkConnectSession.connect(urlWithToken(port));
    try {
      assert.equal(await session.range(0, 1000).count(), 1000n);
      produced.push(await session.sql('SELECT * FROM no_such_table_here').catch((e) => e));
    } finally {
      await session.close();
    }
  });

  it('refuses a wrong token with a clear "Authentication failed" error', async () => {
    const err = await failure(SparkConnectSession.connect(urlWithToken(port, 'wrong-token-value')));
    assert.equal(err.grpcCode, grpc.status.UNAUTHENTICATED);
    assert.match(err.message, /Authentication failed: Invalid authentication token\. Check the token of this connection\./);
  });

  it('refuses a missing token with a clear "Authentication failed" error', async () => {
    const err = await failure(SparkConnectSession.connect(`sc://127.0.0.1:${port}`));
    assert.equal(err.grpcCode, grpc.status.UNAUTHENTICATED);
    assert.match(err.message, /Authentication failed: No authentication token provided/);
  });

  it('reports a wrong token on a result stream at once, without retrying', async () => {
    const session = new SparkConnectSession(parseConnectionString(urlWithToken(port, `${TOKEN}x`)));
    try {
      const started = Date.now();
      const err = await failure(session.range(0, 10).collect());
      assert.equal(err.grpcCode, grpc.status.UNAUTHENTICATED);
      assert.match(err.message, /Authentication failed/);
      assert.ok(Date.now() - started < 10_000, 'not retried');
    } finally {
      await session.close();
    }
  });

  it('puts the token in no error, error field, stack or log line the client produced', async () => {
    const silent = await SilentServer.start();
    try {
      await failure(SparkConnectSession.connect(urlWithToken(silent.port), { connectTimeoutMs: 2_000 }));
    } finally {
      await silent.close();
    }
    await failure(SparkConnectSession.connect(urlWithToken(1)));
    produced.push((() => {
      try {
        return parseConnectionString(`sc://127.0.0.1:${port}/;token=${TOKEN};use_ssl=maybe`);
      } catch (e) {
        return e;
      }
    })());
    assert.ok(produced.length >= 7, `errors collected: ${produced.length}`);
    for (const item of produced) {
      const text = allTextOf(item);
      assert.ok(!text.includes(TOKEN), `the token leaked into: ${text.replace(TOKEN, '<TOKEN>').slice(0, 400)}`);
      assert.ok(!errorLogText('Operation failed', item).includes(TOKEN));
    }
    // The Logger also scrubs what it is handed directly (the extension registers every token it reads).
    registerSecret(TOKEN);
    assert.ok(!errorLogText(`Connecting to ${urlWithToken(port)}`, new Error(`Bearer ${TOKEN}`)).includes(TOKEN));
  });

  it('keeps the token out of the server log and off the server command line', async () => {
    const server = await sharedServer();
    assert.ok(!readFileSync(server.logFile, 'utf8').includes(TOKEN), 'server.log holds no token');
    assert.ok(!readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').includes(TOKEN), 'the token is not in `ps`');
  });
});

describe('TLS with a custom CA (TLS-terminating proxy in front of the server)', () => {
  let certs: Certificates;
  let proxy: TlsProxy;
  before(async () => {
    certs = makeCertificates();
    proxy = await TlsProxy.start(certs, (await sharedServer()).port);
  });
  after(async () => {
    await proxy?.close();
    if (certs) removeCertificates(certs);
  });

  const tlsUrl = () => `sc://localhost:${proxy.port}/;use_ssl=true;token=${TOKEN}`;

  it('connects with the CA configured and runs a query', async () => {
    const session = await SparkConnectSession.connect(tlsUrl(), { tls: { caFile: certs.caFile } });
    try {
      assert.equal(session.settings.useSsl, true);
      const table = await session.range(0, 100_000).collect();
      assert.equal(table.numRows, 100_000);
      assert.equal(await session.range(0, 1000).count(), 1000n);
    } finally {
      await session.close();
    }
  });

  it('refuses the server without the CA, with a clear certificate error', async () => {
    const err = await failure(SparkConnectSession.connect(tlsUrl(), { connectTimeoutMs: 10_000 }));
    assert.equal(err.grpcCode, grpc.status.UNAVAILABLE);
    assert.match(err.message, /not reachable/);
    assert.match(err.message, /certificate|self.signed|issuer/i);
    assert.ok(!allTextOf(err).includes(TOKEN));
  });

  it('refuses a certificate that does not name the host', async () => {
    const err = await failure(SparkConnectSession.connect(`sc://127.0.0.2:${proxy.port}/;use_ssl=true;token=${TOKEN}`, {
      tls: { caFile: certs.caFile }, connectTimeoutMs: 10_000,
    }));
    assert.equal(err.grpcCode, grpc.status.UNAVAILABLE);
  });
});
