// Start / stop the local Spark Connect + Delta server from VS Code: ask (one consent dialog that says what comes from
// where, how big it is and where it goes), call the installer (src/localServer), show the outcome.
import * as vscode from 'vscode';
import { downloadConsent, planStart, provisionSpark, serverSetup, type DownloadConsent, type StartPlan } from '../localServer/plan';
import { downloadDeltaJars, JavaNotFoundError, LocalServer, LocalServerError, PluginNotFoundError } from '../localServer/server';
import { SPARK_DIST } from '../localServer/versions';
import { readSettings } from '../services/settings';
import { Cancelled, type TaskContext } from './runner';
import type { Services } from './services';

export const LOCAL_CONNECTION = 'Local Delta Server';
const JAVA_DOWNLOAD = 'https://adoptium.net/temurin/releases/?version=17';
const SETTINGS = 'deltaExplorer.localServer';

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
  const plan = await planOrExplain(context);
  const consent = downloadConsent(plan);
  if (consent) await askConsent(consent);
  const sparkHome = plan.sparkHome ?? await download(s, `Downloading Spark ${SPARK_DIST.version}`, (ctx) => provisionSpark(plan, ctx.report, ctx.signal));
  if (plan.missingJars.length > 0) {
    await download(s, 'Downloading Delta Lake jars', (ctx) => downloadDeltaJars(plan.deltaJarsDir, (f) => ctx.report(f), ctx.signal));
  }
  const url = await s.runner.withProgress('Starting the local Delta server', (ctx) =>
    server.start(serverSetup(plan, sparkHome), plan.dataDir, (line) => s.log.info(`[local server] ${line}`), ctx.signal));
  s.connections.addTransient({ name: LOCAL_CONNECTION, url });
  await s.connections.connect(LOCAL_CONNECTION);
  s.tree.refresh();
  void vscode.window.showInformationMessage(`The local Delta server runs at ${url} and is connected. It stops when VS Code closes.`, 'Create Sample Data').then((c) => {
    if (c === 'Create Sample Data') void vscode.commands.executeCommand('deltaExplorer.createSampleData', { kind: 'connection', connection: LOCAL_CONNECTION });
  });
}

/** The plan for this machine, or the reason it cannot start shown with the way out (and the command ends). */
async function planOrExplain(context: vscode.ExtensionContext): Promise<StartPlan> {
  try {
    return planStart(readSettings().localServer, { storageDir: context.globalStorageUri.fsPath, extensionDir: context.extensionUri.fsPath });
  } catch (err) {
    if (!(err instanceof LocalServerError) || err instanceof PluginNotFoundError) throw err;
    const offerJava = err instanceof JavaNotFoundError;
    const choice = await vscode.window.showErrorMessage(err.message, ...(offerJava ? ['Get Java 17'] : []), 'Open Settings');
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS);
    if (choice === 'Get Java 17') await vscode.env.openExternal(vscode.Uri.parse(JAVA_DOWNLOAD));
    throw new Cancelled();
  }
}

/** One modal dialog listing every download; resolves only when the user agreed. */
async function askConsent(consent: DownloadConsent): Promise<void> {
  const choices = consent.offerExistingSpark ? ['Download', 'Use Existing Spark…'] : ['Download'];
  const answer = await vscode.window.showInformationMessage(consent.question, { modal: true, detail: consent.detail }, ...choices);
  if (answer === 'Use Existing Spark…') await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS);
  if (answer !== 'Download') throw new Cancelled();
}

/** Runs a download; a Cancel keeps what arrived (the next start resumes it) and ends the command quietly. */
async function download<T>(s: Services, title: string, task: (ctx: TaskContext) => Promise<T>): Promise<T> {
  return s.runner.withProgress(title, async (ctx) => {
    try {
      return await task(ctx);
    } catch (err) {
      if (!ctx.signal.aborted) throw err;
      void vscode.window.showInformationMessage(`${title} was cancelled. What was already downloaded is kept; the next start continues from there.`);
      throw new Cancelled();
    }
  });
}
