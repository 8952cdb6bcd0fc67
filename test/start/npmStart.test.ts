// `npm start` as a person runs it (scripts/start.sh: set-up, package, server, sample tables, code-server), in a
// folder of its own (DCE_START_DIR: a new profile and server data dir; the per-user cache's downloads are reused).
// A first start creates the sample tables; the test changes two of them; a restart with --reset-samples must bring
// back exactly what the first start created (rows compared by count and a hash of every row), and each start
// prints its "ready" line counted from the command.
//   npx mocha --no-config --require tsx/cjs --timeout 900000 test/start/npmStart.test.ts
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SparkConnectSession } from '../../src/client/session';

const REPO = path.resolve(__dirname, '..', '..');
const READY = /Delta Connect Explorer is ready \((\d+) s\)/;

interface Started { child: ChildProcess; readySeconds: number; wallSeconds: number; remote: string; output: () => string }

/** Runs `bash scripts/start.sh ARGS` in its own process group until its ready line; rejects if it exits first. */
function start(dir: string, args: string[]): Promise<Started> {
  const t0 = Date.now();
  const child = spawn('bash', [path.join(REPO, 'scripts', 'start.sh'), ...args], {
    cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DCE_START_DIR: dir, DCE_START_T0_MS: '' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const ready = READY.exec(out);
      const remote = /= (sc:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (ready && remote) {
        resolve({ child, readySeconds: Number(ready[1]), wallSeconds: (Date.now() - t0) / 1000, remote: remote[1], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => reject(new Error(`npm start exited (${signal ?? code}) before its ready line:\n${out.slice(-4000)}`)));
  });
}

/** Stops a start like Ctrl+C does (SIGINT to its process group) and waits until it has stopped the server. */
async function stop(s: Started | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  process.kill(-s.child.pid!, 'SIGINT');
  const timer = setTimeout(() => { try { process.kill(-s.child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 90_000);
  await exited;
  clearTimeout(timer);
}

/** Per sample table: its row count and the sum of a hash of every row (order-independent). */
async function snapshot(remote: string): Promise<Record<string, string>> {
  const session = await SparkConnectSession.connect(remote);
  try {
    const tables = (await session.catalog.listTables('samples')).map((t) => t.name).sort();
    const out: Record<string, string> = {};
    for (const t of tables) {
      const df = await session.sql(`SELECT CAST(count(*) AS STRING) AS n, CAST(sum(CAST(hash(*) AS BIGINT)) AS STRING) AS h FROM samples.${t}`);
      const r = await df.collect();
      out[t] = `${r.getChild('n')!.get(0)} rows, hash ${r.getChild('h')!.get(0)}`;
    }
    return out;
  } finally {
    await session.close();
  }
}

async function change(remote: string): Promise<void> {
  const session = await SparkConnectSession.connect(remote);
  try {
    await session.sql('DELETE FROM samples.customers WHERE customer_id <= 10');
    await session.sql("UPDATE samples.orders SET status = 'lost' WHERE order_id % 2 = 0");
  } finally {
    await session.close();
  }
}

describe('npm start', function () {
  this.timeout(900_000); // each step: a start takes minutes on a loaded machine
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dce-start-'));
  let running: Started | undefined;
  const log = (s: Started, what: string) => {
    console.log(`      ${what}: ready line ${s.readySeconds} s, measured ${s.wallSeconds.toFixed(1)} s`);
    // its steps, timed (start.mjs's laps count from node's start, the set-up before it excluded)
    for (const line of s.output().split('\n').filter((l) => /^\[(\d+\.\ds|samples|dce)\]?/.test(l))) console.log(`        ${line}`);
  };

  after(async () => {
    await stop(running);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let fresh: Record<string, string> = {};

  it('a first start in a new folder creates the sample tables and says when it is ready, counted from the command', async () => {
    running = await start(dir, []);
    log(running, 'first start (new data dir)');
    assert.ok(Math.abs(running.readySeconds - running.wallSeconds) <= 3, `the ready line says ${running.readySeconds} s, the command took ${running.wallSeconds.toFixed(1)} s`);
    fresh = await snapshot(running.remote);
    assert.ok(Object.keys(fresh).length >= 2, `sample tables: ${JSON.stringify(fresh)}`);
  });

  it('--reset-samples brings changed sample tables back to the rows a fresh start creates', async () => {
    assert.ok(running, 'the first start failed');
    await change(running.remote);
    assert.notDeepEqual(await snapshot(running.remote), fresh, 'the change did not change the samples');
    await stop(running);
    running = await start(dir, ['--reset-samples']);
    log(running, 'restart with --reset-samples');
    assert.ok(Math.abs(running.readySeconds - running.wallSeconds) <= 3, `the ready line says ${running.readySeconds} s, the command took ${running.wallSeconds.toFixed(1)} s`);
    assert.deepEqual(await snapshot(running.remote), fresh, 'the reset samples differ from a fresh start');
  });

  it('a restart without the option keeps the samples', async () => {
    await stop(running);
    running = await start(dir, []);
    log(running, 'restart (samples exist)');
    assert.deepEqual(await snapshot(running.remote), fresh);
    await stop(running);
  });
});
