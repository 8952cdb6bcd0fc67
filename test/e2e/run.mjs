// End-to-end tests of the PACKAGED extension in a real VS Code (code-server 4.139 = VS Code 1.139, Node.js
// extension host) against the Spark Connect server at $SPARK_REMOTE:
//   1. build + package the .vsix (scripts/package.mjs), create the fixtures through our TS client (in parallel)
//   2. a temp profile (settings with the connection "local" = $SPARK_REMOTE), `--install-extension` the .vsix
//   3. code-server on a free port; headless Chromium (playwright-core)
//   4. (a) the mocha suite test/e2e/suite/*.test.js inside the extension host (real `vscode` API)
//      (b) the UI scenarios test/e2e/ui/scenarios.mjs, driven like a person; screenshots in test-artifacts/e2e/
// Prints every result and a closing line "e2e: N passed, N failed"; appends "e2e P F S" to $DCE_TEST_SUMMARY;
// exits non-zero on any failure. Kills everything it started (process groups), also on SIGINT/SIGTERM.
//
//   bash scripts/with-server.sh node test/e2e/run.mjs
// Env: DCE_E2E_ONLY=api|ui            run one part only
//      DCE_E2E_SCENARIOS=regex        UI scenarios whose slug or name matches
//      DCE_E2E_GREP=regex             extension-host tests whose title matches
//      DCE_E2E_SKIP_PACKAGE=1         reuse dist/delta-connect-explorer.vsix (faster iterations)
//      DCE_E2E_TIMEOUT_S=1500         hard limit for the whole run
//      DCE_E2E_ARTIFACTS=dir          default test-artifacts/e2e
//      DCE_E2E_KEEP=1                 keep the temp profile (code-server log, VS Code logs)
//      DCE_E2E_VERBOSE=1              echo the browser console and VS Code's log
//      DCE_CODE_SERVER_DIR, CHROMIUM  where code-server / Chromium are (see lib/codeServer.mjs)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO_DIR, EXTENSION_ID, connectionSettings, installVsix, lap, launchChromium, makeProfile, requireChromium,
  requireCodeServer, runCleanups, onCleanup, onExitSync, killGroup, startCodeServer, workbenchUrl, elapsed,
} from './lib/codeServer.mjs';
import { createRequire } from 'node:module';
import { Driver } from './ui/driver.mjs';

const require = createRequire(import.meta.url);

const env = process.env;
const ARTIFACTS = path.resolve(REPO_DIR, env.DCE_E2E_ARTIFACTS ?? 'test-artifacts/e2e');
const VSIX = path.join(REPO_DIR, 'dist', 'delta-connect-explorer.vsix');
const ONLY = env.DCE_E2E_ONLY ?? '';
const TIMEOUT_S = Number(env.DCE_E2E_TIMEOUT_S ?? 1500);
const API_TIMEOUT_MS = 300_000;
const SCENARIO_TIMEOUT_MS = 120_000;
const VIEWPORT = { width: 1400, height: 850 };

/** @type {{part: string, name: string, status: 'passed'|'failed'|'skipped', ms?: number, error?: string, note?: string}[]} */
const results = [];
const record = (r) => {
  results.push(r);
  const mark = r.status === 'passed' ? 'ok  ' : r.status === 'failed' ? 'FAIL' : 'skip';
  console.log(`  ${mark} [${r.part}] ${r.name}${r.ms !== undefined ? ` (${(r.ms / 1000).toFixed(1)} s)` : ''}${r.note ? ` — ${r.note}` : ''}`);
  if (r.error) console.log(r.error.split('\n').map((l) => `         ${l}`).join('\n'));
};

let finished = false;
async function finish(extraCode = 0) {
  if (finished) return;
  finished = true;
  await runCleanups();
  const p = results.filter((r) => r.status === 'passed').length;
  const f = results.filter((r) => r.status === 'failed').length;
  const s = results.filter((r) => r.status === 'skipped').length;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify({ finishedAt: new Date().toISOString(), seconds: Number(elapsed().replace('s', '')), results }, null, 1));
  if (env.DCE_TEST_SUMMARY) {
    fs.appendFileSync(env.DCE_TEST_SUMMARY, `e2e ${p} ${f} ${s}\n`);
    for (const r of results.filter((x) => x.status === 'failed')) {
      fs.appendFileSync(`${env.DCE_TEST_SUMMARY}.failed`, `e2e: [${r.part}] ${r.name}: ${(r.error ?? '').split('\n').find((l) => l.trim() !== '')?.slice(0, 300) ?? ''}\n`);
    }
  }
  console.log(`\nartifacts: ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS} (screenshots, results.json, logs/)`);
  console.log(`e2e: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''} (${elapsed()})`);
  process.exit(f > 0 || extraCode ? 1 : 0);
}

