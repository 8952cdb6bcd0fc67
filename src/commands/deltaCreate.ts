// CREATE, CREATE OR REPLACE and shallow CLONE: the commands that make a table, or replace one that exists.
// Replacing asks first, saying what the target holds now and what it will hold.
import * as vscode from 'vscode';
import { DeltaTable, deltaTableName, isHadoopPath, parseIdentifier, quoteName, sqlPathTable, type ColumnSpec, type SparkConnectSession } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { ask, confirmDestructive, pick, pickMany } from './prompts';
import { sessionFor, type Services } from './services';
import { resolveConnection, resolveTable, validateName } from './targets';

export function registerCreateCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.createTable', (node?: CatalogNode) => createTable(s, node)),
    r.register('deltaExplorer.clone', (node?: CatalogNode) => cloneTable(s, node)),
  ];
}

/** A table name as Delta's CREATE and CLONE commands take it: they parse at most schema.table, so the session catalog goes. */
function deltaCommandName(name: string): string {
  return deltaTableName(parseIdentifier(name));
}

/** What a table holds now: its row count and, for a Delta table, its latest version. */
export async function currentContents(session: SparkConnectSession, sqlName: string): Promise<string> {
  const rows = await session.table(sqlName).count();
  const [latest] = await DeltaTable.forName(session, sqlName).historyEntries(1).catch(() => []);
  return `${rows} row${rows === 1n ? '' : 's'}${latest ? ` at version ${latest.version}` : ''}`;
}

async function createTable(s: Services, node?: CatalogNode): Promise<void> {
  const connection = await resolveConnection(s, node);
  const { session } = await sessionFor(s, connection);
  const prefix = node?.kind === 'schema' ? `${node.catalog}.${node.schema}.` : '';
  const name = (await ask({ title: 'Create Delta table', prompt: 'Table name', value: prefix, validateInput: validateName })).trim();
  const sqlName = quoteName(parseIdentifier(name));
  const replace = await session.catalog.tableExists(sqlName);
  if (replace) {
    await pick([{ label: `Replace ${name}`, description: 'CREATE OR REPLACE' }], {
      title: `${name} already exists`, placeHolder: 'Replace it with a new definition (asks again before anything is written), or press Escape',
    });
  }
  const ddl = await ask({ title: `${replace ? 'Replace' : 'Create'} ${name}`, prompt: 'Columns as DDL', placeHolder: 'id BIGINT NOT NULL, name STRING, day DATE', validateInput: (v) => (v.trim() ? undefined : 'Enter at least one column.') });
  const parsed = await session.parseDdl(ddl);
  if (parsed?.kind.case !== 'struct') throw new Error('The columns could not be parsed.');
  const columns: ColumnSpec[] = parsed.kind.value.fields.map((f) => ({ name: f.name, type: f.dataType!, nullable: f.nullable }));
  const layout = await askLayout(columns, `${replace ? 'Replace' : 'Create'} ${name}`);
  const partitions = layout.partitions.map((label) => ({ label }));
  if (replace) {
    const now = await currentContents(session, sqlName);
    await confirmDestructive(
      `Replace ${name}? It holds ${now}.`,
      `CREATE OR REPLACE gives it the columns ${columns.map((c) => c.name).join(', ')}${layoutText(layout)} and no rows. ` +
      'Its current rows leave the latest version; older versions of a Delta table stay readable by time travel until vacuumed.',
      'Replace',
    );
  }
  const builder = (replace ? DeltaTable.createOrReplace(session) : DeltaTable.create(session)).name(deltaCommandName(name));
  for (const c of columns) builder.addColumn(c);
  if (partitions.length) builder.partitionedBy(...partitions.map((p) => p.label));
  if (layout.clustering.length) builder.clusterBy(...layout.clustering);
  await s.runner.withProgress(`${replace ? 'Replacing' : 'Creating'} ${name}`, (ctx) => builder.execute({ signal: ctx.signal }));
  s.tableChanged(connection, name);
  void vscode.window.showInformationMessage(`${replace ? 'Replaced' : 'Created'} the Delta table ${name}.`);
}

