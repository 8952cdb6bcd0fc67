// The metrics a real server sends at the end of a query, as the plan tree Show Metrics of the Last Run draws.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { allOperators, DeltaTable, metricsPlan } from '../../src/client';

describe('the metrics of a run', () => {
  const t = `${DB}.run_metrics`;
  after(async () => { await session().sql(`DROP TABLE IF EXISTS ${t}`); });

  it('come as a tree of the physical operators whose scan counts the rows and files it read', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${t}`);
    await s.sql(`CREATE TABLE ${t} (id BIGINT, city STRING) USING delta`);
    await s.sql(`INSERT INTO ${t} SELECT id, CASE WHEN id % 3 = 0 THEN 'Lisbon' ELSE 'Oslo' END FROM range(0, 300)`);
    await s.sql(`INSERT INTO ${t} SELECT id, 'Kyoto' FROM range(300, 400)`);
    const result = (await s.sql(`SELECT city, COUNT(*) AS n FROM ${t} GROUP BY city`)).stream();
    const table = await result.toTable();
    assert.equal(table.numRows, 3);
    const section = metricsPlan(result.metrics);
    assert.ok(section, 'the server sent operator metrics at the end of the query');
    const ops = allOperators([section]);
    const scan = ops.find((o) => o.kind === 'scan');
    assert.ok(scan, `a scan among ${ops.map((o) => o.name).join(', ')}`);
    const metric = (name: string) => scan.attributes.find((a) => a.key === name)?.value;
    assert.equal(metric('number of output rows'), '400');
    assert.equal(metric('number of files read'), String((await DeltaTable.forName(s, t).detailRow()).numFiles), "DESCRIBE DETAIL's file count");
    assert.ok(ops.some((o) => o.kind === 'aggregate'), 'the aggregate is there too');
  });
});
