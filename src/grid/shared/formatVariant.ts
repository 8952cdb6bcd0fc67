// Spark's VARIANT values as JSON. Spark Connect sends a VARIANT column as a struct of two binaries, `value` and
// `metadata` (the latter's field tagged variant=true), in Spark's variant binary encoding: a header byte per value
// (basic type in the low 2 bits, type info above), objects and arrays with offset tables, object keys as ids into
// the metadata's string dictionary. Decoded here as pyspark's VariantUtils.to_json does, into the JSON tree the grid
// already prints, so a VARIANT cell reads as the JSON it holds instead of two hex strings.
import { Type, type DataType, type Struct } from 'apache-arrow';
import { scaleDecimal } from './cellData';
import { dateText } from './formatTime';

/** A JSON tree (the shape of formatJson's JsonNode, which builds on this module). */
type JsonNode =
  | { readonly kind: 'scalar'; readonly json: string }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonNode]> };

/** Prints a timestamp held in a variant: microseconds since the epoch, with (TIMESTAMP) or without (TIMESTAMP_NTZ) zone. */
export type VariantTime = (micros: bigint, zoned: boolean) => string;

/** True for the Arrow struct Spark sends a VARIANT column as. */
export function isVariantType(type: DataType): boolean {
  if (type.typeId !== Type.Struct) return false;
  const fields = (type as Struct).children;
  return fields.length === 2 && fields[0].name === 'value' && fields[1].name === 'metadata'
    && fields[1].metadata.get('variant') === 'true';
}

const SHORT_STR = 1;
const OBJECT = 2;
const ARRAY = 3;

/** The JSON tree of one variant value; throws on bytes that are not a well-formed variant. */
export function variantNode(value: Uint8Array, metadata: Uint8Array, time: VariantTime, pos = 0): JsonNode {
  check(pos, value);
  const basic = value[pos] & 0x3;
  const info = value[pos] >> 2;
  if (basic === SHORT_STR) return scalar(JSON.stringify(utf8(value, pos + 1, info)));
  if (basic === OBJECT) return objectNode(value, metadata, time, pos, info);
  if (basic === ARRAY) return arrayNode(value, metadata, time, pos, info);
  return primitiveNode(value, pos, info, time);
}

function primitiveNode(value: Uint8Array, pos: number, info: number, time: VariantTime): JsonNode {
  const at = pos + 1;
  switch (info) {
    case 0: return scalar('null');
    case 1: return scalar('true');
    case 2: return scalar('false');
    case 3: return scalar(String(readInt(value, at, 1, true)));
    case 4: return scalar(String(readInt(value, at, 2, true)));
    case 5: return scalar(String(readInt(value, at, 4, true)));
    case 6: return scalar(String(readInt(value, at, 8, true)));
    case 7: return scalar(floatJson(view(value, at, 8).getFloat64(0, true)));
    case 8: return scalar(decimalJson(readInt(value, at + 1, 4, true), value[at]));
    case 9: return scalar(decimalJson(readInt(value, at + 1, 8, true), value[at]));
    case 10: return scalar(decimalJson(readInt(value, at + 1, 16, true), value[at]));
    case 11: return scalar(JSON.stringify(dateText(Number(readInt(value, at, 4, true)))));
    case 12: return scalar(JSON.stringify(time(readInt(value, at, 8, true), true)));
    case 13: return scalar(JSON.stringify(time(readInt(value, at, 8, true), false)));
    case 14: return scalar(floatJson(view(value, at, 4).getFloat32(0, true)));
    case 15: return scalar(JSON.stringify(base64(value.subarray(at + 4, at + 4 + Number(readInt(value, at, 4, false))))));
    case 16: return scalar(JSON.stringify(utf8(value, at + 4, Number(readInt(value, at, 4, false)))));
    default: throw malformed();
  }
}

function objectNode(value: Uint8Array, metadata: Uint8Array, time: VariantTime, pos: number, info: number): JsonNode {
  const sizeBytes = (info >> 4) & 0x1 ? 4 : 1;
  const idSize = ((info >> 2) & 0x3) + 1;
  const offsetSize = (info & 0x3) + 1;
  const count = Number(readInt(value, pos + 1, sizeBytes, false));
  const ids = pos + 1 + sizeBytes;
  const offsets = ids + count * idSize;
  const data = offsets + (count + 1) * offsetSize;
  const entries: Array<[string, JsonNode]> = [];
  for (let i = 0; i < count; i++) {
    const key = metadataKey(metadata, Number(readInt(value, ids + i * idSize, idSize, false)));
    const at = data + Number(readInt(value, offsets + i * offsetSize, offsetSize, false));
    entries.push([key, variantNode(value, metadata, time, at)]);
  }
  return { kind: 'object', entries };
}

function arrayNode(value: Uint8Array, metadata: Uint8Array, time: VariantTime, pos: number, info: number): JsonNode {
  const sizeBytes = (info >> 2) & 0x1 ? 4 : 1;
  const offsetSize = (info & 0x3) + 1;
  const count = Number(readInt(value, pos + 1, sizeBytes, false));
  const offsets = pos + 1 + sizeBytes;
  const data = offsets + (count + 1) * offsetSize;
  const items: JsonNode[] = [];
  for (let i = 0; i < count; i++) items.push(variantNode(value, metadata, time, data + Number(readInt(value, offsets + i * offsetSize, offsetSize, false))));
  return { kind: 'array', items };
}

/** Key `id` of the metadata's dictionary: a header byte (offset size in bits 6-7), the size, offsets, then the strings. */
function metadataKey(metadata: Uint8Array, id: number): string {
  check(0, metadata);
  const offsetSize = ((metadata[0] >> 6) & 0x3) + 1;
  const size = Number(readInt(metadata, 1, offsetSize, false));
  if (id >= size) throw malformed();
  const strings = 1 + (size + 2) * offsetSize;
  const start = Number(readInt(metadata, 1 + (id + 1) * offsetSize, offsetSize, false));
  const end = Number(readInt(metadata, 1 + (id + 2) * offsetSize, offsetSize, false));
  if (start > end) throw malformed();
  return utf8(metadata, strings + start, end - start);
}

function readInt(bytes: Uint8Array, pos: number, size: number, signed: boolean): bigint {
  check(pos + size - 1, bytes);
  let n = 0n;
  for (let i = size - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[pos + i]);
  return signed ? BigInt.asIntN(size * 8, n) : n;
}

function view(bytes: Uint8Array, pos: number, size: number): DataView {
  check(pos + size - 1, bytes);
  return new DataView(bytes.buffer, bytes.byteOffset + pos, size);
}

function utf8(bytes: Uint8Array, pos: number, length: number): string {
  if (length > 0) check(pos + length - 1, bytes);
  return new TextDecoder().decode(bytes.subarray(pos, pos + length));
}

/** A decimal without trailing fractional zeros, as Spark's to_json prints one held in a variant (-2.50 as -2.5). */
function decimalJson(unscaled: bigint, scale: number): string {
  const text = scaleDecimal(unscaled, scale);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** JSON has no NaN or infinities: those print as strings, as Spark's to_json does. */
function floatJson(n: number): string {
  return Number.isFinite(n) ? String(n) : JSON.stringify(String(n));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function scalar(json: string): JsonNode {
  return { kind: 'scalar', json };
}

function check(pos: number, bytes: Uint8Array): void {
  if (pos < 0 || pos >= bytes.length) throw malformed();
}

function malformed(): Error {
  return new Error('MALFORMED_VARIANT: the bytes are not a well-formed variant value');
}
