// VACUUM, OPTIMIZE, RESTORE, CONVERT, GENERATE, protocol and feature changes.
import * as vscode from 'vscode';
import { asRefusal, clusteringColumnNames, DeltaTable, deltaTableName, formatBytes, optimizeSummary, relativeToTable, type OptimizeResult, type VacuumedVersion } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { tableSource } from '../grid/gridSource';
import { ask, confirmDestructive, pick, pickMany } from './prompts';
import { Cancelled } from './runner';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveConnection, resolveTable } from './targets';
import { checkedHistory, confirmVacuumedRead, markAtTimestamp, markOf, pickerNote } from './vacuumedVersions';

/** Delta's default retention: files younger than this are kept unless the user overrides the check. */
export const DEFAULT_RETENTION_HOURS = 168;
const RETENTION_CHECK = 'spark.databricks.delta.retentionDurationCheck.enabled';

export function registerMaintenanceCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.vacuum', (node?: CatalogNode) => vacuum(s, node)),
    r.register('deltaExplorer.optimize', (node?: CatalogNode, prefill?: { where?: string }) => optimize(s, node, prefill?.where)),
    r.register('deltaExplorer.restore', (node?: CatalogNode) => restore(s, node)),
    r.register('deltaExplorer.restoreTimestamp', (node?: CatalogNode) => restoreTimestamp(s, node)),
    r.register('deltaExplorer.convertToDelta', (node?: CatalogNode) => convert(s, node)),
    r.register('deltaExplorer.generateManifest', (node?: CatalogNode) => generate(s, node)),
    r.register('deltaExplorer.upgradeProtocol', (node?: CatalogNode) => upgrade(s, node)),
    r.register('deltaExplorer.addFeature', (node?: CatalogNode) => addFeature(s, node)),
    r.register('deltaExplorer.dropFeature', (node?: CatalogNode) => dropFeature(s, node)),
  ];
}

async function deltaOf(s: Services, t: TableTarget) {
  const { session, timeZone } = await sessionFor(s, t.connection);
  return { session, timeZone, table: DeltaTable.forName(session, t.sqlName) };
}

async function vacuum(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Vacuum');
  const hoursText = await ask({
    title: `Vacuum ${t.label}`, prompt: `Retention in hours (default ${DEFAULT_RETENTION_HOURS}: files unreferenced for longer are deleted)`,
    value: String(DEFAULT_RETENTION_HOURS), validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? undefined : 'Enter a number of hours.'),
  });
  const hours = Number(hoursText);
  const override = hours < DEFAULT_RETENTION_HOURS && await confirmOverride(t, hours);
  const { session, table } = await deltaOf(s, t);
  await withRetentionCheck(session, override, async () => {
    const dry = await s.runner.withProgress(`Listing files vacuum would delete from ${t.label}`, (ctx) => table.vacuumDryRunSummary(hours, { signal: ctx.signal, sample: 15 }));
    if (dry.files === 0) {
      void vscode.window.showInformationMessage(`Vacuum would delete no files from ${t.label}; nothing to do.`);
      return;
    }
    const { location } = await table.detailRow();
    const bytes = await s.runner.withProgress(`Adding up the size of those files`, (ctx) => dry.totalBytes(location, { signal: ctx.signal }));
    const shown = dry.sample.map((f) => `• ${relativeToTable(f, location)}`).join('\n');
    const count = `${dry.files.toLocaleString('en-US')} file${dry.files === 1 ? '' : 's'}`;
    await confirmDestructive(
      `Vacuum will permanently delete ${count}${bytes === undefined ? '' : ` (${formatBytes(bytes)})`} from ${t.label}.`,
      `Retention ${hours} h. Versions that need these files can no longer be read. Paths relative to ${location}:\n\n${shown}${dry.files > dry.sample.length ? `\n… and ${dry.files - dry.sample.length} more` : ''}`,
      'Vacuum',
      { safeDefault: 'Keep the Files' },
    );
    await s.runner.withProgress(`Vacuuming ${t.label}`, (ctx) => table.vacuum(hours, { signal: ctx.signal }));
    s.tableChanged(t.connection, t.sqlName);
    void vscode.window.showInformationMessage(`Vacuumed ${t.label}: ${dry.files} files deleted.`);
  });
}

