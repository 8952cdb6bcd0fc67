import * as assert from 'node:assert/strict';
import { writeKeyword } from '../../src/sql/statementKind';

describe('statement kind', () => {
  it('names the write of DELETE, UPDATE, MERGE, DROP, INSERT, TRUNCATE, ALTER and more', () => {
    for (const [sql, kw] of [
      ['DELETE FROM t WHERE id = 1', 'DELETE'], ['update t set a = 1', 'UPDATE'], ['MERGE INTO t USING s ON t.id = s.id', 'MERGE'],
      ['DROP TABLE t', 'DROP'], ['insert into t values (1)', 'INSERT'], ['TRUNCATE TABLE t', 'TRUNCATE'],
      ['ALTER TABLE t ADD COLUMN c INT', 'ALTER'], ['CREATE OR REPLACE TABLE t AS SELECT 1', 'CREATE'],
      ['RESTORE TABLE t TO VERSION AS OF 1', 'RESTORE'], ['VACUUM t', 'VACUUM'], ['OPTIMIZE t', 'OPTIMIZE'],
      ['-- clean up\n/* old rows */\n  DELETE FROM t', 'DELETE'], ['WITH s AS (SELECT 1 AS id) INSERT INTO t SELECT * FROM s', 'INSERT'],
    ] as const) assert.equal(writeKeyword(sql), kw, sql);
  });

  it('reads SELECT, SHOW, DESCRIBE, EXPLAIN and CTE queries as reads, even with write words in strings or comments', () => {
    for (const sql of [
      'SELECT * FROM t', 'show tables', 'DESCRIBE DETAIL t', 'EXPLAIN SELECT 1', 'WITH s AS (SELECT 1) SELECT * FROM s',
      "SELECT 'DELETE FROM t' AS s", '-- DELETE FROM t\nSELECT 1', 'SELECT `delete` FROM t', '', '  -- only a comment',
    ]) assert.equal(writeKeyword(sql), undefined, sql);
  });
});
