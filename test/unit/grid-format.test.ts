import * as assert from 'node:assert/strict';
import { Decimal, Field, Int32, List, Schema, Table, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { formatCell, valueText } from '../../src/grid/shared/format';
import { scaleDecimal } from '../../src/grid/shared/cellData';
import { dateText, timestampText, zoneOffsetSeconds } from '../../src/grid/shared/formatTime';
import { columnInfos, sparkTypeName } from '../../src/grid/sparkTypes';
import { ALL_TYPES_SPARK, ALL_TYPES_TEXT, ALL_TYPES_ZONE, allTypesTable, decimalData, isNullCell } from '../grid/fixtures';

describe('grid format', () => {
  const table = allTypesTable();
  const opts = { timeZone: ALL_TYPES_ZONE };

  it('prints every Spark type of the fixture exactly as specified', () => {
    ALL_TYPES_TEXT.forEach((expected, row) => {
      const actual = table.schema.fields.map((_f, col) => formatCell(table.getChildAt(col)!, row, opts).text);
      assert.deepEqual(actual, expected, `row ${row}`);
    });
  });

  it('marks NULL apart from the empty string and from the string "NULL"', () => {
    ALL_TYPES_TEXT.forEach((cells, row) => cells.forEach((_c, col) => {
      assert.equal(formatCell(table.getChildAt(col)!, row, opts).isNull, isNullCell(row, col), `row ${row} col ${col}`);
    }));
    const str = table.getChild('str')!;
    assert.deepEqual(formatCell(str, 1, opts), { text: '', isNull: false, truncated: false });
    assert.deepEqual(formatCell(str, 3, opts), { text: 'NULL', isNull: false, truncated: false });
  });

  it('truncates long strings with a flag and keeps the full value for the value view', () => {
    const cell = formatCell(table.getChild('str')!, 5, opts);
    assert.equal(cell.truncated, true);
    assert.equal(cell.text.length, 300);
    const full = valueText(table.getChild('str')!.data[0], 5, opts);
    assert.equal(full?.text, 'x'.repeat(990) + 'END-OF-LONG');
    assert.equal(full?.truncated, false);
  });

  it('does not split a surrogate pair when truncating', () => {
    const v = vectorFromArray(['a'.repeat(299) + '😀😀'], new Utf8());
    assert.equal(formatCell(v, 0, opts).text, 'a'.repeat(299));
  });

  it('names columns with Spark types', () => {
    assert.deepEqual(columnInfos(table.schema).map((c) => c.sparkType), ALL_TYPES_SPARK);
    assert.equal(sparkTypeName(new List(new Field('e', new List(new Field('e', new Int32())))) ), 'array<array<int>>');
  });

  it('keeps decimals exact, including Decimal128 extremes and negative scale', () => {
    const max = 10n ** 38n - 1n;
    const v = makeVector(decimalData([max, -max, -123n], 38, 10));
    assert.equal(formatCell(v, 0, opts).text, '9999999999999999999999999999.9999999999');
    assert.equal(formatCell(v, 1, opts).text, '-9999999999999999999999999999.9999999999');
    assert.equal(formatCell(v, 2, opts).text, '-0.0000000123');
    assert.equal(scaleDecimal(42n, -2), '4200');
    const words = makeData({ type: new Decimal(0, 5, 128), length: 1, data: new Uint32Array([7, 0, 0, 0]) });
    assert.equal(valueText(words, 0, opts)?.text, '7');
  });

  it('converts timestamps with the session zone, across DST and before 1970', () => {
    assert.equal(timestampText(1710054000000000n - 1n, 2, 'America/New_York'), '2024-03-10 01:59:59.999999');
    assert.equal(timestampText(1710054000000000n, 2, 'America/New_York'), '2024-03-10 03:00:00');
    assert.equal(timestampText(1704067200000000n, 2, 'Asia/Kolkata'), '2024-01-01 05:30:00');
    assert.equal(timestampText(1704067200000000n, 2, '+05:45'), '2024-01-01 05:45:00');
    assert.equal(timestampText(-62135596800000000n, 2, 'UTC'), '0001-01-01 00:00:00');
    assert.equal(timestampText(1500n, 1, null), '1970-01-01 00:00:01.5');
    assert.equal(zoneOffsetSeconds(0, 'Not/AZone'), 0);
    assert.equal(dateText(-719162), '0001-01-01');
  });

  it('reads columns through a table slice and across batches', () => {
    const t = new Table({ s: vectorFromArray(['a', 'b', 'c', null], new Utf8()) });
    const sliced = new Table(new Schema(t.schema.fields), [t.batches[0].slice(1, 3), t.batches[0].slice(3, 4)]);
    const col = sliced.getChildAt(0)!;
    assert.deepEqual([0, 1, 2].map((r) => formatCell(col, r, opts).text), ['b', 'c', 'NULL']);
  });
});
