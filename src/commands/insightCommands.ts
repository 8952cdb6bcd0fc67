// Beyond browsing: version diff, column profile, change data feed, sample data.
import { tableFromArrays, type Table } from 'apache-arrow';
import * as vscode from 'vscode';
import {
  CHANGE_DATA_FEED_PROPERTY, DeltaTable, explainMissingFile, expr, vacuumedVersions, quoteIdentifier, changeDataFeedEnabled, changeFeedStartVersion, diffRows, diffVersions, fromVersionChoices, profileColumns, quoteName,
  sparkline, toVersionChoices, type ColumnProfile, type DataFrame, type HistoryEntry, type VersionRangeRule,
} from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { toProfileColumns } from '../views/columnProfiles';
import { tableSource } from '../grid/gridSource';
import { dataFrameSource } from '../views/resultSources';
import { currentContents } from './deltaCreate';
import { ask, confirmDestructive, pick, pickMany } from './prompts';
import { sessionFor, type Services, type TableTarget } from './services';
import { resolveConnection, resolveTable } from './targets';
import { confirmVacuumedRead, explainingVacuumedFiles, HISTORY_CHECKED, pickerNote } from './vacuumedVersions';

export function registerInsightCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.diffVersions', (node?: CatalogNode) => diff(s, node)),
    r.register('deltaExplorer.profileTable', (node?: CatalogNode) => profile(s, node)),
    r.register('deltaExplorer.changeDataFeed', (node?: CatalogNode) => changeFeed(s, node)),
    r.register('deltaExplorer.createSampleData', (node?: CatalogNode) => sampleData(s, node)),
  ];
}

/** What a version picker is for: its title, and which versions it may offer. */
interface VersionPurpose extends VersionRangeRule {
  title: string;
}

async function pickVersions(s: Services, t: TableTarget, purpose: VersionPurpose, node?: CatalogNode, known?: HistoryEntry[]): Promise<[bigint, bigint]> {
  const { session } = await sessionFor(s, t.connection);
  const history = known ?? await DeltaTable.forName(session, t.sqlName).historyEntries(200);
  const byVersion = new Map(history.map((h) => [h.version, h]));
  const marks = vacuumedVersions(history);
  const item = (v: bigint) => ({ label: `v${v}`, description: `${byVersion.get(v)?.operation ?? ''}${pickerNote(marks.get(v))}`, detail: byVersion.get(v)?.timestamp.toISOString(), version: v });
  const versions = [...byVersion.keys()];
  const fromChoices = fromVersionChoices(versions, purpose);
  if (fromChoices.length === 0) throw new Error(`${t.label} has only one version: there is nothing to compare.`);
  const from = node?.kind === 'version' && fromChoices.includes(node.version) ? node.version
    : (await pick(fromChoices.map(item), { title: purpose.title, placeHolder: purpose.single ? 'First version (from)' : 'Older version (from)' })).version;
  const toChoices = toVersionChoices(versions, from, purpose);
  const to = (await pick(toChoices.map(item), { title: `${purpose.title}: from v${from} to…`, placeHolder: purpose.single ? `Last version (to), v${from} or newer` : `Newer version (to), after v${from}` })).version;
  return [from, to];
}

