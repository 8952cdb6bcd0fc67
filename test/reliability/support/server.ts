// A local Spark Connect + Delta server these tests own: started and stopped through scripts/start-server.sh and
// scripts/stop-server.sh, killed with SIGKILL and started again on the same port and data dir.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

/** One server process, restartable on the same port and data dir. */
export class LocalServer {
  private constructor(
    readonly port: number,
    public pid: number,
    readonly dataDir: string,
    private readonly confs: string[],
  ) {}

  /** Starts a server on a free port with a fresh data dir; confs are passed as --conf key=value. */
  static async start(confs: string[] = []): Promise<LocalServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'dce-reliability-'));
    const port = await freePort();
    const pid = await startScript(port, dataDir, confs);
    return new LocalServer(port, pid, dataDir, confs);
  }

  /** sc:// URL of the plaintext port (add parameters with `;`). */
  url(params = ''): string {
    return `sc://127.0.0.1:${this.port}/${params}`;
  }

  /** SIGKILL to the server's process group: no clean shutdown, no goodbye to clients. */
  kill9(): void {
    process.kill(-this.pid, 'SIGKILL');
  }

  /** Starts the server again on the same port and data dir (after kill9 or stop). */
  async restart(): Promise<void> {
    this.pid = await startScript(this.port, this.dataDir, this.confs);
  }

  /** Stops the server and deletes its data dir unless keepData. */
  async stop(keepData = false): Promise<void> {
    await run(['scripts/stop-server.sh', '--data-dir', this.dataDir]);
    if (!keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The server's log file, for diagnosing a failed test. */
  get logFile(): string {
    return join(this.dataDir, 'server.log');
  }
}

async function startScript(port: number, dataDir: string, confs: string[]): Promise<number> {
  const args = ['scripts/start-server.sh', '--port', String(port), '--data-dir', dataDir];
  for (const c of confs) args.push('--conf', c);
  const out = await run(args);
  const pid = Number(/^PID=(\d+)$/m.exec(out)?.[1]);
  if (!pid) throw new Error(`start-server.sh printed no PID= line:\n${out}`);
  return pid;
}

function run(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('bash', args, {
      cwd: REPO,
      timeout: 240_000,
      env: { ...process.env, DCE_SERVER_DRIVER_MEMORY: process.env.DCE_SERVER_DRIVER_MEMORY ?? '2g' },
    }, (err, stdout, stderr) => {
      if (err) reject(new Error(`bash ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePromise(port));
    });
  });
}
