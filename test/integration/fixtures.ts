// The Delta tables every integration test can rely on. Values are fixed so tests can check them exactly.
import type { SparkConnectSession } from '../../src/client/session';

export const DB = 'dce_it';
export const ALL_TYPES = `${DB}.all_types`;
export const EVENTS = `${DB}.events`;
export const EVENT_ROWS = 1000;

const ALL_TYPES_DDL = `CREATE TABLE ${ALL_TYPES} (
  id INT, b BOOLEAN, tiny TINYINT, small SMALLINT, big BIGINT, f FLOAT, d DOUBLE, dec DECIMAL(38,18), s STRING,
  bin BINARY, dt DATE, ts TIMESTAMP, tsntz TIMESTAMP_NTZ, arr ARRAY<INT>, m MAP<STRING,INT>, st STRUCT<a: INT, b: STRING>
) USING delta`;

// Row 1 has a value in every column, row 2 has NULL in every column but id, row 3 has edge values.
const ALL_TYPES_ROWS = `INSERT INTO ${ALL_TYPES} VALUES
  (1, true, 127, 32767, 9007199254740993, 1.5, 2.25, 12345678901234567890.123456789012345678, 'héllo <b>',
   X'DEADBEEF', DATE'2024-02-29', TIMESTAMP'2024-02-29 12:34:56.789012', TIMESTAMP_NTZ'2024-02-29 12:34:56.789012',
   array(1, NULL, 3), map('k', 1), named_struct('a', 7, 'b', 'x')),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, false, -128, -32768, -9223372036854775808, -0.0, -1e308, -0.000000000000000001, '',
   X'', DATE'1970-01-01', TIMESTAMP'1970-01-01 00:00:00', TIMESTAMP_NTZ'1970-01-01 00:00:00',
   array(), map(), named_struct('a', NULL, 'b', NULL))`;

/** Creates the fixture database and tables, replacing what an earlier run left. */
export async function createFixtures(session: SparkConnectSession): Promise<void> {
  await session.conf.set({ 'spark.sql.session.timeZone': 'UTC' });
  await session.sql(`DROP DATABASE IF EXISTS ${DB} CASCADE`);
  await session.sql(`CREATE DATABASE ${DB}`);
  await session.sql(ALL_TYPES_DDL);
  await session.sql(ALL_TYPES_ROWS);
  await session.sql(`CREATE TABLE ${EVENTS} (id BIGINT, kind STRING, amount DECIMAL(12,2), day STRING) USING delta PARTITIONED BY (day)`);
  await session.sql(`INSERT INTO ${EVENTS} SELECT id, CASE WHEN id % 3 = 0 THEN 'click' ELSE 'view' END, CAST(id AS DECIMAL(12,2)) / 4,
    CONCAT('2024-01-0', CAST(id % 5 + 1 AS STRING)) FROM range(${EVENT_ROWS})`);
}
