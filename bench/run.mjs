// `npm run bench`: every figure of the "Benchmarks" issue, against a fresh local Spark Connect + Delta server
// (scripts/with-server.sh sets SPARK_REMOTE) and the Python peer from the provisioned venv.
//   BENCH_QUICK=1        smaller data and fewer runs, for iteration (~4 min instead of ~15)
//   BENCH_ONLY=a,b       only these figures: decode, transport, memory, e2e, preview, grid, eventloop, health,
//                        firstrows
//   BENCH_NO_WRITE=1     print the table but leave bench/RESULTS.md alone
// Prints one table (min/median/max over runs, ratios of paired runs) and rewrites the generated part of
// bench/RESULTS.md (between the bench:begin/bench:end markers; the hand-written notes around it are kept).
// Benchmarks never run inside npm test, and no test asserts a timing.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH, '..');
const quick = process.env.BENCH_QUICK === '1';
const FIGURES = [
  { name: 'decode', file: 'decode.ts' },
  { name: 'transport', file: 'transport.ts' },
  { name: 'memory', file: 'memory.ts' },
  { name: 'e2e', file: 'e2e.ts', server: true },
  { name: 'preview', file: 'preview.ts', server: true, build: true },
  { name: 'grid', file: 'grid.ts', build: true },
  { name: 'eventloop', file: 'eventloop.ts' },
  { name: 'health', file: 'health.ts', server: true },
  { name: 'firstrows', file: 'firstRows.ts', server: true },
];
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function venvPython() {
  return path.join(sh('bash', ['-c', `. "${REPO}/scripts/lib.sh" && echo "$VENV_DIR"`]), 'bin', 'python');
}

function machine() {
  const cpu = os.cpus();
  const py = venvPython();
  return {
    date: new Date().toISOString(),
    nproc: Number(sh('nproc', [])) || cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    python: sh(py, ['-c', 'import sys; print(sys.version.split()[0])']),
    pyspark: sh(py, ['-W', 'ignore', '-c', 'import pyspark, grpc, pyarrow; print(f"pyspark {pyspark.__version__}, grpcio {grpc.__version__}, pyarrow {pyarrow.__version__}")']),
    kernel: `${os.type()} ${os.release()}`,
    commit: sh('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']),
    quick,
  };
}

function load() {
  return os.loadavg().map((x) => +x.toFixed(2));
}

function runFigure(fig) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', path.join(BENCH, fig.file)];
    if (fig.name === 'memory') args.unshift('--expose-gc');
    const t0 = Date.now();
    const loadBefore = load();
    const loads = [];
    const sampler = setInterval(() => loads.push(os.loadavg()[0]), 5_000);
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), (quick ? 10 : 20) * 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      const lineText = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      const seconds = (Date.now() - t0) / 1000;
      const meanLoad = loads.length ? +(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2) : loadBefore[0];
      if (code !== 0 || !lineText) {
        resolve({ name: fig.name, ok: false, error: `exited with ${code}`, seconds, loadBefore, meanLoad, lines: [] });
        return;
      }
      resolve({ name: fig.name, ok: true, seconds, loadBefore, meanLoad, ...JSON.parse(lineText.slice('BENCH_RESULT '.length)) });
    });
  });
}

