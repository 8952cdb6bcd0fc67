import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { spawnGuarded } from '../../src/localServer/processGuard';
import { until } from '../support/until';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};


describe('spawnGuarded (a command that must not outlive us)', function () {
  if (process.platform === 'win32') return;

  it('stops the command when the process that started it is killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'guardedSleeper.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d) => { out += d; });
    await until(() => /pid \d+/.test(out), 'the sleeper to report its pid', 15_000);
    const pid = Number(/pid (\d+)/.exec(out)![1]);
    assert.ok(alive(pid), 'the guarded command is running');
    parent.kill('SIGKILL');
    await until(() => !alive(pid), `the guarded command (pid ${pid}) to stop after its parent died`);
  });

  it('passes the command output through, keeps it running while we live, and ends with its exit code', async () => {
    const child = spawnGuarded('/bin/sh', ['-c', 'echo "$$"; read -t 1 x; echo done; exit 7']);
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const [pid, done] = out.trim().split('\n');
    assert.equal(done, 'done', 'the command ran to its end (its stdin is not ours: read timed out)');
    assert.equal(code, 7);
    assert.ok(!alive(Number(pid)));
  });

  it('the whole group stops with a signal to -pid', async () => {
    const child = spawnGuarded('/bin/sh', ['-c', 'echo "$$"; exec sleep 300']);
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    await until(() => /\d+/.test(out), 'the pid');
    const pid = Number(out.trim());
    process.kill(-child.pid!, 'SIGTERM');
    await until(() => !alive(pid), `pid ${pid} to stop`);
  });
});
