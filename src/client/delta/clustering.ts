// Liquid clustering of an existing Delta table: ALTER TABLE … CLUSTER BY (columns) or CLUSTER BY NONE. Delta
// Connect has no message for it, so it is SQL over both dialects.
import { parseIdentifier, quoteIdentifier } from '../sqlQuote';
import type { ExecuteOptions } from '../execution';
import type { SparkConnectSession } from '../session';

/** The ALTER TABLE statement that sets a table's clustering columns; no columns means CLUSTER BY NONE. */
export function clusterByStatement(sqlName: string, columns: readonly string[]): string {
  if (!sqlName.trim()) throw new Error('A table name is needed to change its clustering.');
  const names = columns.map((c) => c.trim());
  if (names.some((c) => !c)) throw new Error('A clustering column name is empty.');
  if (new Set(names.map((c) => c.toLowerCase())).size !== names.length) throw new Error('A clustering column is named twice.');
  return `ALTER TABLE ${sqlName} CLUSTER BY ${names.length ? `(${names.map(quoteIdentifier).join(', ')})` : 'NONE'}`;
}

/** Sets a table's clustering columns (none: stops clustering new data). Existing files are reclustered by OPTIMIZE. */
export async function setClusteringColumns(session: SparkConnectSession, sqlName: string, columns: readonly string[], opts?: ExecuteOptions): Promise<void> {
  await session.sql(clusterByStatement(sqlName, columns), undefined, opts);
}

/**
 * Clustering column names as the table's columns are named: DESCRIBE DETAIL quotes a name that needs it
 * ("`event-day`") and joins nested fields with dots.
 */
export function clusteringColumnNames(fromDetail: readonly string[]): string[] {
  return fromDetail.map((name) => {
    try {
      return parseIdentifier(name).join('.');
    } catch {
      return name;
    }
  });
}
