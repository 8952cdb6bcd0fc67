// "Run" above every statement of a .sql file; the lenses follow the statement-separator setting when it changes.
import * as vscode from 'vscode';
import { statementRanges } from '../sql/sqlText';
import { readSettings } from '../services/settings';

const SEPARATOR_SETTING = 'deltaExplorer.sql.blankLinesSeparateStatements';

export class SqlCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (text.length > 2_000_000) return [];
    return statementRanges(text, { blankLines: readSettings().blankLinesSeparateStatements }).map((s) => {
      const range = new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
      return new vscode.CodeLens(range, { title: '$(play) Run', command: 'deltaExplorer.runStatement', arguments: [document.uri, s.start, s.end] });
    });
  }

  /** Asks VS Code to read the lenses again (the statements' boundaries changed). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the Run lenses for `selector`; a change of the separator setting redraws them in open editors. */
export function registerSqlCodeLens(selector: vscode.DocumentSelector): vscode.Disposable {
  const provider = new SqlCodeLensProvider();
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SEPARATOR_SETTING)) provider.refresh();
    }),
  );
}