// ---- child processes (package, fixtures) -------------------------------------------------------------------
function runChild(label, cmd, args, { timeoutMs = 300_000, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd: REPO_DIR, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const unregister = onExitSync(() => killGroup(child.pid));
    const unregisterAsync = onCleanup(async () => killGroup(child.pid));
    let out = '';
    const onData = (d) => { out += d; };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => { out += `\n(${label} timed out after ${timeoutMs / 1000} s: killed)`; killGroup(child.pid); }, timeoutMs);
    child.on('error', (e) => { out += String(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      unregister();
      unregisterAsync();
      resolve({ ok: code === 0, code, out, ms: Date.now() - t0 });
    });
  });
}

async function prepare() {
  const tasks = [];
  if (env.DCE_E2E_SKIP_PACKAGE === '1' && fs.existsSync(VSIX)) {
    lap(`reusing ${path.relative(REPO_DIR, VSIX)} (DCE_E2E_SKIP_PACKAGE=1)`);
    tasks.push(Promise.resolve({ ok: true, out: '', ms: 0 }));
  } else {
    lap('building and packaging the .vsix; creating the fixtures (in parallel)');
    tasks.push(runChild('package', process.execPath, [path.join(REPO_DIR, 'scripts', 'package.mjs'), '--out', VSIX, '--quiet']));
  }
  const tsx = path.join(REPO_DIR, 'node_modules', '.bin', 'tsx');
  tasks.push(runChild('fixtures', tsx, [path.join(REPO_DIR, 'test', 'e2e', 'fixtures.ts')]));
  const [pkg, fix] = await Promise.all(tasks);
  if (pkg.ms) lap(`packaged in ${(pkg.ms / 1000).toFixed(1)} s: ${pkg.out.trim().split('\n').filter((l) => l.startsWith('[package]')).join(' ')}`);
  if (!pkg.ok) record({ part: 'setup', name: 'build + package the .vsix', status: 'failed', error: pkg.out.trim().slice(-4000) });
  lap(fix.ok ? fix.out.trim().split('\n').pop() : 'fixtures failed');
  if (!fix.ok) record({ part: 'setup', name: 'create the fixtures (schema e2e) through the TS client', status: 'failed', error: fix.out.trim().slice(-4000) });
  return pkg.ok && fix.ok;
}

