// What the .sql editor shows for a statement, against the real server: where its error is in the file, and what a
// DDL or DML statement did.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { SparkConnectError } from '../../src/client';
import { scriptRange, sparkErrorPosition, shortErrorLine } from '../../src/sql/sqlErrors';
import { statementRanges } from '../../src/sql/sqlText';
import { writeCounts, writeOutcome, writeStatement } from '../../src/sql/sqlOutcome';

async function failure(sql: string): Promise<SparkConnectError> {
  try {
    await session().sql(sql);
  } catch (err) {
    assert.ok(err instanceof SparkConnectError);
    return err;
  }
  throw new Error(`${sql} did not fail`);
}

describe('SQL editor: errors at their place in the file', () => {
  const script = `-- a header comment\nSELECT 1 AS one;\n\nSELECT id,\n  nope FROM ${DB}.events;\nSELECT * FORM ${DB}.events;\n`;
  const [, second, third] = statementRanges(script, { blankLines: true });
  it("an analysis error's position, plus the statement's offset, is the unknown column in the file", async () => {
    const err = await failure(second.text);
    const [from, to] = scriptRange(script, second.start, second.end, sparkErrorPosition(err.serverMessage));
    assert.equal(script.slice(from, to), 'nope');
    assert.equal(script.slice(0, from).split('\n').length, 5, 'line 5 of the file');
    assert.equal(shortErrorLine(err, err.serverMessage).match(/42703/g)?.length, 1);
  });
  it("a parse error's position is the token Spark marks", async () => {
    const err = await failure(third.text);
    const [from, to] = scriptRange(script, third.start, third.end, sparkErrorPosition(err.serverMessage));
    assert.equal(err.errorClass, 'PARSE_SYNTAX_ERROR');
    assert.equal(script.slice(0, from).split('\n').length, 6);
    assert.ok(to > from && `${DB}.events`.startsWith(script.slice(from, to)), script.slice(from, to));
    assert.doesNotMatch(shortErrorLine(err, err.serverMessage), /\n|== SQL|\^/);
  });
});

describe('SQL editor: what DDL and DML did', () => {
  const t = `${DB}.outcome_t`;
  const run = async (sql: string) => {
    const w = writeStatement(sql)!;
    return writeOutcome(w, await writeCounts(session(), await session().sql(sql), w));
  };
  after(async () => { await session().sql(`DROP TABLE IF EXISTS ${t}`); });
  it('reports created, inserted, updated, deleted, merged, altered and dropped with the counts the server gave', async () => {
    await session().sql(`DROP TABLE IF EXISTS ${t}`);
    assert.equal(await run(`CREATE TABLE ${t} (id INT, v STRING) USING delta`), `Created table ${t}.`);
    assert.equal(await run(`INSERT INTO ${t} SELECT id, 'x' FROM range(7)`), `Inserted 7 rows into ${t}.`);
    assert.equal(await run(`UPDATE ${t} SET v = 'y' WHERE id < 3`), `Updated 3 rows of ${t}.`);
    assert.equal(await run(`DELETE FROM ${t} WHERE id = 6`), `Deleted 1 row from ${t}.`);
    assert.equal(await run(`MERGE INTO ${t} d USING (SELECT 1 AS id, 'm' AS v UNION ALL SELECT 10, 'n') s ON d.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *`),
      `Merged into ${t}: 2 rows affected (1 updated, 0 deleted, 1 inserted).`);
    assert.equal(await run(`ALTER TABLE ${t} SET TBLPROPERTIES ('a' = 'b')`), `Altered table ${t}.`);
    assert.equal(await run(`DROP TABLE ${t}`), `Dropped table ${t} (if it existed).`);
  });
});
