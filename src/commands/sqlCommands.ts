// Running SQL: the selection, the statement under the cursor, the whole file, a CodeLens statement, a statement
// typed into an input box, or one from the query history. Named parameters (:name) are asked for.
import * as vscode from 'vscode';
import type { QueryHistory, QueryRecord } from '../views/queryHistory';
import type { Progress } from '../client';
import { firstRowsSource } from '../views/resultSources';
import type { CatalogNode } from '../views/catalogNodes';
import { ask } from './prompts';
import { sessionFor, type Services } from './services';
import { resolveConnection } from './targets';
import { parameterNames, parameterValue, splitStatements, statementRanges } from '../sql/sqlText';

export function registerSqlCommands(s: Services, history: QueryHistory): vscode.Disposable[] {
  const r = s.runner;
  const run = (text: string, connection: string) => runSqlText(s, history, text, connection);
  return [
    r.register('deltaExplorer.runSql', async (node?: CatalogNode) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return vscode.commands.executeCommand('deltaExplorer.runSqlInput', node);
      await run(selectedOrCurrentStatement(editor), await resolveConnection(s, node));
    }),
    r.register('deltaExplorer.runSqlFile', async (node?: CatalogNode) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error('Open a .sql file first.');
      await run(editor.document.getText(), await resolveConnection(s, node));
    }),
    r.register('deltaExplorer.runStatement', async (uri: vscode.Uri, start: number, end: number) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      await run(doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))), await resolveConnection(s));
    }),
    r.register('deltaExplorer.runSqlInput', async (node?: CatalogNode) => {
      const connection = await resolveConnection(s, node);
      const text = await ask({ title: `Run SQL on ${connection}`, prompt: 'SQL statement', placeHolder: 'SELECT * FROM spark_catalog.default.events LIMIT 100' });
      await run(text, connection);
    }),
    r.register('deltaExplorer.rerunQuery', async (record: QueryRecord) => {
      const connection = s.connections.get(record.connection) ? record.connection : await resolveConnection(s);
      await run(record.sql, connection);
    }),
    r.register('deltaExplorer.copyQuery', async (record: QueryRecord) => vscode.env.clipboard.writeText(record.sql)),
    r.register('deltaExplorer.removeQuery', (record: QueryRecord) => history.remove(record)),
    r.register('deltaExplorer.clearQueryHistory', () => history.clear()),
  ];
}

/** The selection, else the statement the cursor is in. */
function selectedOrCurrentStatement(editor: vscode.TextEditor): string {
  if (!editor.selection.isEmpty) return editor.document.getText(editor.selection);
  const text = editor.document.getText();
  const at = editor.document.offsetAt(editor.selection.active);
  const ranges = statementRanges(text);
  const hit = ranges.find((r) => at >= r.start && at <= r.end + 1) ?? ranges.find((r) => r.start >= at) ?? ranges.at(-1);
  return hit?.text ?? '';
}

/** Runs each statement in order; the last one's result opens in the grid. */
export async function runSqlText(s: Services, history: QueryHistory, text: string, connection: string): Promise<void> {
  const statements = splitStatements(text);
  if (statements.length === 0) throw new Error('There is no SQL statement to run.');
  const params = new Map<string, ReturnType<typeof parameterValue>>();
  for (const name of statements.flatMap(parameterNames)) {
    if (!params.has(name)) params.set(name, parameterValue(await ask({ title: `Parameter :${name}`, prompt: "Value: a number, true/false, NULL, or text (quotes optional)" })));
  }
  const { session, timeZone } = await sessionFor(s, connection);
  const onInterrupted = (id: string, ids: string[]) => s.log.info(ids.includes(id) ? `Interrupted operation ${id} on the server` : `Operation ${id} had already ended on the server`);
  let source;
  try {
    // The notification (and its Cancel) stays until the first rows arrive: a slow query is cancelled before a grid opens.
    source = await s.runner.withProgress(`Running SQL on ${connection}`, async (ctx) => {
      let last;
      for (const [i, sql] of statements.entries()) {
        ctx.report(statements.length > 1 ? `statement ${i + 1} of ${statements.length}` : '');
        s.log.info(`SQL (${connection}): ${sql.slice(0, 500)}`);
        const names = parameterNames(sql);
        const args = names.length ? Object.fromEntries(names.map((n) => [n, params.get(n)!])) : undefined;
        last = await session.sql(sql, args, { signal: ctx.signal, onInterrupted });
      }
      const onProgress = (p: Progress) => { if (p.tasks > 0) ctx.report(`${p.completedTasks} of ${p.tasks} tasks done`); };
      return firstRowsSource(last!, firstLine(statements.at(-1)!), timeZone, { signal: ctx.signal, onProgress, onInterrupted });
    });
    await history.add({ sql: text.trim(), connection, at: Date.now(), ok: true });
  } catch (err) {
    await history.add({ sql: text.trim(), connection, at: Date.now(), ok: false });
    throw err;
  }
  s.openGrid(source);
  s.tree.refresh();
}

function firstLine(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim() !== '') ?? sql;
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
