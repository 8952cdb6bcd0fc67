// Synthetic Arrow results for the grid tests: every Spark type in 10 rows, and large int64/double/string tables
// streamed as batches (10M rows cost one distinct id column per batch; the other columns are shared buffers).
import {
  Binary, Bool, Data, DateDay, Decimal, Field, Float32, Float64, Int16, Int32, Int64, Int8, List, Map_, RecordBatch,
  Schema, Struct, Table, TimestampMicrosecond, Utf8, makeData, makeVector, vectorFromArray,
} from 'apache-arrow';
import { GridSource, RequeryOptions } from '../../src/grid/gridSource';

function bitmap(valid: readonly boolean[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(valid.length / 8) + 8);
  valid.forEach((v, i) => v && (nullBitmap[i >> 3] |= 1 << (i & 7)));
  return { nullBitmap, nullCount: valid.filter((v) => !v).length };
}

/** Decimal128 data from unscaled bigints (null for NULL). */
export function decimalData(values: ReadonlyArray<bigint | null>, precision: number, scale: number): Data {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let x = BigInt.asUintN(128, v ?? 0n);
    for (let w = 0; w < 4; w++, x >>= 32n) words[i * 4 + w] = Number(x & 0xffffffffn);
  });
  return makeData({ type: new Decimal(scale, precision, 128), length: values.length, data: words, ...bitmap(values.map((v) => v !== null)) });
}

function int64(values: ReadonlyArray<bigint | null>): Data {
  return makeData({ type: new Int64(), length: values.length, data: BigInt64Array.from(values, (v) => v ?? 0n), ...bitmap(values.map((v) => v !== null)) });
}

function timestamps(values: ReadonlyArray<bigint | null>, timezone: string | null): Data {
  const type = new TimestampMicrosecond(timezone);
  return makeData({ type, length: values.length, data: BigInt64Array.from(values, (v) => v ?? 0n), ...bitmap(values.map((v) => v !== null)) });
}

function days(values: ReadonlyArray<number | null>): Data {
  return makeData({ type: new DateDay(), length: values.length, data: Int32Array.from(values, (v) => v ?? 0), ...bitmap(values.map((v) => v !== null)) });
}

const LONG = 'x'.repeat(990) + 'END-OF-LONG';
/** Payloads that would run script if a cell were ever rendered as HTML. */
export const XSS = ['<img src=x onerror=window.__xss=1>', '<script>window.__xss=1</script>', 'javascript:alert(1)'];

/** 10 rows holding every Spark type, with NULLs in every column (row 9 is all NULL). */
export function allTypesTable(): Table {
  const n = null;
  const structType = new Struct([new Field('x', new Int64(), true), new Field('y', new Utf8(), true), new Field('z', new Decimal(2, 10, 128), true)]);
  const struct = makeData({
    type: structType, length: 10, ...bitmap([true, true, false, true, true, true, true, true, true, false]),
    children: [
      int64([9007199254740993n, -1n, n, 0n, 1n, 2n, 3n, 4n, 5n, n]),
      vectorFromArray(['a"b', n, n, '', 'x', 'y', 'z', 'w', 'v', n], new Utf8()).data[0],
      decimalData([12345n, -5n, n, 0n, 1n, 2n, 3n, 4n, 5n, n], 10, 2),
    ],
  });
  const entries = new Struct<{ key: Utf8; value: Int32 }>([new Field('key', new Utf8(), false), new Field('value', new Int32(), true)]);
  const mapType = new Map_<Utf8, Int32>(new Field('entries', entries, false));
  const maps = [new Map([['a', 1], ['b', null]]), new Map(), n, new Map([['k"q', 7]]), n, n, n, n, n, n];
  const list = new List(new Field('element', new Int32(), true));
  return new Table({
    i8: vectorFromArray([-128, 127, 0, n, 1, 2, 3, 4, 5, n], new Int8()),
    i16: vectorFromArray([-32768, 32767, 0, n, 1, 2, 3, 4, 5, n], new Int16()),
    i32: vectorFromArray([-2147483648, 2147483647, 0, n, 1, 2, 3, 4, 5, n], new Int32()),
    i64: makeVector(int64([9007199254740993n, -9223372036854775808n, 9223372036854775807n, n, 0n, 1n, 2n, 3n, 4n, n])),
    f32: vectorFromArray([0.1, -1.5, 3.4028234663852886e38, n, 0, 1, 2, 3, 4, n], new Float32()),
    f64: vectorFromArray([0.1 + 0.2, 1e21, NaN, n, -Infinity, 1, 2, 3, 4, n], new Float64()),
    dec: makeVector(decimalData([12345678901234567890123456789012345678n, -1n, 0n, n, 10n ** 18n, 1n, 2n, 3n, 4n, n], 38, 18)),
    str: vectorFromArray(['hello', '', n, 'NULL', 'ünïcødé 😀', LONG, 'tab\there', XSS[0], XSS[1], n], new Utf8()),
    bin: vectorFromArray([new Uint8Array([0, 255, 16]), new Uint8Array([]), n, new Uint8Array([1]), n, n, n, n, n, n], new Binary()),
    flag: vectorFromArray([true, false, n, true, false, true, false, true, false, n], new Bool()),
    day: makeVector(days([0, 19723, -1, n, -719162, 2932896, 1, 2, 3, n])),
    ts: makeVector(timestamps([1704067200123456n, 0n, -1n, n, 1710054000000000n, 1, 2n, 3n, 4n, n].map((v) => (typeof v === 'number' ? BigInt(v) : v)), 'UTC')),
    ts_ntz: makeVector(timestamps([1704067200123456n, 0n, -1n, n, 1710054000000000n, 1n, 2n, 3n, 4n, n], null)),
    arr: vectorFromArray([[1, 2, 3], [], n, [n, 4], [5], n, n, n, n, n], list),
    m: vectorFromArray(maps, mapType),
    st: makeVector(struct),
    js: vectorFromArray([XSS[2], 'a|b', n, 'x', 'y', 'z', 'w', 'v', 'u', n], new Utf8()),
  });
}

