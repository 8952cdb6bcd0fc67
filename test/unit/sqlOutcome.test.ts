import assert from 'node:assert/strict';
import { writeOutcome, writeStatement } from '../../src/sql/sqlOutcome';

describe('writeStatement', () => {
  it('finds the verb, object and target after leading comments', () => {
    assert.deepEqual(writeStatement('-- make it\n/* x */ CREATE TABLE IF NOT EXISTS e2e.t (id INT) USING delta'), { verb: 'CREATE', object: 'TABLE', target: 'e2e.t', replaces: false });
    assert.deepEqual(writeStatement('create or replace temp view v AS SELECT 1'), { verb: 'CREATE', object: 'VIEW', target: 'v', replaces: true });
    assert.deepEqual(writeStatement('INSERT INTO `my db`.t VALUES (1)'), { verb: 'INSERT', object: undefined, target: '`my db`.t', replaces: false });
    assert.deepEqual(writeStatement('INSERT OVERWRITE TABLE t SELECT 1'), { verb: 'INSERT', object: undefined, target: 't', replaces: true });
    assert.equal(writeStatement('DELETE FROM a.b WHERE x')?.target, 'a.b');
    assert.equal(writeStatement('MERGE INTO a.b t USING s ON t.id = s.id WHEN MATCHED THEN DELETE')?.target, 'a.b');
    assert.deepEqual(writeStatement('DROP VIEW IF EXISTS v1'), { verb: 'DROP', object: 'VIEW', target: 'v1', replaces: false });
    assert.equal(writeStatement('ALTER TABLE t SET TBLPROPERTIES (a = 1)')?.object, 'TABLE');
  });
  it('is undefined for queries', () => {
    for (const q of ['SELECT 1', 'WITH a AS (SELECT 1) SELECT * FROM a', 'SHOW TABLES', '-- DELETE\nDESCRIBE t']) assert.equal(writeStatement(q), undefined, q);
  });
});

describe('writeOutcome', () => {
  it('says what was created, dropped or altered', () => {
    assert.equal(writeOutcome(writeStatement('CREATE TABLE e2e.t (id INT)')!), 'Created table e2e.t.');
    assert.equal(writeOutcome(writeStatement('CREATE OR REPLACE VIEW v AS SELECT 1')!), 'Created or replaced view v.');
    assert.equal(writeOutcome(writeStatement('DROP TABLE IF EXISTS t')!), 'Dropped table t (if it existed).');
    assert.equal(writeOutcome(writeStatement('ALTER TABLE t ADD COLUMNS (x INT)')!), 'Altered table t.');
  });
  it('counts rows where the server reported them', () => {
    assert.equal(writeOutcome(writeStatement('INSERT INTO t VALUES (1)')!, { num_inserted_rows: 1 }), 'Inserted 1 row into t.');
    assert.equal(writeOutcome(writeStatement('INSERT INTO t SELECT * FROM range(12345)')!, { num_inserted_rows: 12345 }), 'Inserted 12,345 rows into t.');
    assert.equal(writeOutcome(writeStatement('INSERT INTO t VALUES (1)')!), 'Inserted rows into t.');
    assert.equal(writeOutcome(writeStatement('UPDATE t SET a = 1')!, { num_affected_rows: 3 }), 'Updated 3 rows of t.');
    assert.equal(writeOutcome(writeStatement('DELETE FROM t WHERE a = 1')!, { num_affected_rows: 0 }), 'Deleted 0 rows from t.');
    assert.equal(writeOutcome(writeStatement('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET *')!,
      { num_affected_rows: 2, num_updated_rows: 2, num_deleted_rows: 0, num_inserted_rows: 0 }), 'Merged into t: 2 rows affected (2 updated, 0 deleted, 0 inserted).');
  });
});
