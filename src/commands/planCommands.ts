// Explain Plan: the plan of the statement at the cursor (or the selection, or one typed in) as a tree of operators,
// with the server's text beside it. The statement is never run: the client explains it through SQL EXPLAIN. Explain of
// a result grid plans the query behind the grid through AnalyzePlan, which runs nothing.
import * as vscode from 'vscode';
import { explainSql, metricsPlan, metricsText, parsePlanText } from '../client';
import type { CatalogNode } from '../views/catalogNodes';
import { resultExplain } from '../grid/resultExplain';
import { PLAN_SCHEME, type ExplainedPlan, type QueryPlanProvider } from '../views/queryPlanView';
import { parameterNames, parameterValue, statementRanges } from '../sql/sqlText';
import { ask } from './prompts';
import { sessionFor, type Services } from './services';
import { selectedOrCurrentStatement, splitOptions } from './sqlCommands';
import { resolveConnection } from './targets';

export function registerPlanCommands(s: Services, plans: QueryPlanProvider): vscode.Disposable[] {
  return [
    s.runner.register('deltaExplorer.explainSql', async (node?: CatalogNode) => {
      const editor = vscode.window.activeTextEditor;
      const text = editor?.document.languageId === 'sql' || (editor && !editor.selection.isEmpty)
        ? selectedOrCurrentStatement(editor).text
        : await ask({ title: 'Explain Plan', prompt: 'SQL statement to explain (it is not run)', placeHolder: 'SELECT * FROM spark_catalog.default.events WHERE day = current_date()' });
      await explainPlan(s, plans, text, await resolveConnection(s, node));
    }),
    s.runner.register('deltaExplorer.explainResult', () => explainResult(s, plans)),
    s.runner.register('deltaExplorer.showRunMetrics', () => showRunMetrics(plans)),
  ];
}

/** Explain of the result grid in front: the plan of the query behind its rows, through AnalyzePlan (never run). */
async function explainResult(s: Services, plans: QueryPlanProvider): Promise<void> {
  const result = s.frontResult();
  const choice = resultExplain(result);
  if (choice.kind === 'none') throw new Error(choice.reason);
  const title = result!.source.title;
  const connection = result!.about?.connection ?? '';
  s.log.info(`Explain result (${connection || 'no connection'}): ${title}`);
  const planText = await s.runner.withProgress(`Explaining ${title}`, () => choice.plan());
  if (!planText.trim()) throw new Error('The server sent no plan.');
  const statement = result!.about?.statement ?? title;
  // what the grid did in memory is in no server plan: say so with the plan rather than let it look planned
  const note = result!.inMemory && `${result!.inMemory[0].toUpperCase()}${result!.inMemory.slice(1)} in the grid's memory, not in this plan`;
  await showPlan(plans, { statement, connection, text: planText, sections: parsePlanText(planText), note }, vscode.ViewColumn.Beside);
}

/** Shows a plan in the Query Plan view and its text in an editor (a preview tab, the focus kept where it is). */
async function showPlan(plans: QueryPlanProvider, plan: ExplainedPlan, viewColumn: vscode.ViewColumn | undefined): Promise<void> {
  const uri = plans.show(plan);
  await vscode.commands.executeCommand('deltaExplorer.queryPlan.focus');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn, preview: true, preserveFocus: true });
}

/** The per-operator metrics of the last query run from SQL, in the Query Plan view and as text beside it. */
async function showRunMetrics(plans: QueryPlanProvider): Promise<void> {
  const run = plans.lastRun;
  if (!run) throw new Error('No query has finished yet: a run\'s metrics arrive with its last rows.');
  const section = metricsPlan(run.metrics);
  if (!section) throw new Error(`The server sent no operator metrics for the last run (${run.statement.split('\n')[0].slice(0, 80)}).`);
  await showPlan(plans, { statement: run.statement, connection: run.connection, text: metricsText(section), sections: [section] }, vscode.ViewColumn.Beside);
}

/** One statement only: a script would hide which plan is shown, and EXPLAIN takes one. */
export function singleStatement(text: string): string {
  const ranges = statementRanges(text, splitOptions());
  if (ranges.length === 0) throw new Error('There is no SQL statement to explain.');
  if (ranges.length > 1) throw new Error(`The selection holds ${ranges.length} statements: select one statement to explain.`);
  return ranges[0].text;
}

/** Explains a statement on a connection and shows the plan tree and its text. */
export async function explainPlan(s: Services, plans: QueryPlanProvider, text: string, connection: string): Promise<void> {
  const statement = singleStatement(text);
  const editor = vscode.window.activeTextEditor;
  const params: Record<string, ReturnType<typeof parameterValue>> = {};
  for (const name of parameterNames(statement)) {
    params[name] = parameterValue(await ask({ title: `Parameter :${name}`, prompt: 'Value: a number, true/false, NULL, or text (quotes optional)' }));
  }
  const { session } = await sessionFor(s, connection);
  s.log.info(`Explain (${connection}): ${statement.slice(0, 500)}`);
  const planText = await s.runner.withProgress(`Explaining on ${connection}`, (ctx) =>
    explainSql(session, statement, 'formatted', Object.keys(params).length ? params : undefined, { signal: ctx.signal }));
  // Beside the statement's editor (in place of an earlier plan); with no editor open, in the first column.
  const viewColumn = !editor ? vscode.ViewColumn.Active : editor.document.uri.scheme === PLAN_SCHEME ? editor.viewColumn : vscode.ViewColumn.Beside;
  await showPlan(plans, { statement, connection, text: planText, sections: parsePlanText(planText) }, viewColumn);
}
