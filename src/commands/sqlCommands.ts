// Running SQL: the selection, the statement under the cursor, the whole file, a CodeLens statement, a statement
// typed into an input box, or one from the query history. Named parameters (:name) are asked for.
import * as vscode from 'vscode';
import { historyKey, type QueryHistory, type QueryRecord } from '../views/queryHistory';
import type { ArrowResult, Progress } from '../client';
import type { QueryPlanProvider } from '../views/queryPlanView';
import { firstRowsSource } from '../views/resultSources';
import type { CatalogNode } from '../views/catalogNodes';
import type { GridSource } from '../grid/gridSource';
import { writeKeyword } from '../sql/statementKind';
import { ask, confirmDestructive } from './prompts';
import { sessionFor, type Services } from './services';
import { resolveConnection } from './targets';
import { parameterNames, parameterValue, statementRanges, statementTitle, type StatementRange } from '../sql/sqlText';
import { SqlDiagnostics, type SqlOrigin } from '../views/sqlDiagnostics';
import { readSettings } from '../services/settings';
import { writeCounts, writeOutcome, writeStatement } from '../sql/sqlOutcome';

/** How the scripts of .sql files split into statements, as the settings say. */
export const splitOptions = () => ({ blankLines: readSettings().blankLinesSeparateStatements });

export function registerSqlCommands(s: Services, history: QueryHistory, plans: QueryPlanProvider): vscode.Disposable[] {
  const r = s.runner;
  const diagnostics = new SqlDiagnostics();
  const historyDocs = new HistoryDocuments();
  const run = (text: string, connection: string, origin?: SqlOrigin) => runSqlText(s, { history, plans }, text, connection, origin && { ...origin, diagnostics });
  return [
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(HistoryDocuments.scheme, historyDocs),
    r.register('deltaExplorer.runSql', async (node?: CatalogNode) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return vscode.commands.executeCommand('deltaExplorer.runSqlInput', node);
      const { text, offset } = selectedOrCurrentStatement(editor);
      await run(text, await resolveConnection(s, node), { document: editor.document, offset });
    }),
    r.register('deltaExplorer.runSqlFile', async (node?: CatalogNode) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error('Open a .sql file first.');
      await run(editor.document.getText(), await resolveConnection(s, node), { document: editor.document, offset: 0 });
    }),
    r.register('deltaExplorer.runStatement', async (uri: vscode.Uri, start: number, end: number) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      await run(doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))), await resolveConnection(s), { document: doc, offset: start });
    }),
    r.register('deltaExplorer.runSqlInput', async (node?: CatalogNode) => {
      const connection = await resolveConnection(s, node);
      const text = await ask({ title: `Run SQL on ${connection}`, prompt: 'SQL statement', placeHolder: 'SELECT * FROM spark_catalog.default.events LIMIT 100' });
      await run(text, connection);
    }),
    r.register('deltaExplorer.openQuery', (record: QueryRecord) => historyDocs.open(record)),
    r.register('deltaExplorer.rerunQuery', async (record: QueryRecord) => {
      const connection = s.connections.get(record.connection) ? record.connection : await resolveConnection(s);
      await confirmWrites(record.sql, connection);
      await run(record.sql, connection);
    }),
    r.register('deltaExplorer.openQueryResult', (record: QueryRecord) => openQueryResult(s, record)),
    r.register('deltaExplorer.copyQuery', async (record: QueryRecord) => vscode.env.clipboard.writeText(record.sql)),
    r.register('deltaExplorer.removeQuery', (record: QueryRecord) => history.remove(record)),
    r.register('deltaExplorer.clearQueryHistory', () => history.clear()),
  ];
}

/**
 * History statements open as read-only SQL documents (runnable with Run, copyable), in the preview tab: clicking
 * through the history replaces one tab, and nothing is left to save when editors close.
 */
class HistoryDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'delta-connect-history';
  private readonly texts = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '';
  }

  async open(record: QueryRecord): Promise<void> {
    const id = `${record.at}-${record.connection}`;
    this.texts.set(id, record.sql);
    const stamp = new Date(record.at).toISOString().replace(/\.\d+Z$/, '').replace(/[:T]/g, '-');
    const uri = vscode.Uri.from({ scheme: HistoryDocuments.scheme, path: `/${record.connection} ${stamp}.sql`, query: id });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

/** Brings the result tab of a history entry to the front, or says it is closed. */
function openQueryResult(s: Services, record: QueryRecord): void {
  if (s.revealResult(historyKey(record))) return;
  void vscode.window.showInformationMessage('The result of this run is no longer open. Use Run Again to run it again.');
}

/** A statement that writes is shown with its connection and run only when confirmed. */
async function confirmWrites(text: string, connection: string): Promise<void> {
  const writes = statementRanges(text, splitOptions()).map((r) => r.text).filter((sql) => writeKeyword(sql) !== undefined);
  if (writes.length === 0) return;
  const kinds = [...new Set(writes.map((sql) => writeKeyword(sql)))].join(', ');
  const shown = writes.map((sql) => (sql.length > 400 ? `${sql.slice(0, 397)}…` : sql)).join(';\n\n');
  await confirmDestructive(`Run ${kinds} again on ${connection}?`, `${writes.length === 1 ? 'This statement changes' : `These ${writes.length} statements change`} data or tables:\n\n${shown}`, 'Run');
}

/** The selection, else the statement the cursor is in, with its offset in the document. */
export function selectedOrCurrentStatement(editor: vscode.TextEditor): { text: string; offset: number } {
  const doc = editor.document;
  if (!editor.selection.isEmpty) return { text: doc.getText(editor.selection), offset: doc.offsetAt(editor.selection.start) };
  const at = doc.offsetAt(editor.selection.active);
  const ranges = statementRanges(doc.getText(), splitOptions());
  const hit = ranges.find((r) => at >= r.start && at <= r.end + 1) ?? ranges.find((r) => r.start >= at) ?? ranges.at(-1);
  return { text: hit?.text ?? '', offset: hit?.start ?? 0 };
}

/** Where a run's errors go: the origin's file, as diagnostics. */
export interface SqlRunOrigin extends SqlOrigin {
  diagnostics: SqlDiagnostics;
}

/** Runs each statement in order; the last one's result opens in the grid. */
/** Where a run is recorded: the Query History, and the Query Plan view (the metrics of the last finished query). */
export interface RunRecords { history: QueryHistory; plans: QueryPlanProvider }

export async function runSqlText(s: Services, { history, plans }: RunRecords, text: string, connection: string, origin?: SqlRunOrigin): Promise<void> {
  const ranges = statementRanges(text, splitOptions());
  if (ranges.length === 0) throw new Error('There is no SQL statement to run.');
  const statements = ranges.map((r) => r.text);
  const params = new Map<string, ReturnType<typeof parameterValue>>();
  for (const name of statements.flatMap(parameterNames)) {
    if (!params.has(name)) params.set(name, parameterValue(await ask({ title: `Parameter :${name}`, prompt: "Value: a number, true/false, NULL, or text (quotes optional)" })));
  }
  const { session, timeZone } = await sessionFor(s, connection);
  const onInterrupted = (id: string, ids: string[]) => s.log.info(ids.includes(id) ? `Interrupted operation ${id} on the server` : `Operation ${id} had already ended on the server`);
  const started = performance.now();
  if (origin) origin.diagnostics.clear(origin.document.uri);
  const runOne = async (r: StatementRange, signal: AbortSignal) => {
    s.log.info(`SQL (${connection}): ${r.text.slice(0, 500)}`);
    const names = parameterNames(r.text);
    const args = names.length ? Object.fromEntries(names.map((n) => [n, params.get(n)!])) : undefined;
    try {
      return await session.sql(r.text, args, { signal, onInterrupted });
    } catch (err) {
      if (origin) origin.diagnostics.report(origin, r, err);
      throw err;
    }
  };
  let outcome: GridSource | string;
  try {
    // The notification (and its Cancel) stays until the first rows arrive: a slow query is cancelled before a grid opens.
    outcome = await s.runner.withProgress(`Running SQL on ${connection}`, async (ctx) => {
      let last;
      for (const [i, r] of ranges.entries()) {
        ctx.report(ranges.length > 1 ? `statement ${i + 1} of ${ranges.length}` : '');
        last = await runOne(r, ctx.signal);
      }
      // DDL and DML say what they did instead of opening an empty grid.
      const write = writeStatement(statements.at(-1)!);
      if (write) return writeOutcome(write, await writeCounts(session, last!, write));
      const onProgress = (p: Progress) => { if (p.tasks > 0) ctx.report(`${p.completedTasks} of ${p.tasks} tasks done`); };
      try {
        const onEnd = (metrics: ArrowResult['metrics']) => { plans.lastRun = { statement: statements.at(-1)!, connection, metrics }; };
        return await firstRowsSource(last!, statementTitle(statements.at(-1)!), timeZone, { signal: ctx.signal, onProgress, onInterrupted, onEnd });
      } catch (err) {
        if (origin) origin.diagnostics.report(origin, ranges.at(-1)!, err);
        throw err;
      }
    });
  } catch (err) {
    markWrites(s, connection, statements);
    await history.add({ sql: text.trim(), connection, at: Date.now(), ok: false, durationMs: performance.now() - started });
    throw err;
  }
  const record = { sql: text.trim(), connection, at: Date.now(), ok: true, durationMs: performance.now() - started };
  await history.add(record);
  showOutcome(s, history, outcome, record, statements);
  // a write reloads the tree as it marks its grids; a batch without one (CREATE SCHEMA, SET, a query) reloads it here
  if (markWrites(s, connection, statements) === 0) s.tree.refresh();
}

/** A write's message, or the result in a grid that tells what made it. */
function showOutcome(s: Services, history: QueryHistory, outcome: GridSource | string, record: QueryRecord, statements: readonly string[]): void {
  if (typeof outcome === 'string') {
    s.log.info(outcome);
    void vscode.window.showInformationMessage(outcome);
    return;
  }
  // Run Again from the tab re-runs the last statement's query: offered only when no statement of the run writes.
  const runAgain = statements.every((sql) => writeKeyword(sql) === undefined);
  const source = countingRows(outcome, (rows) => void history.setRows(record, rows));
  s.openGrid(source, { about: { statement: record.sql, connection: record.connection }, runAgain, writes: !runAgain, history: historyKey(record) });
}

/**
 * Tells of every table the statements write (INSERT, UPDATE, DELETE, MERGE, ALTER, DROP, CREATE OR REPLACE): the
 * tree reloads and open grids of it are marked stale. Returns how many write statements there were.
 */
function markWrites(s: Services, connection: string, statements: readonly string[]): number {
  let writes = 0;
  for (const statement of statements) {
    const target = writeStatement(statement)?.target;
    if (target) {
      s.tableChanged(connection, target);
      writes++;
    }
  }
  return writes;
}

/** The source, telling `done` how many rows it gave once read to the end (not when cancelled or failed). */
export function countingRows(source: GridSource, done: (rows: number) => void): GridSource {
  const batches = source.batches;
  return {
    ...source,
    batches: (async function* () {
      let rows = 0;
      for await (const batch of batches) {
        rows += batch.numRows;
        yield batch;
      }
      done(rows);
    })(),
  };
}
