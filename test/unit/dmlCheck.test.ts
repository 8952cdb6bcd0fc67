import * as assert from 'node:assert/strict';
import { clauseChecks, matchCheck, setCheck, sourceQuery, sourceText } from '../../src/sql/dmlCheck';

const T = '`main`.`sales`.`orders`';

describe('DML dialog checks (queries the server only analyses)', () => {
  it('takes a query that reads as a merge source, without its semicolon', () => {
    assert.equal(sourceQuery('  SELECT * FROM u WHERE day = 1 ;\n'), 'SELECT * FROM u WHERE day = 1');
    assert.equal(sourceQuery('WITH x AS (SELECT 1 AS id) SELECT * FROM x'), 'WITH x AS (SELECT 1 AS id) SELECT * FROM x');
    assert.equal(sourceQuery('(SELECT 1 AS id)'), '(SELECT 1 AS id)');
    assert.equal(sourceText({ query: 'VALUES (1, 2) AS v(id, n)' }), '(VALUES (1, 2) AS v(id, n))');
    assert.equal(sourceText({ table: T }), T);
  });

  it('refuses a source that writes (analysing it would run it) or is no query, saying why', () => {
    assert.throws(() => sourceQuery('INSERT INTO t SELECT 1'), /writes \(INSERT\) and is not run/);
    assert.throws(() => sourceQuery('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x'), /writes \(INSERT\)/);
    assert.throws(() => sourceQuery('DROP TABLE t'), /writes \(DROP\)/);
    assert.throws(() => sourceQuery('SHOW TABLES'), /must be a query/);
    assert.throws(() => sourceQuery(' ; '), /Enter a query/);
  });

  it('checks the match condition over target t joined to source s', () => {
    assert.equal(matchCheck(T, { query: 'SELECT 1 AS id' }, 't.id = s.id'), `SELECT 1 FROM ${T} AS t JOIN (SELECT 1 AS id) AS s ON (t.id = s.id)`);
  });

  it('checks each clause over the rows it sees, and the target columns it sets', () => {
    const src = { table: 'u' };
    assert.deepEqual(clauseChecks(T, src, 't.id = s.id', { when: 'matched', condition: 's.op = 1', assignments: { amount: 's.amount', 't.note': "'x'" } }, false), [
      `SELECT (s.op = 1), (s.amount), ('x') FROM ${T} AS t JOIN u AS s ON (t.id = s.id)`,
      `SELECT t.amount, t.note FROM ${T} AS t JOIN u AS s ON (t.id = s.id)`,
    ]);
    // an INSERT's values see only the source; its columns are the target's
    assert.deepEqual(clauseChecks(T, src, 't.id = s.id', { when: 'notMatched', assignments: { id: 's.id' } }, false), [
      'SELECT (s.id) FROM u AS s',
      `SELECT t.id FROM ${T} AS t`,
    ]);
    assert.deepEqual(clauseChecks(T, src, 'on', { when: 'notMatchedBySource', condition: 't.day < 3' }, false), [`SELECT (t.day < 3) FROM ${T} AS t`]);
    // with schema evolution a column the target lacks may be set: only the values are checked
    assert.deepEqual(clauseChecks(T, src, 'on', { when: 'notMatched', assignments: { extra: 's.extra' } }, true), ['SELECT (s.extra) FROM u AS s']);
    assert.deepEqual(clauseChecks(T, src, 'on', { when: 'matched' }, false), []);
  });

  it('checks an UPDATE\'s SET: its columns and values over the target', () => {
    assert.equal(setCheck(T, { amount: 'amount * 2', ' note ': "'x'" }), `SELECT amount, note, (amount * 2), ('x') FROM ${T}`);
  });
});
