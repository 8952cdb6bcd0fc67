// Add / edit / remove / connect / disconnect connections.
import * as vscode from 'vscode';
import { parseConnectionString, resolveRemote, withToken } from '../client';
import { ENV_CONNECTION } from '../services/connections';
import { readSettings, type ConnectionConfig } from '../services/settings';
import type { CatalogNode } from '../views/catalogNodes';
import { ask } from './prompts';
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
async function editConnection(s: Services, existing?: ConnectionConfig): Promise<void> {
  const name = await ask({
    title: existing ? 'Edit Spark Connect connection' : 'Add Spark Connect connection',
    prompt: 'A name for this connection',
    value: existing && existing.name !== ENV_CONNECTION ? existing.name : '',
    validateInput: (v) => (v.trim() === '' ? 'Enter a name.' : undefined),
  });
  const url = await ask({
    title: `Connection "${name}"`,
    prompt: 'Spark Connect URL: sc://host[:port]/;param=value (the token is asked for next)',
    value: existing?.url ?? resolveRemote(undefined),
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
  await s.connections.save({ name: name.trim(), url: url.trim(), caFile, certFile: existing?.certFile, keyFile: existing?.keyFile }, tokenValue, existing?.name);
  s.tree.refresh();
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
