// The one place SQL text is made from names, paths and values. Every identifier, path and literal that goes into a
// statement this client writes passes through here; nothing else concatenates user text into SQL.
//
// Spark's lexer (SqlBaseLexer.g4) is the yardstick:
//   BACKQUOTED_IDENTIFIER  '`' ( ~'`' | '``' )* '`'          any character, newlines included; a backtick is doubled
//   STRING_LITERAL         '\'' ( ~('\''|'\\') | '\\' . )* '\''   a backslash escapes the next character
// so a quoted identifier or string can hold any text and still be exactly one token.
import type { DataType } from './gen/spark/connect/types_pb';
import type { DecimalValue, LiteralValue } from './expressions';

/** Quotes one identifier part with backticks, doubling backticks inside: safe for any name. */
export function quoteIdentifier(part: string): string {
  return '`' + part.replace(/`/g, '``') + '`';
}

/** Quotes a multi-part name (catalog, schema, table) for SQL text. */
export function quoteName(parts: string[]): string {
  if (parts.length === 0) throw new Error('A name needs at least one part.');
  return parts.map(quoteIdentifier).join('.');
}

/**
 * A SQL string literal. Backslashes and quotes are escaped; control characters become escapes too, so the literal is
 * one line whatever the value holds. (Spark unescapes \n, \r, \t, \0, \Z, \b and \uXXXX.)
 */
export function quoteString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}

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

/** A user-typed (possibly qualified, possibly quoted) name as safe SQL text, every part backtick-quoted. */
export function quoteTableName(name: string): string {
  return quoteName(parseIdentifier(name));
}

/** A path table as SQL text: format.`/the/path` (delta by default). */
export function quotePathTable(path: string, format = 'delta'): string {
  if (path === '') throw new Error('The path is empty.');
  return `${/^[a-z]+$/.test(format) ? format : quoteIdentifier(format)}.${quoteIdentifier(path)}`;
}

/**
 * A SQL expression the server already parsed as exactly one expression, placed into a statement. It goes between
 * parentheses on lines of its own, ending in " \n": a trailing `--` comment (even one ending in a backslash, which
 * Spark's lexer continues onto the next line) ends before the closing parenthesis, so the statement's lexer sees the
 * same tokens the expression parser saw.
 */
export function embedParsedExpression(text: string): string {
  return `(\n${text} \n)`;
}

/** A typed SQL literal of a value: the same type a bound parameter of that value would have. */
export function sqlLiteral(value: LiteralValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value === -(2n ** 63n) ? "CAST('-9223372036854775808' AS BIGINT)" : `${value}L`;
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return quoteString(value);
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex').toUpperCase()}'`;
  if (value instanceof Date) return timestampLiteral(value);
  if (Array.isArray(value)) return `array(${value.map(sqlLiteral).join(', ')})`;
  if (typeof value === 'object' && 'decimal' in value) return decimalLiteral(value);
  throw new TypeError(`Cannot turn ${typeof value} into a SQL literal`);
}

function numberLiteral(n: number): string {
  // Whole numbers within int32 are INT (as lit() sends them); everything else DOUBLE.
  if (n === -(2 ** 31)) return 'CAST(-2147483648 AS INT)';
  if (Number.isInteger(n) && n > -(2 ** 31) && n < 2 ** 31 && !Object.is(n, -0)) return String(n);
  return sqlDouble(n);
}

/** A DOUBLE literal of exactly this number (NaN and infinities included). */
export function sqlDouble(n: number): string {
  if (Number.isNaN(n)) return "CAST('NaN' AS DOUBLE)";
  if (n === Infinity) return "CAST('Infinity' AS DOUBLE)";
  if (n === -Infinity) return "CAST('-Infinity' AS DOUBLE)";
  // JS prints the shortest text that reads back as the same double; D makes it a DOUBLE literal.
  const text = Object.is(n, -0) ? '-0.0' : String(n);
  return `${/[.eE]/.test(text) ? text : `${text}.0`}D`.replace('e+', 'E').replace('e-', 'E-');
}

function timestampLiteral(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('Invalid date');
  return sqlTimestampMicros(BigInt(d.getTime()) * 1000n);
}

/** A TIMESTAMP literal of an instant in microseconds since the epoch, written in UTC with its zone (Z) so the session time zone cannot shift it. */
export function sqlTimestampMicros(micros: bigint): string {
  const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const iso = new Date(Number(ms)).toISOString();
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return `TIMESTAMP'${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction.toString().padStart(6, '0')}Z'`;
}

/** A DATE literal of a day number since 1970-01-01. */
export function sqlDate(days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a day number: ${days}`);
  const iso = new Date(days * 86_400_000).toISOString();
  return `DATE'${iso.slice(0, 10)}'`;
}