// ---- (a) mocha suite inside the extension host ---------------------------------------------------------------
async function runApiSuite(browser, server, profile, files) {
  const t0 = Date.now();
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const vscodeErrors = [];
  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    if (env.DCE_E2E_VERBOSE) console.log(`  [vscode ${type}] ${line.slice(0, 400)}`);
    else if (type === 'error' && !/open-vsx\.org|authentication provider 'github'|vsda/.test(line)) vscodeErrors.push(line.slice(0, 3000));
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    if (Array.isArray(logs)) {
      for (const { relativePath, contents } of logs) {
        const p = path.join(ARTIFACTS, 'logs', 'api-browser', relativePath);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, contents);
      }
    }
    resolveExit(code);
  });
  if (env.DCE_E2E_VERBOSE) page.on('console', (m) => console.log(`  [browser ${m.type()}] ${m.text().slice(0, 400)}`));
  let shown = 0;
  const echo = () => {
    if (!fs.existsSync(files.output)) return;
    const text = fs.readFileSync(files.output, 'utf8');
    if (text.length > shown) { process.stdout.write(text.slice(shown).replace(/^/gm, '    ')); shown = text.length; }
  };
  const tail = setInterval(echo, 500);
  try {
    lap('(a) extension-host suite: opening the workbench with the test runner payload');
    const resp = await page.goto(workbenchUrl(server, { folder: profile.workspace, devPath: files.runnerDir, testsPath: path.join(REPO_DIR, 'test', 'e2e', 'suite', 'index.js') }), { timeout: 60_000 });
    if (!resp || resp.status() >= 400) throw new Error(`the workbench answered HTTP ${resp?.status()}; code-server log: ${server.logFile}`);
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), API_TIMEOUT_MS))]);
    clearInterval(tail);
    echo();
    await page.screenshot({ path: path.join(ARTIFACTS, 'api-suite-end.png') }).catch(() => {});
    lap(`(a) extension host exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const report = fs.existsSync(files.results) ? JSON.parse(fs.readFileSync(files.results, 'utf8')) : undefined;
    for (const t of report?.tests ?? []) record({ part: 'api', name: t.title, status: t.state, ms: t.ms, error: t.error });
    if (code === 'timeout') {
      record({ part: 'api', name: 'extension-host suite finished', status: 'failed', error: `no exit from the extension host within ${API_TIMEOUT_MS / 1000} s` });
    } else if (!report) {
      record({ part: 'api', name: 'extension-host suite ran', status: 'failed', error: `exit code ${code} without a results file (the runner failed to load?)\n${vscodeErrors.join('\n').slice(-4000)}` });
    } else if (code !== 0 && report.failures === 0) {
      record({ part: 'api', name: 'extension-host suite exit code', status: 'failed', error: `exit code ${code} although no test failed\n${vscodeErrors.join('\n').slice(-4000)}` });
    }
  } finally {
    clearInterval(tail);
    await context.close().catch(() => {});
  }
}

// ---- (b) UI scenarios --------------------------------------------------------------------------------------
async function runUiScenarios(browser, server, profile) {
  // what scenarios may read: VS Code's logs of this profile (our output channel at trace level: every RPC),
  // codeServerPid: its process group holds the extension host; tmpDir: the host's TMPDIR (where grids spill);
  // workspace: the workspace folder (its .vscode/settings.json holds workspace settings)
  const ctx = { logsDir: path.join(profile.userDataDir, 'logs'), remote: env.SPARK_REMOTE, codeServerPid: server.pid, tmpDir: profile.env.TMPDIR, workspace: profile.workspace };
  const { scenarios } = await import('./ui/scenarios.mjs');
  const filter = env.DCE_E2E_SCENARIOS ? new RegExp(env.DCE_E2E_SCENARIOS, 'i') : undefined;
  const selected = scenarios.filter((s) => !filter || filter.test(s.slug) || filter.test(s.name));
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const pageLog = fs.createWriteStream(path.join(ARTIFACTS, 'logs', 'ui-browser-console.log'));
  page.on('console', (m) => { pageLog.write(`[${m.type()}] ${m.text()}\n`); if (env.DCE_E2E_VERBOSE) console.log(`  [browser ${m.type()}] ${m.text().slice(0, 300)}`); });
  page.on('pageerror', (e) => pageLog.write(`[pageerror] ${e.stack ?? e}\n`));
  const d = new Driver(page, { outDir: ARTIFACTS, commands: pkg.contributes?.commands ?? [] });
  try {
    lap(`(b) UI: opening the workbench (${selected.length} scenarios)`);
    const t0 = Date.now();
    const resp = await page.goto(workbenchUrl(server, { folder: profile.workspace }), { timeout: 60_000 });
    if (!resp || resp.status() >= 400) throw new Error(`the workbench answered HTTP ${resp?.status()}`);
    await d.waitForWorkbench();
    lap(`(b) workbench up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const [i, s] of selected.entries()) {
      d.beginScenario(`ui${String(i + 1).padStart(2, '0')}-${s.slug}`);
      const start = Date.now();
      let error;
      try {
        if (i > 0) await d.reset();
        const limit = s.timeoutMs ?? SCENARIO_TIMEOUT_MS;
        let timer;
        await Promise.race([
          s.run(d, ctx),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`scenario timed out after ${limit / 1000} s`)), limit); }),
        ]).finally(() => clearTimeout(timer));
      } catch (e) {
        error = e;
        await d.screenshot('FAILED').catch(() => {});
      }
      const ms = Date.now() - start;
      if (s.knownIssue) {
        if (error) record({ part: 'ui', name: s.name, status: 'skipped', ms, note: `known issue: ${s.knownIssue}`, error: `(expected failure) ${String(error.message ?? error).split('\n')[0]}` });
        else record({ part: 'ui', name: s.name, status: 'passed', ms, note: 'marked knownIssue but PASSED: remove the knownIssue marker' });
      } else {
        record({ part: 'ui', name: s.name, status: error ? 'failed' : 'passed', ms, error: error ? String(error.stack ?? error).split('\n').slice(0, 6).join('\n') : undefined });
      }
    }
  } finally {
    pageLog.end();
    await context.close().catch(() => {});
  }
}

