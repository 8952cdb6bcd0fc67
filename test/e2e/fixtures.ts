// Creates the e2e fixtures (schema `e2e`, Delta tables with history; see lib/fixtureSpec.cjs) through the
// project's own TypeScript client, replacing whatever an earlier run left.
//   SPARK_REMOTE=sc://127.0.0.1:PORT npx tsx test/e2e/fixtures.ts
import { SparkConnectSession } from '../../src/client/session';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('./lib/fixtureSpec.cjs') as {
  SCHEMA: string;
  OPS_SCHEMA: string;
  OPS_TABLES: Array<{ name: string; ddl: string; steps: string[] }>;
  FEATURE_TABLES: Array<{ name: string; ddl: string; steps: string[] }>;
  CREATED: { sampleSchema: string };
  TABLES: Array<{ name: string; ddl: string; steps: string[]; rows: string[][]; latestVersion: number }>;
};

async function main(): Promise<void> {
  const remote = process.env.SPARK_REMOTE;
  if (!remote) throw new Error('SPARK_REMOTE is not set: run through scripts/with-server.sh');
  const t0 = Date.now();
  const session = await SparkConnectSession.connect(remote);
  try {
    await session.sql(`DROP SCHEMA IF EXISTS ${spec.SCHEMA} CASCADE`);
    await session.sql(`CREATE SCHEMA ${spec.SCHEMA}`);
    await session.sql(`DROP SCHEMA IF EXISTS ${spec.OPS_SCHEMA} CASCADE`);
    await session.sql(`CREATE SCHEMA ${spec.OPS_SCHEMA}`);
    await session.sql(`DROP SCHEMA IF EXISTS ${spec.CREATED.sampleSchema} CASCADE`);
    // The tables are independent: build them concurrently.
    await Promise.all([...spec.TABLES, ...spec.OPS_TABLES, ...spec.FEATURE_TABLES].map(async (t) => {
      await session.sql(t.ddl);
      for (const step of t.steps) await session.sql(step);
    }));
  } finally {
    await session.close();
  }
  console.log(`[fixtures] schema ${spec.SCHEMA}: ${spec.TABLES.map((t) => `${t.name} (${t.rows.length} rows, v${t.latestVersion})`).join(', ')}; ${spec.OPS_SCHEMA}: ${[...spec.OPS_TABLES, ...spec.FEATURE_TABLES].map((t) => t.name).join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error('[fixtures] failed:', err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
