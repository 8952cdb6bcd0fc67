// Spark errors of statements run from a .sql file, as diagnostics at the place in the file they point to.
import * as vscode from 'vscode';
import { SparkConnectError } from '../client';
import { scriptRange, sparkErrorPosition, sparkErrorText } from '../sql/sqlErrors';
import type { StatementRange } from '../sql/sqlText';

/** Where a run's SQL text came from: a document, and the offset of the text in it. */
export interface SqlOrigin {
  document: vscode.TextDocument;
  offset: number;
}

/** The Problems-panel entries of SQL runs: one collection, a file's entries replaced by its next run. */
export class SqlDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('deltaExplorer.sql');

  /** Forgets the entries of a file (a new run of it starts). */
  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** Adds the error of a statement (offsets relative to the run's text) when the server gave its verdict on it. */
  report(origin: SqlOrigin, statement: StatementRange, err: unknown): vscode.Diagnostic | undefined {
    if (!(err instanceof SparkConnectError) || !err.serverAnswered || err.grpcCode === 1 /* CANCELLED */) return undefined;
    const diagnostic = sqlDiagnostic(origin, statement, err);
    this.collection.set(origin.document.uri, [...(this.collection.get(origin.document.uri) ?? []), diagnostic]);
    return diagnostic;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function sqlDiagnostic(origin: SqlOrigin, statement: StatementRange, err: SparkConnectError): vscode.Diagnostic {
  const message = err.serverMessage || err.message;
  const script = origin.document.getText();
  const [start, end] = scriptRange(script, origin.offset + statement.start, origin.offset + statement.end, sparkErrorPosition(message));
  const range = new vscode.Range(origin.document.positionAt(start), origin.document.positionAt(end));
  // The Problems panel shows the message first, then "Spark(ERROR_CLASS)" from source and code.
  const text = sparkErrorText(message) || message.trim();
  const diagnostic = new vscode.Diagnostic(range, err.sqlState ? `${text} (SQLSTATE ${err.sqlState})` : text, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Spark';
  if (err.errorClass) diagnostic.code = err.errorClass;
  return diagnostic;
}
