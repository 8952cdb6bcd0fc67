import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable } from '../../src/client/delta';
import { SparkConnectError } from '../../src/client/errors';
import type { SparkConnectSession } from '../../src/client/session';
import { DB } from './fixtures';
import { session } from './hooks';

/** A fresh Delta table with ids 0..n-1 in `n` rows, split over `files` files, with a partition column. */
async function freshTable(name: string, n = 100, files = 4): Promise<DeltaTable> {
  const s = session();
  await s.sql(`DROP TABLE IF EXISTS ${DB}.${name}`);
  await s.sql(`CREATE TABLE ${DB}.${name} (id BIGINT, grp STRING, v INT) USING delta PARTITIONED BY (grp)`);
  await s.sql(`INSERT INTO ${DB}.${name} SELECT /*+ REPARTITION(${files}) */ id, IF(id % 2 = 0, 'even', 'odd'), CAST(id AS INT) FROM range(${n})`);
  return DeltaTable.forName(s, `${DB}.${name}`);
}

async function count(t: DeltaTable, where?: string): Promise<bigint> {
  const df = t.toDF();
  return (where ? df.filter(where) : df).count();
}

async function ops(t: DeltaTable): Promise<string[]> {
  return (await t.historyEntries()).map((h) => h.operation);
}

describe('DeltaTable: identity and reads', () => {
  it('forName and forPath read the same rows; toDF, alias and time travel work', async () => {
    const t = await freshTable('ident');
    const location = (await t.detailRow()).location;
    const byPath = DeltaTable.forPath(session(), location);
    assert.equal(await count(byPath), 100n);
    await t.delete('id >= 50');
    assert.equal(await count(t), 50n);
    assert.equal(await t.versionAsOf(1).count(), 100n);
    assert.equal(await byPath.versionAsOf(1).count(), 100n);
    const aliased = await t.alias('t').toDF().filter('t.id < 5').count();
    assert.equal(aliased, 5n);
  });

  it('tells Delta paths from other paths', async () => {
    const t = await freshTable('isdelta', 10);
    assert.equal(await DeltaTable.isDeltaTable(session(), (await t.detailRow()).location), true);
    assert.equal(await DeltaTable.isDeltaTable(session(), mkdtempSync(join(tmpdir(), 'not-delta-'))), false);
  });

  it('history and detail come back as typed rows', async () => {
    const t = await freshTable('hist', 10);
    await t.update({ v: 'v + 1' }, 'id = 1');
    const history = await t.historyEntries();
    assert.deepEqual(history.map((h) => [h.version, h.operation]), [[2n, 'UPDATE'], [1n, 'WRITE'], [0n, 'CREATE TABLE']]);
    assert.ok(history[0].timestamp instanceof Date);
    assert.equal(history[0].operationMetrics.numUpdatedRows, '1');
    assert.equal((await t.historyEntries(1)).length, 1);
    const detail = await t.detailRow();
    assert.equal(detail.format, 'delta');
    assert.deepEqual(detail.partitionColumns, ['grp']);
    assert.ok(detail.numFiles > 0n);
    assert.ok(detail.minReaderVersion >= 1);
  });

  it('reports Delta errors with their error class', async () => {
    const err = await DeltaTable.forPath(session(), mkdtempSync(join(tmpdir(), 'empty-'))).detailRow().catch((e) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.match(err.errorClass ?? '', /^DELTA_/);
    const t = await freshTable('badversion', 5);
    const restore = await t.restoreToVersion(42).catch((e) => e);
    assert.ok(restore instanceof SparkConnectError);
    assert.match(restore.errorClass ?? '', /^DELTA_/);
  });
});

describe('DeltaTable: mutations', () => {
  it('delete(condition) removes exactly the matching rows, once', async () => {
    const t = await freshTable('del');
    const m = await t.delete('id < 10');
    assert.equal(m.numAffectedRows, 10n);
    assert.equal(await count(t), 90n);
    assert.deepEqual((await ops(t))[0], 'DELETE');
    assert.equal((await ops(t)).filter((o) => o === 'DELETE').length, 1, 'sent exactly once');
  });

  it('update(set, condition) changes exactly the matching rows', async () => {
    const t = await freshTable('upd');
    const m = await t.update({ v: 'v * 10', grp: "'changed'" }, 'id BETWEEN 5 AND 9');
    assert.equal(m.numAffectedRows, 5n);
    assert.equal(await count(t, "grp = 'changed' AND v = id * 10"), 5n);
    assert.equal((await ops(t))[0], 'UPDATE');
  });

  it('merge runs every clause kind and reports the counts', async () => {
    const s = session();
    const t = await freshTable('mrg', 10);
    // source: ids 5..14; id 5 deleted, 6..9 updated, 10..14 inserted; target rows 0..4 unmatched by source.
    const src = await s.sql("SELECT id, IF(id % 2 = 0, 'even', 'odd') AS grp, CAST(id * 100 AS INT) AS v FROM range(5, 15)");
    const m = await t.alias('t').merge(src.alias('s'), 't.id = s.id')
      .whenMatchedDelete('s.id = 5')
      .whenMatchedUpdate({ v: 's.v' }, 's.id = 6')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsert({ id: 's.id', grp: 's.grp', v: '-1' }, 's.id = 10')
      .whenNotMatchedInsertAll()
      .whenNotMatchedBySourceUpdate({ v: '0' }, 't.id = 0')
      .whenNotMatchedBySourceDelete('t.id = 1')
      .execute();
    assert.deepEqual([m.numDeletedRows, m.numUpdatedRows, m.numInsertedRows], [2n, 5n, 5n]);
    assert.equal(m.numAffectedRows, 12n);
    const rows = await t.toDF().sort('id').collect();
    const ids = Array.from(rows.getChild('id')!.toArray() as BigInt64Array).map(Number);
    assert.deepEqual(ids, [0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const v = (id: number) => rows.getChild('v')!.get(ids.indexOf(id));
    assert.deepEqual([v(0), v(6), v(7), v(10), v(11), v(2)], [0, 600, 700, -1, 1100, 2]);
    assert.equal((await ops(t))[0], 'MERGE');
  });

  it('restoreToVersion brings back the rows of that version', async () => {
    const t = await freshTable('rst');
    await t.delete('id < 50');
    await t.update({ v: '0' });
    const m = await t.restoreToVersion(1);
    assert.ok(m.numRestoredFiles >= 0n && m.tableSizeAfterRestore > 0n);
    assert.equal(await count(t), 100n);
    assert.equal(await count(t, 'v = id'), 100n);
    assert.equal((await ops(t))[0], 'RESTORE');
  });

  it('restoreToTimestamp restores by time', async () => {
    const t = await freshTable('rst_ts', 20);
    const [v1] = await t.historyEntries(1);
    await new Promise((r) => setTimeout(r, 1100));
    await t.delete();
    assert.equal(await count(t), 0n);
    const ts = new Date(v1.timestamp.getTime() + 500).toISOString().replace('T', ' ').replace('Z', '');
    await t.restoreToTimestamp(ts);
    assert.equal(await count(t), 20n);
  });
});

describe('DeltaTable: maintenance', () => {
  it('optimize compacts files and reports metrics; Z-order and partition filters work', async () => {
    const t = await freshTable('opt', 1000, 8);
    const before = (await t.detailRow()).numFiles;
    const res = await t.optimize().executeCompaction();
    const metrics = res.metrics as { numFilesAdded: bigint; numFilesRemoved: bigint };
    assert.ok(Number(metrics.numFilesRemoved) > Number(metrics.numFilesAdded));
    assert.ok((await t.detailRow()).numFiles < before);
    assert.equal((await ops(t))[0], 'OPTIMIZE');
    await session().sql(`INSERT INTO ${DB}.opt SELECT /*+ REPARTITION(4) */ id, 'odd', 1 FROM range(1000, 1100)`);
    const z = await t.optimize().where("grp = 'odd'").executeZOrderBy(['v']);
    assert.ok(z.path.length > 0);
    assert.equal(await count(t), 1100n);
  });

  it('vacuum removes exactly the files its dry run listed', async () => {
    const s = session();
    const t = await freshTable('vac', 200, 4);
    await t.delete('id < 100');
    await t.optimize().executeCompaction();
    await s.conf.set({ 'spark.databricks.delta.retentionDurationCheck.enabled': 'false' });
    try {
      const dry = await t.vacuumDryRun(0);
      assert.ok(dry.length > 0, 'there are unreferenced files');
      await t.vacuum(0);
      assert.deepEqual(await t.vacuumDryRun(0), [], 'nothing left to delete');
      const history = await ops(t);
      assert.ok(history.includes('VACUUM END'), history.join(','));
      const vacuumEnd = (await t.historyEntries()).find((h) => h.operation === 'VACUUM END');
      assert.equal(vacuumEnd?.operationMetrics.numDeletedFiles, String(dry.length));
    } finally {
      await s.conf.unset(['spark.databricks.delta.retentionDurationCheck.enabled']);
    }
    assert.equal(await count(t), 100n);
  });

  it("keeps Delta's retention check on by default", async () => {
    const t = await freshTable('vac_check', 10);
    const err = await t.vacuum(0).catch((e) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.match(`${err.errorClass} ${err.message}`, /DELTA_VACUUM_RETENTION|retention/i);
  });

  it('clones shallowly, at a version, and with replace', async () => {
    const t = await freshTable('cln_src', 30);
    await t.delete('id >= 10');
    const clone = await t.clone(`${DB}.cln_v1`, { version: 1, isShallow: true });
    assert.equal(await count(clone), 30n);
    assert.match((await ops(clone))[0], /CLONE/);
    // Open-source Delta replaces only an empty destination (DELTA_UNSUPPORTED_NON_EMPTY_CLONE otherwise).
    const target = await freshTable('cln_dst', 5);
    await target.delete();
    const refused = await t.clone(`${DB}.cln_dst`).catch((e) => e);
    assert.ok(refused instanceof SparkConnectError, 'without replace an existing destination is refused');
    const replaced = await t.clone(`${DB}.cln_dst`, { replace: true, properties: { 'delta.appendOnly': 'false' } });
    assert.equal(await count(replaced), 10n, 'replace put the latest version in place');
    assert.equal((await replaced.detailRow()).properties['delta.appendOnly'], 'false');
  });

  it('converts a Parquet directory to Delta, with a partition schema', async () => {
    const s = session();
    const dir = join(mkdtempSync(join(tmpdir(), 'pq-')), 'data');
    await s.sql(`CREATE TABLE ${DB}.pq_src USING parquet PARTITIONED BY (p) LOCATION '${dir}' AS SELECT id, CAST(id % 3 AS INT) AS p FROM range(30)`);
    const converted = await DeltaTable.convertToDelta(s, `parquet.\`${dir}\``, 'p INT');
    assert.equal(await DeltaTable.isDeltaTable(s, dir), true);
    assert.equal(await count(converted), 30n);
    assert.deepEqual((await converted.detailRow()).partitionColumns, ['p']);
  });

  it('generates a symlink manifest', async () => {
    const t = await freshTable('gen', 10);
    await t.generate('symlink_format_manifest');
    const location = (await t.detailRow()).location;
    const files = await (await session().sql(`SELECT * FROM text.\`${location}/_symlink_format_manifest\``)).count();
    assert.ok(files > 0n);
  });

  it('upgrades the protocol and adds / drops table features', async () => {
    const t = await freshTable('proto', 5);
    await t.upgradeTableProtocol(1, 3);
    let d = await t.detailRow();
    assert.ok(d.minWriterVersion >= 3);
    await t.addFeatureSupport('deletionVectors');
    d = await t.detailRow();
    assert.ok(d.tableFeatures.includes('deletionVectors'), d.tableFeatures.join(','));
    if (process.env.DCE_DEPLOYMENT === 'standalone-cluster') {
      // Delta 4.4 checks the table's files for the drop in tasks that ask for the active Spark session, which only
      // the driver's JVM has (ReorgTableHelper.filterParquetFilesOnExecutors): on executors of a cluster it fails.
      await assert.rejects(t.dropFeatureSupport('deletionVectors'), /No active or default Spark session/);
      return;
    }
    await t.dropFeatureSupport('deletionVectors');
    d = await t.detailRow();
    assert.ok(!d.tableFeatures.includes('deletionVectors'), d.tableFeatures.join(','));
  });
});

describe('DeltaTable: builders', () => {
  async function describe(s: SparkConnectSession, name: string) {
    const cols = await s.catalog.listColumns(name);
    return cols.map((c) => `${c.name}:${c.dataType}:${c.nullable}`);
  }

  it('creates a table with types, nullability, comments, generated columns, partitioning, properties', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${DB}.built`);
    await DeltaTable.create(s).name(`${DB}.built`)
      .addColumn({ name: 'id', type: 'BIGINT', nullable: false, comment: 'key' })
      .addColumn({ name: 'ts', type: 'TIMESTAMP' })
      .addColumn({ name: 'day', type: 'DATE', generatedAlwaysAs: 'CAST(ts AS DATE)' })
      .addColumn({ name: 'amount', type: 'DECIMAL(10,2)' })
      .partitionedBy('day').property('delta.appendOnly', 'false').comment('built by the test').execute();
    assert.deepEqual(await describe(s, `${DB}.built`), ['id:bigint:false', 'ts:timestamp:true', 'day:date:true', 'amount:decimal(10,2):true']);
    const detail = await DeltaTable.forName(s, `${DB}.built`).detailRow();
    assert.deepEqual(detail.partitionColumns, ['day']);
    assert.equal(detail.description, 'built by the test');
    await s.sql(`INSERT INTO ${DB}.built (id, ts, amount) VALUES (1, TIMESTAMP'2024-05-06 07:08:09', 1.50)`);
    const row = await (await s.sql(`SELECT CAST(day AS STRING) AS d FROM ${DB}.built`)).collect();
    assert.equal(row.getChild('d')!.get(0), '2024-05-06', 'generated column computed');
    await assert.rejects(DeltaTable.create(s).name(`${DB}.built`).addColumn({ name: 'x', type: 'INT' }).execute(), SparkConnectError);
    await DeltaTable.createIfNotExists(s).name(`${DB}.built`).addColumn({ name: 'x', type: 'INT' }).execute();
    assert.equal((await describe(s, `${DB}.built`)).length, 4, 'createIfNotExists left it alone');
  });

  it('replaces and create-or-replaces, with clustering', async () => {
    const s = session();
    await DeltaTable.createOrReplace(s).name(`${DB}.built2`).addColumn({ name: 'a', type: 'INT' }).execute();
    await DeltaTable.replace(s).name(`${DB}.built2`).addColumn({ name: 'b', type: 'STRING' }).addColumn({ name: 'c', type: 'INT' }).clusterBy('c').execute();
    assert.deepEqual(await describe(s, `${DB}.built2`), ['b:string:true', 'c:int:true']);
    assert.deepEqual((await DeltaTable.forName(s, `${DB}.built2`).detailRow()).clusteringColumns, ['c']);
    assert.match((await ops(DeltaTable.forName(s, `${DB}.built2`)))[0], /REPLACE/);
  });

  it('creates a table at a location only', async () => {
    const s = session();
    const dir = join(mkdtempSync(join(tmpdir(), 'loc-')), 't');
    await DeltaTable.create(s).location(dir).addColumn({ name: 'x', type: 'INT' }).execute();
    assert.equal(await DeltaTable.isDeltaTable(s, dir), true);
  });
});