// ---- main --------------------------------------------------------------------------------------------------
async function main() {
  const hardStop = setTimeout(() => {
    record({ part: 'setup', name: `whole run within ${TIMEOUT_S} s`, status: 'failed', error: 'DCE_E2E_TIMEOUT_S exceeded: stopped' });
    void finish(1);
  }, TIMEOUT_S * 1000);
  hardStop.unref();

  if (!env.SPARK_REMOTE) {
    record({ part: 'setup', name: 'SPARK_REMOTE is set', status: 'failed', error: 'SPARK_REMOTE is not set: run `bash scripts/with-server.sh node test/e2e/run.mjs`' });
    return finish();
  }
  try {
    requireCodeServer();
    requireChromium();
  } catch (e) {
    record({ part: 'setup', name: 'code-server and Chromium are installed', status: 'failed', error: e.message });
    return finish();
  }
  for (const f of fs.existsSync(ARTIFACTS) ? fs.readdirSync(ARTIFACTS) : []) {
    if (/\.(png|json)$/.test(f) || f === 'logs') fs.rmSync(path.join(ARTIFACTS, f), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(ARTIFACTS, 'logs'), { recursive: true });
  lap(`e2e against ${env.SPARK_REMOTE}; artifacts in ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);

  if (!(await prepare())) return finish();

  const profile = makeProfile({ settings: connectionSettings('local', env.SPARK_REMOTE) });
  for (const [name, text] of Object.entries(require('./lib/fixtureSpec.cjs').WORKSPACE_FILES)) fs.writeFileSync(path.join(profile.workspace, name), text);
  onCleanup(async () => {
    // keep the logs worth reading: code-server's, and VS Code's (extension host, our "Delta Connect" output channel)
    try {
      fs.copyFileSync(profile.logFile, path.join(ARTIFACTS, 'logs', 'code-server.log'));
      fs.cpSync(path.join(profile.userDataDir, 'logs'), path.join(ARTIFACTS, 'logs', 'vscode'), { recursive: true });
    } catch { /* nothing logged yet */ }
    if (!env.DCE_E2E_KEEP) fs.rmSync(profile.root, { recursive: true, force: true });
    else console.log(`kept the profile ${profile.root}`);
  });
  try {
    const t0 = Date.now();
    const installed = installVsix(profile, VSIX);
    lap(`installed ${installed} from the .vsix in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    record({ part: 'setup', name: `code-server --install-extension ${path.basename(VSIX)}`, status: 'failed', error: e.message });
    return finish();
  }

  // the test runner needs a development extension; a tiny one, so the extension under test stays the installed .vsix
  const runnerDir = path.join(profile.root, 'e2e-runner');
  fs.mkdirSync(runnerDir, { recursive: true });
  fs.writeFileSync(path.join(runnerDir, 'package.json'), JSON.stringify({
    name: 'e2e-runner', publisher: 'dce-tests', version: '0.0.0', engines: { vscode: '^1.90.0' }, description: 'hosts the e2e test runner',
  }));
  const files = { runnerDir, results: path.join(profile.root, 'ext-test-results.json'), output: path.join(profile.root, 'ext-test-output.txt') };

  const browser = await launchChromium();
  try {
    if (ONLY !== 'ui') {
      // the payload (extensionDevelopmentPath/extensionTestsPath) is honoured only with the smoke-test driver on
      const server = await startCodeServer(profile, {
        smokeTestDriver: true,
        extraEnv: {
          EXT_TEST_RESULTS: files.results, EXT_TEST_OUTPUT: files.output, DCE_E2E_EXTENSIONS_DIR: profile.extDir,
          DCE_E2E_GREP: env.DCE_E2E_GREP ?? '', DCE_E2E_EXTENSION_ID: EXTENSION_ID,
        },
      });
      lap(`code-server (smoke-test driver on) up on ${server.base} in ${server.startupMs} ms`);
      try { await runApiSuite(browser, server, profile, files); } finally { await server.stop(); }
    }
    if (ONLY !== 'api') {
      // a plain code-server, as a user runs it (the smoke-test driver suppresses notification toasts)
      // --log trace: the extension's log channel then records every RPC (kinds and ids only), which the scenarios read
      const server = await startCodeServer(profile, { extraArgs: ['--log', 'trace'] });
      lap(`code-server up on ${server.base} in ${server.startupMs} ms`);
      try { await runUiScenarios(browser, server, profile); } finally { await server.stop(); }
    }
  } finally {
    await browser.close();
  }
  return finish();
}

main().catch((e) => {
  record({ part: 'setup', name: 'e2e harness', status: 'failed', error: String(e.stack ?? e) });
  return finish();
});
