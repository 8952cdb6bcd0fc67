// UI scenario of issue #18 point 14: after every grid is closed, the extension host gives its memory back. Measured in
// the real extension host of this code-server (its process group, `--type=extensionHost`), from /proc: RSS when idle
// after connecting, the peak while a result larger than the grid's memory budget streams in (the rest spills to disk)
// and the grid jumps to its last row, then every 500 ms for 30 s after every editor is closed. The figures go to the
// scenario's output, to memory-returns.json in the artifacts folder and, as a text file, into the last screenshot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/** Issue goal: within 30 s of the last grid closing, RSS within 50 MB of the idle baseline. */
const SLACK_MB = 50;
const RETURN_S = 30;
const ROWS = Number(process.env.DCE_E2E_MEMORY_ROWS ?? 7_500_000);
// 10 BIGINT columns: 80 bytes of Arrow a row, 600 MB for 7.5M rows (the default budget is 512 MB: the rest spills)
const STATEMENT = `SELECT id, ${Array.from({ length: 9 }, (_, i) => `id * ${i + 2} AS c${i + 2}`).join(', ')} FROM range(${ROWS})`;

const MB = 1e6;
const readProc = (pid, file) => { try { return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8'); } catch { return ''; } };

/** Parent pid of every process. */
function parents() {
  const map = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(name, 'stat');
    map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])); // state ppid …
  }
  return map;
}

/** The extension host started by the code-server of pid `root` (a descendant with --type=extensionHost). */
function extensionHostPid(root) {
  const ppid = parents();
  const descends = (pid) => { for (let p = pid, i = 0; p > 1 && i < 64; p = ppid.get(p) ?? 0, i++) if (p === root) return true; return false; };
  const hosts = [...ppid.keys()].filter((pid) => descends(pid) && readProc(pid, 'cmdline').includes('--type=extensionHost'));
  if (hosts.length !== 1) throw new Error(`${hosts.length} extension hosts under code-server ${root}: ${hosts.join(', ')}`);
  return hosts[0];
}

/** Resident memory of a process, in bytes. */
function rss(pid) {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'))?.[1];
  if (!kb) throw new Error(`the extension host ${pid} is gone`);
  return Number(kb) * 1024;
}

/**
 * Resident memory by kind of mapping, in MB (from /proc/PID/smaps): glibc's main heap ([heap]), anonymous mappings
 * (V8's pages, large mallocs, other arenas) and file-backed ones (code, spill files): where what stays is held.
 */
function rssByKind(pid) {
  const kinds = { heap: 0, anon: 0, file: 0 };
  let kind = 'anon';
  for (const line of readProc(pid, 'smaps').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) kind = head[1] === '[heap]' ? 'heap' : head[1].startsWith('/') ? 'file' : 'anon';
    const m = /^Rss:\s+(\d+) kB/.exec(line);
    if (m) kinds[kind] += Number(m[1]) * 1024;
  }
  return Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, +(v / MB).toFixed(1)]));
}

