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
 * Returns only when the user pressed the action button.
 */
export async function confirmDestructive(what: string, detail: string, action: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(what, { modal: true, detail }, action);
  if (choice !== action) throw new Cancelled();
}
