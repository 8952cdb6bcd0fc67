// Raw access to Arrow cells at the Data level. Vector.get() loses precision for some Spark types
// (timestamps come back as float milliseconds, dates as milliseconds), so the formatter reads buffers here.
import { Data, Decimal, Type, Vector, makeVector } from 'apache-arrow';

/** One cell: the Arrow Data chunk that holds it and the index inside that chunk. */
export interface CellRef {
  readonly data: Data;
  readonly index: number;
}

/** Finds the chunk of `vector` that holds `row`. */
export function cellRef(vector: Vector, row: number): CellRef {
  let index = row;
  for (const data of vector.data) {
    if (index < data.length) return { data, index };
    index -= data.length;
  }
  throw new RangeError(`row ${row} is outside a column of ${vector.length} rows`);
}

/** True when the cell is SQL NULL. */
export function isNullAt(data: Data, index: number): boolean {
  if (data.typeId === Type.Null) return true;
  return !data.getValid(index);
}

/** Integer cell as exact text (bigint for 64-bit, never through a float). */
export function intText(data: Data, index: number): string {
  return String((data.values as ArrayLike<number | bigint>)[index]);
}

/** The unscaled value of a Decimal cell as a bigint (two's complement, little-endian 32-bit words). */
export function decimalUnscaled(data: Data, index: number): bigint {
  const words = data.values as Uint32Array;
  const stride = data.stride;
  const base = index * stride;
  let value = 0n;
  for (let w = stride - 1; w >= 0; w--) value = (value << 32n) | BigInt(words[base + w]);
  if (words[base + stride - 1] & 0x80000000) value -= 1n << BigInt(32 * stride);
  return value;
}

/** Places the decimal point of an unscaled integer; keeps every digit of the scale, as Spark does. */
export function scaleDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const sign = negative ? '-' : '';
  if (scale <= 0) return sign + digits + '0'.repeat(-scale);
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** Decimal cell as exact text. */
export function decimalText(data: Data, index: number): string {
  return scaleDecimal(decimalUnscaled(data, index), (data.type as Decimal).scale);
}

/** Byte range [start, end) of a variable-width cell (Utf8, Binary, their Large forms, lists, maps). */
export function valueRange(data: Data, index: number): [number, number] {
  const offsets = data.valueOffsets as ArrayLike<number | bigint>;
  return [Number(offsets[index]), Number(offsets[index + 1])];
}

/** Bytes of a Binary / FixedSizeBinary / Utf8 cell (a view, not a copy). */
export function bytesAt(data: Data, index: number): Uint8Array {
  const values = data.values as Uint8Array;
  if (data.typeId === Type.FixedSizeBinary) return values.subarray(index * data.stride, (index + 1) * data.stride);
  const [start, end] = valueRange(data, index);
  return values.subarray(start, end);
}

const utf8 = new TextDecoder('utf-8');

/** Decoded string of a Utf8 cell; with `maxChars`, decodes only about that many characters. */
export function stringAt(data: Data, index: number, maxChars = Infinity): { text: string; truncated: boolean } {
  if (data.typeId === Type.Utf8View) return clip(String(genericValue(data, index)), maxChars);
  const bytes = bytesAt(data, index);
  // A UTF-8 character is at most 4 bytes, so 4 × maxChars bytes always decode to at least maxChars UTF-16 units.
  const limit = maxChars * 4;
  if (bytes.length <= limit) return clip(utf8.decode(bytes), maxChars);
  return { text: clip(utf8.decode(bytes.subarray(0, limit)), maxChars).text, truncated: true };
}

/** Cuts a string to `maxChars` UTF-16 units without splitting a surrogate pair. */
export function clip(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/** Lower-case hex of a Binary cell; with `maxChars`, converts only the bytes that fit. */
export function hexAt(data: Data, index: number, maxChars = Infinity): { text: string; truncated: boolean } {
  const bytes = data.typeId === Type.BinaryView ? (genericValue(data, index) as Uint8Array) : bytesAt(data, index);
  const maxBytes = Math.max(0, Math.floor((maxChars - 2) / 2));
  const shown = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  let hex = '0x';
  for (const byte of shown) hex += byte.toString(16).padStart(2, '0');
  return { text: hex, truncated: shown.length < bytes.length };
}

/** The value apache-arrow itself returns, for the rare types this module does not read by hand. */
export function genericValue(data: Data, index: number): unknown {
  return makeVector(data).get(index);
}
