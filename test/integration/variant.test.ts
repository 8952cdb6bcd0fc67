// VARIANT cells read as the JSON they hold: the grid's decoding of Spark's variant encoding, held against the server's
// own to_json of the same values.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { formatCell, valueJson } from '../../src/grid/shared/format';
import { jsonText } from '../../src/grid/shared/formatJson';
import { isVariantType } from '../../src/grid/shared/formatVariant';
import { cellRef } from '../../src/grid/shared/cellData';

const DOCUMENTS = [
  '{"a": 1, "b": [true, false, null], "c": {"d": "text", "e": -2.50}}',
  '[1, 300, 70000, 5000000000, -9223372036854775808, 12345678901234567890.123]',
  '"a string longer than sixty-three bytes, so that it is a long string and not a short one, é ü 漢字"',
  '{"nested": {"deeper": {"deepest": [[], {}, [{"k": "v"}]]}}, "quote\\"d": "back\\\\slash\\nline"}',
  '0.000001', 'null', 'true', '-1',
  `{${Array.from({ length: 300 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`,
];

describe('VARIANT values as JSON', () => {
  it("prints every variant as the server's to_json does, in the cell and in the value view", async () => {
    const values = DOCUMENTS.map((d) => `('${d.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`).join(', ');
    const table = await (await session().sql(`SELECT parse_json(j) AS v, to_json(parse_json(j)) AS expected FROM VALUES ${values} AS t(j)`)).collect();
    const v = table.getChild('v')!;
    assert.ok(isVariantType(v.type), 'Spark sends VARIANT as the tagged struct');
    const opts = { timeZone: 'UTC' };
    for (let row = 0; row < table.numRows; row++) {
      const expected = String(table.getChild('expected')!.get(row));
      const { data, index } = cellRef(v, row);
      assert.equal(jsonText(valueJson(data, index, opts)), expected, `row ${row}`);
      const cell = formatCell(v, row, opts, Infinity);
      assert.deepEqual(JSON.parse(cell.text), JSON.parse(expected));
    }
  });

  it('prints typed values cast to VARIANT: dates, timestamps in the session zone, binary as base64, doubles', async () => {
    const table = await (await session().sql(`SELECT to_variant_object(named_struct('d', DATE'2024-02-29', 'ts', TIMESTAMP_NTZ'2024-02-29 12:34:56.789',
      'b', X'DEADBEEF', 'f', CAST(1.5 AS DOUBLE), 'big', 9007199254740993L)) AS v`)).collect();
    const { data, index } = cellRef(table.getChild('v')!, 0);
    assert.deepEqual(JSON.parse(jsonText(valueJson(data, index, { timeZone: 'UTC' }))),
      { b: '3q2+7w==', big: 9007199254740993, d: '2024-02-29', f: 1.5, ts: '2024-02-29 12:34:56.789' });
    assert.match(jsonText(valueJson(data, index, { timeZone: 'UTC' })), /"big":9007199254740993[,}]/, 'int64 printed exactly');
  });
});
