// `npm start` (after scripts/start.sh installed what was missing): the packaged extension in a real VS Code
// (code-server) in your browser, connected to a local Spark Connect + Delta server with sample tables.
//   1. build + package the .vsix, install it into a persistent profile ($DCE_CACHE_DIR/start-profile)
//   2. start the local server with a persistent data dir ($DCE_CACHE_DIR/start-server-data); 15002, or a free port
//   3. create the sample Delta tables (schema `samples`) when they do not exist yet (--reset-samples: drop the
//      schema first, so every change made to them is gone)
//   4. write the connection "local" into the profile's settings; start code-server on 127.0.0.1
//      (DCE_START_PORT, or a free port) and print the address to open
//   5. run until Ctrl+C / SIGTERM (or until code-server or the server dies), then stop both (process groups)
// Works without a TTY. Env: DCE_START_PORT, DCE_START_SERVER_PORT, DCE_CACHE_DIR, DCE_CODE_SERVER_DIR, DCE_START_DIR.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CACHE_DIR, REPO_DIR, installVsix, killGroup, lap, makeProfile, onCleanup, onExitSync, portInUse,
  requireCodeServer, runCleanups, setSignalExitCode, shuttingDown, startCodeServer, workbenchUrl,
} from '../../test/e2e/lib/codeServer.mjs';

const env = process.env;
// where npm start keeps its profile, server data and lock: the cache, or DCE_START_DIR (a test's own folder)
const START_DIR = path.resolve(env.DCE_START_DIR || CACHE_DIR);
const PROFILE_DIR = path.join(START_DIR, 'start-profile');
const DATA_DIR = path.join(START_DIR, 'start-server-data');
const LOCK = path.join(START_DIR, 'start.lock');
const VSIX = path.join(REPO_DIR, 'dist', 'delta-connect-explorer.vsix');
const CONNECTION = 'local';

const fail = (message) => {
  if (shuttingDown()) return runCleanups(); // interrupted: the signal handler exits once everything is stopped
  console.error(`error: ${message}`);
  return runCleanups().finally(() => process.exit(1));
};

/** Runs a command to completion (own process group); resolves with its stdout (when piped), rejects on failure. */
function run(label, cmd, args, { extraEnv = {}, timeoutMs = 600_000, stdout = 'pipe', stderr = 'inherit' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_DIR, env: { ...env, ...extraEnv }, stdio: ['ignore', stdout, stderr], detached: true });
    const unregister = onExitSync(() => killGroup(child.pid));
    let out = '';
    child.stdout?.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { killGroup(child.pid); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      unregister();
      if (code === 0) resolve(out);
      else reject(new Error(`${label} failed (${signal ?? `exit ${code}`})${out.trim() ? `:\n${out.trim().slice(-3000)}` : ''}`));
    });
  });
}

function pidAlive(pid) { try { process.kill(pid, 0); return true; } catch { return false; } }

