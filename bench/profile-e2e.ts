// Profiling helper for figure 2 (not part of npm run bench): one collect of the 5M-row query by our client.
//   bash scripts/with-server.sh node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-e2e.ts
import { SparkConnectSession } from '../src/client/session';
import { QUERY } from './e2e-query';

async function main(): Promise<void> {
  const session = await SparkConnectSession.connect(process.env.SPARK_REMOTE ?? '');
  const rows = Number(process.env.BENCH_ROWS ?? 5_000_000);
  for (let i = 0; i < 2; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const table = await (await session.sql(QUERY(rows))).collect();
    const c = process.cpuUsage(c0);
    console.log(`${table.numRows} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${((c.user + c.system) / 1e6).toFixed(2)} s (user ${(c.user / 1e6).toFixed(2)}, sys ${(c.system / 1e6).toFixed(2)})`);
  }
  await session.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
