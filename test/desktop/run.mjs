// `npm run test:desktop`: the extension-host mocha suite of the e2e tests (test/e2e/suite/*.test.js) inside DESKTOP
// VS Code (Electron), downloaded by @vscode/test-electron, against the Spark Connect server at $SPARK_REMOTE.
// The extension under test is the packaged .vsix, installed with VS Code's own CLI into a fresh profile, exactly as
// `npm test` does in code-server (test/e2e/run.mjs): the suite is the same file, only the host differs.
//
//   npm run test:desktop                        (= bash scripts/with-server.sh node test/desktop/run.mjs)
// Env: DCE_VSCODE_VERSION=stable|insiders|1.x.y   which VS Code (default: stable)
//      DCE_E2E_GREP=regex                        only tests whose title matches
//      DCE_E2E_SKIP_PACKAGE=1                    reuse dist/delta-connect-explorer.vsix
// Linux without a display: run it under `xvfb-run -a`. Machines that cannot reach update.code.visualstudio.com
// (VS Code's download) fail here with a clear message; `npm test` runs the same suite in code-server from npm.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { BASE_SETTINGS, CACHE_DIR, EXTENSION_ID, REPO_DIR, connectionSettings } from '../e2e/lib/codeServer.mjs';

const require = createRequire(import.meta.url);
const { WORKSPACE_FILES, CONNECTION_NAME } = require('../e2e/lib/fixtureSpec.cjs');
const env = process.env;
const VSIX = path.join(REPO_DIR, 'dist', 'delta-connect-explorer.vsix');
const fail = (message) => {
  console.error(`test:desktop: ${message}`);
  process.exit(1);
};

if (!env.SPARK_REMOTE) fail('SPARK_REMOTE is not set: run it as `npm run test:desktop` (scripts/with-server.sh starts the server)');

/** Runs a child to completion with its output shown; fails the run when it fails. */
function step(what, cmd, args) {
  console.log(`[desktop] ${what}`);
  const r = spawnSync(cmd, args, { cwd: REPO_DIR, stdio: 'inherit', env });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal})`);
}

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version: env.DCE_VSCODE_VERSION ?? 'stable', cachePath: path.join(CACHE_DIR, 'vscode-desktop'), timeout: 60_000 });
} catch (e) {
  fail(`could not download VS Code (${e?.message ?? e}). This machine cannot reach VS Code's download servers; \`npm test\` runs the same suite in code-server from npm.`);
}

if (env.DCE_E2E_SKIP_PACKAGE !== '1' || !fs.existsSync(VSIX)) step('packaging the .vsix', process.execPath, [path.join(REPO_DIR, 'scripts', 'package.mjs'), '--out', VSIX, '--quiet']);
step('creating the fixtures', path.join(REPO_DIR, 'node_modules', '.bin', 'tsx'), [path.join(REPO_DIR, 'test', 'e2e', 'fixtures.ts')]);

// A fresh profile: settings with the connection preset, an extensions folder holding only the installed .vsix.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dce-desktop-'));
const userDataDir = path.join(root, 'user-data');
const extDir = path.join(root, 'extensions');
const workspace = path.join(root, 'workspace');
for (const d of [path.join(userDataDir, 'User'), extDir, workspace]) fs.mkdirSync(d, { recursive: true });
fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...connectionSettings(CONNECTION_NAME, env.SPARK_REMOTE) }, null, 2));
for (const [name, text] of Object.entries(WORKSPACE_FILES)) fs.writeFileSync(path.join(workspace, name), text);

// VS Code's CLI: drop the default profile folders it names, use ours.
const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
const profileArgs = [`--user-data-dir=${userDataDir}`, `--extensions-dir=${extDir}`];
const baseArgs = cliArgs.filter((a) => !/^--(user-data-dir|extensions-dir)=/.test(a));
const install = spawnSync(cli, [...baseArgs, ...profileArgs, '--install-extension', VSIX, '--force'], { encoding: 'utf8', shell: process.platform === 'win32' });
if (install.status !== 0) fail(`installing the .vsix failed:\n${install.stdout}${install.stderr}`);
console.log(`[desktop] installed ${path.basename(VSIX)} into ${extDir}`);

// The test runner needs a development extension: a tiny one, so the extension under test stays the installed .vsix.
const runnerDir = path.join(root, 'e2e-runner');
fs.mkdirSync(runnerDir);
fs.writeFileSync(path.join(runnerDir, 'package.json'), JSON.stringify({ name: 'e2e-runner', publisher: 'dce-tests', version: '0.0.0', engines: { vscode: '^1.90.0' } }));
const results = path.join(root, 'results.json');

let code = 0;
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: runnerDir,
    extensionTestsPath: path.join(REPO_DIR, 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [workspace, ...profileArgs, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: {
      SPARK_REMOTE: env.SPARK_REMOTE, EXT_TEST_RESULTS: results, DCE_E2E_EXTENSIONS_DIR: extDir,
      DCE_E2E_EXTENSION_ID: EXTENSION_ID, DCE_E2E_GREP: env.DCE_E2E_GREP ?? '',
    },
  });
} catch (e) {
  console.error(`[desktop] ${e?.message ?? e}`);
  code = 1;
}
const report = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : undefined;
fs.rmSync(root, { recursive: true, force: true });
if (!report) fail('the extension host exited without writing results');
console.log(`desktop: ${report.passes} passed, ${report.failures} failed${report.pending ? `, ${report.pending} skipped` : ''}`);
process.exit(code || report.failures ? 1 : 0);
