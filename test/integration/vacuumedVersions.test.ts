import assert from 'node:assert/strict';
import { explainMissingFile, isMissingDataFile, SparkConnectError } from '../../src/client/errors';
import { DeltaTable, vacuumedVersions, versionAt } from '../../src/client/delta';
import { DB } from './fixtures';
import { session } from './hooks';

const RETENTION_CHECK = 'spark.databricks.delta.retentionDurationCheck.enabled';

describe('versions whose files a VACUUM removed', () => {
  it('are exactly those the history rule marks, and reading one says it was vacuumed', async () => {
    const s = session();
    const name = `${DB}.vacuumed_versions`;
    await s.sql(`DROP TABLE IF EXISTS ${name}`);
    // Deletion vectors off: the DELETE rewrites its file, so the version before it loses its files too.
    await s.sql(`CREATE TABLE ${name} USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'false') AS SELECT id FROM range(10)`); // v0
    await s.sql(`INSERT INTO ${name} VALUES (100)`);                      // v1: appends, keeps v0's files
    await s.sql(`INSERT OVERWRITE ${name} SELECT id FROM range(20)`);     // v2: removes v0's and v1's files
    await s.sql(`DELETE FROM ${name} WHERE id < 3`);                      // v3: rewrites v2's file
    await s.sql(`INSERT INTO ${name} VALUES (200)`);                      // v4: appends
    await s.conf.set({ [RETENTION_CHECK]: 'false' });
    try {
      await s.sql(`VACUUM ${name} RETAIN 0 HOURS`);                       // v5 VACUUM START, v6 VACUUM END
    } finally {
      await s.conf.set({ [RETENTION_CHECK]: 'true' });
    }
    await s.sql(`INSERT OVERWRITE ${name} VALUES (7)`);                   // v7: after the VACUUM, removes files again

    const table = DeltaTable.forName(s, name);
    const entries = await table.historyEntries();
    assert.deepEqual(entries.map((e) => e.operation).slice(0, 3), ['WRITE', 'VACUUM END', 'VACUUM START']);
    const marks = vacuumedVersions(entries);

    const unreadable: bigint[] = [];
    for (const { version } of [...entries].reverse()) {
      const failure = await table.versionAsOf(version).collect().then(() => undefined, (e: unknown) => e);
      if (failure === undefined) continue;
      unreadable.push(version);
      assert.ok(isMissingDataFile(failure), `v${version}: ${String(failure)}`);
      const shown = explainMissingFile(failure, `version ${version} of ${name}`) as SparkConnectError;
      assert.match(shown.message, new RegExp(`The data files of version ${version} of .* were removed by VACUUM; read a later version \\(missing: part-.*\\.parquet\\)`));
    }
    assert.deepEqual(unreadable, [0n, 1n, 2n], 'VACUUM RETAIN 0 HOURS removed the files of v0-v2 only');
    assert.deepEqual([...marks.keys()].sort((a, b) => Number(a - b)), unreadable, 'the rule marks exactly the versions that cannot be read');
    assert.equal(marks.get(0n)?.vacuum.version, 5n);
    assert.equal(marks.get(0n)?.vacuum.retentionMillis, 0);
    assert.ok((marks.get(0n)?.vacuum.deletedFiles ?? 0) > 0);
    // Time travel by timestamp reads the version current at that time: the same version, the same mark.
    for (const e of entries) assert.equal(versionAt(entries, e.timestamp), e.version);
  });
});
