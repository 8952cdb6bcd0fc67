// The checks the Delete, Update and Merge dialogs run before their confirm dialog (src/sql/dmlCheck.ts), against the
// real server: a typo fails analysis with Spark's error class and writes nothing; a merge from a query source with
// column-level clauses, built as the Merge dialog builds it, leaves the table the same MERGE statement run as SQL
// leaves on a copy of it.
import assert from 'node:assert/strict';
import { DeltaTable } from '../../src/client/delta';
import { sqlRelation } from '../../src/client/dataframe';
import { SparkConnectError } from '../../src/client/errors';
import { expr } from '../../src/client/expressions';
import { clauseChecks, matchCheck, setCheck, sourceQuery } from '../../src/sql/dmlCheck';
import { DB } from './fixtures';
import { session } from './hooks';

const TARGET = `${DB}.dml_target`;
const COPY = `${DB}.dml_target_sql`;
const QUERY = 'SELECT id, id * 100 AS amount, id % 2 = 0 AS even FROM range(3, 9)';

async function analyse(query: string): Promise<void> {
  await session().dataFrame(sqlRelation(query)).schema();
}

/** The error of a check: the analysis of `check` (a query), or `check` itself (the count of a condition's rows). */
async function refused(check: string | Promise<unknown>): Promise<SparkConnectError> {
  try {
    await (typeof check === 'string' ? analyse(check) : check);
  } catch (e) {
    assert.ok(e instanceof SparkConnectError, String(e));
    return e;
  }
  assert.fail(`the server accepted: ${String(check)}`);
}

async function versions(table: string): Promise<number> {
  return (await DeltaTable.forName(session(), table).historyEntries()).length;
}

async function rows(table: string): Promise<string[]> {
  const t = await session().table(table).sort('id').collect();
  return Array.from({ length: t.numRows }, (_, i) => JSON.stringify(t.get(i)!.toJSON(), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

describe('DML dialog checks on a real server', () => {
  before(async () => {
    for (const t of [TARGET, COPY]) {
      await session().sql(`CREATE OR REPLACE TABLE ${t} USING delta AS SELECT id, id * 10 AS amount, 'old' AS note FROM range(6)`);
    }
  });

  it('finds a typo in a condition, a SET or a clause through analysis or a count, with Spark\'s class, and writes nothing', async () => {
    const before = await versions(TARGET);
    // a Delete's or Update's condition: the count of the rows it matches, as the dialog runs it
    const typo = await refused(session().table(TARGET).filter(expr('amout > 5')).count());
    assert.match(typo.sqlState ?? '', /^42/, `${typo.errorClass} ${typo.sqlState}`);
    assert.match(typo.serverMessage, /amout/);
    await refused(setCheck(TARGET, { amount: 'amount +* 2' }));
    await refused(setCheck(TARGET, { amont: '1' }));
    await refused(matchCheck(TARGET, { query: QUERY }, 't.id = s.idd'));
    // an INSERT's values see only the source row
    for (const check of clauseChecks(TARGET, { query: QUERY }, 't.id = s.id', { when: 'notMatched', assignments: { id: 't.id' } }, false)) {
      if (check.includes('(t.id)')) await refused(check);
    }
    await refused(clauseChecks(TARGET, { query: QUERY }, 't.id = s.id', { when: 'matched', assignments: { nope: 's.amount' } }, false)[1]);
    assert.equal(await versions(TARGET), before, 'a check wrote a version');
    assert.equal((await session().table(TARGET).count()), 6n);
  });

  it('passes what resolves, and the merge it checked leaves the table as the same MERGE statement does', async () => {
    const on = 't.id = s.id';
    const update = { when: 'matched' as const, condition: 's.even', assignments: { amount: 's.amount', note: "'merged'" } };
    const insert = { when: 'notMatched' as const, assignments: { id: 's.id', amount: 's.amount + 1' } };
    await analyse(matchCheck(TARGET, { query: QUERY }, on));
    for (const c of [update, insert]) for (const q of clauseChecks(TARGET, { query: QUERY }, on, c, false)) await analyse(q);

    const source = session().dataFrame(sqlRelation(sourceQuery(`${QUERY};`))).alias('s');
    await DeltaTable.forName(session(), TARGET).alias('t').merge(source, on)
      .whenMatchedUpdate(update.assignments, update.condition)
      .whenNotMatchedInsert(insert.assignments)
      .execute();
    await session().sql(`MERGE INTO ${COPY} AS t USING (${QUERY}) AS s ON ${on}
      WHEN MATCHED AND s.even THEN UPDATE SET amount = s.amount, note = 'merged'
      WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount + 1)`);
    const got = await rows(TARGET);
    assert.deepEqual(got, await rows(COPY));
    assert.equal(got.length, 9, got.join('\n'));
    assert.ok(got.includes(JSON.stringify({ id: 4, amount: 400, note: 'merged' })), got.join('\n'));
  });
});
