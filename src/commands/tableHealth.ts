// Table Health: the figures and findings of a Delta table in a panel of its own (or as rows of a result grid), each
// finding's fix through the existing maintenance dialogs (OPTIMIZE, VACUUM with its dry run first) or a confirmed statement (REORG, CLUSTER BY).
import * as vscode from 'vscode';
import { tableFromArrays } from 'apache-arrow';
import { computeTableHealth, DeltaTable, formatBytes, type HealthFinding, type TableHealth } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { tableSource } from '../grid/gridSource';
import * as os from 'node:os';
import { ask, confirmDestructive, pickMany } from './prompts';
import { Cancelled } from './runner';
import { HealthPanel } from '../views/health/healthPanel';
import { healthCsv, healthJson, healthViewModel } from '../views/health/healthModel';
import type { HealthExportFormat } from '../grid/shared/healthProtocol';
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

async function computeHealth(s: Services, t: TableTarget): Promise<{ h: TableHealth; timeZone: string }> {
  const { session, timeZone } = await sessionFor(s, t.connection);
  const table = DeltaTable.forName(session, t.sqlName);
  const h = await s.runner.withProgress(`Computing the health of ${t.label}`, (ctx) => computeTableHealth(session, table, t.sqlName, formatBytes, { signal: ctx.signal }));
  return { h, timeZone };
}

/** Health of a table: its own panel (the figures grouped, charts, each finding's fix as a button, Export data). */
async function tableHealth(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Table Health');
  let { h, timeZone } = await computeHealth(s, t);
  HealthPanel.show(s.extensionUri, `${t.connection}\u0000${t.sqlName}`, healthViewModel(h, t.label, formatBytes), {
    applyFix: async (index) => {
      const finding = h.findings[index];
      if (!finding?.fix) throw new Error('That finding has no fix (the figures changed: Refresh).');
      await applyFix(s, t, node, finding);
    },
    exportData: (format) => exportHealth(t, h, format),
    openGrid: () => openHealthGrid(s, t, h, timeZone),
    refresh: async () => {
      ({ h, timeZone } = await computeHealth(s, t));
      return healthViewModel(h, t.label, formatBytes);
    },
    failed: (error) => void (error instanceof Cancelled ? undefined : s.runner.showError(error, 'deltaExplorer.tableHealth')),
  }, (onChanged) => s.watchTable({ connection: t.connection, table: t.sqlName }, onChanged));
}

/** The figures and findings as rows of a result grid. */
function openHealthGrid(s: Services, t: TableTarget, h: TableHealth, timeZone: string): void {
  const rows = healthRows(h);
  s.openGrid(tableSource(`Health: ${t.label}`, tableFromArrays({
    kind: rows.map((r) => r.kind), name: rows.map((r) => r.name), value: rows.map((r) => r.value), source: rows.map((r) => r.source),
  }), timeZone));
}

/** Export data: the figures as JSON or CSV through a save dialog. */
async function exportHealth(t: TableTarget, h: TableHealth, format: HealthExportFormat): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const name = `${t.label.replace(/[^\w.-]+/g, '_')}-health.${format}`;
  const uri = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, name),
    filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
    title: `Export the health of ${t.label}`,
  });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(format === 'json' ? healthJson(h) : healthCsv(h), 'utf8'));
  void vscode.window.showInformationMessage(`Exported the health of ${t.label} to ${uri.path.split('/').pop() ?? uri.path}.`);
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