/** The grid's spill folders (delta-grid-*) in the extension host's temp folder. */
const spillDirs = (tmpDir) => fs.readdirSync(tmpDir).filter((f) => f.startsWith('delta-grid-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Median RSS of a few samples over two seconds: the idle baseline. */
async function idleRss(pid) {
  const samples = [];
  for (let i = 0; i < 5; i++, await sleep(400)) samples.push(rss(pid));
  return samples.sort((a, b) => a - b)[2];
}

/** Runs the large statement, waits for its last row, jumps to the end; returns the peak RSS and the spill seen. */
async function loadLargeResult(d, pid, tmpDir) {
  let peak = rss(pid);
  const sampler = setInterval(() => { try { peak = Math.max(peak, rss(pid)); } catch { /* reported below */ } }, 250);
  try {
    await d.runSqlInput(STATEMENT);
    const grid = await d.readGridCells({ minRows: 1, timeoutMs: 240_000 });
    assert.match(grid.rowCount, new RegExp(`^${ROWS.toLocaleString('en-US')} rows`), `the grid counts ${grid.rowCount}`);
    const spilled = spillDirs(tmpDir).length;
    await d.webview().locator('[role=gridcell]').first().click();
    await d.page.keyboard.press('Control+End');
    const last = String(ROWS - 1);
    await d.waitUntil('the last row in view', async () => (await d.readGridCells({ minRows: 1 })).rows.some((r) => r[0] === last), 60_000);
    await d.screenshot('last-row');
    return { peak: Math.max(peak, rss(pid)), spilled };
  } finally {
    clearInterval(sampler);
  }
}

/** Samples RSS every 500 ms for 30 s after the close; when did it come within the slack of the baseline? */
async function afterClose(pid, baseline) {
  const t0 = Date.now();
  const samples = [];
  let backAfterS;
  while (Date.now() - t0 <= RETURN_S * 1000) {
    const s = (Date.now() - t0) / 1000;
    const above = rss(pid) - baseline;
    samples.push({ s: +s.toFixed(1), aboveBaselineMB: +(above / MB).toFixed(1) });
    if (backAfterS === undefined && above <= SLACK_MB * MB) backAfterS = +s.toFixed(1);
    await sleep(500);
  }
  return { samples, backAfterS };
}

/** Writes the figures as JSON to the artifacts and as text into the workspace, then shows the text. */
async function showFigures(d, ctx, figures) {
  fs.writeFileSync(path.join(d.outDir, 'memory-returns.json'), JSON.stringify(figures, null, 2) + '\n');
  const text = [
    `memory-returns: extension host pid ${figures.pid}, ${figures.rows.toLocaleString('en-US')} rows × 10 BIGINT`,
    `idle baseline RSS     ${figures.baselineMB} MB`,
    `peak RSS              ${figures.peakMB} MB (spill folders while loaded: ${figures.spillFoldersLoaded})`,
    `30 s after close      ${figures.finalAboveBaselineMB} MB above baseline (goal ≤ ${SLACK_MB} MB within ${RETURN_S} s)`,
    `back within ${SLACK_MB} MB after ${figures.backAfterS === null ? 'never (not within 30 s)' : `${figures.backAfterS} s`}`,
    `spill folders left    ${figures.spillFoldersLeft}`,
    `RSS by kind (MB)      idle ${JSON.stringify(figures.rssByKindMB.baseline)}, 30 s after close ${JSON.stringify(figures.rssByKindMB.after)}`,
    '',
    'MB above baseline, every 500 ms after closing every editor:',
    ...Array.from({ length: Math.ceil(figures.samples.length / 8) }, (_r, i) =>
      figures.samples.slice(i * 8, i * 8 + 8).map((x) => `${x.s}s ${x.aboveBaselineMB}`.padEnd(11)).join(' ')),
  ].join('\n');
  d.log(text.replace(/^/gm, '    '));
  fs.writeFileSync(path.join(ctx.workspace, 'memory-figures.txt'), text + '\n');
  // showing the text is for the screenshot only: the figures are in the log and the JSON already, and a Quick Open
  // that has not indexed the new file yet (seen once at the end of a full run) must not decide the verdict
  try {
    await d.openFile('memory-figures.txt');
    await d.screenshot('figures');
  } catch (e) {
    d.log(`    (the figures file was not shown: ${String(e.message ?? e).split('\n')[0]})`);
  }
}

export const memoryScenarios = [
  {
    slug: 'memory-returns',
    name: `memory comes back: after a ${ROWS.toLocaleString('en-US')}-row result (past the memory budget, spilled) is closed, the extension host's RSS returns within ${RETURN_S} s to within ${SLACK_MB} MB of its idle baseline and no spill file is left`,
    timeoutMs: 420_000,
    // V8's share comes back (a full then a memory-reducing collection after the last grid closes): anonymous RSS was
    // 61.5 MB idle and 66.4 MB 30 s after the close (2026-12-05, alone, 982b271). What stays is glibc's main heap
    // ([heap] 16.7 → 94.2 MB): free memory, between small blocks still in use, that free() never trims and no
    // JavaScript API can hand back (malloc_trim through gdb: [heap] 81.4 → 5.6 MB). It is garbage of the receive
    // path itself: Node's http2 reads the socket into a fresh 64 KiB ArrayBuffer per read, freed only when V8 collects;
    // receiving with nothing stored leaves as much (bench/heapResidue.ts, and bench/RESULTS.md "What stays after the
    // last grid closes"). 49.3 MB above idle at the end of one full run, 52.7, 79.7, 82.6 and 99.3 MB alone.
    knownIssue: "the host's RSS comes back to 49-99 MB above idle (goal 50 MB; 51.7 MB 30 s after closing in the full run of 2026-12-05): V8's memory comes back, glibc's main heap keeps 47-92 MB freed by the receive path (Node's http2 allocates 64 KiB per socket read) that only malloc_trim returns (#18, point 14)",
    async run(d, ctx) {
      await d.openView('Delta Connect');
      await d.runSqlInput('SELECT id FROM range(0, 3)'); // connected, the grid code loaded: the idle state to come back to
      await d.readGridCells({ minRows: 3 });
      const pid = extensionHostPid(ctx.codeServerPid);
      await d.runPaletteCommand('View: Close All Editors');
      await sleep(3000);
      const baseline = await idleRss(pid);
      const baselineKinds = rssByKind(pid);
      const { peak, spilled } = await loadLargeResult(d, pid, ctx.tmpDir);
      await d.runPaletteCommand('View: Close All Editors');
      const { samples, backAfterS } = await afterClose(pid, baseline);
      const left = spillDirs(ctx.tmpDir).length;
      const afterKinds = rssByKind(pid);
      const mb = (b) => +(b / MB).toFixed(1);
      const finalAbove = samples[samples.length - 1].aboveBaselineMB;
      await showFigures(d, ctx, {
        pid, rows: ROWS, statement: STATEMENT, baselineMB: mb(baseline), peakMB: mb(peak), spillFoldersLoaded: spilled,
        finalAboveBaselineMB: finalAbove, backAfterS: backAfterS ?? null, spillFoldersLeft: left, rssByKindMB: { baseline: baselineKinds, after: afterKinds }, samples,
      });
      assert.ok(spilled > 0, 'the result was larger than the memory budget: a spill folder existed while it was loaded');
      assert.equal(left, 0, 'no spill folder is left after the grid closed');
      assert.ok(backAfterS !== undefined, `RSS came back within ${SLACK_MB} MB of the idle baseline within ${RETURN_S} s (after ${RETURN_S} s: ${finalAbove} MB above)`);
      // Coming back means staying back: a host that touched the goal once and drifted above it has not met it.
      assert.ok(finalAbove <= SLACK_MB, `RSS stayed within ${SLACK_MB} MB of the idle baseline: ${RETURN_S} s after closing it is ${finalAbove} MB above (it was back after ${backAfterS} s)`);
    },
  },
];
