// Splits SQL text into statements at top-level semicolons (not inside quotes, identifiers or comments).
import { parseIdentifier } from '../client';

/** How a script is split: always at top-level semicolons, and at blank lines when `blankLines` is set. */
export interface SplitOptions {
  blankLines?: boolean;
}

/** The statements of a script, trimmed, empty ones dropped. */
export function splitStatements(text: string, opts: SplitOptions = {}): string[] {
  return statementRanges(text, opts).map((r) => r.text);
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

/** A statement of a script with its offsets in the text. */
export interface StatementRange {
  text: string;
  start: number;
  end: number;
}

/**
 * Statements with their start and end offsets (for CodeLens and "run the statement under the cursor"). A statement
 * ends at a top-level semicolon and, with `blankLines`, at a line holding only white space (outside quotes and
 * comments). A statement's leading comment lines before a blank line are not part of it.
 */
export function statementRanges(text: string, opts: SplitOptions = {}): StatementRange[] {
  const out: StatementRange[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '' && !isOnlyComments(trimmed)) out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    const blank = opts.blankLines && (i === 0 || text[i - 1] === '\n') ? blankLineEnd(text, i) : -1;
    if (blank >= 0) {
      push(i);
      start = i = blank;
    } else if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(text, i, ch);
    else if (ch === '-' && next === '-') i = skipUntil(text, i, '\n');
    else if (ch === '/' && next === '*') i = skipUntil(text, i + 2, '*/');
    else if (ch === ';') {
      push(i);
      start = ++i;
    } else i++;
  }
  push(text.length);
  return out;
}

/** The offset after the line starting at `i` when that line holds only white space (and a newline ends it), else -1. */
function blankLineEnd(text: string, i: number): number {
  let j = i;
  while (text[j] === ' ' || text[j] === '\t' || text[j] === '\r') j++;
  return text[j] === '\n' ? j + 1 : -1;
}

/** A short title for a statement: its first line of SQL, never a comment, at most 60 characters. */
export function statementTitle(sql: string): string {
  const code = sql.replace(/\/\*[\s\S]*?\*\//g, '\n').split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('--')) ?? sql.trim();
  return code.length > 60 ? `${code.slice(0, 57)}…` : code;
}

/** Named parameter markers (:name) outside quotes and comments, in order of first use. */
export function parameterNames(sql: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(sql, i, ch);
    else if (ch === '-' && sql[i + 1] === '-') i = skipUntil(sql, i, '\n');
    else if (ch === '/' && sql[i + 1] === '*') i = skipUntil(sql, i + 2, '*/');
    else if (ch === ':' && sql[i + 1] !== ':' && sql[i - 1] !== ':' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))!;
      if (!names.includes(m[0])) names.push(m[0]);
      i += 1 + m[0].length;
    } else i++;
  }
  return names;
}

/** A typed parameter value: numbers stay numbers, NULL is null, 'quoted' or anything else is a string. */
export function parameterValue(text: string): string | number | bigint | boolean | null {
  const t = text.trim();
  if (/^null$/i.test(t)) return null;
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^-?\d+$/.test(t)) return Number.isSafeInteger(Number(t)) ? Number(t) : BigInt(t);
  if (/^-?\d*\.\d+(e-?\d+)?$/i.test(t)) return Number(t);
  const quoted = /^'(.*)'$/s.exec(t);
  return quoted ? quoted[1].replace(/''/g, "'") : text;
}

const NAME_PART = '(?:`(?:[^`]|``)*`|[A-Za-z_]\\w*)';
const TABLE_ALIAS = new RegExp(`\\b(?:FROM|JOIN)\\s+(${NAME_PART}(?:\\.${NAME_PART})*)(?=\\s+(?:AS\\s+)?(${NAME_PART}))`, 'gi');
/** Words that may follow a table name without being its alias. */
const NOT_ALIASES = new Set(['where', 'join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'semi', 'anti', 'natural', 'on', 'using',
  'group', 'order', 'sort', 'cluster', 'distribute', 'having', 'limit', 'offset', 'union', 'intersect', 'except', 'minus', 'window',
  'lateral', 'pivot', 'unpivot', 'tablesample', 'version', 'timestamp', 'for', 'with', 'select', 'as', 'qualify']);

/** The table aliases a statement defines (`FROM a.b t`, `JOIN c AS d`): lower-cased alias → name parts of the table. */
export function tableAliases(sql: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of sql.matchAll(TABLE_ALIAS)) {
    const alias = parseIdentifier(m[2])[0];
    if (NOT_ALIASES.has(alias.toLowerCase()) && !m[2].startsWith('`')) continue;
    try {
      out.set(alias.toLowerCase(), parseIdentifier(m[1]));
    } catch {
      // not a name after all
    }
  }
  return out;
}

const TABLE_LIST_START = /\b(?:FROM|JOIN)\s+/gi;
const TABLE_IN_LIST = new RegExp(`(${NAME_PART}(?:\\s*\\.\\s*${NAME_PART})*)(?![\\w\`])(?!\\s*\\()(?:\\s+(?:AS\\s+)?(${NAME_PART}))?\\s*(,\\s*)?`, 'iy');

/** The tables a statement reads or joins (`FROM a.b t, c JOIN d`), as name parts, each once, in order. */
export function statementTables(sql: string): string[][] {
  const out = new Map<string, string[]>();
  for (const start of sql.matchAll(TABLE_LIST_START)) {
    TABLE_IN_LIST.lastIndex = start.index + start[0].length;
    for (let m = TABLE_IN_LIST.exec(sql); m; m = m[3] && !isKeyword(m[2]) ? TABLE_IN_LIST.exec(sql) : null) {
      const parts = tryParseName(m[1].replace(/\s*\.\s*/g, '.'));
      if (parts && !NOT_ALIASES.has(parts[0].toLowerCase())) out.set(parts.join('\u0000').toLowerCase(), parts);
    }
  }
  return [...out.values()];
}

function isKeyword(word: string | undefined): boolean {
  return word !== undefined && !word.startsWith('`') && NOT_ALIASES.has(word.toLowerCase());
}

function tryParseName(text: string): string[] | undefined {
  try {
    return parseIdentifier(text);
  } catch {
    return undefined;
  }
}
