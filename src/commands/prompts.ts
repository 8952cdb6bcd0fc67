// Small helpers around VS Code prompts; every dismissal ends the command quietly.
import * as vscode from 'vscode';
import { SparkConnectError } from '../client';
import { shortErrorLine } from '../sql/sqlErrors';
import { Cancelled } from './runner';

/** Asks for text; a dismissed box cancels the command. */
export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value;
}

/** Asks to pick one item. */
export async function pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
  if (!chosen) throw new Cancelled();
  return chosen;
}

/** Asks to pick several items. */
export async function pickMany<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T[]> {
  const chosen = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true });
  if (!chosen) throw new Cancelled();
  return chosen;
}

/**
 * Shows what a destructive operation will do and asks for explicit confirmation (a modal dialog).
 * Returns only when the user pressed the action button. With `safeDefault`, a first button of that title (which
 * cancels) is the dialog's default, so Enter keeps everything as it is.
 */
export async function confirmDestructive(what: string, detail: string, action: string, opts: { safeDefault?: string } = {}): Promise<void> {
  const items = opts.safeDefault ? [opts.safeDefault, action] : [action];
  const choice = await vscode.window.showWarningMessage(what, { modal: true, detail }, ...items);
  if (choice !== action) throw new Cancelled();
}

/**
 * Asks for text and checks it (on the server, writing nothing); while the check finds a problem with what was typed,
 * asks again with the typed text kept and the problem shown under it. Other failures (a lost connection) end the
 * command as usual.
 */
export async function askChecked<T>(options: vscode.InputBoxOptions, check: (value: string) => Promise<T>): Promise<{ value: string; checked: T }> {
  let value = options.value ?? '';
  let problem: string | undefined;
  for (;;) {
    const bad = value;
    const why = problem;
    value = await ask({
      ...options, value,
      // the problem stays in sight (VS Code does not validate the value a box opens with) and blocks Enter until edited
      prompt: why === undefined ? options.prompt : `${why} — ${options.prompt ?? 'edit and press Enter'}`,
      validateInput: (v) => (why !== undefined && v === bad ? { message: why, severity: vscode.InputBoxValidationSeverity.Error } : options.validateInput?.(v)),
    });
    try {
      return { value, checked: await check(value) };
    } catch (e) {
      problem = inputProblem(e);
      if (problem === undefined) throw e;
    }
  }
}

/** What is wrong with typed input, when the error says it is the input (Spark's analysis or data errors, our own checks). */
export function inputProblem(e: unknown): string | undefined {
  if (e instanceof SparkConnectError) {
    const inputClass = e.serverAnswered && /^(42|22)/.test(e.sqlState ?? '');
    return inputClass ? shortErrorLine(e, e.serverMessage, 300) : undefined;
  }
  return e instanceof InputError ? e.message : undefined;
}

/** A problem with what the user typed, found before anything was sent. */
export class InputError extends Error {}

/** What `parse` makes of typed text; its error is a problem with the input (asked again by askChecked). */
export function typedInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}