const fmt = (x) => {
  if (x === undefined || x === null || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
};
const mmm = (s) => (s ? `${fmt(s.min)} / **${fmt(s.median)}** / ${fmt(s.max)}` : '');

function table(results) {
  const rows = [
    '| figure | metric | unit | ours (min / median / max) | yardstick | yardstick (min / median / max) | ratio (min / median / max) | goal | met |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const notes = [];
  for (const r of results) {
    if (!r.ok) {
      rows.push(`| ${r.name} | **failed**: ${r.error} | | | | | | | |`);
      continue;
    }
    for (const l of r.lines) {
      const met = l.goal ? (l.met ? 'yes' : '**no**') : '';
      rows.push(`| ${l.figure} | ${l.metric} | ${l.unit} | ${mmm(l.ours)} | ${l.yardstick ? l.yardstickName ?? '' : ''} | ${mmm(l.yardstick)} | ${l.ratio ? mmm(l.ratio) + ' ×' : ''} | ${l.goal ?? ''} | ${met} |`);
      if (l.note) notes.push(`- ${l.figure}, ${l.metric}: ${l.note}`);
    }
  }
  return { rows, notes };
}

function plain(results) {
  const out = [];
  for (const r of results) {
    if (!r.ok) {
      out.push(`${r.name}: FAILED (${r.error})`);
      continue;
    }
    for (const l of r.lines) {
      const s = (x) => (x ? `${fmt(x.min)}/${fmt(x.median)}/${fmt(x.max)}` : '-');
      out.push(`${l.figure.padEnd(14)} ${l.metric}`);
      out.push(`${''.padEnd(14)}   ours ${s(l.ours)} ${l.unit}${l.yardstick ? `   ${l.yardstickName}: ${s(l.yardstick)}` : ''}${l.ratio ? `   ratio ${s(l.ratio)}×` : ''}${l.goal ? `   goal ${l.goal}: ${l.met ? 'met' : 'NOT MET'}` : ''}`);
    }
  }
  return out.join('\n');
}

async function main() {
  if (!process.env.SPARK_REMOTE) console.error('[bench] SPARK_REMOTE is not set: the e2e and preview figures need `npm run bench` (scripts/with-server.sh).');
  const facts = machine();
  const uptimeBefore = sh('uptime', []);
  console.error(`[bench] ${facts.cpuModel}, ${facts.nproc} cores, ${facts.memoryGiB} GiB, node ${facts.node}, python ${facts.python}${quick ? ' (quick mode)' : ''}`);
  console.error(`[bench] ${uptimeBefore}`);
  const figures = FIGURES.filter((f) => !only || only.has(f.name));
  if (figures.some((f) => f.build)) {
    console.error('[bench] building the grid webview bundle (scripts/build.mjs)');
    execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
  }
  const results = [];
  for (const fig of figures) {
    if (fig.server && !process.env.SPARK_REMOTE) {
      results.push({ name: fig.name, ok: false, error: 'needs SPARK_REMOTE (run npm run bench)', lines: [] });
      continue;
    }
    console.error(`[bench] === ${fig.name} (load ${load().join(' ')})`);
    const r = await runFigure(fig);
    console.error(`[bench] === ${fig.name}: ${r.ok ? 'done' : 'FAILED'} in ${r.seconds.toFixed(0)} s, mean load ${r.meanLoad}`);
    results.push(r);
  }
  const uptimeAfter = sh('uptime', []);
  console.log('\n' + plain(results));
  const { rows, notes } = table(results);
  const generated = [
    '<!-- bench:begin (written by bench/run.mjs; edit outside the markers) -->',
    `Run of ${facts.date}${quick ? ' — **quick mode** (BENCH_QUICK=1: smaller data, fewer runs)' : ''}, commit ${facts.commit}.`,
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${facts.cpuModel}, nproc ${facts.nproc} |`,
    `| memory | ${facts.memoryGiB} GiB |`,
    `| kernel | ${facts.kernel} |`,
    `| node | ${facts.node} |`,
    `| python | ${facts.python} (${facts.pyspark}) |`,
    `| uptime before | \`${uptimeBefore}\` |`,
    `| uptime after | \`${uptimeAfter}\` |`,
    `| per figure: seconds, mean 1-min load | ${results.map((r) => `${r.name} ${r.seconds?.toFixed(0) ?? '–'} s @ ${r.meanLoad ?? '–'}`).join('; ')} |`,
    '',
    ...rows,
    '',
    'Notes from the figures:',
    '',
    ...notes,
    '<!-- bench:end -->',
  ].join('\n');
  fs.mkdirSync(path.join(BENCH, '.out'), { recursive: true });
  fs.writeFileSync(path.join(BENCH, '.out', `run-${facts.date.replace(/[:.]/g, '-')}.json`), JSON.stringify({ facts, uptimeBefore, uptimeAfter, results }, null, 2));
  if (process.env.BENCH_NO_WRITE !== '1') {
    const file = path.join(BENCH, 'RESULTS.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n<!-- bench:begin -->\n<!-- bench:end -->\n';
    const begin = old.indexOf('<!-- bench:begin');
    const end = old.indexOf('<!-- bench:end -->');
    const next = begin >= 0 && end > begin ? old.slice(0, begin) + generated + old.slice(end + '<!-- bench:end -->'.length) : `${old}\n${generated}\n`;
    fs.writeFileSync(file, next);
    console.error(`[bench] wrote ${path.relative(REPO, file)}`);
  }
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
