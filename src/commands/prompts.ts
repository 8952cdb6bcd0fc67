// Small helpers around VS Code prompts; every dismissal ends the command quietly.
import * as vscode from 'vscode';
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
