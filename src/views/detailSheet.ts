// DESCRIBE DETAIL as a property sheet: one (name, value) row per figure, one row per table property and per table
// feature, instead of one very wide row.
import { tableFromArrays, type Table } from 'apache-arrow';
import { formatBytes, type TableDetail } from '../client';
import { timestampText } from '../grid/shared/formatTime';

/** One row of the sheet. */
export interface SheetRow { name: string; value: string }

const ORDER = [
  'format', 'id', 'name', 'description', 'location', 'createdAt', 'lastModified', 'partitionColumns', 'clusteringColumns',
  'numFiles', 'sizeInBytes', 'properties', 'minReaderVersion', 'minWriterVersion', 'tableFeatures',
] as const;

/** The sheet's rows: the known figures in a fixed order, then any other column the server sent (e.g. statistics). */
export function detailSheetRows(detail: TableDetail, timeZone: string): SheetRow[] {
  const d = detail as unknown as Record<string, unknown>;
  const rows: SheetRow[] = [];
  for (const key of ORDER) rows.push(...fieldRows(key, d[key], timeZone));
  for (const [key, value] of Object.entries(d)) {
    if (!(ORDER as readonly string[]).includes(key)) rows.push({ name: key, value: valueText(value, timeZone) });
  }
  return rows;
}

function fieldRows(key: (typeof ORDER)[number], value: unknown, timeZone: string): SheetRow[] {
  switch (key) {
    case 'properties': {
      const entries = Object.entries((value ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return entries.length ? entries.map(([k, v]) => ({ name: `property: ${k}`, value: valueText(v, timeZone) })) : [{ name: 'properties', value: '(none)' }];
    }
    case 'tableFeatures': {
      const features = Array.isArray(value) ? value.map(String) : [];
      return features.length ? features.map((f) => ({ name: 'table feature', value: f })) : [{ name: 'tableFeatures', value: '(none)' }];
    }
    case 'sizeInBytes':
      return [{ name: key, value: value === undefined || value === null ? '' : `${formatBytes(Number(value))} (${String(value)} bytes)` }];
    default:
      return [{ name: key, value: valueText(value, timeZone) }];
  }
}

/** A value as sheet text: dates in the session time zone, lists comma-separated, maps as JSON. */
export function valueText(value: unknown, timeZone: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return `${timestampText(BigInt(value.getTime()), 1, timeZone)} ${timeZone}`;
  if (Array.isArray(value)) return value.map((v) => valueText(v, timeZone)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/** The sheet as an Arrow table of two string columns, for the result grid. */
export function detailSheetTable(detail: TableDetail, timeZone: string): Table {
  const rows = detailSheetRows(detail, timeZone);
  return tableFromArrays({ name: rows.map((r) => r.name), value: rows.map((r) => r.value) });
}
