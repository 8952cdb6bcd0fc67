import assert from 'node:assert/strict';
import { parameterNames, parameterValue, parseAssignments, splitStatements, statementRanges, tableAliases } from '../../src/sql/sqlText';
import { deltaTableName, parseIdentifier, sqlPathTable, sqlTableName } from '../../src/client/delta/identifiers';
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

describe('statementRanges, parameterNames, parameterValue', () => {
  it('gives each statement with its offsets', () => {
    const text = "SELECT 1;\n\n-- c\nSELECT ';' ;  ";
    const ranges = statementRanges(text);
    assert.deepEqual(ranges.map((r) => r.text), ['SELECT 1', "-- c\nSELECT ';'"]);
    for (const r of ranges) assert.equal(text.slice(r.start, r.end), r.text);
  });

  it('finds :name markers outside quotes, comments and casts', () => {
    assert.deepEqual(parameterNames("SELECT * FROM t WHERE a = :a AND b = ':no' AND c::int = :c -- :d\n AND e = :a"), ['a', 'c']);
    assert.deepEqual(parameterNames('SELECT `x:y` FROM t /* :z */'), []);
  });

  it('types parameter values', () => {
    assert.equal(parameterValue('42'), 42);
    assert.equal(parameterValue('9007199254740993'), 9007199254740993n);
    assert.equal(parameterValue('1.5'), 1.5);
    assert.equal(parameterValue('NULL'), null);
    assert.equal(parameterValue('true'), true);
    assert.equal(parameterValue("'it''s'"), "it's");
    assert.equal(parameterValue('plain text'), 'plain text');
  });
});

describe('tableAliases', () => {
  it('maps the aliases of FROM and JOIN tables to their names', () => {
    const aliases = tableAliases('SELECT t.id, c.name FROM e2e.trips t JOIN spark_catalog.e2e.`my cities` AS c ON t.city = c.name WHERE t.fare > 1');
    assert.deepEqual([...aliases], [['t', ['e2e', 'trips']], ['c', ['spark_catalog', 'e2e', 'my cities']]]);
  });

  it('does not take a keyword after a table name for an alias, and still sees the next join', () => {
    const aliases = tableAliases('SELECT * FROM trips\nJOIN cities x ON trips.city = x.name\nWHERE 1 = 1');
    assert.deepEqual([...aliases], [['x', ['cities']]]);
    assert.equal(tableAliases('SELECT * FROM trips WHERE id = 1').size, 0);
  });
});

describe('deltaTableName', () => {
  it('drops the session catalog (Delta parses at most schema.table) and quotes every part', () => {
    assert.equal(deltaTableName(['spark_catalog', 'e2e_ops', 'created']), '`e2e_ops`.`created`');
    assert.equal(deltaTableName(['main', 'sales', 'orders']), '`main`.`sales`.`orders`');
    assert.equal(deltaTableName(['sales', 'a`b']), '`sales`.`a``b`');
  });
});