function decimalLiteral(v: DecimalValue): string {
  if (!/^-?\d+(\.\d+)?$/.test(v.decimal)) throw new TypeError(`Not a decimal number: "${v.decimal}"`);
  const bd = `${v.decimal}BD`;
  if (v.precision === undefined && v.scale === undefined) return bd;
  const scale = v.scale ?? (v.decimal.split('.')[1]?.length ?? 0);
  const precision = v.precision ?? 38;
  checkDecimalShape(precision, scale);
  return `CAST(${bd} AS DECIMAL(${precision},${scale}))`;
}

function checkDecimalShape(precision: number, scale: number): void {
  if (!Number.isInteger(precision) || !Number.isInteger(scale) || precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    throw new RangeError(`Not a decimal type: DECIMAL(${precision},${scale})`);
  }
}

/** A whole number for SQL text (versions, hours, protocol versions): digits only, or an error. */
export function sqlInteger(value: number | bigint, what: string): string {
  const n = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (n === undefined || n < 0n) throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
  return n.toString();
}

/** A non-negative number of hours (VACUUM RETAIN n HOURS): plain decimal digits, never an exponent. */
export function sqlHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Retention must be a non-negative number of hours, got ${hours}`);
  const text = String(hours);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`Retention must be a plain number of hours, got ${hours}`);
  return text;
}

const SIMPLE_TYPES: Record<string, string> = {
  null: 'VOID', binary: 'BINARY', boolean: 'BOOLEAN', byte: 'TINYINT', short: 'SMALLINT', integer: 'INT', long: 'BIGINT',
  float: 'FLOAT', double: 'DOUBLE', date: 'DATE', timestamp: 'TIMESTAMP', timestampNtz: 'TIMESTAMP_NTZ', variant: 'VARIANT',
  calendarInterval: 'INTERVAL',
};

/**
 * A Spark type as DDL text written by us from the structured type (never the user's type text): field names are
 * quoted, comments of struct fields are string literals.
 */
export function sqlType(t: DataType | undefined): string {
  const k = t?.kind;
  if (!k || k.case === undefined) throw new Error('A column has no type.');
  switch (k.case) {
    case 'string': return k.value.collation && k.value.collation !== 'UTF8_BINARY' ? `STRING COLLATE ${quoteIdentifier(k.value.collation)}` : 'STRING';
    case 'decimal': {
      const precision = k.value.precision ?? 10;
      const scale = k.value.scale ?? 0;
      checkDecimalShape(precision, scale);
      return `DECIMAL(${precision},${scale})`;
    }
    case 'char': return `CHAR(${positive(k.value.length)})`;
    case 'varChar': return `VARCHAR(${positive(k.value.length)})`;
    case 'array': return `ARRAY<${sqlType(k.value.elementType)}>`;
    case 'map': return `MAP<${sqlType(k.value.keyType)}, ${sqlType(k.value.valueType)}>`;
    case 'struct': return `STRUCT<${k.value.fields.map((f) => `${quoteIdentifier(f.name)}: ${sqlType(f.dataType)}${f.nullable ? '' : ' NOT NULL'}`).join(', ')}>`;
    case 'yearMonthInterval': return intervalType(k.value.startField, k.value.endField, ['YEAR', 'MONTH']);
    case 'dayTimeInterval': return intervalType(k.value.startField, k.value.endField, ['DAY', 'HOUR', 'MINUTE', 'SECOND']);
    case 'unparsed': throw new Error('A type given as text must be parsed by the server first.');
    default: {
      const simple = SIMPLE_TYPES[k.case];
      if (!simple) throw new Error(`The type ${k.case} cannot be written as DDL.`);
      return simple;
    }
  }
}

function positive(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Not a length: ${n}`);
  return n;
}

function intervalType(start: number | undefined, end: number | undefined, units: string[]): string {
  const from = units[start ?? 0];
  const to = units[end ?? units.length - 1];
  if (!from || !to) throw new Error('Not an interval type.');
  return from === to ? `INTERVAL ${from}` : `INTERVAL ${from} TO ${to}`;
}
