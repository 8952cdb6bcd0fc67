// Execution details measured against pyspark's reattach.py and core.py: what is released and when, which session a
// response belongs to, chunked Arrow batches, and what an older server is (not) asked for.
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { parseConnectionString } from '../../src/client/connectionString';
import { SparkConnectError } from '../../src/client/errors';
import { ExecutePlanResponseSchema, PlanSchema, type ExecutePlanResponse, type ReleaseExecuteRequest } from '../../src/client/gen/spark/connect/base_pb';
import { SparkConnectSession } from '../../src/client/session';
import { executePlan, type ExecutionStats } from '../../src/client/execution';
import { complete, FakeTransport, response, unavailable } from '../support/fakeTransport';

const plan = create(PlanSchema, { opType: { case: 'root', value: { relType: { case: 'range', value: { end: 10n, step: 1n } } } } });
const fastRetries = { maxRetries: 2, initialBackoffMs: 1, maxBackoffMs: 2, backoffMultiplier: 2, retryableCodes: [grpc.status.UNAVAILABLE], retryableMessages: [] };

function sessionWith(transport: FakeTransport, serverVersion = '4.2.0'): SparkConnectSession {
  const session = new SparkConnectSession(parseConnectionString('sc://localhost', {}), { transport, retryPolicy: fastRetries });
  session.serverVersion = serverVersion;
  return session;
}

function kind(id: string, k: 'schema' | 'progress' | 'metrics' | 'batch'): ExecutePlanResponse {
  const r = response(id, k === 'progress' ? { case: 'executionProgress', value: { stages: [], numInflightTasks: 0n } as never }
    : k === 'batch' ? { case: 'arrowBatch', value: { rowCount: 1n, data: new Uint8Array() } as never } : { case: undefined });
  if (k === 'schema') r.schema = { kind: { case: 'null', value: {} } } as never;
  if (k === 'metrics') r.metrics = { metrics: [] } as never;
  return r;
}

const untilIds = (calls: ReleaseExecuteRequest[]) => calls.flatMap((c) => (c.release.case === 'releaseUntil' ? [c.release.value.responseId] : []));

