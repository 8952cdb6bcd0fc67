// Figure 1 — transport: receiving 1 GiB of Arrow in 1 MiB and 4 MiB ExecutePlanResponse messages from the
// yardstick server (bench/yardstick_server.py, grpcio), our client against python grpcio as pyspark uses it,
// alternating run by run. Also, on the same stream: grpc-js alone (default and tuned window, no protobuf), a lean
// node:http2 prototype (bench/lib/leanH2.ts), and raw loopback TCP (Node and Python receivers) as references.
// Reports GB/s and client CPU seconds per GiB received (the latter also feeds figure 6).
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { GRPC_JS_DEFAULTS, GRPC_JS_TUNED, grpcJsRawClient, leanClient, oursClient, Receive, StreamClient } from './lib/nodeClients';
import { pythonPeer, yardstickServer } from './lib/peer';
import { emit, line, Line } from './lib/report';
import { GIB, MIB, quick, ratios, summary } from './lib/stats';

const TOTAL = quick ? 256 * MIB : GIB;
const RUNS = quick ? 3 : 5;
const SIZES = quick ? [MIB] : [MIB, 4 * MIB];

interface PyReceive { seconds: number; bytes: number; cpu: number; messages: number }

const gbps = (r: { bytes: number; seconds: number }) => r.bytes / r.seconds / 1e9;
const cpuPerGib = (r: { bytes: number; cpu: number }) => r.cpu / (r.bytes / GIB);

async function main(): Promise<void> {
  const server = await yardstickServer();
  const py = await pythonPeer();
  const lines: Line[] = [];
  const extra: Record<string, unknown> = {};
  try {
    const clients: StreamClient[] = [
      oursClient(server.target),
      grpcJsRawClient(server.target, 'grpc-js, no protobuf, 64 MiB window', GRPC_JS_TUNED),
      grpcJsRawClient(server.target, 'grpc-js, no protobuf, default window', GRPC_JS_DEFAULTS),
      leanClient(server.target, 'node:http2 lean prototype (16 MiB frames, aligned)'),
    ];
    for (const size of SIZES) {
      const m = await measureSize(size, clients, py, server.target);
      lines.push(...sizeLines(size, clients, m));
      const ours = m.runs[clients[0].name];
      extra[`cpuPerGib_${size / MIB}MiB`] = { ours: summary(ours.map(cpuPerGib)), python: summary(m.pyRuns.map(cpuPerGib)) };
    }
    for (const c of clients) c.close();
    lines.push(...(await loopback(py)));
  } finally {
    await py.quit();
    await server.stop();
  }
  emit(lines, extra);
}

/** The runs of one message size: every client, python with protobuf and python raw. */
interface SizeRuns {
  readonly runs: Record<string, Receive[]>;
  readonly pyRuns: PyReceive[];
  readonly pyRaw: PyReceive[];
}

async function measureSize(size: number, clients: StreamClient[], py: Awaited<ReturnType<typeof pythonPeer>>, target: string): Promise<SizeRuns> {
  const pyCall = (mode: 'pb' | 'raw', total = TOTAL) => py.call<PyReceive>({ cmd: 'transport', target, messageBytes: size, totalBytes: total, mode });
  // Warm-up: the server builds its messages, JITs and channels settle.
  await pyCall('pb', 64 * MIB);
  await pyCall('raw', 64 * MIB);
  for (const c of clients) await c.receive(size, 64 * MIB);
  const runs: Record<string, Receive[]> = {};
  const pyRuns: PyReceive[] = [];
  const pyRaw: PyReceive[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate: python first on odd runs, ours first on even runs; the other clients after.
    if (i % 2 === 1) pyRuns.push(await pyCall('pb'));
    for (const c of clients) {
      (runs[c.name] ??= []).push(await c.receive(size, TOTAL));
      if (c === clients[0] && i % 2 === 0) pyRuns.push(await pyCall('pb'));
    }
    pyRaw.push(await pyCall('raw'));
    process.stderr.write(`  transport ${size / MIB} MiB run ${i + 1}/${RUNS}: python ${gbps(pyRuns[i]).toFixed(2)} GB/s, ours ${gbps(runs[clients[0].name][i]).toFixed(2)} GB/s\n`);
  }
  return { runs, pyRuns, pyRaw };
}

