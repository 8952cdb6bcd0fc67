// Child processes that must not outlive the extension host: a server started from VS Code stops when VS Code goes
// away, even when the extension host is killed and never runs its dispose handlers.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

// A small POSIX shell between us and the command. Its stdin is a pipe from this process that we never write to:
// when this process ends for any reason, the kernel closes the pipe, `cat` sees end-of-file and the command gets
// SIGTERM. The command itself gets /dev/null as stdin (background jobs of a non-interactive shell do anyway).
const GUARD = [
  'exec 3<&0 </dev/null',
  '"$@" 3<&- &',
  'server=$!',
  '( cat <&3 >/dev/null; kill -TERM "$server" 2>/dev/null ) &',
  'exec 3<&-',
  'wait "$server"',
].join('\n');

/**
 * Spawns `command args` so that it is stopped (SIGTERM) when this process exits, however it exits. The returned
 * child is the guard shell (detached: its own process group, so `process.kill(-child.pid)` reaches the command too);
 * its stdout/stderr are the command's. `options.stdio[0]` is always our pipe; do not write to it or end it while the
 * command should run. On Windows the command is spawned directly (Job objects end it with the parent there only if
 * VS Code sets them up; stop it explicitly).
 */
export function spawnGuarded(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  if (process.platform === 'win32') return spawn(command, args, options);
  const stdio = Array.isArray(options.stdio) ? ['pipe', ...options.stdio.slice(1)] : ['pipe', 'pipe', 'pipe'];
  const child = spawn('/bin/sh', ['-c', GUARD, 'dce-guard', command, ...args], { ...options, stdio: stdio as SpawnOptions['stdio'], detached: true });
  // Once the command is gone, close our end so the watcher `cat` ends too.
  child.once('exit', () => child.stdin?.destroy());
  return child;
}
