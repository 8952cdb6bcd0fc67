import assert from 'node:assert/strict';
import { Binary, Field, makeData, makeVector, Schema, Struct } from 'apache-arrow';
import { columnInfos, sparkTypeName } from '../../src/grid/sparkTypes';
import { formatCell } from '../../src/grid/shared/format';
import { isVariantType, variantNode } from '../../src/grid/shared/formatVariant';
import { jsonText } from '../../src/grid/shared/formatJson';

/** A one-row column of (value, metadata) binaries, tagged as Spark tags VARIANT or not. */
function column(value: Uint8Array, metadata: Uint8Array, tagged = true) {
  const binary = (bytes: Uint8Array) => makeData({ type: new Binary(), length: 1, nullCount: 0, valueOffsets: new Int32Array([0, bytes.length]), data: bytes });
  const type = new Struct([new Field('value', new Binary(), false), new Field('metadata', new Binary(), false, tagged ? new Map([['variant', 'true']]) : new Map())]);
  return makeVector(makeData({ type, length: 1, nullCount: 0, children: [binary(value), binary(metadata)] }));
}

// {"a":1} in Spark's encoding: metadata = header(version 1, 1-byte offsets), 1 key, offsets 0..1, "a";
// value = object header (1-byte size, ids, offsets), 1 field, id 0, offsets 0..2, INT1 header, 1.
const META = Uint8Array.from([0x01, 1, 0, 1, 0x61]);
const OBJECT = Uint8Array.from([0x02, 1, 0, 0, 2, 0x0c, 1]);

describe('grid: VARIANT cells', () => {
  it('reads the tagged struct as the JSON it holds', () => {
    const v = column(OBJECT, META);
    assert.ok(isVariantType(v.type));
    assert.equal(formatCell(v, 0, { timeZone: 'UTC' }).text, '{"a":1}');
  });

  it('leaves an untagged struct of the same shape, and bytes that are not a variant, as the struct they are', () => {
    assert.equal(isVariantType(column(OBJECT, META, false).type), false);
    assert.equal(formatCell(column(OBJECT, META, false), 0, { timeZone: 'UTC' }).text, '{"value":"0x02010000020c01","metadata":"0x0101000161"}');
    const truncated = column(OBJECT.subarray(0, 4), META);
    assert.equal(formatCell(truncated, 0, { timeZone: 'UTC' }).text, '{"value":"0x02010000","metadata":"0x0101000161"}');
    assert.throws(() => variantNode(OBJECT, Uint8Array.from([0x01, 0]), () => ''), /MALFORMED_VARIANT/);
  });

  it('prints short and long strings, NaN as a string, decimals without trailing zeros', () => {
    const time = () => '';
    assert.equal(jsonText(variantNode(Uint8Array.from([(2 << 2) | 1, 0x68, 0x69]), META, time)), '"hi"');
    assert.equal(jsonText(variantNode(Uint8Array.from([16 << 2, 2, 0, 0, 0, 0x6f, 0x6b]), META, time)), '"ok"');
    const nan = new Uint8Array(9); nan[0] = 7 << 2; new DataView(nan.buffer).setFloat64(1, NaN, true);
    assert.equal(jsonText(variantNode(nan, META, time)), '"NaN"');
    assert.equal(jsonText(variantNode(Uint8Array.from([8 << 2, 2, 0xfa, 0, 0, 0]), META, time)), '2.5', '250 at scale 2');
  });
});

describe('grid: VARIANT header type', () => {
  it("names the tagged struct `variant`, an untagged one by its fields", () => {
    assert.equal(sparkTypeName(column(OBJECT, META).type), 'variant');
    assert.equal(columnInfos(new Schema([new Field('v', column(OBJECT, META).type)]))[0].sparkType, 'variant');
    assert.equal(sparkTypeName(column(OBJECT, META, false).type), 'struct<value:binary,metadata:binary>');
  });
});