function sizeLines(size: number, clients: StreamClient[], { runs, pyRuns, pyRaw }: SizeRuns): Line[] {
  const label = `${TOTAL / MIB} MiB in ${size / MIB} MiB messages`;
  const ours = runs[clients[0].name];
  const lines: Line[] = [];
  lines.push(line({
    figure: '1 transport', metric: `throughput, ${label}`, unit: 'GB/s', ours: ours.map(gbps), yardstick: pyRuns.map(gbps),
    yardstickName: 'python grpcio (pyspark stub)', ratio: ratios(ours.map(gbps), pyRuns.map(gbps)), goal: '≥ 1.0×',
    met: summary(ratios(ours.map(gbps), pyRuns.map(gbps))).median >= 1,
  }));
  lines.push(line({
    figure: '1 transport', metric: `client CPU per GiB received, ${label}`, unit: 'CPU s/GiB', ours: ours.map(cpuPerGib),
    yardstick: pyRuns.map(cpuPerGib), yardstickName: 'python grpcio (pyspark stub)', ratio: ratios(pyRuns.map(cpuPerGib), ours.map(cpuPerGib)),
    note: 'ratio = python CPU / ours (higher is better for us)',
  }));
  for (const c of clients.slice(1)) {
    const r = runs[c.name];
    lines.push(line({
      figure: '1 transport', metric: `${c.name}, ${label}`, unit: 'GB/s', ours: r.map(gbps), yardstick: pyRuns.map(gbps),
      yardstickName: 'python grpcio (pyspark stub)', ratio: ratios(r.map(gbps), pyRuns.map(gbps)),
      note: `CPU ${summary(r.map(cpuPerGib)).median.toFixed(2)} s/GiB; aligned Arrow payloads ${r[0].aligned}/${r[0].messages - 1}`,
    }));
  }
  lines.push(line({
    figure: '1 transport', metric: `python grpcio raw bytes (no protobuf), ${label}`, unit: 'GB/s', ours: pyRaw.map(gbps),
    yardstick: pyRuns.map(gbps), yardstickName: 'python grpcio (pyspark stub)', ratio: ratios(pyRaw.map(gbps), pyRuns.map(gbps)),
    note: `CPU ${summary(pyRaw.map(cpuPerGib)).median.toFixed(2)} s/GiB`,
  }));
  return lines;
}

/** Raw loopback TCP from a sender process (node, 4 MiB writes) to a Node and a Python receiver: the ceiling. */
async function loopback(py: Awaited<ReturnType<typeof pythonPeer>>): Promise<Line[]> {
  const sender = spawn(process.execPath, ['-e', SENDER, String(TOTAL)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    sender.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    sender.once('exit', (code) => reject(new Error(`TCP sender exited (${code})`)));
  });
  const nodeRecv = () => new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    let got = 0;
    const s = net.connect(port, '127.0.0.1');
    s.on('data', (d) => void (got += d.byteLength));
    s.on('end', () => resolve(got / ((performance.now() - t0) / 1000) / 1e9));
    s.on('error', reject);
  });
  const n: number[] = [];
  const p: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      n.push(await nodeRecv());
      const r = await py.call<{ seconds: number; bytes: number }>({ cmd: 'tcp', port, totalBytes: TOTAL });
      p.push(gbps(r));
    }
  } finally {
    sender.kill('SIGTERM');
  }
  return [line({
    figure: '1 transport', metric: `reference: raw loopback TCP, ${TOTAL / MIB} MiB from a sender process`, unit: 'GB/s', ours: n,
    yardstick: p, yardstickName: 'python socket receiver', ratio: ratios(n, p), note: 'Node net.Socket receiver vs python recv_into',
  })];
}

const SENDER = `
const net = require('node:net');
const total = Number(process.argv[1]);
const chunk = Buffer.alloc(4 * 1024 * 1024, 7);
const srv = net.createServer((sock) => {
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.byteLength;
      if (!sock.write(chunk)) return void sock.once('drain', pump);
    }
    sock.end();
  };
  pump();
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
`;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
