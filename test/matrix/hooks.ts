// The lean suite of one server of the matrix (scripts/matrix/run.sh): one session, a small Delta table (a Parquet one
// where the server has no Delta), and a record of what worked, for the closing server × feature table.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { SparkConnectSession } from '../../src/client/session';

/** What the runner tells the suite about the server under test. */
export const server = {
  id: process.env.DCE_MATRIX_SERVER ?? 'unknown',
  /** The Spark version the server must report ("" for Sail, which reports the pyspark next to it). */
  spark: process.env.DCE_MATRIX_SPARK ?? '',
  /** "none" when the server runs without Delta Lake. */
  delta: process.env.DCE_MATRIX_DELTA ?? 'none',
  /** The server has our Delta Connect plugin (else Delta operations go over SQL). */
  deltaConnect: process.env.DCE_MATRIX_DELTA_CONNECT === '1',
  sail: /^sail(-|$)/.test(process.env.DCE_MATRIX_SERVER ?? ''),
  dataDir: process.env.DCE_SERVER_DATA_DIR ?? '',
};
export const DB = 'dce_matrix';
export const EVENTS = `${DB}.events`;
export const EVENT_ROWS = 100;

let shared: SparkConnectSession | undefined;
export function session(): SparkConnectSession {
  if (!shared) throw new Error('No session: the matrix suite runs under scripts/matrix/run.sh (SPARK_REMOTE).');
  return shared;
}
export function remote(): string {
  const value = process.env.SPARK_REMOTE;
  if (!value) throw new Error('SPARK_REMOTE is not set: run the matrix suite through scripts/matrix/run.sh');
  return value;
}

export type Outcome = 'ok' | 'fail' | 'unavailable' | 'n/a';
/** Writes one cell of the server × feature table (scripts/matrix/table.mjs reads the file). */
export function record(feature: string, outcome: Outcome, note = ''): void {
  const file = process.env.DCE_MATRIX_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify({ server: server.id, feature, outcome, note: note.split('\n')[0].slice(0, 160) })}\n`);
}

/** Runs a check and records its outcome; a failure is rethrown, so the test fails too. */
export async function feature(name: string, check: () => Promise<Outcome | void>, note?: () => string): Promise<void> {
  try {
    record(name, (await check()) ?? 'ok', note?.() ?? '');
  } catch (err) {
    record(name, 'fail', err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** CREATE TABLE … USING delta, or USING parquet on a server without Delta. */
export const FORMAT = server.delta === 'none' ? 'parquet' : 'delta';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(300_000);
    shared = await SparkConnectSession.connect(remote());
    await shared.conf.set({ 'spark.sql.session.timeZone': 'UTC' });
    // Sail keeps its catalog per session in memory; its default warehouse (spark-warehouse) is relative, which Delta refuses.
    if (server.sail) await shared.conf.set({ 'spark.sql.warehouse.dir': join(server.dataDir, 'warehouse') });
    await shared.sql(`DROP DATABASE IF EXISTS ${DB} CASCADE`);
    await shared.sql(`CREATE DATABASE ${DB}`);
    await shared.sql(`CREATE TABLE ${EVENTS} (id BIGINT, kind STRING, amount DOUBLE) USING ${FORMAT}`);
    await shared.sql(`INSERT INTO ${EVENTS} SELECT id, CASE WHEN id % 3 = 0 THEN 'click' ELSE 'view' END, id / 4.0 FROM range(${EVENT_ROWS})`);
  },
  async afterAll() {
    await shared?.close();
  },
};
