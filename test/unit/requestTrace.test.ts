import assert from 'node:assert/strict';
import net from 'node:net';
import { create } from '@bufbuild/protobuf';
import { parseConnectionString } from '../../src/client/connectionString';
import { deltaCommandPlan, deltaRelation, tableByName } from '../../src/client/delta/plan';
import { sqlRelation } from '../../src/client/dataframe';
import { CommandSchema } from '../../src/client/gen/spark/connect/commands_pb';
import { RelationSchema } from '../../src/client/gen/spark/connect/relations_pb';
import {
  AnalyzePlanRequestSchema, ConfigRequestSchema, ExecutePlanRequestSchema, PlanSchema, ReleaseSessionRequestSchema,
} from '../../src/client/gen/spark/connect/base_pb';
import { planKind, summarizeRequest } from '../../src/client/requestTrace';
import { GrpcTransport } from '../../src/client/transport';

const SQL = "SELECT * FROM payroll WHERE name = 'Ada Secret' AND salary > 123456";
const sqlCommandPlan = () => create(PlanSchema, { opType: { case: 'command', value: create(CommandSchema, { commandType: { case: 'sqlCommand', value: { input: sqlRelation(SQL) } } }) } });

/** A loopback port nobody listens on: every call fails fast with UNAVAILABLE, after being sent to the channel. */
function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('request trace', () => {
  it('names what a plan does: SQL command, Delta command, Delta relation, plain relation', () => {
    assert.equal(planKind(sqlCommandPlan()), 'command:sql:SELECT');
    assert.equal(planKind(deltaCommandPlan({ case: 'vacuumTable', value: { table: tableByName('t'), retentionHours: 0 } })), 'command:delta:vacuumTable');
    const del = deltaRelation({ case: 'deleteFromTable', value: { target: deltaRelation({ case: 'scan', value: { table: tableByName('t') } }) } });
    assert.equal(planKind(create(PlanSchema, { opType: { case: 'root', value: del } })), 'relation:delta:deleteFromTable');
    assert.equal(planKind(create(PlanSchema, { opType: { case: 'root', value: sqlRelation(SQL) } })), 'relation:sql:SELECT');
    assert.equal(planKind(create(PlanSchema, { opType: { case: 'root', value: sqlRelation('/* c */ -- x\n (describe history t') } })), 'relation:sql:DESCRIBE');
    const history = create(RelationSchema, { relType: { case: 'limit', value: { input: deltaRelation({ case: 'describeHistory', value: { table: tableByName('t') } }), limit: 1 } } });
    assert.equal(planKind(create(PlanSchema, { opType: { case: 'root', value: history } })), 'relation:limit(delta:describeHistory)');
  });

  it('summarizes requests by kind and id, without SQL text, literals or config values', () => {
    const exec = create(ExecutePlanRequestSchema, { sessionId: 's1', operationId: 'op-1', plan: sqlCommandPlan() });
    assert.equal(summarizeRequest('ExecutePlan', exec), 'op=op-1 plan=command:sql:SELECT');
    const analyze = create(AnalyzePlanRequestSchema, { analyze: { case: 'schema', value: { plan: create(PlanSchema, { opType: { case: 'root', value: sqlRelation(SQL) } }) } } });
    assert.equal(summarizeRequest('AnalyzePlan', analyze), 'analyze=schema plan=relation:sql:SELECT');
    const config = create(ConfigRequestSchema, { operation: { opType: { case: 'set', value: { pairs: [{ key: 'fs.secret.key', value: 'hunter2' }] } } } });
    assert.equal(summarizeRequest('Config', config), 'config=set keys=1');
  });

  it('fires once per RPC sent by the gRPC transport, and never carries the SQL or the token', async () => {
    const token = 'tok-very-secret-42';
    const settings = parseConnectionString(`sc://127.0.0.1:${await deadPort()}/;token=${token}`);
    const calls: string[] = [];
    const transport = new GrpcTransport(settings, {}, { connectTimeoutMs: 5_000 }, (method, summary) => calls.push(`${method} ${summary}`));
    try {
      const identity = { sessionId: settings.sessionId ?? '00000000-0000-4000-8000-000000000001', userContext: { userId: 'u' } };
      await assert.rejects(transport.analyzePlan(create(AnalyzePlanRequestSchema, { ...identity, analyze: { case: 'sparkVersion', value: {} } }), { timeoutMs: 5_000 }));
      await assert.rejects(transport.config(create(ConfigRequestSchema, { ...identity, operation: { opType: { case: 'getAll', value: {} } } }), { timeoutMs: 5_000 }));
      const stream = transport.executePlan(create(ExecutePlanRequestSchema, { ...identity, operationId: 'op-7', plan: sqlCommandPlan() }));
      await assert.rejects((async () => { for await (const r of stream) void r; })());
      await assert.rejects(transport.releaseSession(create(ReleaseSessionRequestSchema, identity), { timeoutMs: 5_000 }));
    } finally {
      transport.close();
    }
    assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['AnalyzePlan', 'Config', 'ExecutePlan', 'ReleaseSession']);
    assert.equal(calls[2], 'ExecutePlan op=op-7 plan=command:sql:SELECT');
    for (const c of calls) {
      assert.ok(!c.includes(token), c);
      assert.ok(!/payroll|Ada Secret|123456/.test(c), c);
    }
  });

  it('is optional: without a hook the transport behaves as before', async () => {
    const transport = new GrpcTransport(parseConnectionString(`sc://127.0.0.1:${await deadPort()}`));
    try {
      await assert.rejects(transport.analyzePlan(create(AnalyzePlanRequestSchema, { sessionId: 'x', analyze: { case: 'sparkVersion', value: {} } }), { timeoutMs: 5_000 }), /not reachable/);
    } finally {
      transport.close();
    }
  });
});
