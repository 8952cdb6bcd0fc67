// Values a person reads after an Optimize, before a Vacuum, in a profile and in a change data feed.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { DeltaTable, profileColumns, relativeToTable } from '../../src/client';

describe('maintenance values', () => {
  const t = `${DB}.values_t`;
  after(async () => { await session().sql(`DROP TABLE IF EXISTS ${t}`); });
  it('an Optimize with nothing to compact writes no version (the command then says it compacted nothing)', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${t}`);
    await s.sql(`CREATE TABLE ${t} (id BIGINT) USING delta`);
    await s.sql(`INSERT INTO ${t} SELECT id FROM range(10)`);
    await s.sql(`INSERT INTO ${t} SELECT id FROM range(10, 20)`);
    const table = DeltaTable.forName(s, t);
    await table.optimize().executeCompaction();
    const before = (await table.historyEntries(1))[0].version;
    const again = await table.optimize().executeCompaction();
    assert.equal((await table.historyEntries(1))[0].version, before, 'no new version');
    assert.equal(Number((again.metrics as Record<string, unknown>).numFilesRemoved ?? 0), 0);
  });
  it("a Vacuum dry run's files add up to their bytes on disk, and paths are shown relative to the table", async () => {
    const s = session();
    const table = DeltaTable.forName(s, t);
    await s.conf.set({ 'spark.databricks.delta.retentionDurationCheck.enabled': 'false' });
    try {
      const dry = await table.vacuumDryRunSummary(0);
      assert.ok(dry.files >= 2, `${dry.files} files`);
      const { location } = await table.detailRow();
      const bytes = await dry.totalBytes(location);
      assert.ok(bytes !== undefined && bytes > 100 * dry.files, `${bytes} bytes for ${dry.files} files`);
      for (const path of dry.sample) assert.match(relativeToTable(path, location), /^part-[^/]+\.parquet$/);
    } finally {
      await s.conf.unset(['spark.databricks.delta.retentionDurationCheck.enabled']);
    }
  });
  it('a distinct estimate is never above the number of values', async () => {
    for (const n of [588, 1000, 5000]) {
      const [p] = await profileColumns(session().range(0, n).select('id'), [{ name: 'id', dataType: 'bigint' }]);
      assert.ok(p.distinctApprox! <= BigInt(n), `≈${p.distinctApprox} for ${n} rows`);
    }
  });
});
