// Conditions and assignments typed by users: sent as expressions the server parses, never spliced into SQL.
import type { Expression } from '../gen/spark/connect/expressions_pb';
import { col, expr } from '../expressions';

/** A column value to set: SQL expression text or an expression. */
export type Assignments = Record<string, string | Expression>;

/** User-typed conditions travel as expression strings: the server parses them. */
export function asExpr(condition: string | Expression | undefined): Expression | undefined {
  if (condition === undefined) return undefined;
  if (typeof condition !== 'string') return condition;
  if (condition.trim() === '') throw new Error('The condition is empty.');
  return expr(condition);
}

/** column → value assignments; the column is an attribute, the value an expression. */
export function assignments(set: Assignments) {
  const entries = Object.entries(set);
  if (entries.length === 0) throw new Error('At least one column must be set.');
  return entries.map(([field, value]) => ({ field: col(field), value: asExpr(value) }));
}

