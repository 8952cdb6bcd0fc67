// Gathers arbitrary rows (a locally sorted or filtered view) into one compact RecordBatch, at the Arrow buffer
// level: no row objects, no value conversions, every type kept bit for bit (int64, decimals, timestamps).
import { BufferType, Data, DataType, RecordBatch, Schema, Struct, Table, Type, Vector, makeData } from 'apache-arrow';

/** Rows to gather: for each output row, the source chunk and the row inside it. */
export interface Picks {
  readonly chunk: Uint32Array;
  readonly row: Uint32Array;
}

type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array
  | Float64Array | BigInt64Array | BigUint64Array;
type TypedArrayCtor = new (length: number) => TypedArray;

class UnsupportedTake extends Error {}

/** Gathers `picks` from batches sharing `schema` into one batch (falls back to one-row slices for exotic types). */
export function takeRows(schema: Schema, batches: readonly RecordBatch[], picks: Picks): RecordBatch[] {
  try {
    const children = schema.fields.map((_f, c) => takeData(batches.map((b) => b.getChildAt(c)!.data[0]), picks));
    const data = makeData({ type: new Struct(schema.fields), length: picks.row.length, nullCount: 0, children });
    return [new RecordBatch(schema, data)];
  } catch (e) {
    if (!(e instanceof UnsupportedTake)) throw e;
    return Array.from(picks.row, (row, i) => batches[picks.chunk[i]].slice(row, row + 1));
  }
}

/** Gathers picks as a Table. */
export function takeTable(schema: Schema, batches: readonly RecordBatch[], picks: Picks): Table {
  return new Table(schema, takeRows(schema, batches, picks));
}

function buffers(values?: unknown, offsets?: unknown, validity?: Uint8Array): Record<number, unknown> {
  return { [BufferType.DATA]: values, [BufferType.OFFSET]: offsets, [BufferType.VALIDITY]: validity };
}

function newData(type: DataType, length: number, nullCount: number, bufs: Record<number, unknown>, children: Data[] = [], dictionary?: Vector): Data {
  return new Data(type, 0, length, nullCount, bufs as ConstructorParameters<typeof Data>[4], children, dictionary);
}

/** Gathers one column. `chunks[k]` is the column's data in source batch k. */
export function takeData(chunks: readonly Data[], picks: Picks): Data {
  const type = chunks[0].type;
  const n = picks.row.length;
  const [validity, nullCount] = takeValidity(chunks, picks);
  switch (type.typeId) {
    case Type.Null: return newData(type, n, n, {});
    case Type.Bool: return newData(type, n, nullCount, buffers(takeBits(chunks, picks), undefined, validity));
    case Type.Int: case Type.Float: case Type.Decimal: case Type.Date: case Type.Time: case Type.Timestamp:
    case Type.Duration: case Type.Interval: case Type.FixedSizeBinary:
      return newData(type, n, nullCount, buffers(takeFixed(chunks, picks), undefined, validity));
    case Type.Utf8: case Type.Binary: case Type.LargeUtf8: case Type.LargeBinary:
      return takeVariable(chunks, picks, validity, nullCount);
    case Type.List: case Type.LargeList: case Type.Map:
      return takeList(chunks, picks, validity, nullCount);
    case Type.FixedSizeList: {
      const size = chunks[0].stride;
      const child = takeData(chunks.map((c) => c.children[0]), expand(picks, (_k, r) => [r * size, (r + 1) * size]));
      return newData(type, n, nullCount, buffers(undefined, undefined, validity), [child]);
    }
    case Type.Struct: {
      const children = type.children.map((_f: unknown, i: number) => takeData(chunks.map((c) => c.children[i]), picks));
      return newData(type, n, nullCount, buffers(undefined, undefined, validity), children);
    }
    case Type.Dictionary:
      if (chunks.some((c) => c.dictionary !== chunks[0].dictionary)) throw new UnsupportedTake();
      return newData(type, n, nullCount, buffers(takeFixed(chunks, picks), undefined, validity), [], chunks[0].dictionary);
    default:
      throw new UnsupportedTake();
  }
}

