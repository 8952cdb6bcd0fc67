// The plan of a SQL statement without running it. Over Spark Connect a Delta mutation (DELETE, UPDATE, MERGE) and
// any command runs while its relation is planned, so AnalyzePlan of such a relation would write: every statement is
// explained through SQL `EXPLAIN`, which the server plans but never executes.
import type { ExecuteOptions } from './execution';
import type { SqlParameters } from './dataframe';
import type { SparkConnectSession } from './session';

/** EXPLAIN's layouts: FORMATTED (an operator tree plus one block per operator) or EXTENDED (every plan stage). */
export type ExplainLayout = 'formatted' | 'extended';

/** The EXPLAIN statement for a statement: a trailing semicolon goes; a statement that is already EXPLAIN stays. */
export function explainStatement(statement: string, layout: ExplainLayout = 'formatted'): string {
  const text = statement.trim().replace(/;\s*$/, '').trim();
  if (!text) throw new Error('There is no SQL statement to explain.');
  if (/^EXPLAIN\b/i.test(text)) return text;
  return `EXPLAIN ${layout.toUpperCase()} ${text}`;
}

/** The server's plan text of a statement, through SQL EXPLAIN (never runs the statement). */
export async function explainSql(session: SparkConnectSession, statement: string, layout: ExplainLayout = 'formatted', params?: SqlParameters, opts?: ExecuteOptions): Promise<string> {
  const df = await session.sql(explainStatement(statement, layout), params, opts);
  const table = await df.collect(opts);
  const column = table.getChildAt(0);
  if (!column || table.numRows === 0) throw new Error('The server sent no plan.');
  return Array.from({ length: table.numRows }, (_, i) => String(column.get(i) ?? '')).join('\n');
}
