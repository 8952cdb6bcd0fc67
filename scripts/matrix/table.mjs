// Prints the matrix results (JSON lines from test/matrix) as two Markdown tables: server × feature and
// server × Delta operation. Usage: node scripts/matrix/table.mjs RESULTS [TIMES] [OUT.md]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const [resultsFile, timesFile, outFile] = process.argv.slice(2);
const rows = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const servers = [...new Set(rows.map((r) => r.server))];
const SYMBOL = { ok: '✓', fail: '✗', unavailable: '—', 'n/a': 'n/a' };
const LABEL = {
  'spark-4.2-dc': 'Spark 4.2.0 + Delta 4.4.0 + Delta Connect plugin', 'spark-4.2': 'Spark 4.2.0 + Delta 4.4.0',
  'spark-4.1': 'Spark 4.1.0 + Delta 4.1.0', 'spark-4.0': 'Spark 4.0.5 + Delta 4.0.1', 'spark-3.5': 'Spark 3.5.7 + Delta 3.3.2',
  'spark-3.4': 'Spark 3.4.0 + Delta 2.4.0',
  'spark-4.3': 'Spark 4.3.0 (no Delta)', sail: 'Sail 0.7.2', 'sail-0.6': 'Sail 0.6.6', cluster: 'standalone cluster (Spark 4.2.0, 2 workers)',
};

function cell(server, feature) {
  const hits = rows.filter((r) => r.server === server && r.feature === feature);
  if (hits.length === 0) return ' ';
  const worst = hits.find((r) => r.outcome === 'fail') ?? hits[0];
  return SYMBOL[worst.outcome] ?? worst.outcome;
}

function table(features, header, prefix = '') {
  const lines = [`| ${header} | ${features.join(' | ')} |`, `|---|${features.map(() => ':-:').join('|')}|`];
  for (const s of servers) lines.push(`| ${LABEL[s] ?? s} | ${features.map((f) => cell(s, prefix + f)).join(' | ')} |`);
  return lines.join('\n');
}

const ORDER = ['connect', 'catalog tree', 'preview', 'SQL parameters', 'reattach', 'interrupt', 'progress', 'error class', 'error details', 'result chunking'];
const rank = (f) => (ORDER.includes(f) ? ORDER.indexOf(f) : ORDER.length);
const features = [...new Set(rows.map((r) => r.feature).filter((f) => !f.startsWith('delta: ')))].sort((a, b) => rank(a) - rank(b));
const deltaOps = [...new Set(rows.map((r) => r.feature).filter((f) => f.startsWith('delta: ')))];
// One note per server and cause: the Delta operations of a server usually fail or lack for one reason.
const notes = rows.filter((r) => r.outcome !== 'ok' && r.note).map((r) => {
  const what = r.feature.startsWith('delta: ') ? 'Delta operations' : r.feature;
  return `- ${LABEL[r.server] ?? r.server}, ${what}: ${SYMBOL[r.outcome]} ${r.note}`;
});
const out = [
  table(features, 'server'),
  '',
  deltaOps.length ? table(deltaOps.map((f) => f.slice('delta: '.length)), 'Delta operation', 'delta: ') : '',
  '',
  '✓ works · ✗ fails · — not available on this server (the extension says so) · n/a does not apply',
  '',
  ...new Set(notes),
].join('\n');
console.log(`\nServer matrix:\n\n${out}\n`);
if (timesFile && existsSync(timesFile)) {
  const times = readFileSync(timesFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '));
  const total = times.reduce((sum, [, p, r]) => sum + Number(p) + Number(r), 0);
  console.log(`Wall time: ${times.map(([id, p, r]) => `${id} ${p}+${r} s`).join(', ')}; total ${total} s (provisioning + server and suite)`);
}
if (outFile) writeFileSync(outFile, `${out}\n`);
