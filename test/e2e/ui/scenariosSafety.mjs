// Destructive commands ask before they write, and Cancel sends nothing (issue #7). Each scenario drives one command
// through its prompts as a person would (context menu, input boxes, picks), checks that the modal dialog says what
// will change, presses Cancel and proves from the extension's own request trace (./requestLog.mjs: every RPC, logged
// at trace level) that no request ran after it; then runs the command again, confirms, and sees the effect once.
// Each works on its own table of schema e2e_ops (../lib/fixtureSpec.cjs: OPS). The last scenario ends the
// extension's server session from outside and checks that the extension says so and recovers on Refresh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browseToTable, historyVersions, previewCount } from './scenariosOps.mjs';
import { expandToCatalog, expandToSchema } from './treePath.mjs';
import { describe, PLAN_REQUEST, planOf, planRe, RequestLog, SQL_DIALECT, WRITE_PLAN } from './requestLog.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CONNECTION_NAME: CONN, CATALOG, SCHEMA, CITIES } = require('../lib/fixtureSpec.cjs');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const title = (t) => `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const versionLabels = (t) => t.history.map((op, i) => `v${t.latestVersion - i} ${op}`);
/** How long to watch for requests after Cancel (the prompts' reads are logged within a few ms of being sent). */
const QUIET_MS = 2500;

/** Waits for the modal dialog of a command, screenshots it, and gives lagging log lines of its reads time to land. */
async function dialogShown(d, expect, shot) {
  const text = await d.waitUntil('a modal dialog', async () => { const t = await d.dialogText(); return t && expect.test(t) ? t : undefined; }, 90_000)
    .catch(async (e) => { throw new Error(`${e.message}; the dialog says ${JSON.stringify(await d.dialogText())}; errors: ${(await d.errorNotifications()).join(' | ') || '(none)'}`); });
  await d.screenshot(shot);
  await d.page.waitForTimeout(500);
  return text;
}

/**
 * Runs the prompts up to the dialog, checks that the prompts' reads (`reads`, each a RegExp on "Method summary") ran
 * and that no write did, presses Cancel, and asserts that nothing ran on the server afterwards.
 */
async function cancelSendsNothing(d, log, { prompts, expect, reads = [], shot = 'dialog-cancel' }) {
  const start = log.mark();
  await prompts();
  const text = await dialogShown(d, expect, shot);
  const before = log.requests(start);
  for (const r of reads) assert.ok(before.some((x) => r.test(`${x.method} ${x.summary}`)), `expected a read ${r} before the dialog; sent: ${describe(before)}`);
  assert.deepEqual(before.filter((x) => WRITE_PLAN.test(x.summary)).map((x) => x.line), [], 'a write was sent before the dialog was answered');
  const mark = log.mark();
  await d.confirmDialog('Cancel');
  await d.page.waitForTimeout(QUIET_MS);
  const after = log.requests(mark).filter((x) => PLAN_REQUEST.test(x.method));
  assert.equal(after.length, 0, `requests ran on the server after Cancel: ${describe(after)}`);
  assert.deepEqual(await d.errorNotifications(), [], 'an error notification after Cancel');
  await d.screenshot('after-cancel');
  return text;
}

/** Runs the prompts again, presses `button`, waits for the `done` notification; asserts the write ran exactly once. */
async function confirmWritesOnce(d, log, { prompts, expect, button, write, done, shot = 'dialog-confirm' }) {
  await prompts();
  await dialogShown(d, expect, shot);
  const mark = log.mark();
  await d.confirmDialog(button);
  const note = await d.waitForNotification(done, { timeoutMs: 120_000 });
  await d.screenshot('done');
  const writes = await d.waitUntil(`the write ${write} in the request trace`, async () => {
    const w = log.requests(mark).filter((x) => x.method === 'ExecutePlan' && write.test(x.summary));
    return w.length ? w : undefined;
  }, 10_000);
  assert.equal(writes.length, 1, `the write was sent ${writes.length} times: ${describe(writes)}`);
  return note;
}