/** A GridSource that yields a table's batches, with a cancel spy and an optional requery. */
export interface TestSource extends GridSource {
  cancelled: number;
  requeries: RequeryOptions[];
}

/** Wraps batches (sync or async) as a GridSource. */
export function testSource(title: string, schema: Schema | undefined, batches: AsyncIterable<RecordBatch>, timeZone = 'UTC'): TestSource {
  const source: TestSource = {
    title, schema, timeZone, batches, cancelled: 0, requeries: [],
    cancel: () => void source.cancelled++,
  };
  return source;
}

/** A source over a table (all batches at once). */
export function tableTestSource(title: string, table: Table, timeZone = 'UTC'): TestSource {
  return testSource(title, table.schema, (async function* () {
    yield* table.batches;
  })(), timeZone);
}

/** Schema of the big tables. */
export const BIG_SCHEMA = new Schema([
  new Field('id', new Int64(), false), new Field('val', new Float64(), true), new Field('label', new Utf8(), true),
]);

/** Expected text of row r of a big table, per column. */
export function bigRow(r: number, batchRows = 10_000): [string, string, string] {
  const k = r % batchRows;
  return [String(r), String(k * 0.5), `L${k}`];
}

/** `rows` rows in batches of `batchRows`: id = row number (int64), val and label repeat every batch. */
export async function* bigBatches(rows: number, batchRows = 10_000): AsyncGenerator<RecordBatch> {
  const val = makeData({ type: new Float64(), length: batchRows, data: Float64Array.from({ length: batchRows }, (_v, i) => i * 0.5) });
  const label = vectorFromArray(Array.from({ length: batchRows }, (_v, i) => `L${i}`), new Utf8()).data[0];
  for (let start = 0; start < rows; start += batchRows) {
    const n = Math.min(batchRows, rows - start);
    const id = makeData({ type: new Int64(), length: n, data: BigInt64Array.from({ length: n }, (_v, i) => BigInt(start + i)) });
    const children = [id, val.slice(0, n), label.slice(0, n)];
    yield new RecordBatch(BIG_SCHEMA, makeData({ type: new Struct(BIG_SCHEMA.fields), length: n, nullCount: 0, children }));
  }
}

/** A big source. */
export function bigSource(rows: number, batchRows = 10_000): TestSource {
  return testSource(`big ${rows}`, BIG_SCHEMA, bigBatches(rows, batchRows));
}

