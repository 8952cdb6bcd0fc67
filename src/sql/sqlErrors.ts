// Where in a script a Spark error points, and its text as one short line.
// Spark reports positions relative to the statement it was sent: "(line 1, pos 14)" for a parse error,
// "; line 2 pos 2;" for an analysis error, "== SQL (line 1, position 8) ==" for a query context. Lines are 1-based;
// "pos" is 0-based, "position" 1-based.

/** A position in a statement: line 1-based, column 0-based, and how many characters Spark marked (when it did). */
export interface StatementPosition {
  line: number;
  column: number;
  length?: number;
}

const PARSE_POSITION = /\(line (\d+), pos (\d+)\)/;
const ANALYSIS_POSITION = /;\s*line (\d+) pos (\d+)/;
const CONTEXT_POSITION = /== SQL(?: of [^(]*)? \(line (\d+), position (\d+)\) ==/;

/** The position a Spark error message points at, when it names one. */
export function sparkErrorPosition(message: string): StatementPosition | undefined {
  const carets = /\n[- ]*(\^+)\s*(?:\n|$)/.exec(message)?.[1].length;
  const parse = PARSE_POSITION.exec(message) ?? ANALYSIS_POSITION.exec(message);
  if (parse) return withLength({ line: Number(parse[1]), column: Number(parse[2]) }, carets);
  const context = CONTEXT_POSITION.exec(message);
  if (context) return withLength({ line: Number(context[1]), column: Math.max(0, Number(context[2]) - 1) }, carets);
  return undefined;
}

function withLength(position: StatementPosition, length: number | undefined): StatementPosition {
  return length ? { ...position, length } : position;
}

/** Offsets [start, end) in the script of a position in the statement that starts at `statementStart`. */
export function scriptRange(script: string, statementStart: number, statementEnd: number, position: StatementPosition | undefined): [number, number] {
  if (!position) return [statementStart, lineEnd(script, statementStart, statementEnd)];
  let at = statementStart;
  for (let line = 1; line < position.line; line++) {
    const nl = script.indexOf('\n', at);
    if (nl < 0 || nl >= statementEnd) break;
    at = nl + 1;
  }
  const start = Math.min(at + position.column, lineEnd(script, at, statementEnd));
  const end = position.length ? start + position.length : wordEnd(script, start);
  return [start, Math.max(start + 1, Math.min(end, lineEnd(script, start, statementEnd)))];
}

function lineEnd(script: string, from: number, limit: number): number {
  const nl = script.indexOf('\n', from);
  return Math.min(nl < 0 ? script.length : nl, limit);
}

function wordEnd(script: string, from: number): number {
  const m = /^(`(?:[^`]|``)*`|[\w.]+|\S)/.exec(script.slice(from));
  return from + (m?.[0].length ?? 1);
}

/**
 * Spark's message without what is said elsewhere or only for developers: the leading "[ERROR_CLASS]", the
 * "SQLSTATE: …" suffix, the position, the "== SQL ==" excerpt and the logical plan that follow the first line.
 */
export function sparkErrorText(message: string): string {
  const first = message.trim().split('\n')[0] ?? '';
  return first
    .replace(/^\[[A-Z][A-Z0-9_.]*\]\s*/, '')
    .replace(/\s*SQLSTATE: \w+/, '')
    .replace(PARSE_POSITION, '')
    .replace(/;\s*line \d+ pos \d+;?/, '')
    .trim()
    .replace(/[;,]$/, '')
    .trim();
}

/** One short line for a notification: "[ERROR_CLASS, SQLSTATE x] message", cut at a sentence end or a word, never mid-word. */
export function shortErrorLine(error: { errorClass?: string; sqlState?: string }, message: string, max = 180): string {
  const text = sparkErrorText(message) || error.errorClass || 'The statement failed';
  const tags = [error.errorClass, error.sqlState && `SQLSTATE ${error.sqlState}`].filter(Boolean).join(', ');
  const head = tags ? `[${tags}] ` : '';
  return head + shorten(text, max - head.length);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentence = text.slice(0, max).match(/^.*[.?!](?=\s)/)?.[0];
  if (sentence && sentence.length > max / 3) return sentence;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