/** Over the whole scenario (Cancel, then confirm), exactly one write reached the server. */
function assertOneWrite(log, start, write) {
  const all = log.requests(start).filter((x) => x.method === 'ExecutePlan' && WRITE_PLAN.test(x.summary));
  assert.deepEqual(all.map((x) => /plan=(\S+)/.exec(x.summary)[1]), [write], `writes sent during the scenario: ${describe(all)}`);
}

/** The History after the confirmed write: exactly one new version (so the cancelled run wrote none) with `op`. */
async function oneNewVersion(d, t, op) {
  const versions = await historyVersions(d, t, { until: (v) => v.length > t.history.length });
  await d.screenshot('history');
  assert.equal(versions.length, t.history.length + 1, `History: ${versions.join(' | ')}`);
  assert.match(versions[0], new RegExp(`^v${t.latestVersion + 1} ${op}$`));
  assert.deepEqual(versions.slice(1), versionLabels(t));
}

export const safetyScenarios = [
  {
    slug: 'delta-dialect',
    name: `the status bar and the connection's tooltip say how Delta operations reach the server (${SQL_DIALECT ? 'Delta over SQL: no Delta Connect plugin' : 'Delta Connect'})`,
    async run(d) {
      await expandToSchema(d, SCHEMA);
      const label = SQL_DIALECT ? 'Delta over SQL' : 'Delta Connect';
      const item = d.page.locator('.statusbar-item', { hasText: CONN }).first();
      const text = await d.waitUntil(`"${label}" in the status bar`, async () => {
        const t = (await item.count()) ? await item.innerText() : '';
        return t.includes(label) ? t : undefined;
      }, 30_000);
      assert.match(text, new RegExp(`${re(CONN)} · Spark 4\\.2[^·]* · ${label}$`));
      await item.hover();
      await d.waitUntil('the status bar tooltip', async () => {
        const hover = d.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Delta operations:' });
        return (await hover.count()) && /Delta operations: (Delta Connect|Delta over SQL)/.test(await hover.first().innerText()) ? true : undefined;
      }, 10_000);
      await d.screenshot('delta-dialect');
    },
  },
  {
    slug: 'delete-rows',
    name: `Delete Rows… on ${OPS_SCHEMA}.${OPS.del.name}: the dialog counts the ${OPS.del.matching} matching rows; Cancel sends nothing; Delete writes one DELETE version`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.del;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const prompts = async () => {
        await browseToTable(d, t);
        await d.treeItemContextMenu(t.name, 'Delete Rows…', { level: 4 });
        const box = await d.answerInputBox(t.condition, { prompt: 'WHERE condition' });
        assert.match(box.title, new RegExp(`Delete from ${re(title(t))}`));
      };
      const expect = new RegExp(`Delete ${t.matching} rows from ${re(title(t))}\\?[\\s\\S]*WHERE ${re(t.condition)}`);
      await cancelSendsNothing(d, log, { prompts, expect, reads: [/^ExecutePlan .*plan=relation:project\(read\)/] });
      await confirmWritesOnce(d, log, { prompts, expect, button: 'Delete', write: planRe('relation:delta:deleteFromTable'), done: new RegExp(`^Deleted ${t.matching} rows from ${re(title(t))}`) });
      assertOneWrite(log, start, planOf('relation:delta:deleteFromTable'));
      await oneNewVersion(d, t, 'DELETE');
      assert.equal(await previewCount(d, t, 'preview-after-delete'), `${t.rowCount - t.matching} rows`);
    },
  },
  {
    slug: 'update-rows',
    name: `Update Rows… on ${OPS_SCHEMA}.${OPS.upd.name}: SET ${OPS.upd.set} WHERE ${OPS.upd.condition} — the dialog counts ${OPS.upd.matching} rows; Cancel sends nothing; Update writes one UPDATE version`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.upd;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const prompts = async () => {
        await browseToTable(d, t);
        await d.treeItemContextMenu(t.name, 'Update Rows…', { level: 4 });
        await d.answerInputBox(t.set, { prompt: 'SET assignments' });
        await d.answerInputBox(t.condition, { prompt: 'WHERE condition' });
      };
      const expect = new RegExp(`Update ${t.matching} rows of ${re(title(t))}\\?[\\s\\S]*SET ${re(t.set)}[\\s\\S]*WHERE ${re(t.condition)}`);
      await cancelSendsNothing(d, log, { prompts, expect, reads: [/^ExecutePlan .*plan=relation:project\(read\)/] });
      const done = await confirmWritesOnce(d, log, { prompts, expect, button: 'Update', write: planRe('relation:delta:updateTable'), done: /^Updated / });
      assert.match(done, new RegExp(`^Updated ${t.matching} rows of ${re(title(t))}`));
      assertOneWrite(log, start, planOf('relation:delta:updateTable'));
      await oneNewVersion(d, t, 'UPDATE');
    },
  },
  {
    slug: 'restore-version',
    name: `Restore to Version… from the History node of ${OPS_SCHEMA}.${OPS.rst.name}: the dialog names version 1 and its ${OPS.rst.v1Rows} rows; Cancel sends nothing; Restore writes one RESTORE version`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.rst;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const prompts = async () => {
        await historyVersions(d, t);
        await d.treeItemContextMenu('v1 WRITE', 'Restore to Version…', { level: 6 });
      };
      const expect = new RegExp(`Restore ${re(title(t))} to version 1\\?[\\s\\S]*at version ${t.latestVersion}[\\s\\S]*with the ${t.v1Rows} rows of version 1`);
      await cancelSendsNothing(d, log, { prompts, expect, reads: [planRe('relation:limit(delta:describeHistory)'), /^ExecutePlan .*plan=relation:project\(read\)/] });
      const done = await confirmWritesOnce(d, log, { prompts, expect, button: 'Restore', write: planRe('relation:delta:restoreTable'), done: /^Restored / });
      assert.match(done, new RegExp(`^Restored ${re(title(t))} to version 1`));
      assertOneWrite(log, start, planOf('relation:delta:restoreTable'));
      await oneNewVersion(d, t, 'RESTORE');
      assert.equal(await previewCount(d, t, 'preview'), `${t.v1Rows} rows`);
    },
  },
  {
    slug: 'vacuum',
    name: `Vacuum… ${OPS_SCHEMA}.${OPS.vac.name} with retention 0: override dialog, then the dry run's file list; Cancel sends nothing; Vacuum deletes the listed files`,
    timeoutMs: 240_000,
    async run(d, ctx) {
      const t = OPS.vac;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const override = async () => {
        await browseToTable(d, t);
        await d.treeItemContextMenu(t.name, 'Vacuum…', { level: 4 });
        const box = await d.answerInputBox('0', { prompt: 'Retention in hours' });
        assert.match(box.title, new RegExp(`Vacuum ${re(title(t))}`));
        await dialogShown(d, /below Delta's safety threshold/, 'override-dialog');
      };
      // 1. Cancel on the retention warning: nothing at all reaches the server (not even the dry run)
      await override();
      let mark = log.mark();
      await d.confirmDialog('Cancel');
      await d.page.waitForTimeout(QUIET_MS);
      assert.deepEqual(log.requests(mark).filter((x) => PLAN_REQUEST.test(x.method)).map((x) => x.line), [], 'requests after cancelling the retention warning');
      // 2. Cancel on the file list: the dry run (a SQL command) ran before it, nothing after
      const prompts = async () => {
        await override();
        await d.confirmDialog('Override the Retention Check');
      };
      // the count and the total bytes first; paths relative to the table; "Keep the Files" (cancels) is the default button
      const expect = new RegExp(`Vacuum will permanently delete \\d+ files? \\(\\d[\\d.,]* (bytes?|KB|MB)\\) from ${re(title(t))}`);
      const text = await cancelSendsNothing(d, log, { prompts, expect, reads: [/^Config config=set/, /^ExecutePlan .*plan=relation:sql:VACUUM/] });
      const files = Number(/delete (\d+) file/.exec(text)[1]);
      assert.ok(files >= 1, text);
      assert.match(text, /\.parquet/, 'the dialog lists the files');
      assert.match(text, /^• part-[^/\s]+\.parquet$/m, 'paths relative to the table');
      assert.doesNotMatch(text, /^• file:/m, 'no full URIs');
      // 3. Vacuum
      mark = log.mark();
      const done = await confirmWritesOnce(d, log, { prompts, expect, button: 'Vacuum', write: planRe('command:delta:vacuumTable'), done: /^Vacuumed / });
      assert.match(done, new RegExp(`Vacuumed ${re(title(t))}: ${files} files deleted`));
      assertOneWrite(log, start, planOf('command:delta:vacuumTable'));
      // the retention check is turned back on afterwards
      assert.ok(log.requests(mark).some((x) => /^config=unset/.test(x.summary)), `no Config unset after the vacuum: ${describe(log.requests(mark))}`);
    },
  },
  {
    slug: 'merge',
    name: `Merge Into… ${OPS_SCHEMA}.${OPS.mrg.name} from ${OPS.mrg.source}: the dialog names the source (${OPS.mrg.sourceRows} rows), the condition and the clauses; Cancel sends nothing; Merge writes one MERGE version`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.mrg;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const source = `${OPS_SCHEMA}.${t.source}`;
      const prompts = async () => {
        await browseToTable(d, t);
        await d.treeItemContextMenu(t.name, 'Merge Into…', { level: 4 });
        await d.pickQuickItem('A table…');
        await d.answerInputBox(source, { prompt: 'Table name' });
        await d.answerInputBox(t.condition, { prompt: 'Match condition' });
        await d.waitUntil('the clauses pick', async () => /Clauses/.test((await d.quickInputSnapshot()).placeholder ?? ''), 30_000);
        await d.screenshot('clauses');
        await d.page.keyboard.press('Enter'); // the defaults: update all when matched, insert all when not matched
      };
      const expect = new RegExp(`Merge ${re(source)} \\(${t.sourceRows} rows, \\d+ matching\\) into ${re(title(t))}\\?[\\s\\S]*ON ${re(t.condition)}[\\s\\S]*When matched: update all columns[\\s\\S]*When not matched: insert all columns`);
      const text = await cancelSendsNothing(d, log, { prompts, expect, reads: [/^AnalyzePlan analyze=schema plan=relation:sql:SELECT/, /^ExecutePlan .*plan=relation:sql:SELECT/] });
      assert.doesNotMatch(text, /delete/i, 'clauses that were not picked are listed');
      const done = await confirmWritesOnce(d, log, { prompts, expect, button: 'Merge', write: planRe('relation:delta:mergeIntoTable'), done: /^Merged into / });
      assert.match(done, new RegExp(`^Merged into ${re(title(t))}: ${t.inserted} inserted, ${t.updated} updated, 0 deleted`));
      assertOneWrite(log, start, planOf('relation:delta:mergeIntoTable'));
      await oneNewVersion(d, t, 'MERGE');
    },
  },
  {
    slug: 'drop-feature',
    name: `Drop Table Feature… ${OPS.feat.feature} of ${OPS_SCHEMA}.${OPS.feat.name}: the dialog shows the protocol before and after; Cancel sends nothing; Drop Feature writes one DROP FEATURE version`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.feat;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const prompts = async () => {
        await browseToTable(d, t);
        await d.treeItemContextMenu(t.name, 'Drop Table Feature…', { level: 4 });
        await d.pickQuickItem(t.feature);
        await d.pickQuickItem('Keep the history');
      };
      const expect = new RegExp(`Drop the table feature ${t.feature} from ${re(title(t))}\\?[\\s\\S]*Protocol now: reader \\d+, writer \\d+, features [^\\n]*${t.feature}[\\s\\S]*After: features (?![^;]*${t.feature})[^;]*;[\\s\\S]*history is kept`);
      await cancelSendsNothing(d, log, { prompts, expect, reads: [planRe('relation:delta:describeDetail')] });
      await confirmWritesOnce(d, log, { prompts, expect, button: 'Drop Feature', write: planRe('command:delta:dropFeatureSupport'), done: new RegExp(`^Dropped ${t.feature} from ${re(title(t))}`) });
      assertOneWrite(log, start, planOf('command:delta:dropFeatureSupport'));
      await oneNewVersion(d, t, 'DROP FEATURE');
    },
  },
  {
    slug: 'clone-replace',
    name: `Shallow Clone… ${OPS_SCHEMA}.${OPS.clnSource.name} replacing ${OPS.clnSource.target}: the dialog names what the target holds and will hold; Cancel sends nothing; Replace clones once`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.clnSource;
      const target = OPS.clnTarget;
      const typed = `${OPS_SCHEMA}.${target.name}`;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const prompts = async () => {
        await browseToTable(d, t);
        await d.treeItemContextMenu(t.name, 'Shallow Clone…', { level: 4 });
        await d.answerInputBox(typed, { prompt: 'of the clone' });
        await d.answerInputBox('', { prompt: 'Version to clone' });
        await d.pickQuickItem('Replace the target if it exists');
      };
      const expect = new RegExp(`Replace ${re(typed)} with a shallow clone of ${re(title(t))}\\? It holds 0 rows at version 0\\.[\\s\\S]*holds the ${t.rows} rows of ${re(title(t))} at version ${t.latestVersion}`);
      await cancelSendsNothing(d, log, { prompts, expect, reads: [/plan=relation:catalog/, planRe('relation:limit(delta:describeHistory)'), /^ExecutePlan .*plan=relation:project\(read\)/] });
      await confirmWritesOnce(d, log, { prompts, expect, button: 'Replace', write: planRe('command:delta:cloneTable'), done: new RegExp(`^Cloned ${re(title(t))} to ${re(typed)}`) });
      assertOneWrite(log, start, planOf('command:delta:cloneTable'));
      await oneNewVersion(d, target, 'CLONE');
      assert.equal(await previewCount(d, target, 'clone-preview'), `${t.rows} rows`);
    },
  },
  {
    slug: 'create-or-replace',
    name: `Create Delta Table… on schema ${OPS_SCHEMA} naming the existing ${OPS.cor.name}: offers CREATE OR REPLACE, the dialog says it holds ${OPS.cor.rowCount} rows; Cancel sends nothing; Replace writes one version`,
    timeoutMs: 180_000,
    async run(d, ctx) {
      const t = OPS.cor;
      const log = new RequestLog(ctx.logsDir);
      const start = log.mark();
      const prompts = async () => {
        await expandToCatalog(d);
        await d.treeItemContextMenu(OPS_SCHEMA, 'Create Delta Table…', { level: 3 });
        const box = await d.answerInputBox(title(t), { prompt: 'Table name' });
        assert.equal(box.value, `${CATALOG}.${OPS_SCHEMA}.`, 'the name box starts with the schema');
        await d.pickQuickItem(`Replace ${title(t)}`);
        await d.answerInputBox(t.newColumns, { prompt: 'Columns as DDL' });
        await d.pickQuickItem('No partitioning or clustering');
      };
      const expect = new RegExp(`Replace ${re(title(t))}\\? It holds ${t.rowCount} rows at version ${t.latestVersion}\\.[\\s\\S]*CREATE OR REPLACE gives it the columns id, note`);
      await cancelSendsNothing(d, log, { prompts, expect, reads: [/plan=relation:catalog/, /^AnalyzePlan analyze=ddlParse/, /^ExecutePlan .*plan=relation:project\(read\)/] });
      await confirmWritesOnce(d, log, { prompts, expect, button: 'Replace', write: planRe('command:delta:createDeltaTable'), done: new RegExp(`^Replaced the Delta table ${re(title(t))}`) });
      assertOneWrite(log, start, planOf('command:delta:createDeltaTable'));
      await oneNewVersion(d, t, 'CREATE OR REPLACE TABLE');
      assert.deepEqual((await browseToTable(d, t)).filter((c) => c !== 'History'), ['id', 'note']);
    },
  },
  {
    slug: 'session-lost',
    name: 'the server ends the extension\'s session: the next action says the session was lost (notification, connection row, status bar); Refresh reconnects with a new session and the tree lists the schema again',
    timeoutMs: 150_000,
    async run(d, ctx) {
      const log = new RequestLog(ctx.logsDir);
      const openSchema = () => expandToSchema(d, SCHEMA);
      assert.ok((await openSchema()).includes(CITIES.name));
      const sessions = () => log.infoLines(new RegExp(`Connected "${CONN}": Spark [^,]+, session `)).map((l) => /session ([^\s,]+)/.exec(l)[1]);
      const old = sessions().at(-1);
      assert.ok(old, 'no "Connected … session <id>" line in the log');
      // end it on the server, from outside (as a restart or an idle timeout would)
      const out = execFileSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'test', 'e2e', 'lib', 'releaseSession.ts'), old],
        { cwd: REPO, env: { ...process.env, SPARK_REMOTE: ctx.remote }, encoding: 'utf8', timeout: 60_000 });
      assert.match(out, new RegExp(`released session ${old}`));
      // the user's next action: Profile Columns on a table
      await d.treeItemContextMenu(CITIES.name, 'Profile Columns', { level: 4 });
      const note = await d.waitForNotification(/session was lost/, { timeoutMs: 60_000 });
      await d.screenshot('lost-notification');
      assert.match(note, /INVALID_HANDLE\.SESSION_CLOSED/);
      const row = await d.waitUntil('the connection row to say the session was lost', async () => {
        const r = (await d.treeItems()).find((x) => x.level === 1 && x.label === CONN);
        return r && /session lost/.test(r.description) ? r : undefined;
      }, 15_000);
      assert.match(row.description, /refresh to reconnect/);
      // the tree does not reconnect by itself: the connection shows why it is empty
      await d.waitUntil('the lost-session message under the connection', async () => (await d.treeItems()).some((x) => x.level === 2 && /session was lost[\s\S]*Refresh to reconnect/.test(x.label)), 15_000);
      const status = d.page.locator('.statusbar-item', { hasText: new RegExp(`${CONN} · session lost`) });
      await d.step('the status bar to say "session lost"', () => status.first().waitFor({ timeout: 10_000 }));
      await d.screenshot('lost-row-and-status');
      // Refresh: a new session, the tree loads again
      await d.dismissNotifications();
      await d.viewTitleAction('Refresh');
      const fresh = await d.waitUntil('a new session in the log', async () => { const s = sessions(); return s.length && s.at(-1) !== old ? s.at(-1) : undefined; }, 60_000);
      assert.notEqual(fresh, old);
      await d.waitUntil('the connection row to show the Spark version again', async () => /^Spark \d/.test((await d.treeItems()).find((x) => x.level === 1 && x.label === CONN)?.description ?? ''), 30_000);
      await d.viewTitleAction('Collapse All', { optional: true });
      assert.ok((await openSchema()).includes(CITIES.name));
      assert.equal(await d.page.locator('.statusbar-item', { hasText: /session lost/ }).count(), 0, 'the status bar still says "session lost"');
      assert.deepEqual(await d.errorNotifications(), []);
      await d.screenshot('recovered');
    },
  },
];
