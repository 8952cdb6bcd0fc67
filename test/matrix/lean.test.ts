// What every server of the matrix must do for the extension: connect, browse, preview, SQL with parameters, a result
// long enough to be reattached, interrupt, errors with their class; and where a server lacks a protocol feature, a
// clear "not available on this server" instead of a raw error. Delta operations: delta.test.ts.
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { SparkConnectError } from '../../src/client/errors';
import type { ExecutionStats } from '../../src/client/execution';
import { SparkConnectSession } from '../../src/client/session';
import { DB, EVENT_ROWS, EVENTS, FORMAT, feature, record, remote, server, session } from './hooks';

describe(`matrix: ${server.id}`, () => {
  it('connects and reports its Spark version', () => feature('connect', async () => {
    const version = await session().sparkVersion();
    if (server.spark) assert.equal(version, server.spark);
    else assert.match(version, /^\d+\.\d+\.\d+/);
    assert.equal(session().serverVersion, version);
  }));

  it('browses: catalogs, schemas, tables (Delta marked), columns', () => feature('catalog tree', async () => {
    const s = session();
    const catalogs = (await s.catalog.listCatalogs()).map((c) => c.name);
    assert.ok(catalogs.length > 0 && catalogs.every(Boolean), `named catalogs: ${JSON.stringify(catalogs)}`);
    const schemas = (await s.catalog.listDatabases()).map((d) => d.name);
    assert.ok(schemas.includes(DB), `${DB} listed among ${schemas.join(', ')}`);
    const tables = await s.catalog.listTables(DB);
    const events = tables.find((t) => t.name === 'events');
    assert.ok(events, `events listed among ${tables.map((t) => t.name).join(', ')}`);
    assert.equal(events.provider, FORMAT, 'the provider marks Delta tables');
    const columns = (await s.catalog.listColumns(EVENTS)).map((c) => `${c.name}:${c.dataType}`);
    assert.deepEqual(columns, ['id:bigint', 'kind:string', 'amount:double']);
  }));

  it('previews a table', () => feature('preview', async () => {
    const table = await session().table(EVENTS).sort('id').limit(10).collect();
    assert.equal(table.numRows, 10);
    assert.equal(table.getChild('id')!.get(9), 9n);
  }));

  it('runs SQL with named and positional parameters, sent as bound values', () => feature('SQL parameters', async () => {
    const s = session();
    try {
      const named = await (await s.sql(`SELECT count(*) AS n FROM ${EVENTS} WHERE kind = :kind AND id < :top`, { kind: 'click', top: 30 })).collect();
      assert.equal(named.getChild('n')!.get(0), 10n);
      const positional = await (await s.sql('SELECT ? + 1 AS v', [41])).collect();
      assert.equal(positional.getChild('v')!.get(0), 42);
    } catch (err) {
      // Delta's SQL extension drops parameters on Spark 4.1 and 4.2 (the plugin of our own server fixes it): said clearly.
      if (err instanceof SparkConnectError && err.errorClass === 'UNBOUND_SQL_PARAMETER' && /did not bind them/.test(err.message)) return 'unavailable';
      throw err;
    }
  }, () => 'Delta\'s SQL parser drops bound parameters on this Spark (our plugin fixes it on our own server)'));

  it('streams a result long enough to be reattached, every row exactly once', () => feature('reattach', async () => {
    const stats: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    const table = await session().range(0, 400_000).select('id').collect({ stats });
    assert.equal(table.numRows, 400_000);
    let sum = 0n;
    for (const v of table.getChild('id')!) sum += v as bigint;
    assert.equal(sum, 400_000n * 399_999n / 2n);
    // Spark 3.4 cannot reattach: it streams the whole result once (and has no senderMaxStreamSize to cut it).
    if (!session().reattachableExecute) {
      assert.equal(stats.reattaches, 0);
      return 'unavailable';
    }
    // Our Spark servers cut streams after 1 MiB (senderMaxStreamSize); Sail does not cut them.
    if (!server.sail) assert.ok(stats.reattaches > 0, `the stream was cut and resumed (${stats.reattaches} reattaches)`);
    return stats.reattaches > 0 ? 'ok' : 'n/a';
  }, () => (session().reattachableExecute ? 'the server never cut the stream'
    : 'the server cannot resume a stream (Spark 3.5+): each result streams once, a broken stream fails the query')));

  it('interrupts a running query on the server; progress reports where the server sends them', () => feature('interrupt', async () => {
    if (!session().has('interrupt')) return cancelWithoutInterrupt();
    const controller = new AbortController();
    let interrupted: string[] | undefined;
    let progress = 0;
    const result = session().sql('SELECT count(*) FROM range(0, 200000000000) WHERE id % 7 = 3').then((df) => {
      const r = df.stream({ signal: controller.signal, onInterrupted: (_id, ids) => (interrupted = ids) });
      r.onProgress = () => progress++;
      return r.drain();
    });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    controller.abort();
    await assert.rejects(result, (err: SparkConnectError) => err.grpcCode === grpc.status.CANCELLED);
    for (let i = 0; i < 50 && interrupted === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(interrupted && interrupted.length >= 1, `the server named the interrupted operation (${JSON.stringify(interrupted)})`);
    record('progress', progress > 0 ? 'ok' : session().has('executionProgress') && !server.sail ? 'fail' : 'unavailable',
      progress > 0 ? '' : 'the server sends no execution progress');
    if (progress === 0 && session().has('executionProgress') && !server.sail) assert.fail('Spark 4.0+ reports progress');
  }, () => (session().has('interrupt') ? '' : 'the server has no Interrupt (Spark 3.5+): Cancel closes the stream only')));

  /** Spark 3.4: Cancel ends the query on the client at once, and asking the server to interrupt says it cannot. */
  async function cancelWithoutInterrupt(): Promise<'unavailable'> {
    const controller = new AbortController();
    let interrupted: string[] | undefined;
    const result = session().sql('SELECT count(*) FROM range(0, 3000000000) WHERE id % 7 = 3').then((df) =>
      df.stream({ signal: controller.signal, onInterrupted: (_id, ids) => (interrupted = ids) }).drain());
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cancelledAt = Date.now();
    controller.abort();
    await assert.rejects(result, (err: SparkConnectError) => err.grpcCode === grpc.status.CANCELLED);
    assert.ok(Date.now() - cancelledAt < 3_000, 'the cancelled query returned at once');
    assert.equal(interrupted, undefined, 'no interrupt was reported');
    await assert.rejects(session().interruptAll(), (err: SparkConnectError) =>
      err.unsupportedFeature === 'Interrupt' && /not available on this server \(Spark 3\.4/.test(err.message));
    record('progress', 'unavailable', 'the server sends no execution progress');
    return 'unavailable';
  }

  it('reports errors with their error class', () => feature('error class', async () => {
    // Spark analyzes a SQL statement when it is sent, Sail when its rows are asked for.
    const err = await session().sql('SELECT * FROM dce_matrix.no_such_table').then((df) => df.collect()).catch((e) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.errorClass, 'TABLE_OR_VIEW_NOT_FOUND', err.message);
    assert.equal(err.outcomeUnknown, false);
  }));

  it('fetches the full error chain, or says it is not available on this server', () => feature('error details', async () => {
    const err = await session().sql('SELECT * FROM dce_matrix.no_such_table').then((df) => df.collect()).catch((e) => e) as SparkConnectError;
    assert.ok(err instanceof SparkConnectError, String(err));
    if (!err.errorId) return 'unavailable';
    const details = await session().fetchErrorDetails(err.errorId).catch((e) => e);
    if (details instanceof SparkConnectError && details.unsupportedFeature) return 'unavailable';
    assert.ok(!(details instanceof Error), String(details));
    assert.ok(details.errors.length >= 1);
    return 'ok';
  }));

  it('receives a batch larger than its chunk size in chunks (Spark 4.1+), or says why not', () => feature('result chunking', async () => {
    const s = session();
    const stats: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    // 6 MiB in one row: over the servers' 2 MiB chunk size (spark.connect.session.resultChunking.maxChunkSize).
    const table = await s.sql(`SELECT CAST(repeat('x', ${6 * 1024 * 1024}) AS BINARY) AS blob`).then((df) => df.collect({ stats }));
    assert.equal((table.getChild('blob')!.get(0) as Uint8Array).byteLength, 6 * 1024 * 1024);
    if (!s.resultChunking) return 'n/a';
    if (server.sail) return (stats.chunkedBatches ?? 0) > 0 ? 'ok' : 'n/a';
    assert.ok((stats.chunkedBatches ?? 0) > 0, 'the row arrived in chunks');
    return 'ok';
  }, () => (session().resultChunking ? '' : 'the server predates result chunking (Spark 4.1)')));

  it('opens and closes a second session cleanly; it sees the tables (Sail: each session has its own catalog)', async () => {
    const other = await SparkConnectSession.connect(remote());
    if (server.sail) assert.equal(await other.catalog.tableExists(EVENTS), false);
    else assert.equal(Number((await (await other.sql(`SELECT count(*) AS n FROM ${EVENTS}`)).collect()).getChild('n')!.get(0)), EVENT_ROWS);
    await other.close();
  });
});
