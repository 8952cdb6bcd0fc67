import assert from 'node:assert/strict';
import { DeltaTable, diffRows, diffVersions } from '../../src/client/delta';
import { profileColumns, sparkline } from '../../src/client/profile';
import { DB } from './fixtures';
import { session } from './hooks';

describe('version diff', () => {
  it('counts added, removed and changed rows per key, schema changes, files and bytes between two versions', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${DB}.diffed`);
    await s.sql(`CREATE TABLE ${DB}.diffed (id INT, name STRING, v INT) USING delta`);                 // v0
    await s.sql(`INSERT INTO ${DB}.diffed SELECT id, concat('n', id), id FROM range(10)`);            // v1
    const t = DeltaTable.forName(s, `${DB}.diffed`);
    await t.delete('id < 2');                                                                           // v2: -0, -1
    await t.update({ v: 'v * 100' }, 'id IN (5, 6, 7)');                                                // v3: 3 changed
    await s.sql(`INSERT INTO ${DB}.diffed VALUES (20, 'n20', 20), (21, 'n21', 21), (22, 'n22', 22), (23, 'n23', 23)`); // v4
    await s.sql(`ALTER TABLE ${DB}.diffed ADD COLUMN extra STRING`);                                    // v5
    const d = await diffVersions(s, `${DB}.diffed`, 1n, 5n, ['id']);
    assert.equal(d.keysAdded, 4n);
    assert.equal(d.keysRemoved, 2n);
    assert.equal(d.keysChanged, 3n);
    assert.equal(d.rowsAdded, 7n, '4 new rows + 3 changed rows appear as new values');
    assert.equal(d.rowsRemoved, 5n, '2 deleted rows + 3 old values of the changed rows');
    assert.deepEqual(d.columnsAdded, ['extra']);
    assert.deepEqual(d.columnsRemoved, []);
    assert.ok(d.filesAdded > 0n && d.bytesAdded > 0n);
    const insertOnly = await diffVersions(s, `${DB}.diffed`, 3n, 4n);
    assert.ok(insertOnly.filesAdded > 0n && insertOnly.bytesAdded > 0n, 'an INSERT reports its bytes as numOutputBytes');
    assert.equal(insertOnly.rowsAdded, 4n);
    const rows = await (await diffRows(s, `${DB}.diffed`, 1n, 5n)).collect();
    assert.equal(rows.numRows, 12);
    const changes = rows.getChild('_change')!.toArray() as string[];
    assert.equal(changes.filter((c) => c === 'added').length, 7);
    const reverse = await diffVersions(s, `${DB}.diffed`, 5n, 1n, ['id']);
    assert.deepEqual([reverse.keysAdded, reverse.keysRemoved, reverse.columnsRemoved], [2n, 4n, ['extra']]);
  });

  it('runs several diffs at once on one session without mixing their versions', async () => {
    const s = session();
    for (const name of ['diff_a', 'diff_b']) {
      await s.sql(`DROP TABLE IF EXISTS ${DB}.${name}`);
      await s.sql(`CREATE TABLE ${DB}.${name} (id INT) USING delta`);                                 // v0
    }
    await s.sql(`INSERT INTO ${DB}.diff_a SELECT id FROM range(3)`);                                    // a v1: +3
    await s.sql(`INSERT INTO ${DB}.diff_b SELECT id FROM range(50)`);                                   // b v1: +50
    const [a, b, a2] = await Promise.all([
      diffVersions(s, `${DB}.diff_a`, 0n, 1n),
      diffVersions(s, `${DB}.diff_b`, 0n, 1n),
      diffVersions(s, `${DB}.diff_a`, 1n, 0n),
    ]);
    assert.deepEqual([a.rowsAdded, a.rowsRemoved], [3n, 0n]);
    assert.deepEqual([b.rowsAdded, b.rowsRemoved], [50n, 0n]);
    assert.deepEqual([a2.rowsAdded, a2.rowsRemoved], [0n, 3n]);
  });
});

describe('column profile', () => {
  it('profiles every column with one aggregate query', async () => {
    const s = session();
    const df = await s.sql("SELECT id, IF(id % 4 = 0, NULL, CAST(id % 3 AS STRING)) AS s, CAST(id AS DOUBLE) / 10 AS d FROM range(100)");
    const [id, str, dbl] = await profileColumns(df, [{ name: 'id', dataType: 'bigint' }, { name: 's', dataType: 'string' }, { name: 'd', dataType: 'double' }]);
    assert.equal(id.rows, 100n);
    assert.equal(id.nulls, 0n);
    assert.equal(id.min, '0');
    assert.equal(id.max, '99');
    assert.ok(id.distinctApprox !== undefined && id.distinctApprox >= 95n && id.distinctApprox <= 105n);
    assert.equal(id.histogram.length, 10);
    assert.equal(id.histogram.reduce((a, b) => a + b.y, 0), 100);
    assert.equal(str.nulls, 25n);
    assert.deepEqual(str.topValues.map((t) => t.value ?? 'SQL NULL').sort(), ['0', '1', '2', 'SQL NULL']);
    assert.equal(str.topValues.find((t) => t.value === null)?.count, 25n, 'the NULL group is null, not the string NULL');
    assert.equal(str.topValues.reduce((a, b) => a + b.count, 0n), 100n);
    assert.deepEqual(str.histogram, []);
    assert.equal(dbl.max, '9.9');
    assert.equal(sparkline([{ y: 0 }, { y: 5 }, { y: 10 }]), '▁▄█');
  });
});

describe('change data feed', () => {
  it('reads the changes between two versions of a table with change data feed on', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${DB}.cdf`);
    await s.sql(`CREATE TABLE ${DB}.cdf (id INT, v STRING) USING delta TBLPROPERTIES (delta.enableChangeDataFeed = true)`);
    await s.sql(`INSERT INTO ${DB}.cdf VALUES (1, 'a'), (2, 'b')`);
    await DeltaTable.forName(s, `${DB}.cdf`).update({ v: "'B'" }, 'id = 2');
    const changes = await DeltaTable.forName(s, `${DB}.cdf`).changes(1n, 2n).sort('_commit_version', 'id', '_change_type').collect();
    const types = changes.getChild('_change_type')!.toArray() as string[];
    assert.deepEqual(types, ['insert', 'insert', 'update_postimage', 'update_preimage']);
  });
});
