// Figure 8 — Table Health on a table of many small files (100k; 10k with BENCH_QUICK) against the real Spark Connect
// server (SPARK_REMOTE, from scripts/with-server.sh). Health of an unpartitioned table reads DESCRIBE DETAIL, the
// history, the latest checksum file and a listing of _delta_log; the same with `scan` reads every file's
// `_metadata` in one aggregate instead of the checksum (what a partitioned table, or one without checksum files,
// costs). Yardstick in the same run: DESCRIBE DETAIL alone, the least any client pays to learn the file count.
// The table is made once per server data dir (its creation is timed and printed, not part of the figure): Parquet
// files written directly and taken in by CONVERT TO DELTA when the server's data dir is local.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { SparkConnectSession } from '../src/client/session';
import { computeTableHealth, DeltaTable, formatBytes, quoteIdentifier, quoteString } from '../src/client';
import { emit, line } from './lib/report';
import { quick, ratios } from './lib/stats';
import { venvPython } from './lib/peer';

const FILES = quick ? 10_000 : 100_000;
const RUNS = quick ? 3 : 5;
const TABLE = `default.bench_health_${FILES}`;

/**
 * Writes FILES one-row Parquet files with the venv's pyarrow into `dir` (about a millisecond a file; Spark's own
 * writer makes 50-60 files/s on these 2 cores, half an hour for 100k), for CONVERT TO DELTA to take in.
 */
function writeParquetFiles(dir: string): void {
  const script = [
    'import os, sys, pyarrow as pa, pyarrow.parquet as pq',
    'out, n = sys.argv[1], int(sys.argv[2])',
    'os.makedirs(out, exist_ok=True)',
    'for i in range(n):',
    "    pq.write_table(pa.table({'id': pa.array([i], pa.int64()), 'label': pa.array([str(i)])}), f'{out}/part-{i:06d}.parquet')",
  ].join('\n');
  execFileSync(venvPython(), ['-c', script, dir, String(FILES)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The table, made once per server data dir. With the local server's data dir at hand (scripts/with-server.sh), the
 * files are written directly and Delta takes them in with CONVERT TO DELTA (its log; a commit after it writes the checksum); against
 * another server, Spark writes one row per file (slow: the setting is the session's and is reset after the write).
 */
async function ensureTable(session: SparkConnectSession): Promise<string> {
  if ((await (await session.sql(`SHOW TABLES IN default LIKE 'bench_health_${FILES}'`)).collect()).numRows > 0) return 'already made';
  const t0 = performance.now();
  const dataDir = process.env.DCE_SERVER_DATA_DIR;
  let how: string;
  if (dataDir) {
    const dir = path.join(dataDir, `bench_health_${FILES}`);
    writeParquetFiles(dir);
    const written = (performance.now() - t0) / 1000;
    await session.sql(`CONVERT TO DELTA parquet.${quoteIdentifier(dir)} NO STATISTICS`);
    await session.sql(`CREATE TABLE ${TABLE} USING delta LOCATION ${quoteString(dir)}`);
    // CONVERT writes no checksum file; the next commit writes a full one (its histogram from the table's state), as
    // any later write on a converted table does
    await session.sql(`ALTER TABLE ${TABLE} SET TBLPROPERTIES ('bench.made' = 'pyarrow + CONVERT TO DELTA')`);
    how = `${FILES} Parquet files by pyarrow in ${written.toFixed(0)} s, then CONVERT TO DELTA and one commit`;
  } else {
    await session.sql(`CREATE TABLE ${TABLE} (id BIGINT, label STRING) USING delta`);
    await session.sql('SET spark.sql.files.maxRecordsPerFile = 1');
    try {
      await session.sql(`INSERT INTO ${TABLE} SELECT id, CAST(id AS STRING) FROM range(0, ${FILES}, 1, 4)`);
    } finally {
      await session.sql('RESET spark.sql.files.maxRecordsPerFile');
    }
    how = 'INSERT with one row per file';
  }
  const made = `${how}: ${((performance.now() - t0) / 1000).toFixed(0)} s in all`;
  process.stderr.write(`  health: made ${TABLE} (${made})\n`);
  return made;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const remote = process.env.SPARK_REMOTE;
  if (!remote) throw new Error('SPARK_REMOTE is not set: run through scripts/with-server.sh (npm run bench)');
  const session = await SparkConnectSession.connect(remote);
  try {
    const made = await ensureTable(session);
    const table = DeltaTable.forName(session, TABLE);
    const check = await computeTableHealth(session, table, TABLE, formatBytes);
    if (check.scannedFiles !== FILES || check.fileSource !== 'checksum file (.crc)') throw new Error(`health: ${check.scannedFiles} files from ${check.fileSource}`);
    const detail: number[] = [];
    const viaChecksum: number[] = [];
    const viaScan: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      detail.push(await timed(() => table.detailRow()));
      viaChecksum.push(await timed(() => computeTableHealth(session, table, TABLE, formatBytes)));
      viaScan.push(await timed(async () => {
        const h = await computeTableHealth(session, table, TABLE, formatBytes, { scan: true });
        if (h.scannedFiles !== FILES) throw new Error(`scan: ${h.scannedFiles} files`);
      }));
      process.stderr.write(`  health: detail ${detail[i].toFixed(2)} s, checksum ${viaChecksum[i].toFixed(2)} s, scan ${viaScan[i].toFixed(2)} s\n`);
    }
    const n = `${FILES / 1000}k files`;
    emit([
      line({ figure: '8 health', metric: `Table Health, ${n}, from the checksum file`, unit: 's', ours: viaChecksum, yardstick: detail, yardstickName: 'DESCRIBE DETAIL alone', ratio: ratios(viaChecksum, detail), goal: 'seconds', met: Math.max(...viaChecksum) < 10, note: `ratio = health / DESCRIBE DETAIL (lower is better); the table: ${made}` }),
      line({ figure: '8 health', metric: `Table Health, ${n}, scanning _metadata (partitioned tables, no checksum)`, unit: 's', ours: viaScan, yardstick: viaChecksum, yardstickName: 'from the checksum file', ratio: ratios(viaScan, viaChecksum), note: 'ratio = scan / checksum' }),
    ]);
  } finally {
    await session.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
