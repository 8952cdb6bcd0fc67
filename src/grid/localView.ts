// Local sort and filter over a result held entirely in memory: the answer is an index permutation
// (Uint32Array), never row objects. Sort keys are read column by column straight from the Arrow buffers.
import { Data, RecordBatch, Type } from 'apache-arrow';
import { decimalUnscaled, isNullAt, stringAt } from './shared/cellData';
import { FormatOptions, valueText } from './shared/format';
import type { SortKey, ViewSpec } from './shared/protocol';
import type { ResultStore } from './resultStore';

type Key = number | bigint | string;

/** Yields to the event loop every this many rows, so a long sort or filter never freezes the host. */
const ROWS_PER_SLICE = 50_000;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The order of loaded rows for `spec`, or null when the spec asks for nothing. */
export async function buildLocalOrder(store: ResultStore, spec: ViewSpec, opts: FormatOptions): Promise<Uint32Array | null> {
  if (spec.sort.length === 0 && spec.filter === '') return null;
  const batches = [...store.batches()];
  let rows = spec.filter === '' ? allRows(store.loadedRows) : await filterRows(batches, spec.filter, opts);
  if (spec.sort.length > 0) rows = await sortRows(batches, rows, spec.sort);
  return rows;
}

function allRows(count: number): Uint32Array {
  const rows = new Uint32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}

/** Rows where some non-null cell's text contains `needle` (case-insensitive). */
export async function filterRows(batches: readonly RecordBatch[], needle: string, opts: FormatOptions): Promise<Uint32Array> {
  const lower = needle.toLowerCase();
  const hits: number[] = [];
  let base = 0;
  for (const batch of batches) {
    const columns = batch.schema.fields.map((_f, c) => batch.getChildAt(c)!.data[0]);
    for (let i = 0; i < batch.numRows; i++) {
      if (columns.some((data) => valueText(data, i, opts)?.text.toLowerCase().includes(lower))) hits.push(base + i);
      if ((base + i) % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToLoop();
    }
    base += batch.numRows;
  }
  return Uint32Array.from(hits);
}

/** A comparable key per loaded row for one column; undefined marks NULL. */
export function columnKeys(batches: readonly RecordBatch[], column: number): Array<Key | undefined> {
  const keys: Array<Key | undefined> = [];
  for (const batch of batches) {
    const data = batch.getChildAt(column)!.data[0];
    for (let i = 0; i < batch.numRows; i++) keys.push(isNullAt(data, i) ? undefined : keyOf(data, i));
  }
  return keys;
}

/** Sort key of a non-null cell: numbers and bigints compare numerically, the rest by text. */
function keyOf(data: Data, index: number): Key {
  switch (data.typeId) {
    case Type.Int: case Type.Date: case Type.Time: case Type.Timestamp: case Type.Duration:
      return (data.values as ArrayLike<number | bigint>)[index];
    case Type.Float: {
      const value = (data.values as Float64Array)[index];
      return Number.isNaN(value) ? Infinity : value; // Spark orders NaN above every number
    }
    case Type.Decimal: return decimalUnscaled(data, index);
    case Type.Bool: {
      const bit = data.offset + index;
      return ((data.values as Uint8Array)[bit >> 3] >> (bit & 7)) & 1;
    }
    case Type.Utf8: case Type.LargeUtf8: return stringAt(data, index).text;
    default: return valueText(data, index, { timeZone: 'UTC' })?.text ?? '';
  }
}

function compareKeys(a: Key | undefined, b: Key | undefined, descending: boolean): number {
  // Spark's defaults: ASC puts NULLs first, DESC puts them last.
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined ? -1 : 1) * (descending ? -1 : 1);
  }
  const order = a < b ? -1 : a > b ? 1 : 0;
  return descending ? -order : order;
}

/** Sorts `rows` by the keys, stable (ties keep their loaded order). */
export async function sortRows(batches: readonly RecordBatch[], rows: Uint32Array, sort: readonly SortKey[]): Promise<Uint32Array> {
  const keys: Array<{ values: Array<Key | undefined>; descending: boolean }> = [];
  for (const key of sort) {
    keys.push({ values: columnKeys(batches, key.column), descending: key.descending });
    await yieldToLoop();
  }
  const sorted = rows.slice();
  sorted.sort((x, y) => {
    for (const { values, descending } of keys) {
      const c = compareKeys(values[x], values[y], descending);
      if (c !== 0) return c;
    }
    return x - y;
  });
  return sorted;
}
