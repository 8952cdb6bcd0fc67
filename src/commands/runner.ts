// One wrapper for every command: progress with a Cancel that interrupts the server, errors shown once
// (with error class, SQLSTATE and "Open Log"), everything logged.
import * as vscode from 'vscode';
import { explainMissingFile, SparkConnectError } from '../client';
import type { Logger } from '../services/log';
import { shortErrorLine } from '../sql/sqlErrors';

/** What a long task receives: a signal that aborts when the user presses Cancel, and a progress reporter. */
export interface TaskContext {
  signal: AbortSignal;
  report(message: string): void;
}

/** Thrown to end a command quietly, e.g. when the user dismissed a prompt. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'Cancelled';
  }
}

export class CommandRunner {
  constructor(private readonly log: Logger) {}

  /** Registers a command whose failures are reported by this runner. */
  register(id: string, handler: (...args: never[]) => unknown): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        if (err instanceof Cancelled) return undefined;
        await this.showError(err, id);
        return undefined;
      }
    });
  }

  /** Runs a task with a cancellable progress notification. */
  async withProgress<T>(title: string, task: (ctx: TaskContext) => Promise<T>): Promise<T> {
    this.log.info(`${title}…`);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => {
        this.log.info(`${title}: cancelled by the user`);
        controller.abort();
      });
      try {
        return await task({ signal: controller.signal, report: (message) => progress.report({ message }) });
      } finally {
        sub.dispose();
      }
    });
  }

  /** Shows one error message and logs the details. */
  async showError(err: unknown, context: string): Promise<void> {
    this.log.error(`${context} failed`, err);
    const message = describeError(err);
    const choice = await vscode.window.showErrorMessage(message, 'Open Log');
    if (choice === 'Open Log') this.log.show();
  }
}

/** The user-facing text of an error: Spark's error class and SQLSTATE first. */
export function describeError(err: unknown): string {
  if (err instanceof SparkConnectError) {
    // A mutation cut off after it was sent may or may not have run: say so, and where to look.
    if (err.outcomeUnknown) return firstLines(err.serverMessage || err.message);
    if (err.isSessionLost) {
      return `The Spark Connect session was lost: the server was restarted, or the session was closed or expired [${err.errorClass ?? 'INVALID_HANDLE'}]. ` +
        'Nothing more runs on it; run the action again (or Refresh) to continue on a new session.';
    }
    if (err.grpcCode === 1 /* CANCELLED */) return 'The operation was cancelled.';
    // One line: Spark's message repeats the class and SQLSTATE and adds the statement and plan, which the log keeps.
    const explained = explainMissingFile(err) as SparkConnectError;
    return shortErrorLine(explained, explained.serverMessage || explained.message);
  }
  return err instanceof Error ? firstLines(err.message) : String(err);
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  const head = lines.slice(0, 3).join('\n');
  return lines.length > 3 ? `${head} …` : head;
}
