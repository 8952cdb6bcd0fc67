import assert from 'node:assert/strict';
import { allOperators, explainSql, parsePlanText } from '../../src/client';
import { DeltaTable } from '../../src/client/delta';
import { DB } from './fixtures';
import { session } from './hooks';

describe('Explain Plan of a statement', () => {
  const name = `${DB}.explained`;

  before(async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${name}`);
    await s.sql(`CREATE TABLE ${name} (id BIGINT, region STRING) USING delta PARTITIONED BY (region)`); // v0
    await s.sql(`INSERT INTO ${name} VALUES (1, 'eu'), (2, 'us'), (3, 'eu')`);                          // v1
  });

  it('explains DELETE, UPDATE and MERGE without writing a version or changing a row', async () => {
    const s = session();
    const [before] = await DeltaTable.forName(s, name).historyEntries(1);
    const statements = [
      `DELETE FROM ${name} WHERE id = 1`,
      `UPDATE ${name} SET id = id + 10 WHERE region = 'us'`,
      `MERGE INTO ${name} t USING (SELECT 3L AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE`,
    ];
    for (const statement of statements) {
      const text = await explainSql(s, statement);
      const operators = allOperators(parsePlanText(text));
      assert.ok(operators.some((o) => o.kind === 'command'), `${statement}:\n${text}`);
    }
    const [after] = await DeltaTable.forName(s, name).historyEntries(1);
    assert.equal(after.version, before.version, 'no version was written');
    assert.equal(await s.table(name).count(), 3n);
    assert.equal(await s.table(name).where('id > 3').count(), 0n);
  });

  it('explains a query as a tree with the scan and its partition filter', async () => {
    const text = await explainSql(session(), `SELECT id FROM ${name} WHERE region = 'eu' AND id > 1`);
    const scan = allOperators(parsePlanText(text)).find((o) => o.kind === 'scan');
    assert.ok(scan, text);
    assert.match(scan.attributes.find((a) => a.key === 'PartitionFilters')?.value ?? '', /region#\d+ = eu/);
    assert.match(scan.attributes.find((a) => a.key === 'PushedFilters')?.value ?? '', /GreaterThan\(id,1\)/);
  });
});
