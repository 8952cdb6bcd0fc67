// DESCRIBE DETAIL as a property sheet: one (name, value) row per figure, per table property and per table feature,
// unpivoted on the server so the grid's sort, filter and Refresh run the same query again.
import type { DataFrame } from '../dataframe';
import { expr } from '../expressions';
import type { DataType } from '../gen/spark/connect/types_pb';
import { quoteIdentifier, quoteString } from '../sqlQuote';
import type { DeltaTable } from './deltaTable';
import { deltaDialect } from './dialect';

/** A column of DESCRIBE DETAIL's result. */
export interface DetailColumn { name: string; type: DataType | undefined }

const ENTRY = (name: string, value: string) => `named_struct('name', ${name}, 'value', ${value})`;

/** The rows of one column as an array<struct<name, value>> SQL expression. */
function columnRows(c: DetailColumn): string {
  const ref = quoteIdentifier(c.name);
  const label = quoteString(c.name);
  const kind = c.type?.kind.case;
  if (c.name === 'properties' && kind === 'map') {
    const rows = `transform(sort_array(map_entries(${ref})), e -> ${ENTRY("concat('property: ', e.key)", 'CAST(e.value AS STRING)')})`;
    return `IF(coalesce(size(${ref}), 0) > 0, ${rows}, array(${ENTRY(label, "'(none)'")}))`;
  }
  if (c.name === 'tableFeatures' && kind === 'array') {
    const rows = `transform(${ref}, f -> ${ENTRY("'table feature'", 'CAST(f AS STRING)')})`;
    return `IF(coalesce(size(${ref}), 0) > 0, ${rows}, array(${ENTRY(label, "'(none)'")}))`;
  }
  if (c.name === 'sizeInBytes') return `array(${ENTRY(label, bytesText(ref))})`;
  if (kind === 'array') return `array(${ENTRY(label, `array_join(transform(${ref}, x -> CAST(x AS STRING)), ', ')`)})`;
  if (kind === 'map' || kind === 'struct') return `array(${ENTRY(label, `to_json(${ref})`)})`;
  return `array(${ENTRY(label, `CAST(${ref} AS STRING)`)})`;
}

/** "12.3 KB (12,632 bytes)": the size for people, then exact. */
function bytesText(ref: string): string {
  const units: Array<[string, number]> = [['PB', 5], ['TB', 4], ['GB', 3], ['MB', 2], ['KB', 1]];
  const human = units.map(([u, p]) => `WHEN ${ref} >= ${1024 ** p} THEN concat(format_number(${ref} / ${1024 ** p}D, 1), ' ${u}')`).join(' ');
  return `concat(CASE ${human} ELSE concat(CAST(${ref} AS STRING), ' bytes') END, ' (', CAST(${ref} AS STRING), ' bytes)')`;
}

/** The SQL expression that turns DESCRIBE DETAIL's one row into (name, value) rows, in its column order. */
export function detailSheetExpression(columns: readonly DetailColumn[]): string {
  if (columns.length === 0) throw new Error('DESCRIBE DETAIL returned no columns.');
  return `inline(concat(${columns.map(columnRows).join(', ')}))`;
}

/** DESCRIBE DETAIL of a Delta table as a (name, value) DataFrame: one row per figure, property and table feature. */
export async function detailSheet(table: DeltaTable): Promise<DataFrame> {
  await deltaDialect(table.session);
  const detail = table.detail();
  const schema = await detail.schema();
  if (schema?.kind.case !== 'struct') throw new Error('DESCRIBE DETAIL returned no columns.');
  const columns = schema.kind.value.fields.map((f) => ({ name: f.name, type: f.dataType }));
  return detail.select(expr(detailSheetExpression(columns)));
}
