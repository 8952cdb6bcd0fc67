// Running SQL: the selection or the whole .sql editor, or a statement typed into an input box.
import * as vscode from 'vscode';
import { dataFrameSource } from '../views/resultSources';
import type { CatalogNode } from '../views/catalogNodes';
import { ask } from './prompts';
import { sessionFor, type Services } from './services';
import { resolveConnection } from './targets';
import { splitStatements } from './sqlText';

export function registerSqlCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.runSql', async (node?: CatalogNode) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return vscode.commands.executeCommand('deltaExplorer.runSqlInput', node);
      const text = editor.selection.isEmpty ? editor.document.getText() : editor.document.getText(editor.selection);
      await runSqlText(s, text, await resolveConnection(s, node));
    }),
    r.register('deltaExplorer.runSqlInput', async (node?: CatalogNode) => {
      const connection = await resolveConnection(s, node);
      const text = await ask({ title: `Run SQL on ${connection}`, prompt: 'SQL statement', placeHolder: 'SELECT * FROM spark_catalog.default.events LIMIT 100' });
      await runSqlText(s, text, connection);
    }),
  ];
}

/** Runs each statement in order; the last one's result opens in the grid. */
export async function runSqlText(s: Services, text: string, connection: string): Promise<void> {
  const statements = splitStatements(text);
  if (statements.length === 0) throw new Error('There is no SQL statement to run.');
  const { session, timeZone } = await sessionFor(s, connection);
  const last = await s.runner.withProgress(`Running SQL on ${connection}`, async (ctx) => {
    let df;
    for (const [i, sql] of statements.entries()) {
      ctx.report(statements.length > 1 ? `statement ${i + 1} of ${statements.length}` : '');
      s.log.info(`SQL (${connection}): ${sql.slice(0, 500)}`);
      df = await session.sql(sql, undefined, { signal: ctx.signal });
    }
    return df!;
  });
  s.openGrid(dataFrameSource(last, firstLine(statements.at(-1)!), timeZone));
  s.tree.refresh();
}

function firstLine(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim() !== '') ?? sql;
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
