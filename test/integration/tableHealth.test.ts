// Table Health against a real server: the figures match DESCRIBE DETAIL and a direct count of the files.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { computeTableHealth, DeltaTable, formatBytes } from '../../src/client';

describe('Table Health on a table of many small files', () => {
  const t = `${DB}.health_t`;
  after(async () => { await session().sql(`DROP TABLE IF EXISTS ${t}`); });
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
  });
});
