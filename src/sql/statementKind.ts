// What a statement does, read from its words: whether it writes (changes data, tables or the catalog), so a
// statement run again from the history is confirmed first.

const WRITE_KEYWORDS = new Set([
  'DELETE', 'UPDATE', 'MERGE', 'INSERT', 'DROP', 'TRUNCATE', 'ALTER', 'CREATE', 'REPLACE', 'RESTORE', 'VACUUM',
  'OPTIMIZE', 'REORG', 'CONVERT', 'GRANT', 'REVOKE', 'MSCK', 'LOAD', 'COPY', 'UNDROP', 'CLONE',
]);

/** The statement's words outside comments, quotes and backquoted identifiers, upper-cased. */
function words(sql: string): string[] {
  const plain = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`/g, ' ');
  return plain.toUpperCase().match(/[A-Z_]+/g) ?? [];
}

/**
 * The keyword that makes `sql` a write ("DELETE", "INSERT", ...), or undefined for a read. A WITH query is a write
 * when a write keyword follows its common table expressions (WITH … INSERT INTO …).
 */
export function writeKeyword(sql: string): string | undefined {
  const all = words(sql);
  const first = all[0];
  if (first === undefined) return undefined;
  if (WRITE_KEYWORDS.has(first)) return first;
  if (first === 'WITH' || first === 'FROM') return all.find((w) => ['INSERT', 'MERGE', 'DELETE', 'UPDATE'].includes(w));
  return undefined;
}
