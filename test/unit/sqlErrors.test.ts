import { strict as assert } from 'node:assert';
import { scriptRange, shortErrorLine, sparkErrorPosition, sparkErrorText } from '../../src/sql/sqlErrors';

// Messages as Spark 4.2 sends them.
const ANALYSIS = "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`id`]. SQLSTATE: 42703; line 2 pos 2;\n'Project [1 AS 1#2, 'nope]\n+- Range (0, 3, step=1)\n";
const PARSE = "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'x': extra input 'x'. SQLSTATE: 42601 (line 1, pos 14)\n\n== SQL ==\nSELECT * FORM x\n--------------^^^\n";
const NOT_FOUND = '[TABLE_OR_VIEW_NOT_FOUND] The table or view `no_such_table_zz` cannot be found. Verify the spelling and correctness of the schema and catalog.\nSearch path: [`system`.`builtin`].\nIf you did not qualify the name with a schema, verify the current_schema() output. SQLSTATE: 42P01; line 2 pos 5;\n\'Project [*]\n';
const CONTEXT = '[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0. SQLSTATE: 22012\n== SQL (line 3, position 8) ==\n  1 / 0\n  ^^^^^\n';

describe('sparkErrorPosition', () => {
  it('reads the 0-based pos of analysis and parse errors and the caret length', () => {
    assert.deepEqual(sparkErrorPosition(ANALYSIS), { line: 2, column: 2 });
    assert.deepEqual(sparkErrorPosition(PARSE), { line: 1, column: 14, length: 3 });
    assert.deepEqual(sparkErrorPosition(NOT_FOUND), { line: 2, column: 5 });
  });
  it("reads a query context's 1-based position", () => {
    assert.deepEqual(sparkErrorPosition(CONTEXT), { line: 3, column: 7, length: 5 });
  });
  it('is undefined when the message names no position', () => {
    assert.equal(sparkErrorPosition('[SOMETHING] went wrong. SQLSTATE: XX000'), undefined);
  });
});

describe('scriptRange', () => {
  // The statement starts on line 3 of the file, after a comment and another statement.
  const script = '-- header\nSELECT 1;\n  SELECT 1,\n  nope FROM range(3);\n';
  const start = script.indexOf('SELECT 1,');
  const end = script.indexOf(';', start);
  it("adds the statement's offset: line 2 of the statement is line 4 of the file", () => {
    const [from, to] = scriptRange(script, start, end, { line: 2, column: 2 });
    assert.equal(script.slice(from, to), 'nope');
    assert.equal(script.slice(0, from).split('\n').length, 4);
  });
  it("adds the statement's column on its first line only", () => {
    const [from, to] = scriptRange(script, start, end, { line: 1, column: 7, length: 1 });
    assert.equal(script.slice(from, to), '1');
  });
  it('marks the first line of the statement when there is no position', () => {
    const [from, to] = scriptRange(script, start, end, undefined);
    assert.equal(script.slice(from, to), 'SELECT 1,');
  });
  it('stays inside the statement for a position past its end', () => {
    const [from, to] = scriptRange(script, start, end, { line: 9, column: 99 });
    assert.ok(from >= start && to <= end + 1, `${from}..${to}`);
  });
});

describe('sparkErrorText and shortErrorLine', () => {
  it('keeps the first line without the class, SQLSTATE and position (nothing doubled)', () => {
    assert.equal(sparkErrorText(ANALYSIS), 'A column, variable, or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`id`].');
    assert.equal(sparkErrorText(PARSE), "Syntax error at or near 'x': extra input 'x'.");
  });
  it('is one line with the class and SQLSTATE once', () => {
    const line = shortErrorLine({ errorClass: 'TABLE_OR_VIEW_NOT_FOUND', sqlState: '42P01' }, NOT_FOUND);
    assert.ok(!line.includes('\n'));
    assert.equal(line.match(/42P01/g)?.length, 1);
    assert.equal(line.match(/TABLE_OR_VIEW_NOT_FOUND/g)?.length, 1);
    assert.ok(line.startsWith('[TABLE_OR_VIEW_NOT_FOUND, SQLSTATE 42P01] The table or view `no_such_table_zz` cannot be found.'), line);
  });
  it('shortens a long message at a sentence end or a word, never mid-word', () => {
    const line = shortErrorLine({ errorClass: 'X_Y' }, `[X_Y] ${'word '.repeat(60)}end.`, 80);
    assert.ok(line.length <= 80, line);
    assert.match(line, /word…$/);
  });
});
