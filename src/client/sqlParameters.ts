// SQL parameters on servers that cannot bind them. Delta 4.4's SQL parser drops bound parameters on Spark 4.2
// (UNBOUND_SQL_PARAMETER), so on such a server the values go into the statement as exact typed literals written by
// sqlQuote — replacing only the parameter markers the lexer would see, never splicing the user's text anywhere else.
import { SparkConnectError } from './errors';
import { sqlRelation, type SqlParameters } from './dataframe';
import type { LiteralValue } from './expressions';
import type { SparkConnectSession } from './session';
import { sqlLiteral } from './sqlQuote';

/** How a session's server takes SQL parameters: bound (sent apart from the text) or as literals in the text. */
export type ParameterBinding = 'bound' | 'literals';

const bindingOf = new WeakMap<SparkConnectSession, Promise<ParameterBinding>>();

/** Whether the server binds parameters, found out once per session by planning `SELECT :p` (nothing runs). */
export function parameterBinding(session: SparkConnectSession, legacyArgs = false): Promise<ParameterBinding> {
  let found = bindingOf.get(session);
  if (!found) {
    found = probeBinding(session, legacyArgs).catch((err: unknown) => {
      bindingOf.delete(session);
      throw err;
    });
    bindingOf.set(session, found);
  }
  return found;
}

async function probeBinding(session: SparkConnectSession, legacyArgs: boolean): Promise<ParameterBinding> {
  try {
    await session.schemaOf(sqlRelation('SELECT :dce_probe AS p', { dce_probe: 1 }, legacyArgs));
    return 'bound';
  } catch (err) {
    if (err instanceof SparkConnectError && err.errorClass === 'UNBOUND_SQL_PARAMETER') return 'literals';
    throw err;
  }
}

/** A marker in SQL text: `:name` or `?`, with its place. */
interface Marker { start: number; end: number; name?: string }

/**
 * The statement with every parameter marker replaced by the literal of its value. Markers inside strings, quoted
 * identifiers and comments are left alone, as Spark's lexer does; `::` is a cast, not a marker.
 */
export function inlineParameters(query: string, params: SqlParameters): string {
  const markers = parameterMarkers(query);
  const positional = Array.isArray(params);
  let next = 0;
  let out = '';
  let at = 0;
  for (const m of markers) {
    let value: LiteralValue;
    if (m.name === undefined) {
      if (!positional) throw new Error('The statement has a positional parameter (?) but the parameters are named.');
      if (next >= params.length) throw new Error(`The statement has more ? parameters than the ${params.length} given.`);
      value = params[next++];
    } else {
      if (positional) throw new Error(`The statement has a named parameter (:${m.name}) but the parameters are positional.`);
      if (!Object.prototype.hasOwnProperty.call(params, m.name)) throw new Error(`No value for the parameter :${m.name}.`);
      value = params[m.name];
    }
    // Spaces around the literal: it can never join a neighbouring token.
    out += `${query.slice(at, m.start)} ${sqlLiteral(value)} `;
    at = m.end;
  }
  return out + query.slice(at);
}

/** The parameter markers of a statement, in order. */
export function parameterMarkers(sql: string): Marker[] {
  const out: Marker[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') i = skipString(sql, i, ch);
    else if (ch === '`') i = skipBackquoted(sql, i);
    else if (ch === '-' && next === '-') i = skipLineComment(sql, i);
    else if (ch === '/' && next === '*') i = skipBlockComment(sql, i);
    else if (ch === ':' && next === ':') i += 2;
    else if (ch === ':' && /[A-Za-z_]/.test(next ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      out.push({ start: i, end: i + 1 + name.length, name });
      i += 1 + name.length;
    } else if (ch === '?') {
      out.push({ start: i, end: i + 1 });
      i++;
    } else if (/[A-Za-z0-9_]/.test(ch)) {
      // A word (identifier, keyword or number) as one unit, so `a:b` inside a word is never read as a marker start.
      const word = /^[A-Za-z0-9_]+/.exec(sql.slice(i))![0];
      if (/^[Rr]$/.test(word) && (sql[i + 1] === "'" || sql[i + 1] === '"')) i = skipRaw(sql, i + 1, sql[i + 1]);
      else i += word.length;
    } else i++;
  }
  return out;
}

/** '…' or "…" with backslash escapes (Spark's STRING_LITERAL). */
function skipString(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === '\\') j += 2;
    else if (sql[j] === quote) return j + 1;
    else j++;
  }
  return j;
}

/** r'…': a raw string, no escapes. */
function skipRaw(sql: string, i: number, quote: string): number {
  const end = sql.indexOf(quote, i + 1);
  return end < 0 ? sql.length : end + 1;
}

/** `…` with `` doubled. */
function skipBackquoted(sql: string, i: number): number {
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === '`' && sql[j + 1] === '`') j += 2;
    else if (sql[j] === '`') return j + 1;
    else j++;
  }
  return j;
}

/** -- to the end of the line; a backslash right before the newline continues the comment (Spark's SIMPLE_COMMENT). */
function skipLineComment(sql: string, i: number): number {
  let j = i + 2;
  while (j < sql.length) {
    if (sql[j] === '\\' && sql[j + 1] === '\n') j += 2;
    else if (sql[j] === '\n' || sql[j] === '\r') return j;
    else j++;
  }
  return j;
}

/** /* … *\/, nested as Spark nests them. */
function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return j;
}

/** The plan of a SQL command with parameters as the server takes them; `note` is told which way was used. */
export async function sqlCommandInput(
  session: SparkConnectSession, query: string, params: SqlParameters | undefined, note?: (message: string) => void,
  legacyArgs = false,
): Promise<ReturnType<typeof sqlRelation>> {
  if (!params || (Array.isArray(params) ? params.length === 0 : Object.keys(params).length === 0)) return sqlRelation(query, params, legacyArgs);
  const count = Array.isArray(params) ? params.length : Object.keys(params).length;
  if (Array.isArray(params) && !session.has('positionalSqlParameters')) {
    // Spark 3.4 has no SQL.pos_args (it would ignore them and fail on `?`): the values go into the text instead.
    note?.(`SQL parameters: this server (Spark ${session.serverVersion}) binds only named parameters; ${count} positional sent as typed literals written into the statement.`);
    return sqlRelation(inlineParameters(query, params));
  }
  const binding = await parameterBinding(session, legacyArgs);
  if (binding === 'bound') {
    note?.(`SQL parameters: ${count} sent as bound parameters.`);
    return sqlRelation(query, params, legacyArgs);
  }
  note?.(`SQL parameters: this server does not bind parameters (UNBOUND_SQL_PARAMETER); ${count} sent as typed literals written into the statement.`);
  return sqlRelation(inlineParameters(query, params));
}
