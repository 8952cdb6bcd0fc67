// Start / stop the local Spark Connect + Delta server from VS Code. What is missing (Spark, the Delta jars) is
// downloaded only after one consent dialog that says what comes from where, how big it is and where it goes.
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ensureFreeSpace, megabytes } from '../services/download';
import {
  downloadDeltaJars, downloadedSparkHome, findJava, findPlugin, findSpark, LocalServer, LocalServerError, missingDeltaJars, SparkNotFoundError, DELTA_JARS,
} from '../services/localServer';
import { ensureSparkArchive, extractSparkHome, spaceNeeded, SPARK_DIST } from '../services/sparkDistribution';
import { Cancelled, type TaskContext } from './runner';
import type { Services } from './services';

export const LOCAL_CONNECTION = 'Local Delta Server';
const JAVA_DOWNLOAD = 'https://adoptium.net/temurin/releases/?version=17';

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

/** Shows why the server cannot start, with the way out, and ends the command. */
async function explain(err: unknown, offerJava = false): Promise<never> {
  if (!(err instanceof LocalServerError)) throw err;
  const choice = await vscode.window.showErrorMessage(err.message, ...(offerJava ? ['Get Java 17'] : []), 'Open Settings');
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'deltaExplorer.localServer');
  if (choice === 'Get Java 17') await vscode.env.openExternal(vscode.Uri.parse(JAVA_DOWNLOAD));
  throw new Cancelled();
}

/** The Spark home to use, or undefined when none exists and one may be downloaded. */
function locateSpark(storage: string): string | undefined {
  const cfg = vscode.workspace.getConfiguration('deltaExplorer.localServer');
  try {
    return findSpark({ sparkHome: cfg.get<string>('sparkHome') || undefined, pythonPath: cfg.get<string>('pythonPath') || undefined, storageDir: storage, pluginDirs: [] });
  } catch (err) {
    if (err instanceof SparkNotFoundError) return undefined;
    throw err;
  }
}

/** One modal dialog listing every download; resolves only when the user agreed. */
async function askConsent(sparkHome: string | undefined, sparkTarget: string, missingJars: number, deltaJarsDir: string): Promise<void> {
  const lines: string[] = [];
  if (!sparkHome) {
    lines.push(`• Spark ${SPARK_DIST.version}: ${SPARK_DIST.filename} from PyPI (files.pythonhosted.org), ${megabytes(SPARK_DIST.size)}, checked against its SHA-256. `
      + `Unpacked (about ${megabytes(SPARK_DIST.extractedSize)}: Spark's jars and scripts) into ${sparkTarget}; the archive is deleted afterwards.`);
  }
  if (missingJars > 0) lines.push(`• Delta Lake 4.4.0: ${missingJars} of ${DELTA_JARS.length} jars (about 15 MB) from Maven Central (repo.maven.apache.org) into ${deltaJarsDir}.`);
  if (sparkHome) lines.push(`Spark comes from ${sparkHome}.`);
  const what = sparkHome ? 'Delta Lake 4.4.0' : missingJars > 0 ? `Spark ${SPARK_DIST.version} and Delta Lake 4.4.0` : `Spark ${SPARK_DIST.version}`;
  const choices = sparkHome ? ['Download'] : ['Download', 'Use Existing Spark…'];
  const consent = await vscode.window.showInformationMessage(`Download ${what} for the local server?`, { modal: true, detail: lines.join('\n\n') }, ...choices);
  if (consent === 'Use Existing Spark…') await vscode.commands.executeCommand('workbench.action.openSettings', 'deltaExplorer.localServer');
  if (consent !== 'Download') throw new Cancelled();
}

/** Downloads (or resumes) the pyspark sdist and unpacks its Spark into the extension's storage. */
async function provisionSpark(storage: string, ctx: TaskContext): Promise<string> {
  const downloads = join(storage, 'downloads');
  ensureFreeSpace(downloads, spaceNeeded(downloads));
  let shown = -1;
  const archive = await ensureSparkArchive(downloads, (got, total) => {
    const percent = total ? Math.floor((got / total) * 100) : -1;
    if (percent === shown) return;
    shown = percent;
    ctx.report(`${megabytes(got)}${total ? ` of ${megabytes(total)} (${percent}%)` : ''}`);
  }, ctx.signal);
  const home = downloadedSparkHome(storage);
  ctx.report('unpacking');
  await extractSparkHome(archive, home, (r) => ctx.report(`unpacking: ${r.files} files, ${megabytes(r.bytes)}`), ctx.signal);
  rmSync(archive, { force: true });
  return home;
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

async function start(s: Services, context: vscode.ExtensionContext, server: LocalServer): Promise<void> {
  if (server.running) {
    void vscode.window.showInformationMessage(`The local Delta server already runs at ${server.url}.`);
    return;
  }
  const cfg = vscode.workspace.getConfiguration('deltaExplorer.localServer');
  const storage = context.globalStorageUri.fsPath;
  const cache = process.env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer');
  let java: string;
  let sparkHome: string | undefined;
  try {
    java = findJava(cfg.get<string>('javaHome') || undefined);
  } catch (err) {
    return explain(err, true);
  }
  try {
    sparkHome = locateSpark(storage);
  } catch (err) {
    return explain(err);
  }
  const pluginJar = findPlugin([join(context.extensionUri.fsPath, 'dist', 'server'), join(cache, 'plugin')]);
  const projectJars = join(cache, 'jars-delta-4.4.0-spark-4.2.0');
  const deltaJarsDir = missingDeltaJars(projectJars).length === 0 ? projectJars : join(storage, 'delta-4.4.0');
  const missing = missingDeltaJars(deltaJarsDir);
  if (!sparkHome || missing.length > 0) await askConsent(sparkHome, downloadedSparkHome(storage), missing.length, deltaJarsDir);
  sparkHome ??= await download(s, `Downloading Spark ${SPARK_DIST.version}`, (ctx) => provisionSpark(storage, ctx));
  if (missing.length > 0) {
    await download(s, 'Downloading Delta Lake jars', (ctx) => downloadDeltaJars(deltaJarsDir, (f) => ctx.report(f), ctx.signal));
  }
  const home = sparkHome;
  const url = await s.runner.withProgress('Starting the local Delta server', (ctx) =>
    server.start({ java, sparkHome: home, deltaJarsDir, pluginJar }, join(storage, 'server-data'), (line) => s.log.info(`[local server] ${line}`), ctx.signal));
  s.connections.addTransient({ name: LOCAL_CONNECTION, url });
  await s.connections.connect(LOCAL_CONNECTION);
  s.tree.refresh();
  void vscode.window.showInformationMessage(`The local Delta server runs at ${url} and is connected. It stops when VS Code closes.`, 'Create Sample Data').then((c) => {
    if (c === 'Create Sample Data') void vscode.commands.executeCommand('deltaExplorer.createSampleData', { kind: 'connection', connection: LOCAL_CONNECTION });
  });
}
