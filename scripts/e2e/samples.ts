// Sample Delta tables for `npm start` (schema `samples`), created through the project's TypeScript client when
// they do not exist yet; a table whose creation failed half-way is dropped so the next start tries again.
//   SPARK_REMOTE=sc://127.0.0.1:PORT npx tsx scripts/e2e/samples.ts
//   DCE_RESET_SAMPLES=1 drops the schema (and its tables' files) first, so the samples start over
//   samples.trips      partitioned by day; versions from inserts, an update, a delete and OPTIMIZE
//   samples.customers  a few versions (insert, update, insert)
//   samples.orders     inserts and a MERGE of status changes
import { SparkConnectSession } from '../../src/client/session';

const SCHEMA = 'samples';

interface Sample {
  name: string;
  steps: string[];
}

const SAMPLES: Sample[] = [
  {
    name: 'trips',
    steps: [
      `CREATE TABLE ${SCHEMA}.trips (trip_id BIGINT, pickup_ts TIMESTAMP, day DATE, city STRING, distance_km DOUBLE,
         fare DECIMAL(10,2), payment STRING) USING delta PARTITIONED BY (day)
         COMMENT 'Taxi trips: partitioned by day, with a history of inserts, an update, a delete and OPTIMIZE'`,
      ...[1, 2, 3].map((d) => `INSERT INTO ${SCHEMA}.trips
         SELECT ${d} * 1000 + id, TIMESTAMP'2024-05-0${d} 06:00:00' + make_interval(0, 0, 0, 0, 0, CAST(id * 7 % 960 AS INT), 0),
           DATE'2024-05-0${d}', element_at(array('Lisbon', 'Oslo', 'Kyoto', 'Nairobi', 'Quito', 'Lima'), CAST(id % 6 + 1 AS INT)),
           round(0.5 + (id * 37 % 250) / 10.0, 1), CAST(3.5 + (id * 37 % 250) / 10.0 * 1.8 AS DECIMAL(10,2)),
           CASE WHEN id % 4 = 0 THEN 'cash' ELSE 'card' END
         FROM range(200)`),
      `UPDATE ${SCHEMA}.trips SET fare = fare + 2.50 WHERE payment = 'cash' AND day = DATE'2024-05-01'`,
      `DELETE FROM ${SCHEMA}.trips WHERE distance_km < 1.0`,
      `OPTIMIZE ${SCHEMA}.trips`,
    ],
  },
  {
    name: 'customers',
    steps: [
      `CREATE TABLE ${SCHEMA}.customers (customer_id INT, name STRING, country STRING, signup_date DATE, vip BOOLEAN) USING delta
         COMMENT 'Customers'`,
      `INSERT INTO ${SCHEMA}.customers
         SELECT CAST(id AS INT), concat(element_at(array('Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Edsger', 'Frances'), CAST(id % 8 + 1 AS INT)), ' #', id),
           element_at(array('PT', 'NO', 'JP', 'KE', 'EC', 'PE', 'DE', 'US'), CAST(id * 3 % 8 + 1 AS INT)),
           date_add(DATE'2023-01-01', CAST(id * 5 AS INT)), id % 10 = 0
         FROM range(1, 61)`,
      `UPDATE ${SCHEMA}.customers SET vip = true WHERE customer_id IN (7, 13, 42)`,
      `INSERT INTO ${SCHEMA}.customers VALUES (61, 'Tim #61', 'GB', DATE'2024-06-01', false), (62, 'Katherine #62', 'US', DATE'2024-06-02', true)`,
    ],
  },
  {
    name: 'orders',
    steps: [
      `CREATE TABLE ${SCHEMA}.orders (order_id BIGINT, customer_id INT, order_ts TIMESTAMP, amount DECIMAL(10,2), status STRING) USING delta
         COMMENT 'Orders: inserts, then a MERGE of status changes'`,
      `INSERT INTO ${SCHEMA}.orders
         SELECT id, CAST(id * 7 % 62 + 1 AS INT), TIMESTAMP'2024-05-01 00:00:00' + make_interval(0, 0, 0, 0, CAST(id % 720 AS INT), 0, 0),
           CAST((id * 13 % 400) + 9.99 AS DECIMAL(10,2)), 'placed'
         FROM range(1, 501)`,
      `MERGE INTO ${SCHEMA}.orders AS t
         USING (SELECT id AS order_id, CASE WHEN id % 3 = 0 THEN 'shipped' ELSE 'delivered' END AS status FROM range(1, 301)) AS s
         ON t.order_id = s.order_id
         WHEN MATCHED THEN UPDATE SET status = s.status`,
      `INSERT INTO ${SCHEMA}.orders VALUES (501, 61, TIMESTAMP'2024-06-01 10:00:00', 42.00, 'placed')`,
    ],
  },
];

/** Runs a sample's steps in order; a table whose creation failed half-way is dropped so the next start tries again. */
async function create(session: SparkConnectSession, sample: Sample): Promise<void> {
  const started = Date.now();
  try {
    for (const step of sample.steps) await session.sql(step);
  } catch (err) {
    await session.sql(`DROP TABLE IF EXISTS ${SCHEMA}.${sample.name}`).catch(() => undefined);
    throw err;
  }
  console.log(`[samples] ${SCHEMA}.${sample.name}: created with ${sample.steps.length} versions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const remote = process.env.SPARK_REMOTE;
  if (!remote) throw new Error('SPARK_REMOTE is not set');
  const t0 = Date.now();
  const session = await SparkConnectSession.connect(remote);
  try {
    if (process.env.DCE_RESET_SAMPLES === '1') {
      await session.sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      console.log(`[samples] ${SCHEMA}: dropped with every table in it (--reset-samples)`);
    }
    await session.sql(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA} COMMENT 'Sample Delta tables created by npm start'`);
    const existing = new Set((await session.catalog.listTables(SCHEMA)).map((t) => t.name));
    for (const sample of SAMPLES.filter((x) => existing.has(x.name))) console.log(`[samples] ${SCHEMA}.${sample.name}: exists`);
    // the tables are independent: created side by side, each one's steps in order
    const created = await Promise.allSettled(SAMPLES.filter((x) => !existing.has(x.name)).map((sample) => create(session, sample)));
    const failed = created.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    await session.close();
  }
  console.log(`[samples] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error('[samples] failed:', err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