describe('executions, as pyspark runs them', () => {
  it('releases consumed responses of every kind, not only Arrow batches, and the operation at the end', async () => {
    const t = new FakeTransport([[kind('r1', 'schema'), kind('r2', 'progress'), kind('r3', 'metrics')], [kind('r4', 'batch'), complete('r5')]]);
    for await (const _r of executePlan(sessionWith(t), plan)) { /* consume */ }
    const ids = untilIds(t.releaseCalls);
    assert.ok(ids.includes('r3'), `the schema, progress and metrics responses were released before the reattach: ${ids}`);
    assert.ok(ids.every((id) => ['r1', 'r2', 'r3', 'r4'].includes(id)), 'only consumed responses');
    assert.equal(t.releaseCalls.at(-1)?.release.case, 'releaseAll');
    assert.equal(t.releaseCalls.filter((c) => c.release.case === 'releaseAll').length, 1);
  });

  it('does not make a query wait for the final ReleaseExecute', async () => {
    const t = new FakeTransport([[kind('r1', 'batch'), complete('r2')]]);
    t.releaseExecute = (req: ReleaseExecuteRequest) => {
      t.releaseCalls.push(req);
      return new Promise(() => undefined); // a server that never answers the release
    };
    const seen: string[] = [];
    for await (const r of executePlan(sessionWith(t), plan)) seen.push(r.responseId);
    assert.deepEqual(seen, ['r1', 'r2']);
    assert.equal(t.releaseCalls.at(-1)?.release.case, 'releaseAll', 'sent, not awaited');
  });

  it('refuses a response that names another session', async () => {
    const stranger = response('r1');
    stranger.sessionId = '00000000-0000-4000-8000-000000000000';
    const t = new FakeTransport([[stranger, complete('r2')]]);
    await assert.rejects(sessionWith(t).execute(plan).drain(), (err: SparkConnectError) => /answered for another session/.test(err.message));
  });

  it('puts a chunked Arrow batch back together, and asks for chunks only a server that knows them (4.1+)', async () => {
    const ipc = tableToIPC(tableFromArrays({ v: Int32Array.from([1, 2, 3]) }), 'stream');
    const third = Math.ceil(ipc.byteLength / 3);
    const chunk = (i: number) => create(ExecutePlanResponseSchema, {
      responseId: `c${i}`, serverSideSessionId: 'server-1',
      responseType: { case: 'arrowBatch', value: { rowCount: 3n, data: ipc.slice(i * third, (i + 1) * third), chunkIndex: BigInt(i), numChunksInBatch: 3n } },
    });
    const t = new FakeTransport([[chunk(0), response('p1', { case: 'executionProgress', value: { stages: [], numInflightTasks: 0n } as never }), chunk(1), chunk(2), complete('r9')]]);
    const stats: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    const table = await sessionWith(t, '4.1.4').execute(plan, { stats }).toTable();
    assert.deepEqual(Array.from(table.getChild('v')!.toArray()), [1, 2, 3]);
    assert.equal(stats.chunkedBatches, 1);
    assert.deepEqual(t.executeCalls[0].requestOptions.map((o) => o.requestOption.case), ['reattachOptions', 'resultChunkingOptions']);

    const old = new FakeTransport([[complete('r1')]]);
    await sessionWith(old, '4.0.5').execute(plan).drain();
    assert.deepEqual(old.executeCalls[0].requestOptions.map((o) => o.requestOption.case), ['reattachOptions'], 'a 4.0 server is not asked');
  });

  it('fails clearly on chunks out of order', async () => {
    const bad = create(ExecutePlanResponseSchema, { responseId: 'c1', responseType: { case: 'arrowBatch', value: { rowCount: 1n, data: new Uint8Array(8), chunkIndex: 1n, numChunksInBatch: 2n } } });
    await assert.rejects(sessionWith(new FakeTransport([[bad]])).execute(plan).drain(), /chunked result out of order/);
  });

  it('speaks Spark 3.5\'s SQL command: the text and literal arguments, not the SQL relation', async () => {
    const rows = tableToIPC(tableFromArrays({ v: Int32Array.from([5]) }), 'stream');
    const answer = () => [create(ExecutePlanResponseSchema, {
      responseId: 'r1', responseType: { case: 'sqlCommandResult', value: { relation: { relType: { case: 'localRelation', value: { data: rows } } } } },
    }), complete('r2')];
    const t = new FakeTransport([answer(), answer()]);
    await sessionWith(t, '3.5.7').sql('SELECT :x AS v', { x: 5 });
    const old = t.executeCalls[0].plan?.opType;
    assert.equal(old?.case === 'command' && old.value.commandType.case === 'sqlCommand' && old.value.commandType.value.sql, 'SELECT :x AS v');
    assert.equal(old?.case === 'command' && old.value.commandType.case === 'sqlCommand' && old.value.commandType.value.args.x?.literalType.case, 'integer');
    await sessionWith(t, '4.0.5').sql('SELECT :x AS v', { x: 5 });
    const current = t.executeCalls[1].plan?.opType;
    assert.equal(current?.case === 'command' && current.value.commandType.case === 'sqlCommand' && current.value.commandType.value.input?.relType.case, 'sql');
  });

  it('streams each result once on Spark 3.4, which cannot reattach: the end of the stream ends the result', async () => {
    // What a 3.4 server answers a ReattachExecute: the script after the first stream, played only if one is sent.
    const noReattach = new SparkConnectError({ grpcCode: grpc.status.UNIMPLEMENTED, serverMessage: 'Method not found: spark.connect.SparkConnectService/ReattachExecute' });
    const t = new FakeTransport([[kind('r1', 'schema'), kind('r2', 'batch')], [noReattach]]);
    const seen: string[] = [];
    for await (const r of executePlan(sessionWith(t, '3.4.0'), plan)) seen.push(r.responseId);
    assert.deepEqual(seen, ['r1', 'r2'], 'no ResultComplete on 3.4: the closed stream is the end');
    assert.equal(t.reattachCalls.length, 0);
    assert.equal(t.releaseCalls.length, 0, 'no ReleaseExecute either');
    assert.deepEqual(t.executeCalls[0].requestOptions, [], 'not asked for a reattachable execution');

    const broken = new FakeTransport([[kind('r1', 'batch'), unavailable()], [complete('r2')]]);
    await assert.rejects(sessionWith(broken, '3.4.0').execute(plan).drain(), (err: SparkConnectError) => err.grpcCode === grpc.status.UNAVAILABLE);
    assert.equal(broken.reattachCalls.length + broken.executeCalls.length, 1, 'a broken stream fails the query; nothing is resent');
  });

  it('says Spark 3.4 cannot interrupt an operation, without sending an Interrupt', async () => {
    const t = new FakeTransport([]);
    const notices: string[] = [];
    const s = new SparkConnectSession(parseConnectionString('sc://localhost', {}), { transport: t, retryPolicy: fastRetries, notice: (m) => notices.push(m) });
    s.serverVersion = '3.4.0';
    await assert.rejects(s.interruptOperation('op-1'), (err: SparkConnectError) => err.unsupportedFeature === 'Interrupt' &&
      /not available on this server \(Spark 3\.4\.0\)/.test(err.message));
    assert.equal(t.interruptCalls.length, 0);
    assert.match(notices[0], /cannot interrupt/);
  });

  it('writes positional SQL parameters into the text on Spark 3.4 (it binds named ones only); named ones stay bound', async () => {
    const rows = tableToIPC(tableFromArrays({ v: Int32Array.from([42]) }), 'stream');
    const answer = () => [create(ExecutePlanResponseSchema, {
      responseId: 'r1', responseType: { case: 'sqlCommandResult', value: { relation: { relType: { case: 'localRelation', value: { data: rows } } } } },
    })];
    const t = new FakeTransport([answer(), answer()]);
    const s = sessionWith(t, '3.4.0');
    await s.sql('SELECT ? + 1 AS v', [41]);
    const positional = t.executeCalls[0].plan?.opType;
    const command = positional?.case === 'command' && positional.value.commandType.case === 'sqlCommand' ? positional.value.commandType.value : undefined;
    assert.equal(command?.sql, 'SELECT  41  + 1 AS v');
    assert.equal(command?.posArgs.length, 0);
    await s.sql('SELECT :x AS v', { x: 5 });
    const named = t.executeCalls[1].plan?.opType;
    assert.equal(named?.case === 'command' && named.value.commandType.case === 'sqlCommand' && named.value.commandType.value.args.x?.literalType.case, 'integer');
  });

  it('says what is not available on a server that lacks FetchErrorDetails', async () => {
    const s = sessionWith(new FakeTransport([]), '3.5.7');
    await assert.rejects(s.fetchErrorDetails('e-1'), (err: SparkConnectError) => err.unsupportedFeature === 'FetchErrorDetails' &&
      /not available on this server \(Spark 3\.5\.7\)/.test(err.message));
  });
});
