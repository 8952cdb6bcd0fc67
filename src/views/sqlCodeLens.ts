// "Run" above every statement of a .sql file.
import * as vscode from 'vscode';
import { statementRanges } from '../sql/sqlText';
import { readSettings } from '../services/settings';

export class SqlCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (text.length > 2_000_000) return [];
    return statementRanges(text, { blankLines: readSettings().blankLinesSeparateStatements }).map((s) => {
      const range = new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
      return new vscode.CodeLens(range, { title: '$(play) Run', command: 'deltaExplorer.runStatement', arguments: [document.uri, s.start, s.end] });
    });
  }
}
