// Table names in SQL text: split user-typed names into parts and quote every part.
import { quoteName } from '../expressions';

/** Splits `a.b.c`, honouring backtick quoting (`a.b`.c → ['a.b', 'c']). Throws on unbalanced backticks. */
export function parseIdentifier(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (quoted) {
      if (ch === '`' && name[i + 1] === '`') {
        current += '`';
        i++;
      } else if (ch === '`') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '`') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === '.') {
      pushPart(parts, current, wasQuoted, name);
      current = '';
      wasQuoted = false;
    } else {
      current += ch;
    }
  }
  if (quoted) throw new Error(`Unbalanced backtick in the name ${name}`);
  pushPart(parts, current, wasQuoted, name);
  return parts;
}

function pushPart(parts: string[], part: string, wasQuoted: boolean, whole: string): void {
  const value = wasQuoted ? part : part.trim();
  if (value === '') throw new Error(`Empty part in the name "${whole}"`);
  parts.push(value);
}

/** A table name as safe SQL text, every part backtick-quoted. */
export function sqlTableName(name: string): string {
  return quoteName(parseIdentifier(name));
}

/** A path table as SQL text: delta.`/the/path`. */
export function sqlPathTable(path: string): string {
  return `delta.${quoteName([path])}`;
}

/**
 * A table name as Delta's own parser takes it (CONVERT TO DELTA, the table builder): at most schema.table, so a
 * table of the session catalog (`spark_catalog.s.t`) goes without its catalog.
 */
export function deltaTableName(parts: string[]): string {
  return quoteName(parts.length === 3 && parts[0].toLowerCase() === 'spark_catalog' ? parts.slice(1) : parts);
}
