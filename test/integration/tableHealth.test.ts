// Table Health against a real server: the figures match DESCRIBE DETAIL and a direct count of the files, whether they
// come from the latest checksum file or from a scan; the log's commits and checkpoint are counted.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { computeTableHealth, DeltaTable, formatBytes } from '../../src/client';

describe('Table Health on a table of many small files', () => {
  const t = `${DB}.health_t`;
  const flat = `${DB}.health_flat`;
  after(async () => {
    await session().sql(`DROP TABLE IF EXISTS ${t}`);
    await session().sql(`DROP TABLE IF EXISTS ${flat}`);
  });
  it('counts files, bytes and small files as DESCRIBE DETAIL and a direct count do, and finds the skewed partition', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${t}`);
    await s.sql(`CREATE TABLE ${t} (id BIGINT, p INT) USING delta PARTITIONED BY (p)`);
    for (let i = 0; i < 12; i++) await s.sql(`INSERT INTO ${t} VALUES (${i}, 0)`);
    await s.sql(`INSERT INTO ${t} VALUES (100, 1)`);
    await s.sql(`INSERT INTO ${t} VALUES (200, 2)`);
    const table = DeltaTable.forName(s, t);
    const h = await computeTableHealth(s, table, t, formatBytes);
    const detail = await table.detailRow();
    assert.equal(h.scannedFiles, Number(detail.numFiles));
    assert.equal(h.scannedBytes, Number(detail.sizeInBytes));
    const direct = (await (await s.sql(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT input_file_name() AS f FROM ${t} WHERE p = 0)`)).collect()).getChildAt(0)?.get(0);
    assert.equal(h.partitions.find((p) => p.partition === 'p=0')?.files, Number(direct));
    assert.equal(h.smallFiles, h.scannedFiles, 'every file is far below a quarter of 128 MiB');
    assert.equal(h.buckets[0].files, h.scannedFiles);
    assert.deepEqual(h.skew?.skewed, ['p=0']);
    const optimize = h.findings.find((f) => f.fix?.kind === 'optimize');
    assert.deepEqual(optimize?.fix, { kind: 'optimize', partitionFilter: "(`p` = '0')" });
    assert.ok(h.findings.some((f) => f.fix?.kind === 'vacuum'), 'never vacuumed');
    assert.equal(h.lastOptimize, undefined);
    assert.equal(h.figures.find((f) => f.name === 'Files')?.source, 'DESCRIBE DETAIL');
    assert.equal(h.fileSource, 'file scan (_metadata)', 'a partitioned table is scanned: its skew needs the files of each partition');
    // 15 commits (versions 0–14); Delta checkpoints every 10 by default, so version 10 is the last checkpoint.
    assert.equal(h.log?.commitFiles, 15);
    assert.equal(h.log?.lastCheckpoint, 10n);
    assert.ok((h.log?.checkpointFiles ?? 0) >= 1);
    assert.equal(h.commitsSinceCheckpoint, 4);
    assert.equal(h.checksum?.version, 14n);
    assert.equal(h.checksum?.numFiles, Number(detail.numFiles), "the checksum's count is DESCRIBE DETAIL's");
  });

  it('shows the Z-order columns of the latest OPTIMIZE … ZORDER BY, read from the history', async () => {
    const s = session();
    const table = DeltaTable.forName(s, t);
    const before = await computeTableHealth(s, table, t, formatBytes);
    assert.equal(before.figures.find((f) => f.name === 'Z-order columns')?.value, 'none in history');
    await s.sql(`OPTIMIZE ${t} ZORDER BY (id)`);
    const h = await computeTableHealth(s, table, t, formatBytes);
    const latest = (await table.historyEntries(1))[0];
    assert.deepEqual(h.zOrder?.columns, ['id']);
    assert.equal(h.zOrder?.version, latest.version);
    assert.deepEqual(h.lastOptimize, latest.timestamp);
    assert.match(h.figures.find((f) => f.name === 'Z-order columns')?.value ?? '', new RegExp(`^id \\(OPTIMIZE ZORDER BY of version ${latest.version}, `));
  });

  it("takes files, bytes and the size histogram of an unpartitioned table from the latest checksum file, without a scan", async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${flat}`);
    await s.sql(`CREATE TABLE ${flat} (id BIGINT, label STRING) USING delta`);
    for (let i = 0; i < 5; i++) await s.sql(`INSERT INTO ${flat} SELECT id, repeat('x', ${i * 50}) FROM range(${i * 100}, ${i * 100 + 100})`);
    const table = DeltaTable.forName(s, flat);
    const h = await computeTableHealth(s, table, flat, formatBytes);
    const detail = await table.detailRow();
    const direct = (await (await s.sql(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT input_file_name() AS f FROM ${flat})`)).collect()).getChildAt(0)?.get(0);
    assert.equal(h.fileSource, 'checksum file (.crc)');
    assert.equal(h.checksum?.version, 5n);
    assert.equal(h.scannedFiles, Number(detail.numFiles));
    assert.equal(h.scannedFiles, Number(direct));
    assert.equal(h.scannedBytes, Number(detail.sizeInBytes));
    assert.equal(h.buckets.reduce((n, b) => n + b.files, 0), h.scannedFiles, 'every file is in one bucket');
    assert.equal(h.buckets[0].files, h.scannedFiles, 'every file is far below 8 MiB');
    assert.equal(h.histogramExact, true);
    assert.match(h.figures.find((f) => f.name.startsWith('Files (checksum'))?.name ?? '', /version 5/);
    assert.equal(h.log?.commitFiles, 6);
    assert.equal(h.log?.lastCheckpoint, undefined, 'six commits: no checkpoint yet');
    assert.equal(h.commitsSinceCheckpoint, 5, 'estimated from the version when no checkpoint exists');
  });

  it('scans the files when Delta wrote no checksum file for the latest version', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${flat}`);
    await s.sql('SET spark.databricks.delta.writeChecksumFile.enabled = false');
    try {
      await s.sql(`CREATE TABLE ${flat} (id BIGINT) USING delta`);
      for (let i = 0; i < 3; i++) await s.sql(`INSERT INTO ${flat} VALUES (${i})`);
    } finally {
      await s.sql('SET spark.databricks.delta.writeChecksumFile.enabled = true');
    }
    const table = DeltaTable.forName(s, flat);
    const h = await computeTableHealth(s, table, flat, formatBytes);
    assert.equal(h.checksum, undefined);
    assert.equal(h.fileSource, 'file scan (_metadata)');
    assert.equal(h.scannedFiles, Number((await table.detailRow()).numFiles));
  });
});
