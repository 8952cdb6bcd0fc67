// Splits SQL text into statements at top-level semicolons (not inside quotes, identifiers or comments).

/** The statements of a script, trimmed, empty ones dropped. */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(text, i, ch);
    else if (ch === '-' && next === '-') i = skipUntil(text, i, '\n');
    else if (ch === '/' && next === '*') i = skipUntil(text, i + 2, '*/') ;
    else if (ch === ';') {
      out.push(text.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '' && !isOnlyComments(s));
}

function skipQuoted(text: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === '\\' && quote !== '`') j += 2;
    else if (text[j] === quote && text[j + 1] === quote) j += 2;
    else if (text[j] === quote) return j + 1;
    else j++;
  }
  return j;
}

function skipUntil(text: string, i: number, end: string): number {
  const at = text.indexOf(end, i);
  return at < 0 ? text.length : at + end.length;
}

function isOnlyComments(sql: string): boolean {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}

/** Parses "a = expr, b = expr" into assignments; commas inside parentheses or quotes do not split. */
export function parseAssignments(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of splitTopLevel(text, ',')) {
    const eq = findTopLevel(part, '=');
    if (eq <= 0) throw new Error(`"${part.trim()}" is not column = expression.`);
    const column = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!column || !value) throw new Error(`"${part.trim()}" is not column = expression.`);
    out[column] = value;
  }
  if (Object.keys(out).length === 0) throw new Error('Enter at least one column = expression.');
  return out;
}

function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = indexAtDepth0(text, sep, 0); i >= 0; i = indexAtDepth0(text, sep, start)) {
    parts.push(text.slice(start, i));
    start = i + 1;
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

function findTopLevel(text: string, ch: string): number {
  return indexAtDepth0(text, ch, 0);
}

function indexAtDepth0(text: string, ch: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(text, i, c) - 1;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ch && depth === 0 && !(ch === '=' && (text[i + 1] === '=' || text[i - 1] === '!' || text[i - 1] === '<' || text[i - 1] === '>'))) return i;
  }
  return -1;
}
