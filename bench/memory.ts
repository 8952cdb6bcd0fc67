// Figure 6 — host memory per GiB of result held, and client CPU per GiB received, on the real path:
// yardstick stream (1 GiB of Arrow in 4 MiB messages) → GrpcTransport → ArrowResult → ResultStore (budget 2 GiB,
// so everything stays in memory, as the grid holds a result). Run with --expose-gc in its own process.
// Memory held = RSS after the stream, after GC, minus RSS before; compared with the Arrow bytes the store holds.
// Goal ≤ 1.2× the Arrow bytes. Peak RSS during the stream is reported too. Each measurement runs in a fresh child
// process (glibc keeps freed 4 MiB blocks for reuse, so a second run in the same process would measure nothing).
// Measured alternately on the same path: GrpcTransport as it was before decodeExecutePlanResponse (plain
// fromBinary, so decodeArrowBatches copies every unaligned payload), and the lean node:http2 prototype
// (bench/lib/leanH2.ts).
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecutePlanRequestSchema, ExecutePlanResponseSchema, type ExecutePlanResponse } from '../src/client/gen/spark/connect/base_pb';
import { GrpcTransport } from '../src/client/transport';
import { parseConnectionString } from '../src/client/connectionString';
import { ArrowResult } from '../src/client/result';
import { ResultStore } from '../src/grid/resultStore';
import * as grpc from '@grpc/grpc-js';
import { benchRequest, EXECUTE_PLAN, GRPC_JS_TUNED } from './lib/nodeClients';
import { LeanH2Channel } from './lib/leanH2';
import { yardstickServer } from './lib/peer';
import { emit, line } from './lib/report';
import { GIB, MIB, quick, ratios } from './lib/stats';

const TOTAL = quick ? 256 * MIB : GIB;
const SIZE = 4 * MIB;
const RUNS = quick ? 2 : 3;

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc');
  g();
  g();
};

interface Measured {
  ratio: number; peak: number; held: number; cpu: number; seconds: number; heapRatio: number;
  /** After dispose: seconds until RSS is within RETURN_SLACK of the idle baseline (undefined: not within 30 s). */
  returnSeconds?: number;
  /** RSS above the idle baseline when it came back, or 30 s after dispose. */
  residual: number;
  /** Spill files left in the store's temporary directory after dispose. */
  spillLeft: number;
}

/** How close to the idle baseline RSS must come after every result is closed (issue goal: 50 MB within 30 s). */
const RETURN_SLACK = 50 * 1e6;
/** The spill variant keeps this much in memory and writes the rest to its temporary directory. */
const SPILL_BUDGET = 128 * MIB;

type Source = (size: number, total: number) => AsyncGenerator<ExecutePlanResponse>;

