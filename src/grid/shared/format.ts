// Type-aware cell text, shared by the extension host (copy, export, filter) and the webview (rendering).
// No vscode, no DOM: only apache-arrow and Intl.
import { Data, Date_, Duration, Float, Interval, IntervalUnit, Precision, Time, Timestamp, TimeUnit, Type, Vector } from 'apache-arrow';
import {
  cellRef, clip, decimalText, genericValue, hexAt, intText, isNullAt, stringAt,
} from './cellData';
import { dateText, durationText, timeText, timestampText, yearMonthText } from './formatTime';
import { isNestedType, jsonNode, jsonText, JsonNode } from './formatJson';

/** Session settings that change how values print. */
export interface FormatOptions {
  /** IANA zone (or fixed offset) of the Spark session; timestamps with a zone print as wall-clock time here. */
  readonly timeZone: string;
}

/** What a grid cell shows. */
export interface CellText {
  readonly text: string;
  readonly isNull: boolean;
  readonly truncated: boolean;
}

/** How NULL is shown in the grid (styled apart from the string "NULL"). */
export const NULL_TEXT = 'NULL';
/** Cells longer than this are cut in the grid; the full value opens in the value view. */
export const CELL_MAX_CHARS = 300;

/** The grid text of row `row` of a column, truncated to `maxChars`. */
export function formatCell(vector: Vector, row: number, opts: FormatOptions, maxChars = CELL_MAX_CHARS): CellText {
  const { data, index } = cellRef(vector, row);
  const value = valueText(data, index, opts, maxChars);
  if (value === null) return { text: NULL_TEXT, isNull: true, truncated: false };
  return { text: value.text, isNull: false, truncated: value.truncated };
}

/** Text of one value, or null for SQL NULL. Strings and binaries longer than `maxChars` are cut. */
export function valueText(data: Data, index: number, opts: FormatOptions, maxChars = Infinity): { text: string; truncated: boolean } | null {
  if (isNullAt(data, index)) return null;
  switch (data.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return stringAt(data, index, maxChars);
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
    case Type.BinaryView:
      return hexAt(data, index, maxChars);
    case Type.Dictionary: {
      const ref = dictionaryRef(data, index);
      return valueText(ref.data, ref.index, opts, maxChars);
    }
    default:
      return clip(isNestedType(data.typeId) ? jsonText(valueJson(data, index, opts)) : scalarText(data, index, opts), maxChars);
  }
}

/** The JSON tree of a value (nested or not), used by the value view and JSON copy/export. */
export function valueJson(data: Data, index: number, opts: FormatOptions): JsonNode {
  return jsonNode(data, index, (d, i) => scalarJson(d, i, opts), (micros, zoned) => timestampText(micros, TimeUnit.MICROSECOND, zoned ? opts.timeZone : null));
}

/** The cell of the dictionary that a dictionary-encoded cell points at. */
function dictionaryRef(data: Data, index: number): { data: Data; index: number } {
  const key = Number((data.values as ArrayLike<number | bigint>)[index]);
  return cellRef(data.dictionary as Vector, key);
}

/** JSON literal of a non-null leaf value: numbers and booleans bare, everything else as a string. */
function scalarJson(data: Data, index: number, opts: FormatOptions): string {
  switch (data.typeId) {
    case Type.Int:
    case Type.Decimal:
    case Type.Bool:
      return scalarText(data, index, opts);
    case Type.Float: {
      const text = scalarText(data, index, opts);
      return /^-?\d/.test(text) ? text : JSON.stringify(text);
    }
    default: {
      const value = valueText(data, index, opts);
      return value === null ? 'null' : JSON.stringify(value.text);
    }
  }
}

/** Text of a non-null fixed-width value. */
export function scalarText(data: Data, index: number, opts: FormatOptions): string {
  switch (data.typeId) {
    case Type.Int: return intText(data, index);
    case Type.Float: return floatText(data, index);
    case Type.Decimal: return decimalText(data, index);
    case Type.Bool: return boolAt(data, index) ? 'true' : 'false';
    case Type.Date: return dateValueText(data, index);
    case Type.Timestamp: {
      const type = data.type as Timestamp;
      return timestampText(bigAt(data, index), type.unit, type.timezone ? opts.timeZone : null);
    }
    case Type.Time: return timeText(bigAt(data, index), (data.type as Time).unit);
    case Type.Duration: return durationText(bigAt(data, index), (data.type as Duration).unit);
    case Type.Interval: return intervalText(data, index);
    default: return genericText(genericValue(data, index));
  }
}

function bigAt(data: Data, index: number): bigint {
  return BigInt((data.values as ArrayLike<number | bigint>)[index]);
}

function boolAt(data: Data, index: number): boolean {
  const bit = data.offset + index;
  return ((data.values as Uint8Array)[bit >> 3] & (1 << (bit & 7))) !== 0;
}

/** Shortest text that reads back as the same float (Float32 without its binary noise). */
function floatText(data: Data, index: number): string {
  const precision = (data.type as Float).precision;
  const value = precision === Precision.HALF ? Number(genericValue(data, index)) : (data.values as Float64Array)[index];
  if (precision !== Precision.SINGLE || !Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(9)));
}

function dateValueText(data: Data, index: number): string {
  const raw = (data.values as ArrayLike<number | bigint>)[index];
  const days = (data.type as Date_).unit === 0 ? Number(raw) : Math.floor(Number(raw) / 86_400_000);
  return dateText(days);
}

function intervalText(data: Data, index: number): string {
  if ((data.type as Interval).unit === IntervalUnit.YEAR_MONTH) return yearMonthText((data.values as Int32Array)[index]);
  return genericText(genericValue(data, index));
}

function genericText(value: unknown): string {
  if (value === null || value === undefined) return NULL_TEXT;
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return String(value);
}
