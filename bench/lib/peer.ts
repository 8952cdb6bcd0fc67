// Child processes of the figures: the Python peer (bench/py_peer.py) and the yardstick server
// (bench/yardstick_server.py), both run with the project's provisioned venv, talking JSON lines.
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

const BENCH = path.resolve(__dirname, '..');
const REPO = path.resolve(BENCH, '..');

/** The venv's python (scripts/lib.sh VENV_DIR). */
export function venvPython(): string {
  if (process.env.BENCH_PYTHON) return process.env.BENCH_PYTHON;
  const dir = execFileSync('bash', ['-c', `. "${REPO}/scripts/lib.sh" && echo "$VENV_DIR"`], { encoding: 'utf8' }).trim();
  return path.join(dir, 'bin', 'python');
}

/** A long-lived process answering one JSON line per JSON line. */
export class JsonPeer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      if (process.env.BENCH_VERBOSE || /Traceback|Error(?!.*FutureWarning)/.test(text)) process.stderr.write(`[${path.basename(args[args.length - 1] ?? command)}] ${text}`);
    });
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async next(): Promise<Record<string, unknown>> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('peer exited');
    return JSON.parse(value) as Record<string, unknown>;
  }

  async call<T = Record<string, unknown>>(msg: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(JSON.stringify(msg) + '\n');
    const out = await this.next();
    if (out.ok === false) throw new Error(`peer: ${String(out.error)}`);
    return out as T;
  }

  async quit(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end(JSON.stringify({ cmd: 'quit' }) + '\n');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/** The Python peer, ready. */
export async function pythonPeer(): Promise<JsonPeer & { python: string }> {
  const peer = new JsonPeer(venvPython(), ['-u', '-W', 'ignore', path.join(BENCH, 'py_peer.py')]);
  const hello = await peer.next();
  return Object.assign(peer, { python: String(hello.python) });
}

/** The yardstick gRPC server; resolves with its target once it listens. */
export async function yardstickServer(): Promise<{ target: string; pid: number | undefined; stop(): Promise<void> }> {
  const child = spawn(venvPython(), ['-u', '-W', 'ignore', path.join(BENCH, 'yardstick_server.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stderr.write(`[yardstick] ${d}`));
  const rl = readline.createInterface({ input: child.stdout });
  const port = await new Promise<string>((resolve, reject) => {
    rl.on('line', (line) => line.startsWith('PORT=') && resolve(line.slice(5)));
    child.once('exit', (code) => reject(new Error(`yardstick server exited (${code})`)));
  });
  return {
    target: `127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
