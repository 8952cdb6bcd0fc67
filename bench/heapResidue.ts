// What stays in glibc's main heap ([heap]) after a large result is closed, and what changes it. A diagnostic for the
// "memory comes back" goal (the e2e scenario memory-returns measures the goal itself in a real extension host); not a
// figure of `npm run bench`. Run it under the Node the extension host uses (code-server's is Node 24):
//   node --import tsx bench/heapResidue.ts [variant...]
// Each run is a fresh child process (--expose-gc): 600 MiB of Arrow in 4 MiB messages from the yardstick server →
// GrpcTransport → ArrowResult → ResultStore with a 512 MiB budget (the rest spills, as in the grid), then the store
// is disposed, a full and a memory-reducing collection run (memoryRelease.ts, as when the last grid closes) and,
// 3 s later, the heap's resident size is read from /proc/self/smaps. Printed per run: the heap's size at its highest
// (the extent of the [heap] mapping, sampled every 20 ms), what is resident after the close, and the client's CPU.
// Variants:
//   grid         the grid's path as above
//   no-store     the same stream, every batch dropped after decoding (nothing is kept)
//   no-spill     a 2 GiB budget: everything is kept in memory until the close
//   window-1m    a 1 MiB HTTP/2 flow-control window instead of 64 MiB
//   gc-8m        a full collection after every 8 MiB received
//   mmap-128k    glibc's mmap threshold fixed at 128 KiB (MALLOC_MMAP_THRESHOLD_): every 4 MiB message is mapped on
//                its own, only smaller blocks come from the heap
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GrpcTransport } from '../src/client/transport';
import { parseConnectionString } from '../src/client/connectionString';
import { ArrowResult } from '../src/client/result';
import { ResultStore } from '../src/grid/resultStore';
import { collectGarbage } from '../src/grid/memoryRelease';
import { benchRequest } from './lib/nodeClients';
import { yardstickServer } from './lib/peer';

const MIB = 1024 * 1024;
const TOTAL = 600 * MIB;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VARIANTS = ['grid', 'no-store', 'no-spill', 'window-1m', 'gc-8m', 'mmap-128k'];

/** Size of the [heap] mapping (how far the heap has grown), MB. */
function heapExtentMB(): number {
  const m = /^([0-9a-f]+)-([0-9a-f]+) .*\[heap\]$/m.exec(fs.readFileSync('/proc/self/maps', 'utf8'));
  return m ? (parseInt(m[2], 16) - parseInt(m[1], 16)) / 1e6 : 0;
}

/** Resident size of the [heap] mapping, MB. */
function heapResidentMB(): number {
  let inHeap = false;
  let kb = 0;
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) inHeap = head[1] === '[heap]';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && inHeap) kb += Number(rss[1]);
  }
  return kb / 1000;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function child(variant: string, target: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const tuning = variant === 'window-1m' ? { flowControlWindow: MIB } : {};
  const transport = new GrpcTransport(parseConnectionString(`sc://${target}`), {}, tuning);
  for await (const _m of transport.executePlan(benchRequest(4 * MIB, 4 * MIB))) { /* connected, code warm */ }
  gc();
  const before = heapResidentMB();
  let peak = heapExtentMB();
  const sampler = setInterval(() => void (peak = Math.max(peak, heapExtentMB())), 20);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heap-residue-'));
  const c0 = process.cpuUsage();
  const responses = async function* () {
    yield* transport.executePlan(benchRequest(4 * MIB, TOTAL));
  };
  const result = new ArrowResult(responses(), new AbortController(), Promise.resolve('bench'));
  let store: ResultStore | undefined;
  let sinceGc = 0;
  for await (const batch of result) {
    if (variant === 'gc-8m' && (sinceGc += batch.data.byteLength) >= 8 * MIB) {
      sinceGc = 0;
      gc();
    }
    if (variant === 'no-store') continue;
    store ??= new ResultStore(batch.schema, { memoryBudgetBytes: variant === 'no-spill' ? 2048 * MIB : 512 * MIB, tempDir });
    store.append(batch, result.ipcOf(batch));
    if (store.spillBacklog > 0) await store.whenSpillBacklogBelow(0);
  }
  const cpu = process.cpuUsage(c0);
  clearInterval(sampler);
  store?.finish();
  store?.dispose();
  await sleep(500);
  collectGarbage();
  await sleep(3000);
  const after = heapResidentMB();
  transport.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
  console.log(JSON.stringify({ variant, before, peak, after, cpu: (cpu.user + cpu.system) / 1e6 }));
}

function runChild(variant: string, target: string): Promise<{ before: number; peak: number; after: number; cpu: number }> {
  const env = variant === 'mmap-128k' ? { ...process.env, MALLOC_MMAP_THRESHOLD_: String(128 * 1024) } : process.env;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', ...process.execArgv, __filename, '--child', variant, target], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`child ${variant} exited ${code}`))));
  });
}

async function main(variants: string[]): Promise<void> {
  const unknown = variants.filter((v) => !VARIANTS.includes(v));
  if (unknown.length) throw new Error(`unknown variant ${unknown.join(', ')}; one of ${VARIANTS.join(', ')}`);
  const server = await yardstickServer();
  try {
    console.log(`node ${process.version}, ${TOTAL / MIB} MiB in 4 MiB messages; [heap] in MB: before → highest extent → resident 3 s after the close`);
    for (const variant of variants) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runChild(variant, server.target));
      const f = (x: number) => x.toFixed(0).padStart(4);
      console.log(`${variant.padEnd(10)} ${runs.map((r) => `${f(r.before)} →${f(r.peak)} →${f(r.after)} (${r.cpu.toFixed(2)} CPU s)`).join('   ')}`);
    }
  } finally {
    await server.stop();
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main(process.argv.length > 2 ? process.argv.slice(2) : VARIANTS).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
