// DELETE, UPDATE and MERGE on Delta tables: typed in, previewed with a count, confirmed, sent once.
import * as vscode from 'vscode';
import { DeltaTable, expr } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { ask, confirmDestructive, pickMany } from './prompts';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveTable } from './targets';
import { parseAssignments } from '../sql/sqlText';

export function registerDmlCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.deleteRows', (node?: CatalogNode) => deleteRows(s, node)),
    r.register('deltaExplorer.updateRows', (node?: CatalogNode) => updateRows(s, node)),
    r.register('deltaExplorer.merge', (node?: CatalogNode) => mergeInto(s, node)),
  ];
}

async function matchingRows(s: Services, t: TableTarget, condition: string): Promise<bigint> {
  const { session } = await sessionFor(s, t.connection);
  const df = session.table(t.sqlName);
  return s.runner.withProgress(`Counting matching rows of ${t.label}`, (ctx) => (condition ? df.filter(expr(condition)) : df).count({ signal: ctx.signal }));
}

async function deleteRows(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Delete rows');
  const condition = (await ask({ title: `Delete from ${t.label}`, prompt: 'WHERE condition (Spark SQL). Empty deletes ALL rows.', placeHolder: "status = 'obsolete' AND day < '2024-01-01'" })).trim();
  const n = await matchingRows(s, t, condition);
  await confirmDestructive(
    `Delete ${n} row${n === 1n ? '' : 's'} from ${t.label}?`,
    `${condition ? `WHERE ${condition}` : 'No condition: every row of the table will be deleted.'}\n\nThis writes a new version; older versions stay readable until vacuumed.`,
    'Delete',
  );
  const { session } = await sessionFor(s, t.connection);
  const m = await s.runner.withProgress(`Deleting from ${t.label}`, (ctx) => DeltaTable.forName(session, t.sqlName).delete(condition || undefined, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(m.numAffectedRows === undefined ? `Deleted the matching rows from ${t.label} (this server does not report how many).`
    : `Deleted ${m.numAffectedRows < 0n ? 'whole files of' : m.numAffectedRows} rows from ${t.label}.`);
}

async function updateRows(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Update rows');
  const setText = await ask({
    title: `Update ${t.label}`, prompt: 'SET assignments: column = expression, …', placeHolder: "status = 'done', amount = amount * 1.1",
    validateInput: (v) => { try { parseAssignments(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  const condition = (await ask({ title: `Update ${t.label}`, prompt: 'WHERE condition (Spark SQL). Empty updates ALL rows.' })).trim();
  const assignments = parseAssignments(setText);
  const n = await matchingRows(s, t, condition);
  await confirmDestructive(
    `Update ${n} row${n === 1n ? '' : 's'} of ${t.label}?`,
    `SET ${Object.entries(assignments).map(([k, v]) => `${k} = ${v}`).join(', ')}\n${condition ? `WHERE ${condition}` : 'No condition: every row will be updated.'}`,
    'Update',
  );
  const { session } = await sessionFor(s, t.connection);
  const m = await s.runner.withProgress(`Updating ${t.label}`, (ctx) => DeltaTable.forName(session, t.sqlName).update(assignments, condition || undefined, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(m.numAffectedRows === undefined ? `Updated the matching rows of ${t.label} (this server does not report how many).`
    : `Updated ${m.numAffectedRows} rows of ${t.label}.`);
}

const CLAUSES = [
  { label: 'When matched: update all columns', id: 'updateAll', picked: true },
  { label: 'When matched: delete', id: 'delete' },
  { label: 'When not matched: insert all columns', id: 'insertAll', picked: true },
  { label: 'When not matched by source: delete', id: 'deleteBySource' },
] as const;

async function mergeInto(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Merge into');
  const source = await resolveTable(s, undefined, `Merge into ${t.label}: source table`);
  if (source.connection !== t.connection) throw new Error('Source and target must be on the same connection.');
  const condition = await ask({ title: `Merge into ${t.label}`, prompt: 'Match condition, target aliased t and source s', value: 't.id = s.id', validateInput: (v) => (v.trim() ? undefined : 'Enter a condition.') });
  const clauses = await pickMany(CLAUSES.map((c) => ({ ...c })), { title: `Merge ${source.label} into ${t.label}`, placeHolder: 'Clauses to apply' });
  if (clauses.length === 0) throw new Error('Pick at least one clause.');
  const { session } = await sessionFor(s, t.connection);
  const sourceRows = await s.runner.withProgress(`Counting the rows of ${source.label}`, (ctx) => session.table(source.sqlName).count({ signal: ctx.signal }));
  await confirmDestructive(
    `Merge ${source.label} (${sourceRows} row${sourceRows === 1n ? '' : 's'}) into ${t.label}?`,
    `ON ${condition}\n${clauses.map((c) => `• ${c.label}`).join('\n')}`,
    'Merge',
  );
  const builder = DeltaTable.forName(session, t.sqlName).alias('t').merge(session.table(source.sqlName).alias('s'), condition);
  for (const c of clauses) {
    if (c.id === 'updateAll') builder.whenMatchedUpdateAll();
    if (c.id === 'delete') builder.whenMatchedDelete();
    if (c.id === 'insertAll') builder.whenNotMatchedInsertAll();
    if (c.id === 'deleteBySource') builder.whenNotMatchedBySourceDelete();
  }
  const m = await s.runner.withProgress(`Merging into ${t.label}`, (ctx) => builder.execute({ signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(m.numInsertedRows === undefined
    ? `Merged into ${t.label} (this server does not report how many rows were inserted, updated and deleted).`
    : `Merged into ${t.label}: ${m.numInsertedRows} inserted, ${m.numUpdatedRows} updated, ${m.numDeletedRows} deleted.`);
}
