import assert from 'node:assert/strict';
import { parseAssignments, splitStatements } from '../../src/commands/sqlText';
import { parseIdentifier, sqlPathTable, sqlTableName } from '../../src/client/delta/identifiers';
import { quoteString, withToken } from '../../src/client';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = "SELECT ';' AS a; -- a comment; still comment\nSELECT `x;y` FROM t /* ; */;\n\n  ;SELECT \"q;\" ";
    assert.deepEqual(splitStatements(sql), ["SELECT ';' AS a", '-- a comment; still comment\nSELECT `x;y` FROM t /* ; */', 'SELECT "q;"']);
  });

  it('drops empty and comment-only statements', () => {
    assert.deepEqual(splitStatements(' ; -- nothing\n; /* x */ '), []);
  });

  it('keeps escaped quotes inside strings', () => {
    assert.deepEqual(splitStatements("SELECT 'it''s; fine', 'a\\';b'; SELECT 2"), ["SELECT 'it''s; fine', 'a\\';b'", 'SELECT 2']);
  });
});

describe('parseAssignments', () => {
  it('splits column = expression pairs at top-level commas', () => {
    assert.deepEqual(parseAssignments("status = 'a,b', amount = round(amount * 1.1, 2), flag = x >= 3"), {
      status: "'a,b'", amount: 'round(amount * 1.1, 2)', flag: 'x >= 3',
    });
  });

  it('rejects text that is not an assignment', () => {
    assert.throws(() => parseAssignments('amount'), /not column = expression/);
    assert.throws(() => parseAssignments(' , '), /at least one/);
    assert.throws(() => parseAssignments('= 3'), /not column = expression/);
  });
});

describe('identifiers in SQL text', () => {
  it('parses dotted and backtick-quoted names', () => {
    assert.deepEqual(parseIdentifier('cat.db.tbl'), ['cat', 'db', 'tbl']);
    assert.deepEqual(parseIdentifier('`my.db`.`we``ird name`'), ['my.db', 'we`ird name']);
    assert.throws(() => parseIdentifier('`open'), /Unbalanced/);
    assert.throws(() => parseIdentifier('a..b'), /Empty part/);
  });

  it('quotes every part so a crafted name stays one identifier', () => {
    assert.equal(sqlTableName('`t; DROP TABLE x; --`'), '`t; DROP TABLE x; --`');
    assert.equal(sqlTableName('`a``b`.c'), '`a``b`.`c`');
    assert.equal(sqlPathTable('/tmp/we`ird'), 'delta.`/tmp/we``ird`');
    assert.equal(quoteString("it's \\ ok"), "'it\\'s \\\\ ok'");
  });
});

describe('withToken', () => {
  it('adds the token as a parameter, encoded', () => {
    assert.equal(withToken('sc://h:1', 'a;b'), 'sc://h:1/;token=a%3Bb');
    assert.equal(withToken('sc://h:1/;user_id=u', 't'), 'sc://h:1/;user_id=u;token=t');
    assert.equal(withToken('sc://h:1/', undefined), 'sc://h:1/');
  });
});
