// MERGE from a dialog: a table or a query as the source, whole-row or column-level clauses, WITH SCHEMA EVOLUTION.
// Everything typed (the query, the match condition, SET and INSERT expressions, clause conditions) is analysed on the
// server before the confirm dialog, writing nothing; what does not resolve is asked again with the text kept.
import * as vscode from 'vscode';
import { DeltaTable, sqlRelation, type DataFrame, type MergeBuilder, type SparkConnectSession } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { clauseChecks, matchCheck, sourceQuery, sourceText, type MergeSource, type TypedClause } from '../sql/dmlCheck';
import { parseAssignments } from '../sql/sqlText';
import { askChecked, confirmDestructive, pick, pickMany, typedInput } from './prompts';
import { analysed, sessionFor, type Services, type TableTarget } from './services';
import { resolveTable } from './targets';

type ClauseId = 'updateAll' | 'updateColumns' | 'delete' | 'insertAll' | 'insertColumns' | 'deleteBySource';

interface ClauseItem extends vscode.QuickPickItem {
  readonly id: ClauseId | 'schemaEvolution';
  readonly when?: TypedClause['when'];
}

const CLAUSES: ClauseItem[] = [
  { label: 'When matched: update all columns', id: 'updateAll', when: 'matched', picked: true },
  { label: 'When matched: update columns…', id: 'updateColumns', when: 'matched', detail: 'SET column = expression, … (t is the target row, s the source row)' },
  { label: 'When matched: delete', id: 'delete', when: 'matched' },
  { label: 'When not matched: insert all columns', id: 'insertAll', when: 'notMatched', picked: true },
  { label: 'When not matched: insert columns…', id: 'insertColumns', when: 'notMatched', detail: 'column = expression over s, …; the other columns get their default or NULL' },
  { label: 'When not matched by source: delete', id: 'deleteBySource', when: 'notMatchedBySource' },
  { label: 'With schema evolution', id: 'schemaEvolution', detail: 'Adds the source columns the target lacks (MERGE WITH SCHEMA EVOLUTION)' },
];

/** A clause as it will be sent. */
interface Clause extends TypedClause {
  readonly id: ClauseId;
  readonly label: string;
}

/** The merge's source: what the checks and the statement name, a label, and the DataFrame the merge reads. */
interface Source {
  readonly source: MergeSource;
  readonly label: string;
  readonly df: (session: SparkConnectSession) => DataFrame;
}