async function confirmOverride(t: TableTarget, hours: number): Promise<boolean> {
  const action = 'Override the Retention Check';
  const choice = await vscode.window.showWarningMessage(
    `A retention of ${hours} h is below Delta's safety threshold of ${DEFAULT_RETENTION_HOURS} h.`,
    { modal: true, detail: `Vacuuming ${t.label} this aggressively can delete files that running queries and concurrent writers still need, and breaks time travel to older versions. Delta refuses it unless the check is turned off for this vacuum.` },
    action,
  );
  if (choice !== action) throw new Cancelled();
  return true;
}

async function withRetentionCheck(session: Awaited<ReturnType<typeof deltaOf>>['session'], override: boolean, fn: () => Promise<void>): Promise<void> {
  if (!override) return fn();
  await session.conf.set({ [RETENTION_CHECK]: 'false' });
  try {
    await fn();
  } finally {
    await session.conf.unset([RETENTION_CHECK]);
  }
}

async function optimize(s: Services, node?: CatalogNode, prefilledWhere?: string): Promise<void> {
  const t = await resolveTable(s, node, 'Optimize');
  const { timeZone, table } = await deltaOf(s, t);
  const clustering = clusteringColumnNames((await table.detailRow()).clusteringColumns ?? []);
  const run = clustering.length ? await clusteredOptimize(t, table, clustering) : await layoutOptimize(s, t, table, prefilledWhere);
  const before = (await table.historyEntries(1))[0]?.version;
  const result = await s.runner.withProgress(`Optimizing ${t.label}`, (ctx) => run({ signal: ctx.signal }));
  const committed = (await table.historyEntries(1))[0]?.version !== before;
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(optimizeSummary(t.label, result.metrics, committed));
  if (!committed) return;
  const detail = await table.history(1).collect();
  s.openGrid(tableSource(`Optimize: ${t.label}`, detail, timeZone));
}

type OptimizeRun = (opts: { signal: AbortSignal }) => Promise<OptimizeResult>;

/** A partitioned or unclustered table: an optional partition filter, then compaction or Z-order. */
async function layoutOptimize(s: Services, t: TableTarget, table: DeltaTable, prefilledWhere?: string): Promise<OptimizeRun> {
  const { session } = await sessionFor(s, t.connection);
  const columns = await session.catalog.listColumns(t.sqlName);
  const where = (await ask({ title: `Optimize ${t.label}`, prompt: 'Partition filter (WHERE on partition columns; empty for the whole table)', value: prefilledWhere })).trim();
  const zorder = await pickMany(columns.filter((c) => !c.isPartition).map((c) => ({ label: c.name, description: c.dataType })), {
    title: `Optimize ${t.label}`, placeHolder: 'Z-order by these columns (pick none for plain compaction)',
  });
  const builder = table.optimize();
  if (where) builder.where(where);
  return (opts) => (zorder.length ? builder.executeZOrderBy(zorder.map((c) => c.label), opts) : builder.executeCompaction(opts));
}

/** A clustered table takes neither a partition filter nor Z-order: cluster new data, or recluster all of it. */
async function clusteredOptimize(t: TableTarget, table: DeltaTable, clustering: readonly string[]): Promise<OptimizeRun> {
  const choice = await pick([
    { label: 'Cluster New Data', description: 'OPTIMIZE', detail: 'Clusters the files written since the last clustering.', full: false },
    { label: 'Recluster All Data', description: 'OPTIMIZE … FULL', detail: 'Rewrites every file by the clustering columns, e.g. after they changed (Delta 3.3 and later).', full: true },
  ], { title: `Optimize ${t.label} (clustered by ${clustering.join(', ')})`, placeHolder: 'A clustered table is optimized by its clustering columns' });
  const builder = table.optimize();
  return (opts) => (choice.full ? builder.executeFull(opts) : builder.executeCompaction(opts));
}

