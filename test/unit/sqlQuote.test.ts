import assert from 'node:assert/strict';
import { create } from '@bufbuild/protobuf';
import { DataTypeSchema } from '../../src/client/gen/spark/connect/types_pb';
import {
  embedParsedExpression, parseIdentifier, quoteIdentifier, quotePathTable, quoteString, quoteTableName, sqlDate, sqlHours,
  sqlInteger, sqlLiteral, sqlTimestampMicros, sqlType,
} from '../../src/client/sqlQuote';
import { isHadoopPath } from '../../src/client/delta/paths';

const HOSTILE = ['x`; DROP TABLE t; --', "it's \"quoted\"", 'semi;colon', 'dash -- dash', 'new\nline', 'back\\slash', 'ünïcødé 表 🙂', '`', '``', '.', "'", '\u0000\u0007\u2028'];

/** Reads a backtick-quoted identifier back as Spark's lexer would. */
function unquoteIdentifier(text: string): string {
  assert.match(text, /^`(?:[^`]|``)*`$/s, `one backquoted token: ${text}`);
  return text.slice(1, -1).replace(/``/g, '`');
}

/** Reads a string literal back as Spark's lexer and unescapeSQLString would. */
function unquoteString(text: string): string {
  assert.match(text, /^'(?:[^'\\]|\\.)*'$/s, `one string token: ${text}`);
  return text.slice(1, -1).replace(/\\u([0-9a-fA-F]{4})|\\(.)/gs, (_, hex: string | undefined, c: string) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ({ n: '\n', r: '\r', t: '\t', '0': '\0' } as Record<string, string>)[c] ?? c;
  });
}

describe('sqlQuote: identifiers and strings', () => {
  for (const name of HOSTILE) {
    it(`quotes ${JSON.stringify(name)} as one identifier and one string that read back the same`, () => {
      assert.equal(unquoteIdentifier(quoteIdentifier(name)), name);
      assert.equal(unquoteString(quoteString(name)), name);
      assert.ok(!quoteString(name).includes('\n'), 'a string literal stays on one line');
    });
  }

  it('splits and quotes user-typed names, keeping quoted dots and backticks', () => {
    assert.deepEqual(parseIdentifier('a.`b.c`.`d``e`'), ['a', 'b.c', 'd`e']);
    assert.equal(quoteTableName('db. t'), '`db`.`t`');
    assert.equal(quoteTableName('`x``; DROP`'), '`x``; DROP`');
    assert.throws(() => parseIdentifier('a.`b'), /Unbalanced backtick/);
    assert.throws(() => parseIdentifier('a..b'), /Empty part/);
  });

  it('writes path tables with the path as one quoted identifier', () => {
    assert.equal(quotePathTable('/tmp/a`b'), 'delta.`/tmp/a``b`');
    assert.equal(quotePathTable('s3://bucket/t', 'parquet'), 'parquet.`s3://bucket/t`');
    assert.throws(() => quotePathTable(''), /empty/);
  });

  it('embeds a parsed expression so a trailing line comment cannot swallow the closing parenthesis', () => {
    const embedded = embedParsedExpression('id = 1 --\\');
    assert.equal(embedded, '(\nid = 1 --\\ \n)');
    // The backslash is followed by a space, not a newline: the comment ends at the line end, before ')'.
    assert.ok(!/\\\n/.test(embedded));
  });
});

