// Building Spark Connect expressions: columns, literals, SQL expression strings.
import { create } from '@bufbuild/protobuf';
import { ExpressionSchema, Expression_LiteralSchema, Expression_Literal_ArraySchema, Expression_Literal_DecimalSchema, Expression_SortOrder_NullOrdering as NullOrdering, Expression_SortOrder_SortDirection as SortDirection,
  type Expression, type Expression_Literal } from './gen/spark/connect/expressions_pb';
import { DataTypeSchema } from './gen/spark/connect/types_pb';

/** A decimal literal given as exact text, e.g. decimal('12345678901234567890.123'). */
export interface DecimalValue {
  decimal: string;
  precision?: number;
  scale?: number;
}

/** Values that become literals. Numbers that are whole and within int32 become INT, others DOUBLE; bigint becomes BIGINT. */
export type LiteralValue = null | boolean | number | bigint | string | Uint8Array | Date | DecimalValue | LiteralValue[];

/** A column reference by (possibly qualified, backtick-quoted) name. */
export function col(name: string): Expression {
  return create(ExpressionSchema, { exprType: { case: 'unresolvedAttribute', value: { unparsedIdentifier: name } } });
}

/** A SQL expression string, parsed by the server (e.g. "id < 10 AND name IS NOT NULL"). */
export function expr(sql: string): Expression {
  return create(ExpressionSchema, { exprType: { case: 'expressionString', value: { expression: sql } } });
}

/** A literal value. */
export function lit(value: LiteralValue): Expression {
  return create(ExpressionSchema, { exprType: { case: 'literal', value: literal(value) } });
}

/** A function call, e.g. fn('count', lit(1)). */
export function fn(name: string, ...args: Expression[]): Expression {
  return create(ExpressionSchema, { exprType: { case: 'unresolvedFunction', value: { functionName: name, arguments: args } } });
}

/** An alias: `e AS name`. */
export function alias(e: Expression, name: string): Expression {
  return create(ExpressionSchema, { exprType: { case: 'alias', value: { expr: e, name: [name] } } });
}

/** `*`, optionally of one relation alias. */
export function star(target?: string): Expression {
  return create(ExpressionSchema, { exprType: { case: 'unresolvedStar', value: { unparsedTarget: target ? `${target}.*` : undefined } } });
}

/** A sort key. */
export function sortOrder(e: Expression | string, descending = false, nullsFirst?: boolean): Expression {
  const nullOrdering = nullsFirst === undefined ? (descending ? NullOrdering.SORT_NULLS_LAST : NullOrdering.SORT_NULLS_FIRST)
    : nullsFirst ? NullOrdering.SORT_NULLS_FIRST : NullOrdering.SORT_NULLS_LAST;
  return create(ExpressionSchema, {
    exprType: {
      case: 'sortOrder',
      value: {
        child: typeof e === 'string' ? col(e) : e,
        direction: descending ? SortDirection.DESCENDING : SortDirection.ASCENDING,
        nullOrdering,
      },
    },
  });
}

/** The protobuf literal of a JS value. */
export function literal(value: LiteralValue): Expression_Literal {
  return create(Expression_LiteralSchema, { literalType: literalType(value) });
}

function literalType(value: LiteralValue): Expression_Literal['literalType'] {
  if (value === null) return { case: 'null', value: create(DataTypeSchema, { kind: { case: 'null', value: {} } }) };
  if (typeof value === 'boolean') return { case: 'boolean', value };
  if (typeof value === 'bigint') return { case: 'long', value };
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 ? { case: 'integer', value } : { case: 'double', value };
  }
  if (typeof value === 'string') return { case: 'string', value };
  if (value instanceof Uint8Array) return { case: 'binary', value };
  if (value instanceof Date) return { case: 'timestamp', value: BigInt(value.getTime()) * 1000n };
  if (Array.isArray(value)) return { case: 'array', value: create(Expression_Literal_ArraySchema, { elements: value.map(literal) }) };
  if (typeof value === 'object' && 'decimal' in value) {
    if (!/^-?\d+(\.\d+)?$/.test(value.decimal)) throw new TypeError(`Not a decimal number: "${value.decimal}"`);
    return { case: 'decimal', value: create(Expression_Literal_DecimalSchema, { value: value.decimal, precision: value.precision, scale: value.scale }) };
  }
  throw new TypeError(`Cannot turn ${typeof value} into a Spark literal`);
}

// Quoting lives in sqlQuote, the one module that writes names and values into SQL text.
export { quoteIdentifier, quoteName, quoteString } from './sqlQuote';