/** The version to restore to and, when a VACUUM may have removed its files, its mark. */
async function pickVersion(t: TableTarget, table: DeltaTable, node?: CatalogNode): Promise<{ version: bigint; mark?: VacuumedVersion }> {
  if (node?.kind === 'version') return { version: node.version, mark: await markOf(table, node.version, node) };
  const { entries, marks } = await checkedHistory(table);
  const chosen = await pick(entries.map((h) => ({
    label: `v${h.version}`, description: `${h.operation}${pickerNote(marks.get(h.version))}`, detail: h.timestamp.toISOString(), version: h.version,
  })), { title: `Restore ${t.label}`, placeHolder: 'Version to restore' });
  return { version: chosen.version, mark: marks.get(chosen.version) };
}

async function restore(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Restore');
  const { table } = await deltaOf(s, t);
  const { version, mark } = await pickVersion(t, table, node);
  const [latest] = await table.historyEntries(1);
  if (latest && latest.version === version) throw new Error(`${t.label} is already at version ${version}.`);
  await confirmVacuumedRead(t, [mark], `Restoring to version ${version}`, "Don't Restore");
  // A vacuumed version's count still comes from the log's statistics: it would promise rows that cannot be restored.
  const rows = mark ? undefined : await table.versionAsOf(version).count();
  await confirmDestructive(
    `Restore ${t.label} to version ${version}?`,
    `The table is at version ${latest?.version}. Restoring writes version ${(latest?.version ?? 0n) + 1n} with ` +
    (rows === undefined ? `the state of version ${version} (no row count: its data files may have been removed by VACUUM, and the server refuses a restore whose files are missing)` : `the ${rows} rows of version ${version}`) +
    '; later changes stay in the history.',
    'Restore',
  );
  const m = await s.runner.withProgress(`Restoring ${t.label} to version ${version}`, (ctx) => table.restoreToVersion(version, { signal: ctx.signal }))
    .catch((err: unknown) => { throw asRefusal(err, `to restore ${t.label} to version ${version}`); });
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`Restored ${t.label} to version ${version}: ${m.numRestoredFiles} files restored, ${m.numRemovedFiles} removed.`);
}

async function restoreTimestamp(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Restore');
  const ts = (await ask({ title: `Restore ${t.label}`, prompt: 'Timestamp to restore to, e.g. 2026-11-26 12:00:00', validateInput: (v) => (v.trim() ? undefined : 'Enter a timestamp.') })).trim();
  const { table } = await deltaOf(s, t);
  const mark = await markAtTimestamp(table, ts);
  await confirmVacuumedRead(t, [mark], `Restoring to ${ts} (version ${mark?.version})`, "Don't Restore");
  const rows = mark ? undefined : await table.timestampAsOf(ts).count();
  const state = rows === undefined ? `The table gets the state of version ${mark?.version} (no row count: its data files may have been removed by VACUUM)` : `The restored table will have ${rows} rows`;
  await confirmDestructive(`Restore ${t.label} to its state at ${ts}?`, `${state}; later changes stay in the history.`, 'Restore');
  const m = await s.runner.withProgress(`Restoring ${t.label}`, (ctx) => table.restoreToTimestamp(ts, { signal: ctx.signal }))
    .catch((err: unknown) => { throw asRefusal(err, `to restore ${t.label} to ${ts}`); });
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`Restored ${t.label} to ${ts}: ${m.numRestoredFiles} files restored, ${m.numRemovedFiles} removed.`);
}

async function convert(s: Services, node?: CatalogNode): Promise<void> {
  const connection = await resolveConnection(s, node);
  const { session } = await sessionFor(s, connection);
  // From a Parquet table in the tree: its name (the catalog knows its partitions); else typed in.
  const fromTree = node?.kind === 'table' ? deltaTableName([node.catalog, node.schema, node.table]) : undefined;
  const identifier = fromTree ?? (await ask({ title: 'Convert to Delta', prompt: 'Parquet table name, or parquet.`/path/to/folder`', validateInput: (v) => (v.trim() ? undefined : 'Enter a table or path.') })).trim();
  const partitions = fromTree ? '' : (await ask({ title: 'Convert to Delta', prompt: 'Partition schema for a partitioned folder, e.g. "day STRING, hour INT" (empty if none)' })).trim();
  const label = node?.kind === 'table' ? `${node.catalog}.${node.schema}.${node.table}` : identifier;
  await confirmDestructive(`Convert ${label} to Delta in place?`, 'A Delta log is written next to the Parquet files; readers that only know Parquet keep working until Delta rewrites files.', 'Convert');
  await s.runner.withProgress(`Converting ${label}`, (ctx) => DeltaTable.convertToDelta(session, identifier, partitions || undefined, { signal: ctx.signal }));
  s.tableChanged(connection, identifier);
  void vscode.window.showInformationMessage(`${label} is now a Delta table.`);
}

