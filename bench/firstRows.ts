// Figure 9 — time to first rows of a large SQL query: what a user waits for after Run, against the server's own time
// to its first Arrow batch, on the same server, runs alternating.
//   ours       the extension's Run path in the host: session.sql(q) (the SqlCommand round trip) → firstRowsSource →
//              GridSession → the first 100-row window posted for the webview, as Arrow IPC
//   yardstick  the server's own time to first batch: one ExecutePlan of the query as a SQL relation over grpcio with
//              pyspark's generated stub (bench/py_peer.py "first"), from the request to the first response carrying
//              an Arrow batch — no client work beyond receiving one message
// Both stop the query after the first rows (the grid is closed, the Python call cancelled). Goal: ours ≤ 1.2× the
// yardstick at the median of the paired runs. Also notes the first Arrow response as our own transport saw it.
import { SparkConnectSession } from '../src/client/session';
import { parseConnectionString } from '../src/client/connectionString';
import { firstRowsSource } from '../src/views/resultSources';
import { firstWindow, TimedTransport } from './lib/firstWindow';
import { pythonPeer } from './lib/peer';
import { alternate, emit, line } from './lib/report';
import { quick, ratios, summary } from './lib/stats';
import { QUERY } from './e2e-query';

const ROWS = 3_000_000;
const med = (v: number[]): string => summary(v).median.toFixed(0);
const RUNS = quick ? 3 : 7;

interface OursRun { firstRowsMs: number; sqlMs: number; wireMs: number }

/** One Run: from the statement sent to the first window posted. */
async function ours(session: SparkConnectSession, transport: TimedTransport, query: string): Promise<OursRun> {
  transport.firstAt = 0;
  const t0 = performance.now();
  const df = await session.sql(query);
  const sqlMs = performance.now() - t0;
  const source = await firstRowsSource(df, 'first rows', 'UTC', { signal: new AbortController().signal });
  const { grid, rowsAt } = await firstWindow(source);
  grid.dispose();
  return { firstRowsMs: rowsAt - t0, sqlMs, wireMs: transport.firstAt - t0 };
}

async function main(): Promise<void> {
  const remote = process.env.SPARK_REMOTE;
  if (!remote) throw new Error('SPARK_REMOTE is not set: run through scripts/with-server.sh (npm run bench)');
  const params = parseConnectionString(remote);
  const transport = new TimedTransport(params);
  const session = new SparkConnectSession(params, { transport });
  const py = await pythonPeer();
  const target = `${params.host}:${params.port}`;
  const query = QUERY(ROWS);
  const yardstick = async (): Promise<number> => (await py.call<{ firstMs: number }>({ cmd: 'first', target, query })).firstMs;
  try {
    await ours(session, transport, query); // warm-up: JVM code paths, sessions, JIT on both sides
    await yardstick();
    const { a, b } = await alternate(RUNS, () => ours(session, transport, query), yardstick);
    const mine = a.map((r) => r.firstRowsMs);
    const ratio = ratios(mine, b);
    emit([
      line({
        figure: '9 first rows', metric: `${ROWS / 1e6}M-row SQL query: Run → first 100-row window posted`, unit: 'ms', ours: mine,
        yardstick: b, yardstickName: "server's own time to first Arrow batch (grpcio, pyspark's stub)", ratio,
        goal: '≤ 1.2×', met: summary(ratio).median <= 1.2,
        note: `medians: the SqlCommand round trip ${med(a.map((r) => r.sqlMs))} ms; the first Arrow response out of our transport at ${med(a.map((r) => r.wireMs))} ms`,
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