describe('sqlQuote: typed literals', () => {
  it('writes each value as a literal of the type a bound parameter would have', () => {
    assert.equal(sqlLiteral(null), 'NULL');
    assert.equal(sqlLiteral(true), 'TRUE');
    assert.equal(sqlLiteral(42), '42');
    assert.equal(sqlLiteral(-(2 ** 31)), 'CAST(-2147483648 AS INT)');
    assert.equal(sqlLiteral(2 ** 31), '2147483648.0D');
    assert.equal(sqlLiteral(1.5), '1.5D');
    assert.equal(sqlLiteral(1e300), '1E300D');
    assert.equal(sqlLiteral(-2.5e-7), '-2.5E-7D');
    assert.equal(sqlLiteral(-0), '-0.0D');
    assert.equal(sqlLiteral(NaN), "CAST('NaN' AS DOUBLE)");
    assert.equal(sqlLiteral(-Infinity), "CAST('-Infinity' AS DOUBLE)");
    assert.equal(sqlLiteral(9007199254740993n), '9007199254740993L');
    assert.equal(sqlLiteral(-(2n ** 63n)), "CAST('-9223372036854775808' AS BIGINT)");
    assert.equal(sqlLiteral({ decimal: '12.50' }), '12.50BD');
    assert.equal(sqlLiteral({ decimal: '-1.5', precision: 10, scale: 2 }), 'CAST(-1.5BD AS DECIMAL(10,2))');
    assert.throws(() => sqlLiteral({ decimal: '1; DROP' }), /Not a decimal/);
    assert.equal(sqlLiteral(new Uint8Array([0xde, 0xad, 0x01])), "X'DEAD01'");
    assert.equal(sqlLiteral(new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789))), "TIMESTAMP'2024-02-29 12:34:56.789000Z'");
    assert.equal(sqlLiteral(['a', 1]), "array('a', 1)");
    assert.equal(sqlLiteral("x'); DROP TABLE t; --"), "'x\\'); DROP TABLE t; --'");
  });

  it('writes timestamps to the microsecond, before 1970 too, and dates by day number', () => {
    assert.equal(sqlTimestampMicros(1_709_210_096_789_012n), "TIMESTAMP'2024-02-29 12:34:56.789012Z'");
    assert.equal(sqlTimestampMicros(-1n), "TIMESTAMP'1969-12-31 23:59:59.999999Z'");
    assert.equal(sqlDate(0), "DATE'1970-01-01'");
    assert.equal(sqlDate(19782), "DATE'2024-02-29'");
  });

  it('accepts only whole numbers and plain hours where SQL needs digits', () => {
    assert.equal(sqlInteger(7n, 'A version'), '7');
    assert.throws(() => sqlInteger(-1, 'A version'), /whole number/);
    assert.throws(() => sqlInteger(1.5, 'A version'), /whole number/);
    assert.equal(sqlHours(168), '168');
    assert.equal(sqlHours(0.5), '0.5');
    assert.throws(() => sqlHours(1e-7), /plain number/);
    assert.throws(() => sqlHours(-1), /non-negative/);
  });

  it('writes DDL types from structured types, quoting struct field names', () => {
    const struct = create(DataTypeSchema, { kind: { case: 'struct', value: { fields: [
      { name: 'a`b', dataType: create(DataTypeSchema, { kind: { case: 'decimal', value: { precision: 10, scale: 2 } } }), nullable: false },
      { name: 'm', dataType: create(DataTypeSchema, { kind: { case: 'map', value: {
        keyType: create(DataTypeSchema, { kind: { case: 'string', value: {} } }),
        valueType: create(DataTypeSchema, { kind: { case: 'array', value: { elementType: create(DataTypeSchema, { kind: { case: 'long', value: {} } }) } } }),
      } } }), nullable: true },
    ] } } });
    assert.equal(sqlType(struct), 'STRUCT<`a``b`: DECIMAL(10,2) NOT NULL, `m`: MAP<STRING, ARRAY<BIGINT>>>');
    assert.throws(() => sqlType(create(DataTypeSchema, { kind: { case: 'unparsed', value: { dataTypeString: 'INT) ; DROP' } } })), /parsed by the server/);
  });
});

describe('isHadoopPath', () => {
  const paths = ['/tmp/t', 's3://bucket/t', 's3a://bucket/t', 'abfss://c@acct.dfs.core.windows.net/t', 'gs://b/t', 'dbfs:/mnt/t',
    'file:/tmp/t', 'file:///tmp/t', 'hdfs://nn:8020/t', 'wasbs://c@a.blob.core.windows.net/t', 'oss://b/t', 'S3://Bucket/T'];
  const names = ['db.t', 't', 'spark_catalog.db.t', '`s3://bucket/t`', 'cat.`/tmp/x`', 'weird:name', 'a/b'];
  for (const p of paths) it(`reads ${p} as a path`, () => assert.equal(isHadoopPath(p), true));
  for (const n of names) it(`reads ${n} as a name`, () => assert.equal(isHadoopPath(n), false));
});