/** One `npm start` per cache dir: the profile and the server data dir are not shareable. */
function takeLock() {
  fs.mkdirSync(START_DIR, { recursive: true });
  try {
    const holder = Number(fs.readFileSync(LOCK, 'utf8').trim());
    if (holder && holder !== process.pid && pidAlive(holder)) {
      throw new Error(`npm start is already running (pid ${holder}); stop it first (Ctrl+C there, or kill ${holder})`);
    }
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  fs.writeFileSync(LOCK, String(process.pid));
  onExitSync(() => { try { if (fs.readFileSync(LOCK, 'utf8').trim() === String(process.pid)) fs.rmSync(LOCK); } catch { /* gone */ } });
}

async function startSparkServer() {
  // a server left behind by an earlier npm start that was killed hard: stop it (we hold the lock, so it is not in use)
  await run('stop-server.sh', 'bash', [path.join(REPO_DIR, 'scripts', 'stop-server.sh'), '--data-dir', DATA_DIR], { stderr: 'ignore' }).catch(() => {});
  const args = [path.join(REPO_DIR, 'scripts', 'start-server.sh'), '--data-dir', DATA_DIR];
  if (env.DCE_START_SERVER_PORT) args.push('--port', env.DCE_START_SERVER_PORT);
  // registered before starting: an interrupt during the (slow) start still stops it
  onCleanup(async () => {
    lap('stopping the Spark Connect server');
    await run('stop-server.sh', 'bash', [path.join(REPO_DIR, 'scripts', 'stop-server.sh'), '--data-dir', DATA_DIR], { timeoutMs: 60_000 }).catch((e) => console.error(e.message));
  });
  const out = await run('start-server.sh', 'bash', args, { extraEnv: { DCE_SKIP_PROVISION: '1' }, timeoutMs: 300_000 });
  const port = /^PORT=(\d+)$/m.exec(out)?.[1];
  const pid = Number(/^PID=(\d+)$/m.exec(out)?.[1]);
  if (!port || !pid) throw new Error(`start-server.sh printed no PORT=/PID= lines:\n${out}`);
  onExitSync(() => killGroup(pid, 'SIGTERM')); // last resort if we exit without the cleanup above (it is a group leader)
  return { port: Number(port), pid, remote: `sc://127.0.0.1:${port}`, log: path.join(DATA_DIR, 'server.log') };
}

/** The connection "local" (replacing its url; keeping the user's other connections and settings). */
function connectionSettings(settingsFile, remote) {
  let current = {};
  try { current = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch { /* new, or hand-edited JSONC: start over */ }
  const others = (current['deltaExplorer.connections'] ?? []).filter((c) => c && c.name !== CONNECTION);
  return {
    'deltaExplorer.connections': [{ name: CONNECTION, url: remote }, ...others],
    'deltaExplorer.defaultConnection': current['deltaExplorer.defaultConnection'] || CONNECTION,
  };
}

function writeWorkspace(dir) {
  const file = path.join(dir, 'samples.sql');
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, `-- Run with "Delta Connect: Run SQL" (editor title ▶, or select a statement first).
SELECT city, count(*) AS trips, round(avg(fare), 2) AS avg_fare
FROM spark_catalog.samples.trips
GROUP BY city
ORDER BY trips DESC;

SELECT c.country, count(*) AS orders, sum(o.amount) AS revenue
FROM spark_catalog.samples.orders o JOIN spark_catalog.samples.customers c USING (customer_id)
GROUP BY c.country
ORDER BY revenue DESC;

DESCRIBE HISTORY spark_catalog.samples.trips;
`);
}

/** The command line: `--reset-samples` is the one option. */
function options(args) {
  const unknown = args.filter((a) => a !== '--reset-samples');
  if (unknown.length) throw new Error(`unknown option ${unknown[0]} (known: --reset-samples)`);
  return { resetSamples: args.includes('--reset-samples') };
}

async function main() {
  setSignalExitCode(0); // Ctrl+C is how npm start is meant to end
  // End with our parent too: `kill <npm pid>` makes npm forward SIGTERM to its `sh -c`, which dies without passing
  // it on to us; we would be orphaned with code-server and the server running.
  const parentPid = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid === parentPid || shuttingDown()) return;
    clearInterval(orphanWatch);
    console.error(`\nthe parent process (pid ${parentPid}) exited: stopping what was started…`);
    process.emit('SIGTERM', 'SIGTERM');
  }, 1000);
  requireCodeServer();
  takeLock();
  const t0 = Number(env.DCE_START_T0_MS) || Date.now(); // from the command (scripts/start.sh), set-up included
  const { resetSamples } = options(process.argv.slice(2));

  lap('building and packaging the extension');
  await run('package', process.execPath, [path.join(REPO_DIR, 'scripts', 'package.mjs'), '--out', VSIX, '--quiet']);
  const settingsFile = path.join(PROFILE_DIR, 'user-data', 'User', 'settings.json');
  const profile = makeProfile({ root: PROFILE_DIR, workspace: path.join(PROFILE_DIR, 'workspace') });
  fs.rmSync(profile.env.TMPDIR, { recursive: true, force: true }); // sockets of earlier runs
  fs.mkdirSync(profile.env.TMPDIR, { recursive: true });
  lap(`installed ${installVsix(profile, VSIX)} into ${PROFILE_DIR}`);
  writeWorkspace(profile.workspace);

  lap(`starting the local Spark Connect + Delta server (data dir ${DATA_DIR})`);
  const server = await startSparkServer();
  lap(`Spark Connect server up: ${server.remote} (pid ${server.pid}, log ${server.log})`);
  lap(resetSamples
    ? 'sample tables (schema samples): dropping them and creating them again (--reset-samples); about a minute'
    : 'sample tables (schema samples): creating what is missing; about a minute the first time');
  await run('sample tables', path.join(REPO_DIR, 'node_modules', '.bin', 'tsx'), [path.join(REPO_DIR, 'scripts', 'e2e', 'samples.ts')], {
    extraEnv: { SPARK_REMOTE: server.remote, DCE_RESET_SAMPLES: resetSamples ? '1' : '' }, stdout: 'inherit', timeoutMs: 900_000,
  });

  makeProfile({ root: PROFILE_DIR, workspace: profile.workspace, settings: connectionSettings(settingsFile, server.remote) });
  const port = env.DCE_START_PORT ? Number(env.DCE_START_PORT) : undefined;
  if (port && await portInUse(port)) throw new Error(`DCE_START_PORT=${port}: port ${port} on 127.0.0.1 is already in use`);
  const cs = await startCodeServer(profile, { port, extraEnv: { SPARK_REMOTE: server.remote } });
  const url = workbenchUrl(cs, { folder: profile.workspace });
  console.log(`
  Delta Connect Explorer is ready (${((Date.now() - t0) / 1000).toFixed(0)} s).

    Open  ${url}

  VS Code (code-server) with the packaged extension; the connection "${CONNECTION}" = ${server.remote}
  (sample tables in spark_catalog.samples). Logs: ${cs.logFile}, ${server.log}
  Press Ctrl+C to stop code-server and the Spark server.
`);

  // keep running; end when either side dies
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    if (shuttingDown()) return; // the signal handler stops everything and exits

    if (cs.exited) return fail(`code-server exited unexpectedly; see ${cs.logFile}`);
    if (!pidAlive(server.pid)) return fail(`the Spark Connect server exited unexpectedly; see ${server.log}`);
  }
}

main().catch((e) => fail(e.message ?? String(e)));
