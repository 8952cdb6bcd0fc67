// Add / edit / remove / connect / disconnect connections.
import * as vscode from 'vscode';
import { parseConnectionString, resolveRemote, withToken } from '../client';
import { ENV_CONNECTION } from '../services/connections';
import { readSettings, type ConnectionConfig } from '../services/settings';
import type { CatalogNode } from '../views/catalogNodes';
import { ask } from './prompts';
import { Cancelled, describeError } from './runner';
import type { Services } from './services';
import { pickConnection, resolveConnection } from './targets';

export function registerConnectionCommands(s: Services): vscode.Disposable[] {
  const r = s.runner;
  return [
    r.register('deltaExplorer.addConnection', () => editConnection(s)),
    r.register('deltaExplorer.editConnection', async (node?: CatalogNode) => {
      const name = await namedConnection(s, node, 'Connection to edit');
      await editConnection(s, readSettings().connections.find((c) => c.name === name) ?? s.connections.get(name)?.config);
    }),
    r.register('deltaExplorer.removeConnection', async (node?: CatalogNode) => {
      const name = await namedConnection(s, node, 'Connection to remove');
      const choice = await vscode.window.showWarningMessage(`Remove the connection "${name}" and its stored token?`, { modal: true }, 'Remove');
      if (choice === 'Remove') await s.connections.remove(name);
    }),
    r.register('deltaExplorer.connect', async (node?: CatalogNode) => {
      const name = await namedConnection(s, node, 'Connection to connect');
      const state = await r.withProgress(`Connecting to ${name}`, () => s.connections.connect(name));
      s.tree.refresh();
      vscode.window.setStatusBarMessage(`Connected to ${name} (Spark ${state.sparkVersion})`, 5000);
    }),
    r.register('deltaExplorer.chooseConnection', () => chooseConnection(s)),
    r.register('deltaExplorer.disconnect', async (node?: CatalogNode) => {
      await s.connections.disconnect(await namedConnection(s, node, 'Connection to disconnect'));
      s.tree.refresh();
    }),
  ];
}

/** The node's connection, the only one, or one the user picks: editing or removing never assumes the active one. */
async function namedConnection(s: Services, node: CatalogNode | undefined, placeHolder: string): Promise<string> {
  if (node && 'connection' in node) return node.connection;
  const all = s.connections.list();
  if (all.length <= 1) return resolveConnection(s, node);
  return pickConnection(s, placeHolder);
}

/** The status bar's action: pick the window's active connection, then connect it (a failure stays visible, and chosen). */
async function chooseConnection(s: Services): Promise<void> {
  if (s.connections.list().length === 0) return void (await vscode.commands.executeCommand('deltaExplorer.addConnection'));
  const name = await pickConnection(s, 'Active connection of this window: Run uses it without asking');
  s.connections.choose(name);
  const state = await s.runner.withProgress(`Connecting to ${name}`, () => s.connections.connect(name));
  s.tree.refresh();
  vscode.window.setStatusBarMessage(`Active connection: ${name} (Spark ${state.sparkVersion})`, 5000);
}

/** Prompts for a connection's name, URL, token and TLS files, then saves it. */
async function editConnection(s: Services, existing?: ConnectionConfig, draft?: ConnectionConfig): Promise<void> {
  const shown = draft ?? existing;
  const name = await ask({
    title: existing ? 'Edit Spark Connect connection' : 'Add Spark Connect connection',
    prompt: 'A name for this connection',
    value: shown && shown.name !== ENV_CONNECTION ? shown.name : '',
    validateInput: (v) => (v.trim() === '' ? 'Enter a name.' : undefined),
  });
  const url = await ask({
    title: `Connection "${name}"`,
    prompt: 'Spark Connect URL: sc://host[:port]/;param=value (the token is asked for next)',
    value: shown?.url ?? resolveRemote(undefined),
    validateInput: validateUrl,
  });
  const token = await vscode.window.showInputBox({
    title: `Connection "${name}"`,
    prompt: existing ? 'Token (leave empty to keep the stored one; type a single space to remove it)' : 'Token, if the server needs one (stored in VS Code\'s secret storage)',
    password: true,
    ignoreFocusOut: true,
  });
  const useTls = parseConnectionString(withToken(url.trim(), token?.trim())).useSsl;
  let caFile = existing?.caFile;
  if (useTls) {
    caFile = (await vscode.window.showInputBox({
      title: `Connection "${name}"`,
      prompt: 'Path of a PEM CA certificate for a private CA (leave empty for the system roots)',
      value: caFile ?? '',
      ignoreFocusOut: true,
    }))?.trim() || undefined;
  }
  const tokenValue = token === undefined || (existing && token === '') ? undefined : token.trim() === '' ? '' : token;
  const config = { name: name.trim(), url: url.trim(), caFile, certFile: existing?.certFile, keyFile: existing?.keyFile };
  if (!(await testBeforeSaving(s, config, tokenValue, existing?.name))) return editConnection(s, existing, config);
  await s.connections.save(config, tokenValue, existing?.name);
  s.tree.refresh();
}

/**
 * Connects once with the new settings before they are saved; true to save, false to edit them again (prefilled).
 * Cancel on the progress skips the test; a failure shows the server's answer and offers Edit and Save Anyway.
 */
async function testBeforeSaving(s: Services, config: ConnectionConfig, token: string | undefined, previousName?: string): Promise<boolean> {
  const tokenForTest = token === '' ? undefined : token;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing the connection "${config.name}" (Cancel skips the test)`, cancellable: true },
    (_progress, cancel) => new Promise<{ version?: string; error?: string; skipped?: boolean }>((resolve) => {
      cancel.onCancellationRequested(() => resolve({ skipped: true }));
      s.connections.test(config, tokenForTest, token === undefined ? previousName : undefined)
        .then((version) => resolve({ version }), (err: unknown) => resolve({ error: describeError(err) }));
    }),
  );
  if (outcome.skipped) {
    s.log.info(`Saving "${config.name}" without testing it (skipped)`);
    return true;
  }
  if (outcome.version) {
    vscode.window.setStatusBarMessage(`Connection "${config.name}" works: Spark ${outcome.version}`, 5000);
    return true;
  }
  const [save, edit] = ['Save Anyway', 'Edit'];
  const choice = await vscode.window.showWarningMessage(`The connection "${config.name}" does not work yet.`, { modal: true, detail: outcome.error }, edit, save);
  if (choice === save) return true;
  if (choice === edit) return false;
  throw new Cancelled();
}

/** Checks a typed URL; tokens belong in the password box. */
export function validateUrl(value: string): string | undefined {
  if (/;\s*token=/i.test(value)) return 'Leave the token out of the URL: it is asked for next and kept in secret storage.';
  try {
    parseConnectionString(value);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
