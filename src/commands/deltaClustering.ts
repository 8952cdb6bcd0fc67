// Liquid clustering from the tree: choose a Delta table's clustering columns (ALTER TABLE … CLUSTER BY), or none
// (CLUSTER BY NONE). Shows the statement and what it changes, and asks first.
import * as vscode from 'vscode';
import { clusterByStatement, clusteringColumnNames, DeltaTable, setClusteringColumns } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { confirmDestructive, pickMany } from './prompts';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveTable } from './targets';

export function registerClusteringCommands(s: Services): vscode.Disposable[] {
  return [s.runner.register('deltaExplorer.clusterBy', (node?: CatalogNode) => changeClustering(s, node))];
}

/** What a change of clustering does, in words. */
export function clusteringChange(label: string, now: readonly string[], next: readonly string[]): string {
  const was = now.length ? `clustered by ${now.join(', ')}` : 'not clustered';
  if (next.length === 0) return `${label} is ${was}. CLUSTER BY NONE stops clustering new data; files already written stay as they are.`;
  return `${label} is ${was}. New data and the next OPTIMIZE cluster it by ${next.join(', ')}; files already written are not rewritten now.`;
}

async function changeClustering(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Cluster');
  const { session } = await sessionFor(s, t.connection);
  const detail = await DeltaTable.forName(session, t.sqlName).detailRow();
  if (detail.partitionColumns.length) throw new Error(`${t.label} is partitioned by ${detail.partitionColumns.join(', ')}: Delta clusters only unpartitioned tables.`);
  const columns = await session.catalog.listColumns(t.sqlName);
  const now = clusteringColumnNames(detail.clusteringColumns);
  const chosen = await pickMany(columns.map((c) => ({ label: c.name, description: c.dataType, picked: now.includes(c.name) })), {
    title: `Clustering columns of ${t.label}`, placeHolder: 'Pick up to 4 columns (pick none for CLUSTER BY NONE)',
  });
  const next = chosen.map((c) => c.label);
  await applyClustering(s, t, now, next);
}

async function applyClustering(s: Services, t: TableTarget, now: readonly string[], next: readonly string[]): Promise<void> {
  if (next.length > 4) throw new Error(`Delta clusters by at most 4 columns; ${next.length} were picked.`);
  if (next.length === 0 && now.length === 0) throw new Error(`${t.label} is not clustered: there is nothing to change.`);
  const statement = clusterByStatement(t.sqlName, next);
  await confirmDestructive(`Change the clustering of ${t.label} on ${t.connection}?`, `${clusteringChange(t.label, now, next)}\n\n${statement}`, next.length ? 'Cluster' : 'Stop Clustering');
  const { session } = await sessionFor(s, t.connection);
  await s.runner.withProgress(`Changing the clustering of ${t.label}`, (ctx) => setClusteringColumns(session, t.sqlName, next, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(next.length ? `${t.label} is now clustered by ${next.join(', ')}.` : `${t.label} is no longer clustered.`);
}
