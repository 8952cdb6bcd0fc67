// Preview, history, detail, time travel, copy name/path, refresh and filter.
import * as vscode from 'vscode';
import { DeltaTable, detailSheet, type DataFrame } from '../client';
import { readSettings } from '../services/settings';
import type { CatalogNode } from '../views/catalogNodes';
import { dataFrameSource, previewSource } from '../views/resultSources';
import type { GridSource } from '../grid/gridSource';
import { ask } from './prompts';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveConnection, resolveTable } from './targets';
import { confirmVacuumedRead, explainingVacuumedFiles, markAtTimestamp, markOf } from './vacuumedVersions';

export function registerBrowseCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.previewTable', (node?: CatalogNode) => previewTable(s, node)),
    r.register('deltaExplorer.openHistory', (node?: CatalogNode) => openHistory(s, node)),
    r.register('deltaExplorer.openDetail', (node?: CatalogNode) => openDetail(s, node)),
    r.register('deltaExplorer.previewVersion', (node?: CatalogNode) => previewVersion(s, node)),
    r.register('deltaExplorer.previewTimestamp', (node?: CatalogNode) => previewTimestamp(s, node)),
    r.register('deltaExplorer.copyName', (node?: CatalogNode) => copyName(s, node)),
    r.register('deltaExplorer.copyPath', (node?: CatalogNode) => copyPath(s, node)),
    r.register('deltaExplorer.refresh', (node?: CatalogNode) => s.tree.refresh(node && node.kind !== 'error' ? node : undefined)),
    r.register('deltaExplorer.filterTables', () => filterTables(s)),
    r.register('deltaExplorer.clearFilter', () => s.tree.setFilter('')),
    r.register('deltaExplorer.isDeltaTable', (node?: CatalogNode) => isDeltaTable(s, node)),
  ];
}

async function previewTable(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Preview table');
  const { session, timeZone } = await sessionFor(s, t.connection);
  const table = session.table(t.sqlName);
  s.openGrid(reading(t, previewSource(table, readSettings().previewRowLimit, t.label, timeZone, `all rows of ${t.label}`)));
}

async function openHistory(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Delta table history');
  const { session, timeZone } = await sessionFor(s, t.connection);
  s.openGrid(reading(t, dataFrameSource(DeltaTable.forName(session, t.sqlName).history(readSettings().historyLimit), `History: ${t.label}`, timeZone)));
}

async function openDetail(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Delta table detail');
  const { session, timeZone } = await sessionFor(s, t.connection);
  const sheet = await detailSheet(DeltaTable.forName(session, t.sqlName));
  s.openGrid(reading(t, dataFrameSource(sheet, `Detail: ${t.label}`, timeZone)));
}

async function previewVersion(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Time travel');
  const version = node?.kind === 'version' ? node.version : BigInt(await ask({
    title: `Time travel: ${t.label}`, prompt: 'Version to read', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'Enter a version number.'),
  }));
  const { session } = await sessionFor(s, t.connection);
  await confirmVacuumedRead(t, [await markOf(DeltaTable.forName(session, t.sqlName), version, node)], `Reading version ${version}`, "Don't Read It");
  await previewAsOf(s, t, `v${version}`, (table) => table.versionAsOf(version), `version ${version} of ${t.label}`);
}

async function previewTimestamp(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Time travel');
  const ts = await ask({ title: `Time travel: ${t.label}`, prompt: 'Timestamp to read, e.g. 2026-11-26 12:00:00 (session time zone)', validateInput: (v) => (v.trim() ? undefined : 'Enter a timestamp.') });
  const { session } = await sessionFor(s, t.connection);
  const mark = await markAtTimestamp(DeltaTable.forName(session, t.sqlName), ts.trim());
  await confirmVacuumedRead(t, [mark], `Reading ${t.label} as of ${ts.trim()} (version ${mark?.version})`, "Don't Read It");
  await previewAsOf(s, t, ts.trim(), (table) => table.timestampAsOf(ts.trim()), `${t.label} as of ${ts.trim()}${mark ? ` (version ${mark.version})` : ''}`);
}

/**
 * Opens the first rows of an earlier state of a table (`at`: "v3" or a timestamp), profiling all of that state. A read
 * that fails on a missing data file says that `what` was vacuumed.
 */
async function previewAsOf(s: Services, t: TableTarget, at: string, read: (table: DeltaTable) => DataFrame, what: string): Promise<void> {
  const { session, timeZone } = await sessionFor(s, t.connection);
  const df = read(DeltaTable.forName(session, t.sqlName));
  const source = previewSource(df, readSettings().previewRowLimit, `${t.label} @ ${at}`, timeZone, `all rows of ${t.label} @ ${at}`);
  s.openGrid(reading(t, explainingVacuumedFiles(source, what), { fixedVersion: true }));
}

/** The source as reading table `t`, so a write the extension does on it marks the grid stale (not a fixed version). */
function reading(t: TableTarget, source: GridSource, { fixedVersion = false } = {}): GridSource {
  return { ...source, reads: { connection: t.connection, table: t.sqlName, fixedVersion } };
}

async function copyName(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node);
  await copy(t.sqlName);
}

async function copyPath(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node);
  const { session } = await sessionFor(s, t.connection);
  const detail = await DeltaTable.forName(session, t.sqlName).detailRow();
  await copy(detail.location);
}

async function copy(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
}

async function filterTables(s: Services): Promise<void> {
  const text = await ask({ title: 'Filter tables', prompt: 'Show tables whose name contains (empty shows all)', value: s.tree.filter });
  s.tree.setFilter(text);
}

async function isDeltaTable(s: Services, node?: CatalogNode): Promise<void> {
  const connection = await resolveConnection(s, node);
  const { session } = await sessionFor(s, connection);
  const path = await ask({ title: 'Is it a Delta table?', prompt: 'Path of a table folder', validateInput: (v) => (v.trim() ? undefined : 'Enter a path.') });
  const yes = await DeltaTable.isDeltaTable(session, path.trim());
  void vscode.window.showInformationMessage(yes ? `${path.trim()} is a Delta table.` : `${path.trim()} is not a Delta table.`);
}
