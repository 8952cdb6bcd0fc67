// Every Delta operation of the extension, through the public DeltaTable API: Delta Connect on a server with the
// plugin, the SQL dialect elsewhere. Each one is a cell of the server × Delta operation table.
import assert from 'node:assert/strict';
import { DeltaTable, StatementNotUnderstoodError } from '../../src/client/delta';
import { DB, EVENTS, feature, record, server, session } from './hooks';

const OPS = ['create', 'history', 'detail', 'time travel', 'delete', 'update', 'merge', 'optimize', 'vacuum', 'restore',
  'shallow clone', 'generate manifest', 'table features', 'convert to Delta'] as const;

describe(`matrix: ${server.id} Delta operations (${server.deltaConnect ? 'Delta Connect' : 'SQL'})`, function () {
  before(function () {
    if (server.delta !== 'none') return;
    for (const op of OPS) record(`delta: ${op}`, 'n/a', 'no Delta Lake on this server');
    this.skip();
  });

  const events = () => DeltaTable.forName(session(), EVENTS);
  // Sail, which is not Spark, parses only part of Delta's SQL: there an operation whose statement it does not know must
  // say so (the extension's "not available on this server"), and counts as unavailable, not as a failure.
  const op = (name: typeof OPS[number], check: () => Promise<void>) => it(name, () => {
    let why = '';
    return feature(`delta: ${name}`, async () => {
      try {
        await check();
      } catch (err) {
        if (!server.sail || !(err instanceof StatementNotUnderstoodError)) throw err;
        assert.match(err.message, /not available on this server/);
        why = err.refusal === 'syntax' ? `${err.keyword}: not in Sail's SQL` : `${err.keyword}: parsed, not implemented by Sail`;
        return 'unavailable';
      }
    }, () => why);
  });

  /**
   * Sail answers DML with the rows it wrote, not the rows affected, so the client reports no counts: checked on the
   * table itself instead.
   */
  async function sailCounts(metrics: { numAffectedRows?: bigint }, rowsAfter: number, query?: string, matching?: number): Promise<void> {
    assert.equal(metrics.numAffectedRows, undefined, 'no count is made up from the rows written');
    assert.equal(Number(await events().toDF().count()), rowsAfter);
    if (query) assert.equal(Number((await (await session().sql(query)).collect()).get(0)?.n), matching);
  }

  op('create', async () => {
    await DeltaTable.createOrReplace(session()).name(`${DB}.built`).addColumn({ name: 'id', type: 'BIGINT', nullable: false })
      .addColumn({ name: 'note', type: 'STRING' }).property('delta.appendOnly', 'false').execute();
    assert.ok(await session().catalog.tableExists(`${DB}.built`));
  });

  op('history', async () => {
    const history = await events().historyEntries();
    assert.ok(history.length >= 2, `CREATE and INSERT in the history (${history.length} versions)`);
    assert.equal(Number(history.at(-1)!.version), 0);
  });

  op('detail', async () => {
    const detail = await events().detailRow();
    assert.equal(String(detail.format).toLowerCase(), 'delta');
  });

  op('time travel', async () => {
    assert.equal(Number(await events().versionAsOf(0).count()), 0, 'version 0 is the empty table');
  });

  op('delete', async () => {
    const metrics = await events().delete('id >= 90');
    if (server.sail) return sailCounts(metrics, 90);
    assert.equal(Number(metrics.numAffectedRows), 10);
  });

  op('update', async () => {
    const metrics = await events().update({ amount: '0' }, 'id < 5');
    if (server.sail) return sailCounts(metrics, 90, 'SELECT count(*) AS n FROM dce_matrix.events WHERE id < 5 AND amount = 0', 5);
    assert.equal(Number(metrics.numAffectedRows), 5);
  });

  op('merge', async () => {
    const source = await session().sql('SELECT id, \'merged\' AS kind, 1.0D AS amount FROM range(85, 95)');
    const metrics = await events().alias('t').merge(source.alias('s'), 't.id = s.id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute();
    if (server.sail) return sailCounts(metrics, 95, "SELECT count(*) AS n FROM dce_matrix.events WHERE kind = 'merged'", 10);
    assert.equal(Number(metrics.numUpdatedRows), 5);
    assert.equal(Number(metrics.numInsertedRows), 5);
  });

  op('optimize', async () => {
    const result = await events().optimize().executeCompaction();
    assert.ok(result.metrics, 'metrics returned');
  });

  op('vacuum', async () => {
    const files = await events().vacuumDryRun();
    assert.ok(Array.isArray(files));
    await events().vacuum();
  });

  op('restore', async () => {
    await events().restoreToVersion(1);
    assert.equal(Number(await events().toDF().count()), 100, 'back to the 100 inserted rows');
  });

  op('shallow clone', async () => {
    await events().clone(`${DB}.events_clone`, { isShallow: true });
    assert.equal(Number(await DeltaTable.forName(session(), `${DB}.events_clone`).toDF().count()), 100);
  });

  op('generate manifest', async () => {
    await events().generate('symlink_format_manifest');
  });

  op('table features', async () => {
    await events().addFeatureSupport('deletionVectors');
    const detail = await events().detailRow();
    assert.equal(Number(detail.minWriterVersion), 7, 'table features need writer version 7');
  });

  op('convert to Delta', async () => {
    await session().sql(`CREATE TABLE ${DB}.plain (id BIGINT) USING parquet`);
    await session().sql(`INSERT INTO ${DB}.plain VALUES (1), (2)`);
    const converted = await DeltaTable.convertToDelta(session(), `${DB}.plain`);
    assert.equal(Number(await converted.toDF().count()), 2);
  });
});
