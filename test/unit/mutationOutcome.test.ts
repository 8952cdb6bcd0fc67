import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { parseConnectionString } from '../../src/client/connectionString';
import { SparkConnectError } from '../../src/client/errors';
import { PlanSchema } from '../../src/client/gen/spark/connect/base_pb';
import { SparkConnectSession } from '../../src/client/session';
import { complete, FakeTransport, response, unavailable } from '../support/fakeTransport';

const plan = create(PlanSchema, { opType: { case: 'root', value: { relType: { case: 'range', value: { end: 10n, step: 1n } } } } });
const fastRetries = { maxRetries: 2, initialBackoffMs: 1, maxBackoffMs: 2, backoffMultiplier: 2, retryableCodes: [grpc.status.UNAVAILABLE], retryableMessages: [] };
const mutation = { operation: 'DELETE', table: '`db`.`t`' };

function sessionWith(transport: FakeTransport): SparkConnectSession {
  return new SparkConnectSession(parseConnectionString('sc://localhost'), { transport, retryPolicy: fastRetries });
}

const neverConnected = () => new SparkConnectError({ grpcCode: grpc.status.UNAVAILABLE, serverMessage: 'not reachable', neverSent: true });

describe('the outcome of a mutation whose stream breaks', () => {
  it('is reported unknown, with the operation id and the table history, when contact is lost after sending', async () => {
    const t = new FakeTransport([[response('r1'), unavailable()], [unavailable()], [unavailable()]]);
    const err = await sessionWith(t).execute(plan, { mutation }).drain().catch((e) => e);
    assert.ok(err instanceof SparkConnectError);
    assert.equal(err.outcomeUnknown, true);
    assert.equal(err.operationId, t.executeCalls[0].operationId);
    assert.equal(err.grpcCode, grpc.status.UNAVAILABLE);
    assert.match(err.message, /outcome of DELETE on `db`\.`t` is unknown \(operation [0-9a-f-]{36}\).*DESCRIBE HISTORY `db`\.`t`/s);
    assert.equal(t.executeCalls.length, 1, 'never sent twice');
  });

  it('is a plain failure when the server reported an error of the operation itself', async () => {
    const conflict = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'DELTA_CONCURRENT_APPEND', serverMessage: 'conflict' });
    const err = await sessionWith(new FakeTransport([[response('r1'), conflict]])).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, false);
    assert.equal(err.errorClass, 'DELTA_CONCURRENT_APPEND');
  });

  it('is a plain failure when the request provably never left the client; it is re-sent, never reattached', async () => {
    const t = new FakeTransport([[neverConnected()], [neverConnected()], [neverConnected()]]);
    const err = await sessionWith(t).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, false);
    assert.equal(t.reattachCalls.length, 0);
    assert.equal(new Set(t.executeCalls.map((r) => r.operationId)).size, 1, 'one operation id');
    assert.equal(t.interruptCalls.length, 0, 'nothing on the server to interrupt');
  });

  it('keeps the session-lost class, so the session still notices a restarted server', async () => {
    const t = new FakeTransport([[response('r1', undefined, 'server-1'), complete('r2', 'server-1')], [response('r1', undefined, 'server-2')]]);
    const session = sessionWith(t);
    await session.execute(plan).drain();
    const err = await session.execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, true);
    assert.equal(err.isSessionLost, true);
    assert.ok(session.lostReason);
  });

  it('is a plain failure when the server refused the request up front (session gone, bad token)', async () => {
    const gone = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'INVALID_HANDLE.SESSION_CHANGED', serverMessage: 'restarted' });
    const err = await sessionWith(new FakeTransport([[gone]])).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, false);
    assert.equal(err.isSessionLost, true);
    const denied = new SparkConnectError({ grpcCode: grpc.status.UNAUTHENTICATED, serverMessage: 'Authentication failed' });
    const err2 = await sessionWith(new FakeTransport([[denied]])).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err2.outcomeUnknown, false);
  });

  it('is unknown when the session is found gone only after the stream broke', async () => {
    const gone = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'INVALID_HANDLE.SESSION_NOT_FOUND', serverMessage: 'not found' });
    const err = await sessionWith(new FakeTransport([[response('r1'), unavailable()], [gone]])).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, true);
    assert.equal(err.isSessionLost, true);
  });

  it('is not a concern of queries: their errors stay as they were', async () => {
    const err = await sessionWith(new FakeTransport([[response('r1'), unavailable()], [unavailable()], [unavailable()]])).execute(plan).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, false);
    assert.match(err.message, /connection reset/);
  });

  it('labels SQL statements that may change tables, not reads', async () => {
    const t = new FakeTransport([[response('r1'), unavailable()], [unavailable()], [unavailable()]]);
    const err = await sessionWith(t).sql('-- note\n  delete from t where x = 1').catch((e) => e);
    assert.match(err.message, /outcome of SQL DELETE is unknown/);
    const read = await sessionWith(new FakeTransport([[response('r1'), unavailable()], [unavailable()], [unavailable()]])).sql('SELECT 1').catch((e) => e);
    assert.equal(read.outcomeUnknown, false);
  });
});

describe('the outcome of a mutation the server answered', () => {
  it('is known when the server answered with an error that has no error class (Spark 3.5, Sail)', async () => {
    const verdict = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, serverMessage: 'error in DataFusion: table location must be absolute', serverAnswered: true });
    const err = await sessionWith(new FakeTransport([[verdict]])).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, false);
  });

  it('says the change was committed when only a post-commit hook failed', async () => {
    const hook = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'DELTA_POST_COMMIT_HOOK_FAILED', serverMessage: 'checkpoint failed', serverAnswered: true });
    const err = await sessionWith(new FakeTransport([[response('r1'), hook]])).execute(plan, { mutation }).drain().catch((e) => e);
    assert.equal(err.outcomeUnknown, false);
    assert.match(err.message, /DELETE on `db`\.`t` was committed; only a step after the commit failed/);
  });
});
