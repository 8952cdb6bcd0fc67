// Table names in SQL text: split user-typed names into parts and quote every part (through sqlQuote).
import { parseIdentifier, quotePathTable, quoteName, quoteTableName } from '../sqlQuote';

export { parseIdentifier };

/** A table name as safe SQL text, every part backtick-quoted. */
export function sqlTableName(name: string): string {
  return quoteTableName(name);
}

/** A path table as SQL text: delta.`/the/path`. */
export function sqlPathTable(path: string): string {
  return quotePathTable(path);
}

/**
 * A table name as Delta's own parser takes it (CONVERT TO DELTA, the table builder): at most schema.table, so a
 * table of the session catalog (`spark_catalog.s.t`) goes without its catalog.
 */
export function deltaTableName(parts: string[]): string {
  return quoteName(parts.length === 3 && parts[0].toLowerCase() === 'spark_catalog' ? parts.slice(1) : parts);
}
