// Checks of what a user typed into an UPDATE or MERGE dialog, written as queries that the server only
// analyses (AnalyzePlan, never run): a typo in a condition or an expression is found before the confirm dialog,
// and nothing is written. The target is aliased t and the source s, as the dialogs say.
import { writeKeyword } from './statementKind';

/** The source of a merge: a table's SQL name, or a query typed in. */
export type MergeSource = { readonly table: string } | { readonly query: string };

/** One WHEN clause as typed: its kind, an optional extra condition, and column = expression pairs for a column-level clause. */
export interface TypedClause {
  readonly when: 'matched' | 'notMatched' | 'notMatchedBySource';
  readonly condition?: string;
  readonly assignments?: Readonly<Record<string, string>>;
}

const QUERY_START = /^\s*(\(\s*)*(SELECT|WITH|FROM|VALUES|TABLE)\b/i;

/**
 * A query typed as a merge source, without a trailing semicolon; refused (with why) unless it is one query that
 * only reads, since analysing a statement that writes would run it.
 */
export function sourceQuery(text: string): string {
  const query = text.trim().replace(/;\s*$/, '').trim();
  if (!query) throw new Error('Enter a query, e.g. SELECT * FROM updates WHERE day = current_date().');
  const writes = writeKeyword(query);
  if (writes) throw new Error(`The source must be a query that reads; this statement writes (${writes}) and is not run.`);
  if (!QUERY_START.test(query)) throw new Error('The source must be a query: SELECT …, WITH … SELECT …, VALUES … or TABLE ….');
  return query;
}

/** The source as it stands in a FROM clause. */
export function sourceText(source: MergeSource): string {
  return 'table' in source ? source.table : `(${sourceQuery(source.query)})`;
}

/** A query whose analysis fails when the match condition does not resolve over target t and source s. */
export function matchCheck(target: string, source: MergeSource, on: string): string {
  return `SELECT 1 FROM ${target} AS t JOIN ${sourceText(source)} AS s ON (${on})`;
}

/** A target column named in SET or INSERT, as the target's column `t.name`. */
function targetColumn(name: string): string {
  const bare = name.trim().replace(/^t\./i, '');
  return `t.${bare}`;
}

/**
 * The queries whose analysis checks one clause: its extra condition and its expressions over the rows the clause
 * sees (matched: t and s; not matched: s alone; not matched by source: t alone), and the target columns it sets
 * (unless the schema may evolve, when a new column is allowed).
 */
export function clauseChecks(target: string, source: MergeSource, on: string, clause: TypedClause, schemaEvolution: boolean): string[] {
  const pairs = Object.entries(clause.assignments ?? {});
  const values = pairs.map(([, v]) => `(${v})`);
  const condition = clause.condition?.trim() ? [`(${clause.condition})`] : [];
  const exprs = [...condition, ...values];
  const columns = schemaEvolution ? [] : pairs.map(([k]) => targetColumn(k));
  const from = {
    matched: `${target} AS t JOIN ${sourceText(source)} AS s ON (${on})`,
    notMatched: `${sourceText(source)} AS s`,
    notMatchedBySource: `${target} AS t`,
  }[clause.when];
  const checks = exprs.length ? [`SELECT ${exprs.join(', ')} FROM ${from}`] : [];
  // an INSERT's columns are the target's, which its values (over s) cannot name: checked on their own
  if (columns.length) checks.push(clause.when === 'matched' ? `SELECT ${columns.join(', ')} FROM ${from}` : `SELECT ${columns.join(', ')} FROM ${target} AS t`);
  return checks;
}

/**
 * A query whose analysis checks an UPDATE's SET: its columns and its values over the target's columns. (A DELETE or
 * UPDATE condition is checked by counting the rows it matches, which the dialog does anyway.)
 */
export function setCheck(target: string, assignments: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(assignments);
  return `SELECT ${[...pairs.map(([k]) => k.trim()), ...pairs.map(([, v]) => `(${v})`)].join(', ')} FROM ${target}`;
}
