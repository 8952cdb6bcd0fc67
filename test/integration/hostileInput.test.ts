import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable, sqlPathTable } from '../../src/client/delta';
import { SparkConnectError } from '../../src/client/errors';
import { quoteIdentifier, quoteName } from '../../src/client/expressions';
import { DB } from './fixtures';
import { session } from './hooks';

const CRAFTED = [
  'x`; DROP TABLE dce_it.victim; --',
  "it's \"quoted\"",
  'dots.in.name',
  'spaces and tabs',
  'ünïcødé 表',
  "'); DELETE FROM dce_it.victim; --",
];

describe('hostile names and expressions', () => {
  before(async () => {
    await session().sql(`CREATE TABLE IF NOT EXISTS ${DB}.victim (id INT) USING delta`);
    await session().sql(`INSERT INTO ${DB}.victim VALUES (1), (2)`);
  });

  async function victimRows(): Promise<bigint> {
    return session().table(`${DB}.victim`).count();
  }

  for (const name of CRAFTED) {
    it(`keeps ${JSON.stringify(name)} one identifier: as a table path, as a column, as a table name`, async () => {
      const s = session();
      const before = await victimRows();
      // A path table: SQL is built for it (VACUUM … DRY RUN), time travel reads it by path.
      // Backticks stay out of the folder name: Delta's own builder puts a location into SQL text unescaped and fails
      // (safely, with PARSE_SYNTAX_ERROR). Our quoting of backticks is exercised by the column and table names.
      const dir = join(mkdtempSync(join(tmpdir(), 'hostile-')), name.replace(/`/g, '_'));
      await DeltaTable.create(s).location(dir).property('delta.columnMapping.mode', 'name')
        .addColumn({ name, type: 'INT' }).addColumn({ name: 'id', type: 'INT' }).execute();
      const t = DeltaTable.forPath(s, dir);
      await t.toDF().createOrReplaceTempView('hostile_v');
      await s.sql(`INSERT INTO ${sqlPathTable(dir)} VALUES (7, 1)`);
      assert.deepEqual(await t.vacuumDryRun(), []);
      await t.update({ [quoteIdentifier(name)]: `${quoteIdentifier(name)} + 1` }, 'id = 1');
      assert.equal(await t.toDF().filter(`${quoteIdentifier(name)} = 8`).count(), 1n);
      assert.equal(await t.versionAsOf(1).filter(`${quoteIdentifier(name)} = 7`).count(), 1n);
      const columns = await s.catalog.listColumns('hostile_v');
      assert.equal(columns[0].name, name);
      // As a catalog table name the metastore refuses it: a clean error, never a second statement.
      const refused = await DeltaTable.create(s).name(quoteName([DB, name])).addColumn({ name: 'c', type: 'INT' }).execute().catch((e) => e);
      assert.ok(refused instanceof SparkConnectError, String(refused));
      assert.equal(await victimRows(), before, 'no second statement ran');
    });
  }

  it('reports a malformed condition typed by a user with its Spark error class', async () => {
    const t = DeltaTable.forName(session(), `${DB}.victim`);
    const err = await t.delete('id <<< 3 OR').catch((e) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.errorClass, 'PARSE_SYNTAX_ERROR');
    const unknownColumn = await t.update({ id: 'nope + 1' }).catch((e) => e);
    assert.ok(unknownColumn instanceof SparkConnectError);
    assert.match(unknownColumn.errorClass ?? '', /UNRESOLVED_COLUMN/);
    assert.equal(await victimRows(), 2n, 'failed mutations changed nothing');
  });

  it('sends a condition as an expression, so a crafted condition cannot end the statement', async () => {
    const t = DeltaTable.forName(session(), `${DB}.victim`);
    const err = await t.delete(`id = 99; DROP TABLE ${DB}.victim`).catch((e) => e);
    assert.ok(err instanceof SparkConnectError);
    assert.equal(await victimRows(), 2n);
  });
});
