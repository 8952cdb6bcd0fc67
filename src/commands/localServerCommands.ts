// Start / stop the local Spark Connect + Delta server from VS Code.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  downloadDeltaJars, findJava, findPlugin, findSpark, LocalServer, LocalServerError, missingDeltaJars, DELTA_JARS,
} from '../services/localServer';
import { Cancelled } from './runner';
import type { Services } from './services';

export const LOCAL_CONNECTION = 'Local Delta Server';

export function registerLocalServerCommands(s: Services, context: vscode.ExtensionContext): vscode.Disposable[] {
  const server = new LocalServer();
  const r = s.runner;
  return [
    { dispose: () => server.stop() },
    r.register('deltaExplorer.startLocalServer', () => start(s, context, server)),
    r.register('deltaExplorer.stopLocalServer', async () => {
      server.stop();
      s.connections.removeTransient(LOCAL_CONNECTION);
      s.tree.refresh();
      void vscode.window.showInformationMessage('The local Delta server was stopped.');
    }),
  ];
}

async function start(s: Services, context: vscode.ExtensionContext, server: LocalServer): Promise<void> {
  if (server.running) {
    void vscode.window.showInformationMessage(`The local Delta server already runs at ${server.url}.`);
    return;
  }
  const cfg = vscode.workspace.getConfiguration('deltaExplorer.localServer');
  const storage = context.globalStorageUri.fsPath;
  const cache = process.env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer');
  let java: string;
  let sparkHome: string;
  try {
    java = findJava(cfg.get<string>('javaHome') || undefined);
    sparkHome = findSpark({ sparkHome: cfg.get<string>('sparkHome') || undefined, pythonPath: cfg.get<string>('pythonPath') || undefined, storageDir: storage, pluginDirs: [] });
  } catch (err) {
    if (!(err instanceof LocalServerError)) throw err;
    const choice = await vscode.window.showErrorMessage(err.message, 'Open Settings');
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'deltaExplorer.localServer');
    throw new Cancelled();
  }
  const pluginJar = findPlugin([join(context.extensionUri.fsPath, 'dist', 'server'), join(cache, 'plugin')]);
  const projectJars = join(cache, 'jars-delta-4.4.0-spark-4.2.0');
  const deltaJarsDir = missingDeltaJars(projectJars).length === 0 ? projectJars : join(storage, 'delta-4.4.0');
  const missing = missingDeltaJars(deltaJarsDir);
  if (missing.length > 0) {
    const consent = await vscode.window.showInformationMessage(
      `Download Delta Lake 4.4.0 for the local server?`,
      { modal: true, detail: `${missing.length} of ${DELTA_JARS.length} jars (about 15 MB) from Maven Central (repo.maven.apache.org) into ${deltaJarsDir}. Spark comes from ${sparkHome}.` },
      'Download',
    );
    if (consent !== 'Download') throw new Cancelled();
    await s.runner.withProgress('Downloading Delta Lake jars', (ctx) => downloadDeltaJars(deltaJarsDir, (f) => ctx.report(f), ctx.signal));
  }
  const url = await s.runner.withProgress('Starting the local Delta server', (ctx) =>
    server.start({ java, sparkHome, deltaJarsDir, pluginJar }, join(storage, 'server-data'), (line) => s.log.info(`[local server] ${line}`), ctx.signal));
  s.connections.addTransient({ name: LOCAL_CONNECTION, url });
  await s.connections.connect(LOCAL_CONNECTION);
  s.tree.refresh();
  void vscode.window.showInformationMessage(`The local Delta server runs at ${url} and is connected. It stops when VS Code closes.`, 'Create Sample Data').then((c) => {
    if (c === 'Create Sample Data') void vscode.commands.executeCommand('deltaExplorer.createSampleData', { kind: 'connection', connection: LOCAL_CONNECTION });
  });
}