function takeValidity(chunks: readonly Data[], picks: Picks): [Uint8Array | undefined, number] {
  if (chunks.every((c) => c.nullCount === 0)) return [undefined, 0];
  const n = picks.row.length;
  const bitmap = new Uint8Array(((n + 63) & ~63) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (chunks[picks.chunk[i]].getValid(picks.row[i])) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return [bitmap, nulls];
}

function takeBits(chunks: readonly Data[], picks: Picks): Uint8Array {
  const out = new Uint8Array(((picks.row.length + 63) & ~63) >> 3);
  for (let i = 0; i < picks.row.length; i++) {
    const data = chunks[picks.chunk[i]];
    const bit = data.offset + picks.row[i];
    if ((data.values as Uint8Array)[bit >> 3] & (1 << (bit & 7))) out[i >> 3] |= 1 << (i & 7);
  }
  return out;
}

function takeFixed(chunks: readonly Data[], picks: Picks): TypedArray {
  const stride = chunks[0].stride;
  const out = new (chunks[0].values.constructor as TypedArrayCtor)(picks.row.length * stride);
  for (let i = 0; i < picks.row.length; i++) {
    const values = chunks[picks.chunk[i]].values as TypedArray;
    const from = picks.row[i] * stride;
    for (let s = 0; s < stride; s++) out[i * stride + s] = values[from + s];
  }
  return out;
}

function offsetsOf(data: Data): ArrayLike<number | bigint> {
  return data.valueOffsets as ArrayLike<number | bigint>;
}

/** New offsets for the picked value ranges; 64-bit when the source offsets are. */
function takeOffsets(chunks: readonly Data[], picks: Picks): Int32Array | BigInt64Array {
  const large = offsetsOf(chunks[0]) instanceof BigInt64Array;
  const offsets = large ? new BigInt64Array(picks.row.length + 1) : new Int32Array(picks.row.length + 1);
  let total = 0;
  for (let i = 0; i < picks.row.length; i++) {
    const src = offsetsOf(chunks[picks.chunk[i]]);
    total += Number(src[picks.row[i] + 1]) - Number(src[picks.row[i]]);
    offsets[i + 1] = large ? BigInt(total) : total;
  }
  return offsets;
}

function takeVariable(chunks: readonly Data[], picks: Picks, validity: Uint8Array | undefined, nullCount: number): Data {
  const offsets = takeOffsets(chunks, picks);
  const bytes = new Uint8Array(Number(offsets[picks.row.length]));
  for (let i = 0; i < picks.row.length; i++) {
    const data = chunks[picks.chunk[i]];
    const src = offsetsOf(data);
    const start = Number(src[picks.row[i]]);
    bytes.set((data.values as Uint8Array).subarray(start, Number(src[picks.row[i] + 1])), Number(offsets[i]));
  }
  return newData(chunks[0].type, picks.row.length, nullCount, buffers(bytes, offsets, validity));
}

function takeList(chunks: readonly Data[], picks: Picks, validity: Uint8Array | undefined, nullCount: number): Data {
  const offsets = takeOffsets(chunks, picks);
  const childPicks = expand(picks, (k, r) => [Number(offsetsOf(chunks[k])[r]), Number(offsetsOf(chunks[k])[r + 1])]);
  const child = takeData(chunks.map((c) => c.children[0]), childPicks);
  return newData(chunks[0].type, picks.row.length, nullCount, buffers(undefined, offsets, validity), [child]);
}

/** Picks of the child rows [start, end) that each picked parent row covers. */
function expand(picks: Picks, range: (chunk: number, row: number) => [number, number]): Picks {
  const chunk: number[] = [];
  const row: number[] = [];
  for (let i = 0; i < picks.row.length; i++) {
    const [start, end] = range(picks.chunk[i], picks.row[i]);
    for (let r = start; r < end; r++) {
      chunk.push(picks.chunk[i]);
      row.push(r);
    }
  }
  return { chunk: Uint32Array.from(chunk), row: Uint32Array.from(row) };
}
