// Clipboard text for a rectangular selection: TSV, CSV (RFC 4180), JSON, Markdown and a Spark SQL IN-list.
// Values come from the same formatter as the grid, untruncated.
import { Data, Table, Timestamp, Type } from 'apache-arrow';
import { columnKind } from './sparkTypes';
import { FormatOptions, NULL_TEXT, valueJson, valueText } from './shared/format';
import { jsonText } from './shared/formatJson';
import type { CopyFormat } from './shared/protocol';

/** Options of one copy. */
export interface CopyOptions extends FormatOptions {
  /** Adds a header line of column names (TSV, CSV); Markdown always has one, JSON uses names as keys. */
  readonly withHeader: boolean;
}

/** One row of cells: the Arrow chunk and index of each selected column. */
type Row = ReadonlyArray<{ readonly data: Data; readonly index: number }>;

/** Every row of a table, batch by batch, without building row objects for more than one row at a time. */
export function* tableRows(table: Table): Generator<Row> {
  for (const batch of table.batches) {
    const columns = batch.schema.fields.map((_f, c) => batch.getChildAt(c)!.data[0]);
    for (let index = 0; index < batch.numRows; index++) yield columns.map((data) => ({ data, index }));
  }
}

/** Builds the clipboard text of `table` (already cut to the selected rows and columns). */
export function copyText(table: Table, format: CopyFormat, opts: CopyOptions): string {
  switch (format) {
    case 'tsv': return delimited(table, '\t', '\n', tsvField, opts);
    case 'csv': return delimited(table, ',', '\r\n', csvField, opts);
    case 'json': return jsonArray(table, opts);
    case 'markdown': return markdown(table, opts);
    case 'sql-in': return sqlInList(table, opts);
  }
}

/** Full text of a cell, null for NULL. */
export function fullText(data: Data, index: number, opts: FormatOptions): string | null {
  return valueText(data, index, opts)?.text ?? null;
}

/** TSV field: NULL prints as NULL; values holding tabs, line breaks or a leading quote are quoted as Excel does. */
export function tsvField(value: string | null): string {
  if (value === null) return NULL_TEXT;
  return /[\t\r\n]|^"/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 field: NULL is an empty field, the empty string is "" so the two stay apart. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '' || /[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

function delimited(table: Table, sep: string, eol: string, field: (v: string | null) => string, opts: CopyOptions): string {
  const lines: string[] = opts.withHeader ? [table.schema.fields.map((f) => field(f.name)).join(sep)] : [];
  for (const row of tableRows(table)) lines.push(row.map((c) => field(fullText(c.data, c.index, opts))).join(sep));
  return lines.join(eol);
}

/** Column names usable as JSON keys: a repeated name gets a suffix ("id", "id_2"). */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/** One JSON object per row, keys in column order, values exact (bigint-safe). */
export function jsonObject(row: Row, keys: readonly string[], opts: FormatOptions): string {
  return '{' + row.map((c, i) => `${JSON.stringify(keys[i])}:${jsonText(valueJson(c.data, c.index, opts))}`).join(',') + '}';
}

function jsonArray(table: Table, opts: CopyOptions): string {
  const keys = uniqueNames(table.schema.fields.map((f) => f.name));
  const objects = [...tableRows(table)].map((row) => '  ' + jsonObject(row, keys, opts));
  return objects.length ? `[\n${objects.join(',\n')}\n]` : '[]';
}

/** Markdown cell: pipes escaped, line breaks as <br>, NULL as NULL. */
export function markdownCell(value: string | null): string {
  if (value === null) return NULL_TEXT;
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, '<br>');
}

function markdown(table: Table, opts: CopyOptions): string {
  const fields = table.schema.fields;
  const lines = [
    `| ${fields.map((f) => markdownCell(f.name)).join(' | ')} |`,
    `| ${fields.map((f) => (columnKind(f.type) === 'number' ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const row of tableRows(table)) lines.push(`| ${row.map((c) => markdownCell(fullText(c.data, c.index, opts))).join(' | ')} |`);
  return lines.join('\n');
}

/** A Spark SQL string literal ('…' with backslash escapes, as Spark's parser reads them). */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A Spark SQL literal for one cell. */
export function sqlLiteral(data: Data, index: number, opts: FormatOptions): string {
  const text = fullText(data, index, opts);
  if (text === null) return 'NULL';
  switch (data.typeId) {
    case Type.Int: case Type.Decimal: return text;
    case Type.Float: return /^-?\d/.test(text) ? text : `CAST(${sqlString(text)} AS DOUBLE)`;
    case Type.Bool: return text.toUpperCase();
    case Type.Date: return `DATE${sqlString(text)}`;
    case Type.Timestamp: return `${(data.type as Timestamp).timezone ? 'TIMESTAMP' : 'TIMESTAMP_NTZ'}${sqlString(text)}`;
    case Type.Binary: case Type.LargeBinary: case Type.FixedSizeBinary: return `X'${text.slice(2)}'`;
    case Type.Duration: return text;
    case Type.Interval: return text.startsWith('INTERVAL') ? text : sqlString(text);
    default: return sqlString(text);
  }
}

/** "(a, b, c)" for one column, "((a, 1), (b, 2))" for several; repeated values listed once. */
function sqlInList(table: Table, opts: FormatOptions): string {
  const items = new Set<string>();
  for (const row of tableRows(table)) {
    const literals = row.map((c) => sqlLiteral(c.data, c.index, opts));
    items.add(literals.length === 1 ? literals[0] : `(${literals.join(', ')})`);
  }
  return `(${[...items].join(', ')})`;
}