export async function mergeInto(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Merge into');
  const source = await pickSource(s, t);
  const { value: on } = await askChecked(
    { title: `Merge ${source.label} into ${t.label}`, prompt: 'Match condition, target aliased t and source s', value: 't.id = s.id', validateInput: (v) => (v.trim() ? undefined : 'Enter a condition.') },
    (typed) => analysed(s, t.connection, matchCheck(t.sqlName, source.source, typed)),
  );
  const picked = await pickMany(CLAUSES.map((c) => ({ ...c })), { title: `Merge ${source.label} into ${t.label}`, placeHolder: 'Clauses to apply (and schema evolution)' });
  const schemaEvolution = picked.some((c) => c.id === 'schemaEvolution');
  const kinds = picked.filter((c): c is ClauseItem & { id: ClauseId; when: TypedClause['when'] } => c.when !== undefined);
  if (kinds.length === 0) throw new Error('Pick at least one clause.');
  const clauses: Clause[] = [];
  for (const [i, c] of kinds.entries()) {
    // of several clauses of one kind, every one but the last needs a condition of its own (Delta's rule)
    const needsCondition = kinds.slice(i + 1).some((later) => later.when === c.when);
    clauses.push(await clauseDetails(s, t, source, on, { id: c.id, label: c.label, when: c.when }, needsCondition, schemaEvolution));
  }
  const { session } = await sessionFor(s, t.connection);
  const counts = await s.runner.withProgress(`Counting the rows of ${source.label}`, (ctx) => mergeCounts(session, t, source, on, ctx.signal));
  await confirmDestructive(
    `Merge ${source.label} (${counts.source} row${counts.source === 1n ? '' : 's'}, ${counts.matching} matching) into ${t.label}?`,
    mergeSummary(source, on, clauses, schemaEvolution),
    'Merge',
  );
  const builder = DeltaTable.forName(session, t.sqlName).alias('t').merge(source.df(session).alias('s'), on);
  clauses.forEach((c) => addClause(builder, c));
  if (schemaEvolution) builder.withSchemaEvolution();
  const m = await s.runner.withProgress(`Merging into ${t.label}`, (ctx) => builder.execute({ signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(m.numInsertedRows === undefined
    ? `Merged into ${t.label} (this server does not report how many rows were inserted, updated and deleted).`
    : `Merged into ${t.label}: ${m.numInsertedRows} inserted, ${m.numUpdatedRows} updated, ${m.numDeletedRows} deleted.`);
}

/** A table of the same connection, or a query typed in (checked to be a query that resolves; it is never run here). */
async function pickSource(s: Services, t: TableTarget): Promise<Source> {
  const kind = await pick([
    { label: 'A table…', id: 'table' as const, detail: 'Pick the source table' },
    { label: 'A query…', id: 'query' as const, detail: 'SELECT …: filter, join or reshape the rows to merge' },
  ], { title: `Merge into ${t.label}: source`, placeHolder: 'What to merge from' });
  if (kind.id === 'table') {
    const source = await resolveTable(s, undefined, `Merge into ${t.label}: source table`);
    if (source.connection !== t.connection) throw new Error('Source and target must be on the same connection.');
    return { source: { table: source.sqlName }, label: source.label, df: (session) => session.table(source.sqlName) };
  }
  const { checked: query } = await askChecked(
    { title: `Merge into ${t.label}: source query`, prompt: 'A query that reads (aliased s in the match condition)', placeHolder: 'SELECT * FROM staging.updates WHERE day = current_date()' },
    async (typed) => {
      const q = typedInput(() => sourceQuery(typed));
      // analysed as a subquery, where only a query parses: a statement that writes can never run here
      await analysed(s, t.connection, `SELECT * FROM (${q}) AS s`);
      return q;
    },
  );
  return { source: { query }, label: 'the query', df: (session) => session.dataFrame(sqlRelation(query)) };
}

/** Asks what a clause needs (its SET or INSERT pairs, its condition) until the server resolves it. */
async function clauseDetails(s: Services, t: TableTarget, source: Source, on: string, clause: Clause, needsCondition: boolean, schemaEvolution: boolean): Promise<Clause> {
  const check = (c: TypedClause) => Promise.all(clauseChecks(t.sqlName, source.source, on, c, schemaEvolution).map((q) => analysed(s, t.connection, q)));
  let current: Clause = clause;
  if (clause.id === 'updateColumns' || clause.id === 'insertColumns') {
    const update = clause.id === 'updateColumns';
    const { checked } = await askChecked({
      title: clause.label, prompt: update ? 'SET column = expression, … (t: target row, s: source row)' : 'column = expression over s, …',
      placeHolder: update ? 'amount = s.amount, updated_at = current_timestamp()' : 'id = s.id, amount = s.amount',
    }, async (typed) => {
      const assignments = typedInput(() => parseAssignments(typed));
      await check({ when: clause.when, assignments });
      return assignments;
    });
    current = { ...current, assignments: checked };
  }
  if (!needsCondition) return current;
  const { value } = await askChecked(
    { title: clause.label, prompt: 'Condition of this clause (a later clause of the same kind takes the other rows)', validateInput: (v) => (v.trim() ? undefined : 'Enter a condition.') },
    (typed) => check({ when: clause.when, condition: typed }),
  );
  return { ...current, condition: value.trim() };
}

/** The source's rows and the target rows it matches: one read query, nothing written. */
async function mergeCounts(session: SparkConnectSession, t: TableTarget, source: Source, on: string, signal: AbortSignal): Promise<{ source: bigint; matching: bigint }> {
  const from = sourceText(source.source);
  const query = `SELECT (SELECT count(*) FROM ${from} AS s) AS source_rows, (SELECT count(*) FROM ${t.sqlName} AS t JOIN ${from} AS s ON (${on})) AS matching`;
  const row = (await session.dataFrame(sqlRelation(query)).collect({ signal })).get(0)?.toJSON();
  return { source: BigInt(row?.source_rows ?? 0), matching: BigInt(row?.matching ?? 0) };
}

/** What the confirm dialog says the merge will do. */
function mergeSummary(source: Source, on: string, clauses: readonly Clause[], schemaEvolution: boolean): string {
  const using = sourceText(source.source);
  const lines = clauses.map((c) => {
    const cond = c.condition ? ` AND ${c.condition}` : '';
    const set = c.assignments ? `: ${Object.entries(c.assignments).map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
    return `• ${c.label.replace(/…$/, '')}${cond}${set}`;
  });
  return [`USING ${using} AS s`, `ON ${on}`, ...lines, ...(schemaEvolution ? ['• With schema evolution: source columns the target lacks are added'] : [])].join('\n');
}

function addClause(b: MergeBuilder, c: Clause): void {
  const cond = c.condition || undefined;
  switch (c.id) {
    case 'updateAll': b.whenMatchedUpdateAll(cond); break;
    case 'updateColumns': b.whenMatchedUpdate(c.assignments!, cond); break;
    case 'delete': b.whenMatchedDelete(cond); break;
    case 'insertAll': b.whenNotMatchedInsertAll(cond); break;
    case 'insertColumns': b.whenNotMatchedInsert(c.assignments!, cond); break;
    case 'deleteBySource': b.whenNotMatchedBySourceDelete(cond); break;
  }
}
