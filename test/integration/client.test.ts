import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Type } from 'apache-arrow';
import { SparkConnectError } from '../../src/client/errors';
import type { ExecutionStats } from '../../src/client/execution';
import { alias, col, fn, lit } from '../../src/client/expressions';
import { SparkConnectSession } from '../../src/client/session';
import { ALL_TYPES, DB, EVENT_ROWS, EVENTS } from './fixtures';
import { remote, session } from './hooks';

describe('session', () => {
  it('talks to Spark 4.2 and tracks the server-side session id', async () => {
    assert.equal(await session().sparkVersion(), '4.2.0');
    assert.match(session().sessionId, /^[0-9a-f-]{36}$/);
    assert.ok(session().serverSideSessionId, 'server-side session id recorded');
  });

  it('fails fast with a clear error when nothing listens at the address', async () => {
    await assert.rejects(SparkConnectSession.connect('sc://127.0.0.1:1', { connectTimeoutMs: 10_000 }),
      (err: SparkConnectError) => err instanceof SparkConnectError && /Could not connect to sc:\/\/127\.0\.0\.1:1/.test(err.message) && err.grpcCode === grpc.status.UNAVAILABLE);
  });

  it('sets, reads and unsets session configuration', async () => {
    const s = session();
    await s.conf.set({ 'spark.sql.shuffle.partitions': '7' });
    assert.equal((await s.conf.get(['spark.sql.shuffle.partitions']))['spark.sql.shuffle.partitions'], '7');
    await s.conf.unset(['spark.sql.shuffle.partitions']);
    assert.notEqual((await s.conf.get(['spark.sql.shuffle.partitions']))['spark.sql.shuffle.partitions'], '7', 'unset took the session value away');
    const all = await s.conf.getAll('spark.sql.session.');
    assert.equal(all.timeZone ?? all['spark.sql.session.timeZone'], 'UTC', JSON.stringify(all));
  });

  it('releases its session on close; later calls fail clearly', async () => {
    const s = await SparkConnectSession.connect(remote());
    await s.sql('SELECT 1');
    await s.close();
    await s.close();
    await assert.rejects(s.sparkVersion(), /closed/);
  });
});

describe('analyze', () => {
  it('returns the schema and explains a plan without running it', async () => {
    const schema = await session().table(EVENTS).schema();
    assert.deepEqual(schema?.kind.case === 'struct' && schema.kind.value.fields.map((f) => f.name), ['id', 'kind', 'amount', 'day']);
    assert.match(await session().table(EVENTS).filter('id < 3').explain('extended'), /Filter/);
    const ddl = await session().parseDdl('a INT, b STRING');
    assert.equal(ddl?.kind.case, 'struct');
  });
});

