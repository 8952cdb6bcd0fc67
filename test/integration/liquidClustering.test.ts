import assert from 'node:assert/strict';
import { clusteringColumnNames, DeltaTable, deltaSupport, setClusteringColumns } from '../../src/client/delta';
import { SparkConnectSession } from '../../src/client/session';
import { DB } from './fixtures';
import { remote, session } from './hooks';

/** Creates a clustered table with the builder, changes its clustering, then stops it; reads DESCRIBE DETAIL after each. */
async function clusterScenario(s: SparkConnectSession, name: string): Promise<string[][]> {
  const seen: string[][] = [];
  const detail = async () => seen.push(clusteringColumnNames((await DeltaTable.forName(s, name).detailRow()).clusteringColumns));
  await s.sql(`DROP TABLE IF EXISTS ${name}`);
  await DeltaTable.create(s).name(name).addColumn({ name: 'id', type: 'BIGINT' }).addColumn({ name: 'event-day', type: 'DATE' }).clusterBy('id').execute();
  await detail();
  await s.sql(`INSERT INTO ${name} VALUES (2, DATE'2026-01-02'), (1, DATE'2026-01-01')`);
  await setClusteringColumns(s, name, ['event-day', 'id']);
  await detail();
  await setClusteringColumns(s, name, []);
  await detail();
  assert.equal(await s.table(name).count(), 2n, 'changing the clustering keeps the rows');
  return seen;
}

describe('liquid clustering', () => {
  const expected = [['id'], ['event-day', 'id'], []];

  it('creates a clustered table, changes its columns and stops clustering (this server\'s dialect)', async () => {
    assert.deepEqual(await clusterScenario(session(), `${DB}.clustered`), expected);
  });

  it('does the same over SQL statements', async () => {
    const overSql = await SparkConnectSession.connect(remote());
    try {
      await deltaSupport(overSql, 'sql');
      assert.deepEqual(await clusterScenario(overSql, `${DB}.clustered_sql`), expected);
    } finally {
      await overSql.close();
    }
  });

  it('reclusters all data with OPTIMIZE FULL, and a table without clustering columns is refused, writing nothing', async () => {
    const s = session();
    const name = `${DB}.clustered_full`;
    await s.sql(`CREATE OR REPLACE TABLE ${name} (id BIGINT, c STRING) USING delta CLUSTER BY (id)`);
    for (let i = 0; i < 3; i++) await s.sql(`INSERT INTO ${name} SELECT id, 'x' FROM range(${i * 100}, ${i * 100 + 100})`);
    const table = DeltaTable.forName(s, name);
    const before = (await table.detailRow()).numFiles;
    const result = await table.optimize().executeFull();
    const metrics = result.metrics as { numFilesRemoved?: number | bigint };
    assert.equal(Number(metrics.numFilesRemoved), Number(before), 'FULL rewrites every file');
    const after = Number((await table.detailRow()).numFiles);
    assert.ok(after >= 1 && after < Number(before), `${before} files before, ${after} after`);
    assert.equal(await s.table(name).count(), 300n);

    const plain = `${DB}.unclustered_full`;
    await s.sql(`CREATE OR REPLACE TABLE ${plain} (id BIGINT) USING delta`);
    const version = (await DeltaTable.forName(s, plain).historyEntries(1))[0].version;
    await assert.rejects(DeltaTable.forName(s, plain).optimize().executeFull(), /DELTA_OPTIMIZE_FULL_NOT_SUPPORTED|only supported for clustered tables/);
    assert.equal((await DeltaTable.forName(s, plain).historyEntries(1))[0].version, version);
  });

  it('refuses a clustering column the table does not have, changing nothing', async () => {
    const s = session();
    const name = `${DB}.clustered`;
    await setClusteringColumns(s, name, ['id']);
    await assert.rejects(setClusteringColumns(s, name, ['nope']));
    assert.deepEqual((await DeltaTable.forName(s, name).detailRow()).clusteringColumns, ['id']);
  });
});
