// Copy DDL / Open DDL: the CREATE TABLE statements that recreate a Delta table (Delta refuses SHOW CREATE TABLE).
import * as vscode from 'vscode';
import { ddlScript, tableDdl } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveTable } from './targets';

export function registerDdlCommands(s: Services): vscode.Disposable[] {
  return [
    s.runner.register('deltaExplorer.copyDdl', (node?: CatalogNode) => copyDdl(s, node)),
    s.runner.register('deltaExplorer.openDdl', (node?: CatalogNode) => openDdl(s, node)),
  ];
}

/** The script that recreates table `t`, with what it cannot carry as comments above it. */
async function ddlOf(s: Services, t: TableTarget): Promise<string> {
  const { session } = await sessionFor(s, t.connection);
  const ddl = await s.runner.withProgress(`Writing the DDL of ${t.label}`, (ctx) => tableDdl(session, t.sqlName, t.sqlName, { signal: ctx.signal }));
  return ddlScript(ddl);
}

async function copyDdl(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Copy DDL');
  await vscode.env.clipboard.writeText(await ddlOf(s, t));
  vscode.window.setStatusBarMessage(`Copied the DDL of ${t.label}`, 3000);
}

async function openDdl(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Open DDL');
  const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: await ddlOf(s, t) });
  await vscode.window.showTextDocument(doc, { preview: false });
}
