import * as assert from 'node:assert/strict';
import { copyText, csvField, markdownCell, sqlLiteral, sqlString, tsvField, uniqueNames } from '../../src/grid/copyText';
import { ALL_TYPES_ZONE, allTypesTable } from '../grid/fixtures';

describe('grid copy builders', () => {
  const table = allTypesTable();
  const opts = { timeZone: ALL_TYPES_ZONE, withHeader: true };

  it('quotes fields the way each format needs', () => {
    assert.deepEqual(['a', '', null, 'a,b', 'say "hi"', 'x\ny'].map(csvField), ['a', '""', '', '"a,b"', '"say ""hi"""', '"x\ny"']);
    assert.deepEqual(['a', '', null, 'a\tb', '"lead', 'mid"dle', 'x\ny'].map(tsvField), ['a', '', 'NULL', '"a\tb"', '"""lead"', 'mid"dle', '"x\ny"']);
    assert.deepEqual(['a|b', null, 'x\r\ny', 'back\\slash'].map(markdownCell), ['a\\|b', 'NULL', 'x<br>y', 'back\\\\slash']);
    assert.equal(sqlString("it's a \\ test"), "'it\\'s a \\\\ test'");
    assert.deepEqual(uniqueNames(['id', 'x', 'id', 'id']), ['id', 'x', 'id_2', 'id_3']);
  });

  it('writes a Spark SQL literal for every type', () => {
    const literals = table.schema.fields.map((_f, c) => sqlLiteral(table.getChildAt(c)!.data[0], 0, opts));
    assert.deepEqual(literals, [
      '-128', '-32768', '-2147483648', '9007199254740993', '0.1', '0.30000000000000004', '12345678901234567890.123456789012345678',
      "'hello'", "X'00ff10'", 'TRUE', "DATE'1970-01-01'", "TIMESTAMP'2023-12-31 19:00:00.123456'",
      "TIMESTAMP_NTZ'2024-01-01 00:00:00.123456'", "'[1,2,3]'", '\'{"a":1,"b":null}\'',
      '\'{"x":9007199254740993,"y":"a\\\\"b","z":123.45}\'', "'javascript:alert(1)'",
    ]);
    assert.equal(sqlLiteral(table.getChild('f64')!.data[0], 2, opts), "CAST('NaN' AS DOUBLE)");
    assert.equal(sqlLiteral(table.getChild('str')!.data[0], 2, opts), 'NULL');
  });

  it('builds TSV, CSV, JSON, Markdown and IN-lists of a selection', () => {
    const pick = table.slice(0, 3).selectAt([3, 7, 14]);
    assert.equal(copyText(pick, 'tsv', { ...opts, withHeader: false }), '9007199254740993\thello\t{"a":1,"b":null}\n-9223372036854775808\t\t{}\n9223372036854775807\tNULL\tNULL');
    assert.equal(copyText(pick, 'csv', opts), 'i64,str,m\r\n9007199254740993,hello,"{""a"":1,""b"":null}"\r\n-9223372036854775808,"",{}\r\n9223372036854775807,,');
    assert.equal(copyText(pick, 'json', opts), '[\n  {"i64":9007199254740993,"str":"hello","m":{"a":1,"b":null}},\n  {"i64":-9223372036854775808,"str":"","m":{}},\n  {"i64":9223372036854775807,"str":null,"m":null}\n]');
    assert.equal(copyText(pick, 'markdown', opts), '| i64 | str | m |\n| ---: | --- | --- |\n| 9007199254740993 | hello | {"a":1,"b":null} |\n| -9223372036854775808 |  | {} |\n| 9223372036854775807 | NULL | NULL |');
    assert.equal(copyText(table.selectAt([0]), 'sql-in', opts), '(-128, 127, 0, NULL, 1, 2, 3, 4, 5)');
    assert.equal(copyText(table.slice(0, 2).selectAt([9, 10]), 'sql-in', opts), "((TRUE, DATE'1970-01-01'), (FALSE, DATE'2024-01-01'))");
    assert.equal(copyText(table.slice(0, 0), 'json', opts), '[]');
  });
});