/** A source whose batches are released one by one by the test (for streaming behaviour). */
export function gatedSource(batches: RecordBatch[]): TestSource & { release(): void; end(): void } {
  const waiting: Array<() => void> = [];
  let released = 0;
  let ended = false;
  const wait = (): Promise<void> => new Promise((resolve) => waiting.push(resolve));
  const source = testSource('gated', batches[0].schema, (async function* () {
    for (let i = 0; i < batches.length; i++) {
      while (released <= i && !ended) await wait();
      if (ended) return;
      yield batches[i];
    }
  })());
  return Object.assign(source, {
    release: () => { released++; waiting.splice(0).forEach((w) => w()); },
    end: () => { ended = true; waiting.splice(0).forEach((w) => w()); },
    cancel: () => { source.cancelled++; ended = true; waiting.splice(0).forEach((w) => w()); },
  });
}

/** Session time zone used with allTypesTable (DST starts 2024-03-10 07:00 UTC). */
export const ALL_TYPES_ZONE = 'America/New_York';

const N = 'NULL';
/** Grid text of allTypesTable() in ALL_TYPES_ZONE, row by row (strings cut at 300 characters). */
export const ALL_TYPES_TEXT: readonly string[][] = [
  ['-128', '-32768', '-2147483648', '9007199254740993', '0.1', '0.30000000000000004', '12345678901234567890.123456789012345678',
    'hello', '0x00ff10', 'true', '1970-01-01', '2023-12-31 19:00:00.123456', '2024-01-01 00:00:00.123456', '[1,2,3]',
    '{"a":1,"b":null}', '{"x":9007199254740993,"y":"a\\"b","z":123.45}', 'javascript:alert(1)'],
  ['127', '32767', '2147483647', '-9223372036854775808', '-1.5', '1e+21', '-0.000000000000000001',
    '', '0x', 'false', '2024-01-01', '1969-12-31 19:00:00', '1970-01-01 00:00:00', '[]', '{}', '{"x":-1,"y":null,"z":-0.05}', 'a|b'],
  ['0', '0', '0', '9223372036854775807', '3.4028235e+38', 'NaN', '0.000000000000000000',
    N, N, N, '1969-12-31', '1969-12-31 18:59:59.999999', '1969-12-31 23:59:59.999999', N, N, N, N],
  [N, N, N, N, N, N, N, 'NULL', '0x01', 'true', N, N, N, '[null,4]', '{"k\\"q":7}', '{"x":0,"y":"","z":0.00}', 'x'],
  ['1', '1', '1', '0', '0', '-Infinity', '1.000000000000000000', 'ünïcødé 😀', N, 'false', '0001-01-01',
    '2024-03-10 03:00:00', '2024-03-10 07:00:00', '[5]', N, '{"x":1,"y":"x","z":0.01}', 'y'],
  ['2', '2', '2', '1', '1', '1', '0.000000000000000001', 'x'.repeat(300), N, 'true', '9999-12-31',
    '1969-12-31 19:00:00.000001', '1970-01-01 00:00:00.000001', N, N, '{"x":2,"y":"y","z":0.02}', 'z'],
  ['3', '3', '3', '2', '2', '2', '0.000000000000000002', 'tab\there', N, 'false', '1970-01-02',
    '1969-12-31 19:00:00.000002', '1970-01-01 00:00:00.000002', N, N, '{"x":3,"y":"z","z":0.03}', 'w'],
  ['4', '4', '4', '3', '3', '3', '0.000000000000000003', XSS[0], N, 'true', '1970-01-03',
    '1969-12-31 19:00:00.000003', '1970-01-01 00:00:00.000003', N, N, '{"x":4,"y":"w","z":0.04}', 'v'],
  ['5', '5', '5', '4', '4', '4', '0.000000000000000004', XSS[1], N, 'false', '1970-01-04',
    '1969-12-31 19:00:00.000004', '1970-01-01 00:00:00.000004', N, N, '{"x":5,"y":"v","z":0.05}', 'u'],
  Array(17).fill(N),
];

/** Which cells of allTypesTable() are SQL NULL (the string 'NULL' in row 3 is not). */
export function isNullCell(row: number, col: number): boolean {
  return ALL_TYPES_TEXT[row][col] === N && !(row === 3 && col === 7);
}

/** Spark type names of allTypesTable()'s columns. */
export const ALL_TYPES_SPARK = [
  'tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal(38,18)', 'string', 'binary', 'boolean', 'date',
  'timestamp', 'timestamp_ntz', 'array<int>', 'map<string,int>', 'struct<x:bigint,y:string,z:decimal(10,2)>', 'string',
];