describe('queries', () => {
  it('reads every Spark type exactly, with NULLs', async () => {
    const table = await session().table(ALL_TYPES).sort('id').collect();
    assert.equal(table.numRows, 3);
    const get = (name: string, row: number) => table.getChild(name)!.get(row);
    assert.equal(get('big', 0), 9007199254740993n, 'int64 beyond 2^53 arrives exact');
    assert.equal(get('big', 2), -9223372036854775808n);
    const decType = table.schema.fields.find((f) => f.name === 'dec')!.type;
    assert.equal(decType.typeId, Type.Decimal);
    assert.equal((decType as unknown as { scale: number }).scale, 18);
    assert.equal(get('s', 0), 'héllo <b>');
    assert.equal(get('s', 2), '');
    assert.deepEqual(Array.from(get('bin', 0) as Uint8Array), [0xde, 0xad, 0xbe, 0xef]);
    assert.equal(get('ts', 0), 1709210096789.012, 'microseconds kept as the fraction of a millisecond');
    assert.equal(get('dt', 0), Date.UTC(2024, 1, 29));
    assert.deepEqual(Array.from(get('arr', 0)), [1, null, 3]);
    assert.deepEqual(get('st', 0).toJSON(), { a: 7, b: 'x' });
    assert.deepEqual(get('m', 0).toJSON(), { k: 1 });
    for (const f of table.schema.fields) if (f.name !== 'id') assert.equal(get(f.name, 1), null, `${f.name} is NULL in row 2`);
  });

  it('checks exact decimals against the server text', async () => {
    const df = await session().sql(`SELECT CAST(dec AS STRING) AS t FROM ${ALL_TYPES} WHERE id = 1`);
    assert.equal((await df.collect()).getChild('t')!.get(0), '12345678901234567890.123456789012345678');
  });

  it('builds plans: filter, select, sort, limit, offset, count', async () => {
    const s = session();
    const events = s.table(EVENTS);
    assert.equal(await events.count(), BigInt(EVENT_ROWS));
    assert.equal(await events.filter("kind = 'click'").count(), BigInt(Math.ceil(EVENT_ROWS / 3)));
    const page = await events.select('id', 'kind').sort('id').offset(10).limit(5).collect();
    assert.deepEqual(Array.from(page.getChild('id')!.toArray() as BigInt64Array), [10n, 11n, 12n, 13n, 14n]);
    const agg = await events.select(alias(fn('sum', col('id')), 'total')).collect();
    assert.equal(agg.getChild('total')!.get(0), BigInt((EVENT_ROWS * (EVENT_ROWS - 1)) / 2));
    const read = await s.read.format('delta').load(await tableLocation(EVENTS)).count();
    assert.equal(read, BigInt(EVENT_ROWS));
  });

  it('binds named and positional SQL parameters as literals, not text', async () => {
    const named = await (await session().sql(`SELECT count(*) AS n FROM ${EVENTS} WHERE kind = :kind AND id < :max`, { kind: 'click', max: 30 })).collect();
    assert.equal(named.getChild('n')!.get(0), 10n);
    const positional = await (await session().sql('SELECT ? AS a, ? AS b, ? AS c', ["x'; DROP TABLE t; --", 42n, null])).collect();
    assert.equal(positional.getChild('a')!.get(0), "x'; DROP TABLE t; --");
    assert.equal(positional.getChild('b')!.get(0), 42n);
    assert.equal(positional.getChild('c')!.get(0), null);
  });

  it('receives a single Arrow batch larger than 4 MiB', async () => {
    const table = await session().range(0, 1).select(alias(fn('repeat', lit('x'), lit(6 * 1024 * 1024)), 'big')).collect();
    assert.equal((table.getChild('big')!.get(0) as string).length, 6 * 1024 * 1024);
  });

  it('streams 5M rows completely through forced reattaches, with the right checksum', async () => {
    const s = session();
    const df = s.range(0, 5_000_000).select('id', alias(fn('*', col('id'), lit(3)), 'x'));
    const stats: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    let rows = 0;
    let sum = 0n;
    for await (const batch of df.stream({ stats })) {
      rows += batch.numRows;
      const x = batch.getChild('x')!.data[0].values as BigInt64Array;
      for (let i = 0; i < x.length; i++) sum += x[i];
    }
    assert.equal(rows, 5_000_000);
    assert.equal(sum, 3n * (5_000_000n * 4_999_999n) / 2n);
    assert.ok(stats.reattaches > 0, `the server's short streams forced reattaches (got ${stats.reattaches})`);
  });

  it('reports query errors as SparkConnectError with class and SQLSTATE, with details on demand', async () => {
    const err = await session().table(`${DB}.no_such_table`).collect().catch((e) => e);
    assert.ok(err instanceof SparkConnectError);
    assert.equal(err.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
    assert.equal(err.sqlState, '42P01');
    assert.ok(err.errorId, 'error id for FetchErrorDetails');
    const details = await session().fetchErrorDetails(err.errorId!);
    assert.ok(details.errors.length > 0);
    assert.match(details.errors[details.rootErrorIdx ?? 0].message, /no_such_table/);
  });
});

describe('interrupt', () => {
  const LONG = 'SELECT count(*) FROM range(0, 200000000000, 1, 4) WHERE id % 7 = 3';

  it('cancels a running query on the server promptly; the session keeps working', async () => {
    const s = session();
    const df = await s.sql(LONG);
    const result = df.stream();
    setTimeout(() => result.cancel(), 2000);
    const started = Date.now();
    await assert.rejects(result.drain(), (err: SparkConnectError) => err.grpcCode === grpc.status.CANCELLED);
    assert.ok(Date.now() - started < 60_000);
    assert.equal(await s.range(0, 3).count(), 3n);
  });

  it('interrupts by tag', async () => {
    const s = session();
    const result = (await s.sql(LONG)).stream({ tags: ['dce-tag-test'] });
    const done = result.drain().then(() => 'finished', (e: SparkConnectError) => e);
    await new Promise((r) => setTimeout(r, 2000));
    const ids = await s.interruptTag('dce-tag-test');
    assert.deepEqual(ids, [await result.operationId]);
    const outcome = await done;
    assert.ok(outcome instanceof SparkConnectError, 'the tagged query failed');
  });
});

describe('catalog', () => {
  it('lists catalogs, schemas, tables with their provider, and columns', async () => {
    const c = session().catalog;
    assert.equal(await c.currentCatalog(), 'spark_catalog');
    assert.ok((await c.listCatalogs()).some((x) => x.name === 'spark_catalog'));
    assert.ok((await c.listDatabases()).some((d) => d.name === DB));
    assert.ok((await c.listDatabases('spark_catalog')).some((d) => d.name === DB));
    const tables = await c.listTables(DB);
    const events = tables.find((t) => t.name === 'events');
    assert.equal(events?.provider, 'delta');
    assert.equal(events?.isTemporary, false);
    const columns = await c.listColumns(EVENTS);
    assert.deepEqual(columns.map((x) => [x.name, x.dataType, x.isPartition]), [['id', 'bigint', false], ['kind', 'string', false], ['amount', 'decimal(12,2)', false], ['day', 'string', true]]);
    assert.equal(await c.tableExists(EVENTS), true);
    assert.equal(await c.tableExists(`${DB}.nope`), false);
    assert.equal(await c.databaseExists(DB), true);
    assert.equal((await c.getTable(EVENTS)).name, 'events');
    await c.setCurrentDatabase(DB);
    assert.equal(await c.currentDatabase(), DB);
    await c.setCurrentDatabase('default');
  });
});

async function tableLocation(name: string): Promise<string> {
  const rows = await (await session().sql(`DESCRIBE DETAIL ${name}`)).select('location').collect();
  return String(rows.getChild('location')!.get(0));
}