/** How a new table lays out its files: partitioned, clustered (liquid clustering), or neither. */
export interface TableLayout {
  partitions: string[];
  clustering: string[];
}

async function askLayout(columns: ColumnSpec[], title: string): Promise<TableLayout> {
  const kind = await pick([
    { label: 'No partitioning or clustering', layout: 'none' as const },
    { label: 'Liquid clustering', description: 'CLUSTER BY up to 4 columns', layout: 'cluster' as const },
    { label: 'Partitioned', description: 'PARTITIONED BY', layout: 'partition' as const },
  ], { title, placeHolder: 'How the table lays out its files' });
  if (kind.layout === 'none') return { partitions: [], clustering: [] };
  const chosen = await pickMany(columns.map((c) => ({ label: c.name })), {
    title, placeHolder: kind.layout === 'cluster' ? 'Clustering columns (1 to 4)' : 'Partition columns',
  });
  const names = chosen.map((c) => c.label);
  if (kind.layout === 'partition') return { partitions: names, clustering: [] };
  if (names.length === 0 || names.length > 4) throw new Error(`Liquid clustering takes 1 to 4 columns; ${names.length} were picked.`);
  return { partitions: [], clustering: names };
}

/** ", partitioned by a" / ", clustered by a, b" / "". */
export function layoutText(layout: TableLayout): string {
  if (layout.partitions.length) return `, partitioned by ${layout.partitions.join(', ')}`;
  if (layout.clustering.length) return `, clustered by ${layout.clustering.join(', ')}`;
  return '';
}

async function cloneTable(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Clone');
  const target = (await ask({ title: `Shallow clone ${t.label}`, prompt: 'Name, or path (/…, s3://…, abfss://…, dbfs:/…), of the clone', validateInput: (v) => (isHadoopPath(v) ? undefined : validateName(v)) })).trim();
  const versionText = (await ask({ title: `Shallow clone ${t.label}`, prompt: 'Version to clone (empty for the latest)', validateInput: (v) => (v.trim() === '' || /^\d+$/.test(v.trim()) ? undefined : 'Enter a version number or nothing.') })).trim();
  const replace = (await pick([{ label: 'Create a new table', replace: false }, { label: 'Replace the target if it exists', replace: true }], { title: `Clone to ${target}` })).replace;
  const { session } = await sessionFor(s, t.connection);
  const table = DeltaTable.forName(session, t.sqlName);
  const toPath = isHadoopPath(target);
  const targetName = toPath ? target : deltaCommandName(target);
  const version = versionText ? BigInt(versionText) : undefined;
  if (replace) {
    const targetTable = toPath ? sqlPathTable(target) : targetName;
    const exists = toPath ? await DeltaTable.isDeltaTable(session, target) : await session.catalog.tableExists(targetName);
    const now = exists ? `It holds ${await currentContents(session, targetTable)}.` : 'It does not exist yet.';
    const [latest] = version === undefined ? await table.historyEntries(1) : [];
    const from = version ?? latest?.version;
    const rows = await (from === undefined ? session.table(t.sqlName) : table.versionAsOf(from)).count();
    await confirmDestructive(
      `Replace ${target} with a shallow clone of ${t.label}? ${now}`,
      `After the clone, ${target} holds the ${rows} row${rows === 1n ? '' : 's'} of ${t.label} at version ${from}; its current contents are replaced.`,
      'Replace',
    );
  }
  await s.runner.withProgress(`Cloning ${t.label}`, (ctx) => table.clone(targetName, { isShallow: true, replace, version: version === undefined ? undefined : Number(version) }, { signal: ctx.signal }));
  s.tableChanged(t.connection, toPath ? sqlPathTable(target) : targetName);
  void vscode.window.showInformationMessage(`Cloned ${t.label} to ${target}.`);
}
