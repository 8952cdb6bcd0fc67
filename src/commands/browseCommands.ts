// Preview, history, detail, time travel, copy name/path, refresh and filter.
import * as vscode from 'vscode';
import { DeltaTable } from '../client';
import { readSettings } from '../services/settings';
import type { CatalogNode } from '../views/catalogNodes';
import { dataFrameSource } from '../views/resultSources';
import { ask } from './prompts';
import { sessionFor, type Services } from './services';
import { resolveConnection, resolveTable } from './targets';

export function registerBrowseCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.previewTable', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node, 'Preview table');
      const { session, timeZone } = await sessionFor(s, t.connection);
      const limit = readSettings().previewRowLimit;
      const table = session.table(t.sqlName);
      s.openGrid(dataFrameSource(table.limit(limit), t.label, timeZone, { df: table, scope: `all rows of ${t.label}` }));
    }),
    r.register('deltaExplorer.openHistory', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node, 'Delta table history');
      const { session, timeZone } = await sessionFor(s, t.connection);
      s.openGrid(dataFrameSource(DeltaTable.forName(session, t.sqlName).history(readSettings().historyLimit), `History: ${t.label}`, timeZone));
    }),
    r.register('deltaExplorer.openDetail', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node, 'Delta table detail');
      const { session, timeZone } = await sessionFor(s, t.connection);
      s.openGrid(dataFrameSource(DeltaTable.forName(session, t.sqlName).detail(), `Detail: ${t.label}`, timeZone));
    }),
    r.register('deltaExplorer.previewVersion', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node, 'Time travel');
      const version = node?.kind === 'version' ? node.version : BigInt(await ask({
        title: `Time travel: ${t.label}`, prompt: 'Version to read', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'Enter a version number.'),
      }));
      const { session, timeZone } = await sessionFor(s, t.connection);
      const df = DeltaTable.forName(session, t.sqlName).versionAsOf(version);
      s.openGrid(dataFrameSource(df.limit(readSettings().previewRowLimit), `${t.label} @ v${version}`, timeZone, { df, scope: `all rows of ${t.label} @ v${version}` }));
    }),
    r.register('deltaExplorer.previewTimestamp', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node, 'Time travel');
      const ts = await ask({ title: `Time travel: ${t.label}`, prompt: 'Timestamp to read, e.g. 2026-11-26 12:00:00 (session time zone)', validateInput: (v) => (v.trim() ? undefined : 'Enter a timestamp.') });
      const { session, timeZone } = await sessionFor(s, t.connection);
      const df = DeltaTable.forName(session, t.sqlName).timestampAsOf(ts.trim());
      s.openGrid(dataFrameSource(df.limit(readSettings().previewRowLimit), `${t.label} @ ${ts.trim()}`, timeZone, { df, scope: `all rows of ${t.label} @ ${ts.trim()}` }));
    }),
    r.register('deltaExplorer.copyName', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node);
      await vscode.env.clipboard.writeText(t.sqlName);
      vscode.window.setStatusBarMessage(`Copied ${t.sqlName}`, 3000);
    }),
    r.register('deltaExplorer.copyPath', async (node?: CatalogNode) => {
      const t = await resolveTable(s, node);
      const { session } = await sessionFor(s, t.connection);
      const detail = await DeltaTable.forName(session, t.sqlName).detailRow();
      await vscode.env.clipboard.writeText(detail.location);
      vscode.window.setStatusBarMessage(`Copied ${detail.location}`, 3000);
    }),
    r.register('deltaExplorer.refresh', (node?: CatalogNode) => s.tree.refresh(node && node.kind !== 'error' ? node : undefined)),
    r.register('deltaExplorer.filterTables', async () => {
      const text = await ask({ title: 'Filter tables', prompt: 'Show tables whose name contains (empty shows all)', value: s.tree.filter });
      s.tree.setFilter(text);
    }),
    r.register('deltaExplorer.clearFilter', () => s.tree.setFilter('')),
    r.register('deltaExplorer.isDeltaTable', async (node?: CatalogNode) => {
      const connection = await resolveConnection(s, node);
      const { session } = await sessionFor(s, connection);
      const path = await ask({ title: 'Is it a Delta table?', prompt: 'Path of a table folder', validateInput: (v) => (v.trim() ? undefined : 'Enter a path.') });
      const yes = await DeltaTable.isDeltaTable(session, path.trim());
      void vscode.window.showInformationMessage(yes ? `${path.trim()} is a Delta table.` : `${path.trim()} is not a Delta table.`);
    }),
  ];
}