async function generate(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Generate manifest');
  const { table } = await deltaOf(s, t);
  await s.runner.withProgress(`Generating the symlink manifest of ${t.label}`, (ctx) => table.generate('symlink_format_manifest', { signal: ctx.signal }));
  void vscode.window.showInformationMessage(`Generated _symlink_format_manifest for ${t.label}.`);
}

async function upgrade(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Upgrade protocol');
  const { table } = await deltaOf(s, t);
  const detail = await table.detailRow();
  const reader = Number(await ask({ title: `Upgrade ${t.label}`, prompt: `Reader version (now ${detail.minReaderVersion})`, value: String(detail.minReaderVersion), validateInput: intAtLeast(detail.minReaderVersion) }));
  const writer = Number(await ask({ title: `Upgrade ${t.label}`, prompt: `Writer version (now ${detail.minWriterVersion})`, value: String(detail.minWriterVersion), validateInput: intAtLeast(detail.minWriterVersion) }));
  await confirmDestructive(`Upgrade the protocol of ${t.label} to reader ${reader}, writer ${writer}?`, 'Protocol upgrades cannot be undone; older clients may no longer read or write the table.', 'Upgrade');
  await s.runner.withProgress(`Upgrading ${t.label}`, (ctx) => table.upgradeTableProtocol(reader, writer, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`${t.label} now uses reader ${reader} / writer ${writer}.`);
}

const FEATURES = ['deletionVectors', 'columnMapping', 'changeDataFeed', 'appendOnly', 'checkConstraints', 'timestampNtz', 'typeWidening', 'v2Checkpoint', 'variantType', 'rowTracking', 'domainMetadata'];

async function addFeature(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Add table feature');
  const { table } = await deltaOf(s, t);
  const have = new Set((await table.detailRow()).tableFeatures);
  const feature = await pick(FEATURES.filter((f) => !have.has(f)).map((label) => ({ label })), { title: `Add a feature to ${t.label}`, placeHolder: 'Table feature' });
  await confirmDestructive(`Add the table feature ${feature.label} to ${t.label}?`, 'This upgrades the table protocol; clients without this feature can no longer write (or read) the table.', 'Add Feature');
  await s.runner.withProgress(`Adding ${feature.label}`, (ctx) => table.addFeatureSupport(feature.label, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`${t.label} now supports ${feature.label}.`);
}

async function dropFeature(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Drop table feature');
  const { table } = await deltaOf(s, t);
  const detail = await table.detailRow();
  const features = detail.tableFeatures;
  if (features.length === 0) throw new Error(`${t.label} has no table features to drop.`);
  const feature = await pick(features.map((label) => ({ label })), { title: `Drop a feature of ${t.label}`, placeHolder: 'Table feature' });
  const truncate = (await pick([{ label: 'Keep the history', truncate: false }, { label: 'Truncate the history (needed for some features)', truncate: true }], { title: `Drop ${feature.label}` })).truncate;
  const left = features.filter((f) => f !== feature.label);
  await confirmDestructive(
    `Drop the table feature ${feature.label} from ${t.label}?`,
    `Protocol now: reader ${detail.minReaderVersion}, writer ${detail.minWriterVersion}, features ${features.join(', ')}.\n` +
    `After: features ${left.join(', ') || '(none)'}; Delta may rewrite files first to remove traces of ${feature.label}.\n` +
    (truncate ? 'The table history is truncated: time travel to older versions is no longer possible.' : 'The history is kept.'),
    'Drop Feature',
  );
  await s.runner.withProgress(`Dropping ${feature.label}`, (ctx) => table.dropFeatureSupport(feature.label, truncate, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`Dropped ${feature.label} from ${t.label}.`);
}

function intAtLeast(min: number): (v: string) => string | undefined {
  return (v) => (/^\d+$/.test(v.trim()) && Number(v) >= min ? undefined : `Enter a whole number ≥ ${min}.`);
}
