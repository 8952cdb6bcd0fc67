import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { parseConnectionString } from '../../src/client/connectionString';
import { SparkConnectError } from '../../src/client/errors';
import { PlanSchema } from '../../src/client/gen/spark/connect/base_pb';
import { SparkConnectSession } from '../../src/client/session';
import { executePlan } from '../../src/client/execution';
import { complete, FakeTransport, response, unavailable } from '../support/fakeTransport';

const plan = create(PlanSchema, { opType: { case: 'root', value: { relType: { case: 'range', value: { end: 10n, step: 1n } } } } });
const fastRetries = { maxRetries: 3, initialBackoffMs: 1, maxBackoffMs: 2, backoffMultiplier: 2, retryableCodes: [grpc.status.UNAVAILABLE], retryableMessages: [/INVALID_CURSOR\.DISCONNECTED/] };

function sessionWith(transport: FakeTransport): SparkConnectSession {
  return new SparkConnectSession(parseConnectionString('sc://localhost'), { transport, retryPolicy: fastRetries });
}

async function responseIds(session: SparkConnectSession, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of executePlan(session, plan, { signal })) ids.push(r.responseId);
  return ids;
}

describe('reattachable execution', () => {
  it('resumes a stream the server closed early, from the last response id, and releases at the end', async () => {
    const t = new FakeTransport([[response('r1'), response('r2')], [response('r3'), complete('r4')]]);
    const ids = await responseIds(sessionWith(t));
    assert.deepEqual(ids, ['r1', 'r2', 'r3', 'r4']);
    assert.equal(t.executeCalls.length, 1);
    assert.equal(t.reattachCalls.length, 1);
    assert.equal(t.reattachCalls[0].lastResponseId, 'r2');
    assert.equal(t.reattachCalls[0].operationId, t.executeCalls[0].operationId);
    assert.equal(t.executeCalls[0].requestOptions[0].requestOption.case, 'reattachOptions');
    assert.equal(t.releaseCalls.at(-1)?.release.case, 'releaseAll');
    assert.equal(t.interruptCalls.length, 0);
  });

  it('reattaches after a broken stream (UNAVAILABLE) without losing or repeating a response', async () => {
    const t = new FakeTransport([[response('r1'), unavailable()], [unavailable()], [response('r2'), complete('r3')]]);
    const ids = await responseIds(sessionWith(t));
    assert.deepEqual(ids, ['r1', 'r2', 'r3']);
    assert.deepEqual(t.reattachCalls.map((r) => r.lastResponseId), ['r1', 'r1']);
  });

  it('reattaches (never sends the plan again) when the server closed the first stream before any response', async () => {
    // A slow command (VACUUM, MERGE) answers nothing within the server's stream duration: the stream ends cleanly, empty.
    const t = new FakeTransport([[], [], [response('r1'), complete('r2')]]);
    const ids = await responseIds(sessionWith(t));
    assert.deepEqual(ids, ['r1', 'r2']);
    assert.equal(t.executeCalls.length, 1, 'the ExecutePlan went out twice');
    assert.equal(t.reattachCalls.length, 2);
    assert.deepEqual(t.reattachCalls.map((r) => r.lastResponseId), [undefined, undefined]);
  });

  it('sends the same ExecutePlan again (same operation id) when the first one never reached the server', async () => {
    const notFound = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'INVALID_HANDLE.OPERATION_NOT_FOUND', serverMessage: 'not found' });
    const t = new FakeTransport([[unavailable()], [notFound], [response('r1'), complete('r2')]]);
    const ids = await responseIds(sessionWith(t));
    assert.deepEqual(ids, ['r1', 'r2']);
    assert.equal(t.executeCalls.length, 2);
    assert.equal(t.executeCalls[1].operationId, t.executeCalls[0].operationId);
  });

  it('does not retry a query error and reports it as SparkConnectError', async () => {
    const fatal = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01', serverMessage: 'no such table' });
    const t = new FakeTransport([[fatal]]);
    await assert.rejects(responseIds(sessionWith(t)), (err: SparkConnectError) => err.errorClass === 'TABLE_OR_VIEW_NOT_FOUND' && err.sqlState === '42P01');
    assert.equal(t.reattachCalls.length, 0);
    assert.equal(t.executeCalls.length, 1);
  });

  it('gives up after the retry budget', async () => {
    const t = new FakeTransport([[response('r1'), unavailable()], [unavailable()], [unavailable()], [unavailable()], [unavailable()]]);
    await assert.rejects(responseIds(sessionWith(t)), (err: SparkConnectError) => err.grpcCode === grpc.status.UNAVAILABLE);
    assert.equal(t.reattachCalls.length, 3);
  });

  it('interrupts the operation on the server when cancelled mid-stream', async () => {
    const t = new FakeTransport([[response('r1'), response('r2'), response('r3'), complete('r4')]]);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const r of executePlan(sessionWith(t), plan, { signal: controller.signal })) {
        seen.push(r.responseId);
        controller.abort();
      }
    })();
    await assert.rejects(run, (err: SparkConnectError) => err.grpcCode === grpc.status.CANCELLED);
    assert.deepEqual(seen, ['r1']);
    const opId = t.executeCalls[0].operationId;
    assert.ok(t.interruptCalls.some((r) => r.interrupt.case === 'operationId' && r.interrupt.value === opId));
  });

  it('tells the caller what the server answered to the Interrupt of a cancelled execution', async () => {
    const t = new FakeTransport([[response('r1'), response('r2'), complete('r3')]]);
    const controller = new AbortController();
    const answers: Array<[string, string[]]> = [];
    const run = (async () => {
      const opts = { signal: controller.signal, onInterrupted: (id: string, ids: string[]) => answers.push([id, ids]) };
      for await (const _r of executePlan(sessionWith(t), plan, opts)) controller.abort();
    })();
    await assert.rejects(run, (err: SparkConnectError) => err.grpcCode === grpc.status.CANCELLED);
    const opId = t.executeCalls[0].operationId;
    assert.deepEqual(answers, [[opId, [opId]]]);
  });

  it('sends nothing when cancelled before it starts', async () => {
    const t = new FakeTransport([[complete('r1')]]);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(responseIds(sessionWith(t), controller.signal), (err: SparkConnectError) => err.grpcCode === grpc.status.CANCELLED);
    assert.equal(t.executeCalls.length, 0);
  });

  it('notices a restarted server (new server-side session id) and fails fast afterwards', async () => {
    const t = new FakeTransport([[response('r1', undefined, 'server-1'), complete('r2', 'server-1')], [response('r1', undefined, 'server-2')]]);
    const session = sessionWith(t);
    let lost: SparkConnectError | undefined;
    session.onSessionLost((e) => (lost = e));
    await responseIds(session);
    await assert.rejects(session.execute(plan).drain(), (err: SparkConnectError) => err.errorClass === 'INVALID_HANDLE.SESSION_CHANGED');
    assert.equal(lost?.errorClass, 'INVALID_HANDLE.SESSION_CHANGED');
    await assert.rejects(session.sparkVersion(), (err: SparkConnectError) => err.isSessionLost);
  });
});
