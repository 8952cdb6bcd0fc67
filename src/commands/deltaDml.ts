// DELETE, UPDATE and MERGE on Delta tables: typed in, checked on the server (analysed, nothing written; a typo is
// asked again with the text kept), previewed with a count, confirmed, sent once. MERGE's dialog is deltaMerge.ts.
import * as vscode from 'vscode';
import { DeltaTable, expr } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { askChecked, confirmDestructive, typedInput } from './prompts';
import { analysed, sessionFor, type Services, type TableTarget } from './services';
import { resolveTable } from './targets';
import { parseAssignments } from '../sql/sqlText';
import { setCheck } from '../sql/dmlCheck';
import { mergeInto } from './deltaMerge';

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

/**
 * Asks for a WHERE condition until the count of the rows it matches runs: the count is the check (a condition that
 * does not resolve fails its analysis, with Spark's class), and it only reads.
 */
async function askCondition(s: Services, t: TableTarget, options: vscode.InputBoxOptions): Promise<{ condition: string; rows: bigint }> {
  const { value, checked } = await askChecked(options, (typed) => matchingRows(s, t, typed.trim()));
  return { condition: value.trim(), rows: checked };
}

async function deleteRows(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Delete rows');
  const { condition, rows: n } = await askCondition(s, t, { title: `Delete from ${t.label}`, prompt: 'WHERE condition (Spark SQL). Empty deletes ALL rows.', placeHolder: "status = 'obsolete' AND day < '2024-01-01'" });
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
  const { checked: assignments } = await askChecked({
    title: `Update ${t.label}`, prompt: 'SET assignments: column = expression, …', placeHolder: "status = 'done', amount = amount * 1.1",
    validateInput: (v) => { try { parseAssignments(v); return undefined; } catch (e) { return (e as Error).message; } },
  }, async (typed) => {
    const set = typedInput(() => parseAssignments(typed));
    await analysed(s, t.connection, setCheck(t.sqlName, set));
    return set;
  });
  const { condition, rows: n } = await askCondition(s, t, { title: `Update ${t.label}`, prompt: 'WHERE condition (Spark SQL). Empty updates ALL rows.' });
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
