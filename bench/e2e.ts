// Figure 2 — end to end against the real Spark Connect server (SPARK_REMOTE, from scripts/with-server.sh):
// a 5M-row × 10-column query collected as Arrow by our client (session.sql(q) → DataFrame.collect(), one Arrow
// Table) against pyspark's Spark Connect client (spark.sql(q).toArrow()) on the same server, alternating run by
// run. Goal ≥ 1.0× in rows/s. Also reports the CPU seconds each client process spent.
import { SparkConnectSession } from '../src/client/session';
import { pythonPeer } from './lib/peer';
import { alternate, emit, line } from './lib/report';
import { quick, ratios, summary } from './lib/stats';
import { QUERY } from './e2e-query';

const ROWS = quick ? 1_000_000 : 5_000_000;
const RUNS = quick ? 3 : 5;

interface Run { seconds: number; rows: number; cpu: number }

async function main(): Promise<void> {
  const remote = process.env.SPARK_REMOTE;
  if (!remote) throw new Error('SPARK_REMOTE is not set: run through scripts/with-server.sh (npm run bench)');
  const session = await SparkConnectSession.connect(remote);
  const py = await pythonPeer();
  const query = QUERY(ROWS);
  const ours = async (): Promise<Run> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const table = await (await session.sql(query)).collect();
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (table.numRows !== ROWS) throw new Error(`ours: ${table.numRows} rows`);
    return { seconds, rows: table.numRows, cpu: (c.user + c.system) / 1e6 };
  };
  const python = async (): Promise<Run> => {
    const r = await py.call<Run>({ cmd: 'e2e', remote, query });
    if (r.rows !== ROWS) throw new Error(`python: ${r.rows} rows`);
    return r;
  };
  try {
    // Warm-up: JVM code paths, sessions, JIT on both sides.
    await ours();
    await python();
    const { a, b } = await alternate(RUNS, async () => {
      const r = await ours();
      process.stderr.write(`  e2e ours ${(r.rows / r.seconds / 1e6).toFixed(2)} M rows/s\n`);
      return r;
    }, async () => {
      const r = await python();
      process.stderr.write(`  e2e python ${(r.rows / r.seconds / 1e6).toFixed(2)} M rows/s\n`);
      return r;
    });
    const rps = (r: Run[]) => r.map((x) => x.rows / x.seconds / 1e6);
    const cpu = (r: Run[]) => r.map((x) => x.cpu);
    emit([
      line({
        figure: '2 end to end', metric: `${ROWS / 1e6}M rows × 10 cols from Spark 4.2 (collect as Arrow)`, unit: 'M rows/s',
        ours: rps(a), yardstick: rps(b), yardstickName: 'pyspark toArrow()', ratio: ratios(rps(a), rps(b)), goal: '≥ 1.0×',
        met: summary(ratios(rps(a), rps(b))).median >= 1,
      }),
      line({
        figure: '2 end to end', metric: 'client CPU seconds per query', unit: 'CPU s', ours: cpu(a), yardstick: cpu(b),
        yardstickName: 'pyspark toArrow()', ratio: ratios(cpu(b), cpu(a)), note: 'ratio = python CPU / ours (higher is better for us)',
      }),
    ]);
  } finally {
    await py.quit();
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
