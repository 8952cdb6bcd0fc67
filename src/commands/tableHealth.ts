// Table Health: the figures and findings of a Delta table in the result grid, and "Apply a fix…" through the
// existing maintenance dialogs (OPTIMIZE, VACUUM with its dry run first) or a confirmed statement (REORG, CLUSTER BY).
import * as vscode from 'vscode';
import { tableFromArrays } from 'apache-arrow';
import { computeTableHealth, DeltaTable, formatBytes, type HealthFinding, type TableHealth } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { tableSource } from '../grid/gridSource';
import { ask, confirmDestructive, pick, pickMany } from './prompts';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveTable } from './targets';

export function registerTableHealthCommands(s: Services): vscode.Disposable[] {
  return [s.runner.register('deltaExplorer.tableHealth', (node?: CatalogNode) => tableHealth(s, node))];
}

/** One grid row per figure, then one per finding. */
export function healthRows(h: TableHealth): Array<{ kind: string; name: string; value: string; source: string }> {
  return [
    ...h.figures.map((f) => ({ kind: 'figure', name: f.name, value: f.value, source: f.source })),
    ...h.findings.map((f) => ({ kind: `finding (${f.severity})`, name: f.message, value: f.fixLabel ?? '', source: 'figures above' })),
  ];
}

async function tableHealth(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Table Health');
  const { session, timeZone } = await sessionFor(s, t.connection);
  const table = DeltaTable.forName(session, t.sqlName);
  const h = await s.runner.withProgress(`Computing the health of ${t.label}`, (ctx) => computeTableHealth(session, table, t.sqlName, formatBytes, { signal: ctx.signal }));
  const rows = healthRows(h);
  s.openGrid(tableSource(`Health: ${t.label}`, tableFromArrays({
    kind: rows.map((r) => r.kind), name: rows.map((r) => r.name), value: rows.map((r) => r.value), source: rows.map((r) => r.source),
  }), timeZone));
  const fixes = h.findings.filter((f) => f.fix);
  if (fixes.length === 0) {
    void vscode.window.showInformationMessage(`${t.label}: no finding needs a fix.`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`${t.label}: ${h.findings.length} finding${h.findings.length === 1 ? '' : 's'}.`, 'Apply a Fix…');
  if (choice !== 'Apply a Fix…') return;
  const picked = await pick(fixes.map((f) => ({ label: f.fixLabel ?? '', detail: f.message, finding: f })), { title: `Apply a fix to ${t.label}`, placeHolder: 'Each fix shows what it does and asks first' });
  await applyFix(s, t, node, picked.finding);
}

async function applyFix(s: Services, t: TableTarget, node: CatalogNode | undefined, f: HealthFinding): Promise<void> {
  switch (f.fix?.kind) {
    case 'optimize': return void await vscode.commands.executeCommand('deltaExplorer.optimize', node, { where: f.fix.partitionFilter });
    case 'vacuum': return void await vscode.commands.executeCommand('deltaExplorer.vacuum', node);
    case 'reorgPurge': return runConfirmed(s, t, `REORG TABLE ${t.sqlName} APPLY (PURGE)`, 'Rewrites the files that carry deletion vectors so deleted rows are physically removed (a new version).', 'Reorg');
    case 'clusterBy': return clusterBy(s, t);
    default: return undefined;
  }
}

async function clusterBy(s: Services, t: TableTarget): Promise<void> {
  const { session } = await sessionFor(s, t.connection);
  const columns = await session.catalog.listColumns(t.sqlName);
  const chosen = await pickMany(columns.map((c) => ({ label: c.name, description: c.dataType })), { title: `Cluster ${t.label} by`, placeHolder: 'Columns most often filtered on (up to 4)' });
  if (chosen.length === 0) return;
  const cols = chosen.map((c) => `\`${c.label.replace(/`/g, '``')}\``).join(', ');
  const statement = await ask({ title: `Cluster ${t.label}`, prompt: 'The statement to run (edit if needed)', value: `ALTER TABLE ${t.sqlName} CLUSTER BY (${cols})` });
  await runConfirmed(s, t, statement, 'Sets liquid clustering columns (a new version, enables the clustering table feature); OPTIMIZE then clusters the data.', 'Alter');
}

async function runConfirmed(s: Services, t: TableTarget, statement: string, what: string, action: string): Promise<void> {
  await confirmDestructive(`${action} ${t.label}?`, `${what}\n\n${statement}`, action, { safeDefault: 'Cancel' });
  const { session } = await sessionFor(s, t.connection);
  await s.runner.withProgress(`${action}: ${t.label}`, async (ctx) => (await session.sql(statement, undefined, { signal: ctx.signal })).collect({ signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`Done: ${statement}`);
}