async function diff(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Compare versions');
  const { session, timeZone } = await sessionFor(s, t.connection);
  const history = await DeltaTable.forName(session, t.sqlName).historyEntries(HISTORY_CHECKED);
  const [from, to] = await pickVersions(s, t, { title: `Compare versions of ${t.label}` }, node, history);
  const marks = vacuumedVersions(history);
  await confirmVacuumedRead(t, [marks.get(from), marks.get(to)], `Comparing v${from} with v${to}`, "Don't Compare");
  const columns = await session.catalog.listColumns(t.sqlName);
  const keys = await pickMany(columns.map((c) => ({ label: c.name, description: c.dataType })), { title: `Compare v${from} → v${to}`, placeHolder: 'Key columns, to count changed rows (pick none for whole-row comparison)' });
  const d = await s.runner.withProgress(`Comparing v${from} and v${to} of ${t.label}`, (ctx) => diffVersions(session, t.sqlName, from, to, keys.map((k) => k.label), { signal: ctx.signal }))
    .catch((err: unknown) => { throw explainMissingFile(err, `v${from} or v${to} of ${t.label}`); });
  const rows: Array<[string, string]> = [
    ['rows added', String(d.rowsAdded)], ['rows removed', String(d.rowsRemoved)],
    ...(d.keysAdded !== undefined ? [['keys added', String(d.keysAdded)], ['keys removed', String(d.keysRemoved)], ['keys changed', String(d.keysChanged)]] as Array<[string, string]> : []),
    ['columns added', d.columnsAdded.join(', ')], ['columns removed', d.columnsRemoved.join(', ')],
    ['columns retyped', d.columnsRetyped.map((c) => `${c.name}: ${c.from} → ${c.to}`).join(', ')],
    ['files added', String(d.filesAdded)], ['files removed', String(d.filesRemoved)], ['bytes added', String(d.bytesAdded)], ['bytes removed', String(d.bytesRemoved)],
  ];
  s.openGrid(tableSource(`Diff v${from} → v${to}: ${t.label}`, tableFromArrays({ measure: rows.map((x) => x[0]), value: rows.map((x) => x[1]) }), timeZone));
  const choice = await vscode.window.showInformationMessage(`${t.label} v${from} → v${to}: ${d.rowsAdded} rows added, ${d.rowsRemoved} removed${d.keysChanged !== undefined ? `, ${d.keysChanged} keys changed` : ''}.`, 'Open Differing Rows');
  if (choice === 'Open Differing Rows') {
    const rows = dataFrameSource(await diffRows(session, t.sqlName, from, to), `Rows v${from} → v${to}: ${t.label}`, timeZone);
    s.openGrid(explainingVacuumedFiles(rows, `v${from} or v${to} of ${t.label}`), { newTab: true });
  }
}

async function profile(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Profile columns');
  const { session, timeZone } = await sessionFor(s, t.connection);
  const columns = (await session.catalog.listColumns(t.sqlName)).map((c) => ({ name: c.name, dataType: c.dataType }));
  const table = session.table(t.sqlName);
  const profiles = await s.runner.withProgress(`Profiling ${t.label}`, (ctx) => profileColumns(table, columns, { signal: ctx.signal }));
  const grid = tableSource(`Profile: ${t.label}`, profileTable(profiles), timeZone);
  // The panel beside the grid draws the same answer; its Refresh runs the query again.
  let first: ColumnProfile[] | undefined = profiles;
  const scope = `all rows of ${t.label}`;
  s.openGrid({
    ...grid,
    profile: async ({ signal }) => {
      const answer = first ?? await profileColumns(table, columns, { signal });
      first = undefined;
      return { columns: toProfileColumns(answer, timeZone), scope, filtered: false };
    },
  }, { openProfile: true });
}

/** One row per column: the profile as a grid, readable and exportable. */
function profileTable(profiles: ColumnProfile[]): Table {
  const pct = (n: bigint, d: bigint) => (d === 0n ? '' : `${(Number((n * 10000n) / d) / 100).toFixed(2)} %`);
  return tableFromArrays({
    column: profiles.map((p) => p.name),
    type: profiles.map((p) => p.dataType),
    nulls: profiles.map((p) => `${p.nulls} (${pct(p.nulls, p.rows)})`),
    distinct: profiles.map((p) => (p.distinctApprox === undefined ? '' : `≈${p.distinctApprox}`)),
    min: profiles.map((p) => p.min ?? ''),
    max: profiles.map((p) => p.max ?? ''),
    histogram: profiles.map((p) => sparkline(p.histogram)),
    top_values: profiles.map((p) => p.topValues.map((v) => `${v.value ?? 'NULL'} (${v.count})`).join(', ')),
  });
}

async function changeFeed(s: Services, node?: CatalogNode): Promise<void> {
  const t = await resolveTable(s, node, 'Show change data feed');
  const { session, timeZone } = await sessionFor(s, t.connection);
  const table = DeltaTable.forName(session, t.sqlName);
  const detail = await table.detailRow();
  if (!changeDataFeedEnabled(detail.properties)) return offerChangeDataFeed(s, t);
  const history = await table.historyEntries(200);
  const start = changeFeedStartVersion(history);
  const title = `Change data feed of ${t.label} (rows inserted, updated and deleted)`;
  const [lo, hi] = await pickVersions(s, t, { title, min: start, single: true }, node, history);
  const columns = (await session.catalog.listColumns(t.sqlName)).map((c) => c.name);
  s.openGrid(dataFrameSource(changeFeedFirst(table.changes(lo, hi), columns), `Changes v${lo}–v${hi}: ${t.label}`, timeZone));
}

