import assert from 'node:assert/strict';
import { splitStatements, statementRanges, statementTitle, statementTables } from '../../src/sql/sqlText';

describe('blank lines as statement separators', () => {
  const script = "-- the file's comment\n\nSELECT 1\n  AS one\n\n  \t\nSELECT 'a\n\nb' AS quoted /* x\n\n y */ , 2;\nSELECT 3";
  it('split at a blank line when asked, not inside quotes or comments', () => {
    assert.deepEqual(splitStatements(script, { blankLines: true }), ['SELECT 1\n  AS one', "SELECT 'a\n\nb' AS quoted /* x\n\n y */ , 2", 'SELECT 3']);
  });
  it('split only at semicolons otherwise', () => {
    assert.deepEqual(splitStatements(script), ["-- the file's comment\n\nSELECT 1\n  AS one\n\n  \t\nSELECT 'a\n\nb' AS quoted /* x\n\n y */ , 2", 'SELECT 3']);
  });
  it('keep the offsets of each statement in the text', () => {
    for (const r of statementRanges(script, { blankLines: true })) assert.equal(script.slice(r.start, r.end), r.text);
  });
  it('handle CRLF line ends', () => {
    assert.deepEqual(splitStatements('SELECT 1\r\n\r\nSELECT 2\r\n', { blankLines: true }), ['SELECT 1', 'SELECT 2']);
  });
});

describe('statementTitle', () => {
  it("is the first line of SQL, never a leading comment", () => {
    assert.equal(statementTitle("-- monthly report\n/* by city\n */\nSELECT city, count(*) FROM e2e.trips"), 'SELECT city, count(*) FROM e2e.trips');
  });
  it('is cut at 60 characters', () => {
    assert.equal(statementTitle(`SELECT ${'x, '.repeat(40)}1`).length, 58);
  });
});

describe('statementTables', () => {
  it('lists every table of FROM and JOIN, with or without alias, comma lists too', () => {
    const sql = 'SELECT * FROM e2e.trips t, `odd name`.x JOIN e2e.cities AS c ON t.city = c.name LEFT JOIN plain WHERE 1 = 1';
    assert.deepEqual(statementTables(sql), [['e2e', 'trips'], ['odd name', 'x'], ['e2e', 'cities'], ['plain']]);
  });
  it('skips table functions and subqueries, and names each table once', () => {
    assert.deepEqual(statementTables('SELECT * FROM range(3) JOIN (SELECT 1 FROM a) s JOIN a'), [['a']]);
  });
});