/** Disposes the store and samples RSS every 250 ms for up to 30 s: when does it come back to the idle baseline? */
async function memoryReturn(store: ResultStore, baseline: number, tempDir: string): Promise<Pick<Measured, 'returnSeconds' | 'residual' | 'spillLeft'>> {
  store.dispose();
  const t0 = performance.now();
  let residual = Infinity;
  for (;;) {
    gc();
    residual = process.memoryUsage.rss() - baseline;
    const seconds = (performance.now() - t0) / 1000;
    if (residual <= RETURN_SLACK || seconds >= 30) {
      // BENCH_DEBUG=1: what JavaScript still holds (heap, ArrayBuffers) against what the process holds (RSS)
      if (process.env.BENCH_DEBUG) process.stderr.write(`  after dispose: ${JSON.stringify(process.memoryUsage())}\n`);
      const spillLeft = fs.readdirSync(tempDir).length;
      return { returnSeconds: residual <= RETURN_SLACK ? seconds : undefined, residual, spillLeft };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function once(source: Source, budget = 2 * GIB): Promise<Measured> {
  gc();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const before = process.memoryUsage();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
  let peak = before.rss;
  const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = new ArrowResult(source(SIZE, TOTAL), new AbortController(), Promise.resolve('bench'));
  let store: ResultStore | undefined;
  for await (const batch of result) {
    store ??= new ResultStore(batch.schema, { memoryBudgetBytes: budget, tempDir });
    store.append(batch);
  }
  store!.finish();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  clearInterval(sampler);
  gc();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const after = process.memoryUsage();
  const held = store!.memoryBytes;
  const out = {
    ratio: (after.rss - before.rss) / held,
    heapRatio: (after.heapUsed + after.external - before.heapUsed - before.external) / held, // external includes arrayBuffers
    peak: (peak - before.rss) / held,
    held,
    cpu: (c.user + c.system) / 1e6 / (held / GIB),
    seconds,
    ...(await memoryReturn(store!, before.rss, tempDir)),
  };
  fs.rmSync(tempDir, { recursive: true, force: true });
  return out;
}

/** Child: one measurement over one source, printed as JSON. */
async function child(kind: string, target: string): Promise<void> {
  let source: Source;
  let close: () => void;
  if (kind === 'lean') {
    const channel = new LeanH2Channel(target);
    source = async function* (size, total) {
      const body = toBinary(ExecutePlanRequestSchema, benchRequest(size, total));
      for await (const m of channel.serverStream(EXECUTE_PLAN, body)) yield fromBinary(ExecutePlanResponseSchema, m, { readUnknownFields: false });
    };
    close = () => channel.close();
  } else if (kind === 'before') {
    // GrpcTransport's channel options with the plain protobuf-es deserializer it had before decodeExecutePlanResponse.
    const client = new grpc.Client(target, grpc.credentials.createInsecure(), GRPC_JS_TUNED);
    source = async function* (size, total) {
      const body = Buffer.from(toBinary(ExecutePlanRequestSchema, benchRequest(size, total)));
      const call = client.makeServerStreamRequest(EXECUTE_PLAN, (b: Buffer) => b, (b: Buffer) => fromBinary(ExecutePlanResponseSchema, b, { readUnknownFields: false }), body, new grpc.Metadata(), {});
      yield* call as AsyncIterable<ExecutePlanResponse>;
    };
    close = () => client.close();
  } else {
    const transport = new GrpcTransport(parseConnectionString(`sc://${target}`));
    source = async function* (size, total) {
      yield* transport.executePlan(benchRequest(size, total));
    };
    close = () => transport.close();
  }
  for await (const _m of source(SIZE, 64 * MIB)) { /* warm-up */ }
  const r = await once(source, kind === 'spill' ? SPILL_BUDGET : 2 * GIB);
  close();
  console.log(JSON.stringify(r));
}

function runChild(kind: string, target: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', ...process.execArgv.filter((a) => a !== '--expose-gc'), __filename, '--child', kind, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured) : reject(new Error(`memory child exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const server = await yardstickServer();
  try {
    const runs: Record<string, Measured[]> = { ours: [], before: [], lean: [], spill: [] };
    const kinds = Object.keys(runs);
    for (let i = 0; i < RUNS; i++) {
      for (const kind of i % 2 === 0 ? kinds : [...kinds].reverse()) {
        const r = await runChild(kind, server.target);
        runs[kind].push(r);
        process.stderr.write(`  memory ${kind}: held ${(r.held / MIB).toFixed(0)} MiB Arrow, RSS ${r.ratio.toFixed(2)}×, peak ${r.peak.toFixed(2)}×, ${r.cpu.toFixed(2)} CPU s/GiB\n`);
      }
    }
    const { ours, before, lean, spill } = runs;
    const back = (m: Measured[]) => m.map((r) => r.residual / 1e6);
    const when = (m: Measured[]) => m.map((r) => (r.returnSeconds === undefined ? 'not within 30 s' : `${r.returnSeconds.toFixed(1)} s`)).join(', ');
    const cpu = (m: Measured[]) => m.map((r) => r.cpu);
    const held = `${(ours[0].held / MIB).toFixed(0)} MiB of Arrow held in a ResultStore`;
    emit([
      line({ figure: '6 host', metric: `RSS held per Arrow byte (${held}, after GC)`, unit: '×', ours: ours.map((r) => r.ratio), goal: '≤ 1.2×', met: Math.max(...ours.map((r) => r.ratio)) <= 1.2, note: `JS heap + external (ArrayBuffers included): ${ours.map((r) => r.heapRatio.toFixed(2)).join(', ')}×` }),
      line({ figure: '6 host', metric: 'peak RSS while receiving, per Arrow byte held', unit: '×', ours: ours.map((r) => r.peak), yardstick: lean.map((r) => r.peak), yardstickName: 'lean prototype' }),
      line({ figure: '6 host', metric: 'client CPU per GiB: receive + decode + store (4 MiB messages)', unit: 'CPU s/GiB', ours: cpu(ours), yardstick: cpu(before), yardstickName: 'before: plain fromBinary, copy in decodeArrowBatches', ratio: ratios(cpu(before), cpu(ours)), note: 'ratio = before / ours (higher is better); transport alone vs python: figure 1' }),
      line({ figure: '6 host', metric: 'same path fed by the lean node:http2 prototype', unit: 'CPU s/GiB', ours: cpu(lean), yardstick: cpu(ours), yardstickName: 'ours (GrpcTransport)', ratio: ratios(cpu(ours), cpu(lean)), note: 'ratio = ours / lean' }),
      line({ figure: '6 host', metric: 'RSS above the idle baseline after the result is closed (held in memory)', unit: 'MB', ours: back(ours), goal: `≤ ${RETURN_SLACK / 1e6} MB within 30 s`, met: ours.every((r) => r.returnSeconds !== undefined), note: `idle baseline = RSS before the query, same process; came back after: ${when(ours)}` }),
      line({ figure: '6 host', metric: `same with a ${SPILL_BUDGET / MIB} MiB budget (the rest spilled to disk)`, unit: 'MB', ours: back(spill), goal: `≤ ${RETURN_SLACK / 1e6} MB within 30 s, no spill file left`, met: spill.every((r) => r.returnSeconds !== undefined && r.spillLeft === 0), note: `came back after: ${when(spill)}; spill files left: ${spill.map((r) => r.spillLeft).join(', ')}` }),
      line({ figure: '6 host', metric: 'wall time: receive + decode + store', unit: 's', ours: ours.map((r) => r.seconds), yardstick: before.map((r) => r.seconds), yardstickName: 'before', ratio: ratios(before.map((r) => r.seconds), ours.map((r) => r.seconds)), note: `lean prototype: ${lean.map((r) => r.seconds.toFixed(2)).join(', ')} s` }),
    ]);
  } finally {
    await server.stop();
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
