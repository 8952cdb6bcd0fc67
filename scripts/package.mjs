// `npm run package`: build (vsce runs "vscode:prepublish" = npm run build) and package the extension as a .vsix
// with `vsce package --no-dependencies` (esbuild already bundled every runtime dependency into dist/extension.js),
// then check what went in (.vscodeignore is an allow-list; test/e2e/lib/vsix.cjs holds the rules).
// The Delta Connect server plugin jar goes in as dist/server/delta-connect-plugin-<sha>.jar, so an installed extension
// can run the local server: the jar scripts/provision-server.sh builds from server-plugin/src + proto/ (built here
// when missing, which needs a JDK 17+).
//   node scripts/package.mjs [--out FILE] [--quiet]      default FILE: dist/delta-connect-explorer.vsix
// Prints the .vsix path on the last line of stdout. Exit status 1 when packaging failed or the content is wrong.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { listZip, vsixProblems } = require('../test/e2e/lib/vsix.cjs');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const quiet = args.includes('--quiet');
const out = path.resolve(outIdx >= 0 ? args[outIdx + 1] : path.join(repo, 'dist', 'delta-connect-explorer.vsix'));
const vsce = path.join(repo, 'node_modules', '.bin', 'vsce');
if (!fs.existsSync(vsce)) {
  console.error(`error: ${vsce} is missing: run npm install (or npm ci) first`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.rmSync(out, { force: true });

const t0 = Date.now();
copyPluginJar();
// README's screenshots (docs/images/, not packaged) are linked from the repository, as the Marketplace shows them.
const repository = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).repository?.url?.replace(/\.git$/, '');
const images = repository ? ['--baseImagesUrl', `${repository}/raw/HEAD/`] : [];
// stdin closed: vsce must never wait for an answer (it asks only on a TTY).
const r = spawnSync(vsce, ['package', '--no-dependencies', ...images, '-o', out], {
  cwd: repo, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8', timeout: 300_000,
});
if (r.status !== 0 || !fs.existsSync(out)) {
  if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  console.error(`error: vsce package failed (exit ${r.status ?? r.signal ?? r.error}); nothing packaged`);
  process.exit(1);
}
const entries = listZip(out);
const problems = vsixProblems(entries);
const kb = (fs.statSync(out).size / 1024).toFixed(0);
if (!quiet) {
  for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
}
console.error(`[package] ${path.relative(process.cwd(), out) || out}: ${entries.length} files, ${kb} KB, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (problems.length) {
  for (const p of problems) console.error(`error: the .vsix ${p}`);
  console.error('fix .vscodeignore (an allow-list) or the build');
  process.exit(1);
}
console.log(out);

/** The plugin jar for the current sources, built by provision-server.sh when missing, copied alone into dist/server/. */
function copyPluginJar() {
  const lib = path.join(repo, 'scripts', 'lib.sh');
  const bash = (script) => spawnSync('bash', ['-c', `. "${lib}" && ${script}`], { cwd: repo, encoding: 'utf8' });
  const where = bash('plugin_jar_path');
  const jar = where.stdout.trim();
  if (where.status !== 0 || !jar) fail(`could not work out the server plugin jar's path (scripts/lib.sh plugin_jar_path): ${where.stderr}`);
  if (!fs.existsSync(jar)) {
    const jdk = bash('require_jdk17');
    if (jdk.status !== 0) fail(`the .vsix needs the Delta Connect server plugin ${path.basename(jar)}, which is not built yet; building it needs a Java 17+ JDK: ${jdk.stderr.trim().replace(/^error: /, '')}`);
    console.error(`[package] building the server plugin ${path.basename(jar)} with scripts/provision-server.sh`);
    const r = spawnSync('bash', [path.join(repo, 'scripts', 'provision-server.sh'), '--quiet'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0 || !fs.existsSync(jar)) fail(`building the server plugin failed (scripts/provision-server.sh, exit ${r.status}):\n${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
  }
  const dir = path.join(repo, 'dist', 'server');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(jar, path.join(dir, path.basename(jar)));
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}