/** The feed with its change columns first (_change_type, _commit_version, _commit_timestamp), in commit order. */
function changeFeedFirst(changes: DataFrame, tableColumns: string[]): DataFrame {
  const ordered = [...CHANGE_COLUMNS, ...tableColumns.filter((c) => !CHANGE_COLUMNS.includes(c))];
  return changes.select(...ordered.map((c) => expr(quoteIdentifier(c)))).sort('_commit_version');
}
const CHANGE_COLUMNS = ['_change_type', '_commit_version', '_commit_timestamp'];

/** Says the table records no change data feed, and offers to turn it on (one ALTER TABLE, confirmed). */
async function offerChangeDataFeed(s: Services, t: TableTarget): Promise<void> {
  const statement = `ALTER TABLE ${t.sqlName} SET TBLPROPERTIES ('${CHANGE_DATA_FEED_PROPERTY}' = 'true')`;
  const action = 'Enable Change Data Feed';
  const choice = await vscode.window.showWarningMessage(`${t.label} does not record a change data feed.`, {
    modal: true,
    detail: `Its property ${CHANGE_DATA_FEED_PROPERTY} is not true, so there are no changes to show. Enabling it runs:\n\n${statement}\n\n` +
      'Changes are recorded from the next version on (earlier versions stay without a feed); writes cost a little more.',
  }, action);
  if (choice !== action) return;
  const { session } = await sessionFor(s, t.connection);
  await s.runner.withProgress(`Enabling the change data feed of ${t.label}`, (ctx) => session.sql(statement, undefined, { signal: ctx.signal }));
  s.tableChanged(t.connection, t.sqlName);
  void vscode.window.showInformationMessage(`The change data feed of ${t.label} is on: changes are recorded from its next version.`);
}

async function sampleData(s: Services, node?: CatalogNode): Promise<void> {
  const connection = await resolveConnection(s, node);
  const { session } = await sessionFor(s, connection);
  const schema = (await ask({ title: 'Create sample data', prompt: 'Schema to create the sample table in', value: 'samples', validateInput: (v) => (/^\w+$/.test(v) ? undefined : 'Letters, digits and _ only.') })).trim();
  const table = quoteName([schema, 'trips']);
  if (await session.catalog.tableExists(table)) {
    await confirmDestructive(
      `Replace ${schema}.trips? It holds ${await currentContents(session, table)}.`,
      'Create Sample Data drops it and creates it again with five versions of sample trips: its current rows and its history are gone.',
      'Replace',
    );
  }
  await s.runner.withProgress(`Creating ${schema}.trips`, async (ctx) => {
    const run = async (sql: string) => session.sql(sql, undefined, { signal: ctx.signal });
    ctx.report('schema');
    await run(`CREATE SCHEMA IF NOT EXISTS ${quoteName([schema])}`);
    await run(`DROP TABLE IF EXISTS ${table}`);
    ctx.report('version 0');
    await run(`CREATE TABLE ${table} (trip_id BIGINT, day DATE, city STRING, distance_km DOUBLE, fare DECIMAL(10,2), rider STRING)
      USING delta PARTITIONED BY (day) TBLPROPERTIES (delta.enableChangeDataFeed = true)`);
    ctx.report('version 1: 2,000 trips');
    await run(`INSERT INTO ${table} SELECT id, date_add(DATE'2026-11-01', CAST(id % 7 AS INT)), element_at(array('Berlin', 'Lisbon', 'Oslo', 'Turin'), CAST(id % 4 + 1 AS INT)),
      round(1 + (id * 37 % 200) / 10.0, 1), CAST(3.5 + (id * 37 % 200) / 8.0 AS DECIMAL(10,2)), concat('rider-', id % 97) FROM range(2000)`);
    ctx.report('version 2: fares up in Oslo');
    await run(`UPDATE ${table} SET fare = fare * 1.1 WHERE city = 'Oslo'`);
    ctx.report('version 3: short trips removed');
    await run(`DELETE FROM ${table} WHERE distance_km < 2`);
    ctx.report('version 4: compaction');
    await run(`OPTIMIZE ${table}`);
  });
  s.tableChanged(connection, table);
  void vscode.window.showInformationMessage(`Created ${schema}.trips with 5 versions (change data feed on). Expand it in the Delta Connect view.`);
}
