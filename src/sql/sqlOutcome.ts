// What a DDL or DML statement did, in words: "Created table x", "Inserted 3 rows into x", "Deleted 2 rows from x".
// Counts come from what the server answered: the command's result row (Delta's num_affected_rows, …) or the
// table's last commit (Delta's operationMetrics.numOutputRows for an INSERT).
import { alias, expr, type DataFrame } from '../client';

/** The kind of statement that changes something, and what it names. */
export interface WriteStatement {
  verb: 'CREATE' | 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE' | 'ALTER' | 'DROP';
  /** TABLE, VIEW, SCHEMA, … for CREATE, ALTER and DROP. */
  object?: string;
  /** The name the statement acts on, as written. */
  target?: string;
  /** INSERT OVERWRITE, CREATE OR REPLACE. */
  replaces: boolean;
}

const NAME = '(`(?:[^`]|``)*`|[\\w$]+)(?:\\.(?:`(?:[^`]|``)*`|[\\w$]+))*';
const NAME_RE = new RegExp(NAME);
const LEADING_COMMENTS = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const OBJECT_KINDS = /^(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL\s+)?(?:TEMPORARY|TEMP)\s+)?(?:EXTERNAL\s+)?(TABLE|VIEW|SCHEMA|DATABASE|NAMESPACE|FUNCTION|CATALOG|INDEX)\b(?:\s+IF\s+(?:NOT\s+)?EXISTS)?\s*/i;

/** The statement's write verb and target, or undefined for a query (SELECT, SHOW, DESCRIBE, …). */
export function writeStatement(sql: string): WriteStatement | undefined {
  const text = sql.replace(LEADING_COMMENTS, '');
  const verb = /^(CREATE|INSERT|UPDATE|DELETE|MERGE|ALTER|DROP)\b\s*/i.exec(text);
  if (!verb) return undefined;
  const upper = verb[1].toUpperCase() as WriteStatement['verb'];
  let rest = text.slice(verb[0].length);
  const replaces = /^OR\s+REPLACE\b/i.test(rest) || /^OVERWRITE\b/i.test(rest);
  let object: string | undefined;
  const kind = OBJECT_KINDS.exec(rest);
  if (kind && (upper === 'CREATE' || upper === 'ALTER' || upper === 'DROP')) {
    object = kind[1].toUpperCase();
    rest = rest.slice(kind[0].length);
  } else {
    rest = rest.replace(/^(?:OVERWRITE\s+)?(?:INTO|FROM)?\s*(?:TABLE\s+)?/i, '');
  }
  return { verb: upper, object, target: NAME_RE.exec(rest)?.[0], replaces };
}

/** Counts the server reported for a write, by name (num_affected_rows, num_inserted_rows, …). */
export type WriteCounts = Record<string, number | undefined>;

/** One sentence saying what a write statement did. */
export function writeOutcome(w: WriteStatement, counts: WriteCounts = {}): string {
  const target = w.target ?? 'the table';
  const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
  const affected = counts.num_affected_rows;
  switch (w.verb) {
    case 'CREATE': return `${w.replaces ? 'Created or replaced' : 'Created'} ${(w.object ?? 'table').toLowerCase()} ${target}.`;
    case 'DROP': return `Dropped ${(w.object ?? 'table').toLowerCase()} ${target} (if it existed).`;
    case 'ALTER': return `Altered ${(w.object ?? 'table').toLowerCase()} ${target}.`;
    case 'INSERT': {
      const n = counts.num_inserted_rows ?? affected;
      if (w.replaces) return n === undefined ? `Overwrote ${target}.` : `Overwrote ${target} with ${rows(n)}.`;
      return n === undefined ? `Inserted rows into ${target}.` : `Inserted ${rows(n)} into ${target}.`;
    }
    case 'UPDATE': return affected === undefined ? `Updated ${target}.` : `Updated ${rows(affected)} of ${target}.`;
    case 'DELETE': return affected === undefined ? `Deleted from ${target}.` : `Deleted ${rows(affected)} from ${target}.`;
    case 'MERGE': return mergeOutcome(target, counts, rows);
  }
}

function mergeOutcome(target: string, counts: WriteCounts, rows: (n: number) => string): string {
  if (counts.num_affected_rows === undefined) return `Merged into ${target}.`;
  const parts = [['updated', counts.num_updated_rows], ['deleted', counts.num_deleted_rows], ['inserted', counts.num_inserted_rows]]
    .filter((p): p is [string, number] => p[1] !== undefined).map(([what, n]) => `${n.toLocaleString('en-US')} ${what}`);
  return `Merged into ${target}: ${rows(counts.num_affected_rows)} affected${parts.length ? ` (${parts.join(', ')})` : ''}.`;
}

/** A session that runs SQL, as `SparkConnectSession.sql` does. */
export interface SqlRunner {
  sql(query: string): Promise<DataFrame>;
}

/**
 * The counts a write reported: its result row (Delta's DELETE, UPDATE and MERGE answer num_affected_rows, …), else
 * for an INSERT into a Delta table the numOutputRows of the table's last commit. Empty when the server said nothing.
 */
export async function writeCounts(session: SqlRunner, result: DataFrame, w: WriteStatement): Promise<WriteCounts> {
  const counts: WriteCounts = {};
  const table = await result.collect().catch(() => undefined);
  if (table?.numRows === 1) {
    for (const field of table.schema.fields) {
      const value: unknown = table.getChild(field.name)?.get(0);
      if (/^num_\w+_rows$/.test(field.name) && (typeof value === 'bigint' || typeof value === 'number')) counts[field.name] = Number(value);
    }
  }
  if (w.verb === 'INSERT' && counts.num_inserted_rows === undefined && counts.num_affected_rows === undefined && w.target) {
    counts.num_inserted_rows = await lastCommitOutputRows(session, w.target);
  }
  return counts;
}

async function lastCommitOutputRows(session: SqlRunner, target: string): Promise<number | undefined> {
  try {
    const history = await session.sql(`DESCRIBE HISTORY ${target} LIMIT 1`);
    const table = await history.select(alias(expr("operationMetrics['numOutputRows']"), 'n')).collect();
    const value: unknown = table.getChild('n')?.get(0);
    return value === null || value === undefined ? undefined : Number(value);
  } catch {
    return undefined; // not a Delta table, or no history to read: no count
  }
}
