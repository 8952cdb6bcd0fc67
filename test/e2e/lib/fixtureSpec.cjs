// The Delta tables the e2e tests browse and preview: created by test/e2e/fixtures.ts before VS Code starts,
// read by the extension-host suite and the UI scenarios to know what to expect. Plain data, no dependencies.
'use strict';

const SCHEMA = 'e2e';

/** e2e.trips: partitioned by day, 5 versions: create, insert, insert, delete (a whole partition), insert.
 *  (Row-level UPDATE/DELETE take 5-9 s each on a cold server; these steps keep the fixtures at a few seconds.) */
const TRIPS = {
  name: 'trips',
  ddl: `CREATE TABLE ${SCHEMA}.trips (id INT, city STRING, fare DECIMAL(8,2), day DATE) USING delta PARTITIONED BY (day)`,
  steps: [
    `INSERT INTO ${SCHEMA}.trips VALUES
      (1, 'Lisbon', 12.50, DATE'2024-05-01'), (2, 'Oslo', 30.00, DATE'2024-05-01'),
      (3, 'Lisbon', 8.75, DATE'2024-05-02'), (4, 'Kyoto', 22.10, DATE'2024-05-02')`,
    `INSERT INTO ${SCHEMA}.trips VALUES (5, 'Oslo', 41.20, DATE'2024-05-03'), (6, 'Quito', 5.00, DATE'2024-05-03')`,
    `DELETE FROM ${SCHEMA}.trips WHERE day = DATE'2024-05-03'`,
    `INSERT INTO ${SCHEMA}.trips VALUES (7, 'Nairobi', 17.40, DATE'2024-05-03')`,
  ],
  columns: ['id', 'city', 'fare', 'day'],
  /** The rows after all steps, in id order, as text. */
  rows: [
    ['1', 'Lisbon', '12.50', '2024-05-01'],
    ['2', 'Oslo', '30.00', '2024-05-01'],
    ['3', 'Lisbon', '8.75', '2024-05-02'],
    ['4', 'Kyoto', '22.10', '2024-05-02'],
    ['7', 'Nairobi', '17.40', '2024-05-03'],
  ],
  /** DESCRIBE HISTORY operations, newest first. */
  history: ['WRITE', 'DELETE', 'WRITE', 'WRITE', 'CREATE TABLE'],
  latestVersion: 4,
};

/** e2e.cities: a plain (unpartitioned) Delta table with one version. */
const CITIES = {
  name: 'cities',
  ddl: `CREATE TABLE ${SCHEMA}.cities (name STRING, country STRING) USING delta`,
  steps: [`INSERT INTO ${SCHEMA}.cities VALUES ('Lisbon', 'Portugal'), ('Oslo', 'Norway'), ('Kyoto', 'Japan')`],
  columns: ['name', 'country'],
  rows: [['Kyoto', 'Japan'], ['Lisbon', 'Portugal'], ['Oslo', 'Norway']],
  history: ['WRITE', 'CREATE TABLE'],
  latestVersion: 1,
};

/** Schema e2e_ops: one table per write scenario (delete, update, restore, optimize), so that the scenarios do not
 *  depend on each other nor change what the read-only scenarios of schema e2e expect. */
const OPS_SCHEMA = 'e2e_ops';
const opsRows = `(1, 'Lisbon', 12.50), (2, 'Oslo', 30.00), (3, 'Lisbon', 8.75), (4, 'Kyoto', 22.10), (5, 'Oslo', 41.20), (6, 'Quito', 5.00)`;
const opsTable = (name, steps, history) => ({
  name,
  ddl: `CREATE TABLE ${OPS_SCHEMA}.${name} (id INT, city STRING, fare DECIMAL(8,2)) USING delta`,
  steps: steps.map((v) => `INSERT INTO ${OPS_SCHEMA}.${name} VALUES ${v}`),
  columns: ['id', 'city', 'fare'],
  history,
  latestVersion: history.length - 1,
});
const OPS = {
  /** delete: 6 rows, fare > 20 matches 3 of them (ids 2, 4, 5). */
  del: { ...opsTable('del_rows', [opsRows], ['WRITE', 'CREATE TABLE']), condition: 'fare > 20', matching: 3, rowCount: 6 },
  /** update: city = 'Lisboa' where city = 'Lisbon' matches 2 rows. */
  upd: { ...opsTable('upd_rows', [opsRows], ['WRITE', 'CREATE TABLE']), set: "city = 'Lisboa'", condition: "city = 'Lisbon'", matching: 2 },
  /** restore: v1 has 2 rows, v2 adds 4 more. */
  rst: { ...opsTable('rst_versions', [`(1, 'Lisbon', 12.50), (2, 'Oslo', 30.00)`, `(3, 'Lisbon', 8.75), (4, 'Kyoto', 22.10), (5, 'Oslo', 41.20), (6, 'Quito', 5.00)`], ['WRITE', 'WRITE', 'CREATE TABLE']), v1Rows: 2 },
  /** optimize: three inserts of one row each, so at least three small files to compact. */
  opt: opsTable('opt_files', [`(1, 'Lisbon', 12.50)`, `(2, 'Oslo', 30.00)`, `(3, 'Kyoto', 22.10)`], ['WRITE', 'WRITE', 'WRITE', 'CREATE TABLE']),
  // The safety scenarios (ui/scenariosSafety.mjs): each destructive command cancelled, then confirmed, on its own table.
  /** vacuum: the overwrite leaves the first insert's files unreferenced, for a retention-0 vacuum to delete. */
  vac: {
    ...opsTable('vac_files', [opsRows], ['WRITE', 'WRITE', 'CREATE TABLE']),
    steps: [`INSERT INTO ${OPS_SCHEMA}.vac_files VALUES ${opsRows}`, `INSERT OVERWRITE ${OPS_SCHEMA}.vac_files VALUES (7, 'Nairobi', 17.40)`],
  },
  /** vacuumed history: v1's files are dropped by the overwrite (v2) and deleted by a retention-0 vacuum (v3, v4). Not
   * the schema's last table: the e2e driver reads a History expanded at the very bottom of the view as empty. */
  vacd: {
    ...opsTable('hist_vacuumed', [opsRows], ['VACUUM END', 'VACUUM START', 'WRITE', 'WRITE', 'CREATE TABLE']),
    steps: [
      `INSERT INTO ${OPS_SCHEMA}.hist_vacuumed VALUES ${opsRows}`, `INSERT OVERWRITE ${OPS_SCHEMA}.hist_vacuumed VALUES (7, 'Nairobi', 17.40)`,
      'SET spark.databricks.delta.retentionDurationCheck.enabled = false', `VACUUM ${OPS_SCHEMA}.hist_vacuumed RETAIN 0 HOURS`,
      'SET spark.databricks.delta.retentionDurationCheck.enabled = true',
    ],
  },
  /** merge: mrg_source into mrg_target on t.id = s.id updates id 3 and inserts ids 4, 5. */
  mrg: { ...opsTable('mrg_target', [`(1, 'Lisbon', 12.50), (2, 'Oslo', 30.00), (3, 'Kyoto', 22.10)`], ['WRITE', 'CREATE TABLE']), source: 'mrg_source', sourceRows: 3, condition: 't.id = s.id', updated: 1, inserted: 2 },
  mrgSource: opsTable('mrg_source', [`(3, 'Kyoto', 25.00), (4, 'Quito', 5.00), (5, 'Oslo', 41.20)`], ['WRITE', 'CREATE TABLE']),
  /** drop feature: checkConstraints (writer-only, no constraints defined) drops without truncating the history. */
  feat: {
    ...opsTable('feat_drop', [`(1, 'Lisbon', 12.50)`], ['WRITE', 'CREATE TABLE']),
    ddl: `CREATE TABLE ${OPS_SCHEMA}.feat_drop (id INT, city STRING, fare DECIMAL(8,2)) USING delta TBLPROPERTIES ('delta.feature.checkConstraints' = 'supported')`,
    feature: 'checkConstraints',
  },
  /** clone with replace: clone_src (2 rows, v1) over clone_dst, which is empty (OSS Delta replaces only an empty target). */
  clnSource: { ...opsTable('clone_src', [`(1, 'Lisbon', 12.50), (2, 'Oslo', 30.00)`], ['WRITE', 'CREATE TABLE']), rows: 2, target: 'clone_dst' },
  clnTarget: opsTable('clone_dst', [], ['CREATE TABLE']),
  /** create or replace: cor_target (6 rows, v1) replaced by a table with other columns. */
  cor: { ...opsTable('cor_target', [opsRows], ['WRITE', 'CREATE TABLE']), rowCount: 6, newColumns: 'id INT, note STRING' },
  /** table health: a first write of 40 Lisbon rows in one file, then 16 rows (Lisbon and Oslo) spread over 8 tasks
   * (8 to 16 more small files in two partitions, Lisbon the larger), then a DELETE of one row of the 40-row file,
   * which deletion vectors (on) record instead of rewriting the file. Few statements: fixtures run one table per
   * chain, and the longest chain bounds their time. */
  hlt: {
    ...opsTable('health_files', [], ['DELETE', 'WRITE', 'WRITE', 'CREATE TABLE']),
    ddl: `CREATE TABLE ${OPS_SCHEMA}.health_files (id INT, city STRING, fare DECIMAL(8,2)) USING delta PARTITIONED BY (city) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')`,
    steps: [
      `INSERT INTO ${OPS_SCHEMA}.health_files SELECT /*+ REPARTITION(1) */ CAST(id AS INT), 'Lisbon', CAST(12.50 AS DECIMAL(8,2)) FROM range(1, 41)`,
      `INSERT INTO ${OPS_SCHEMA}.health_files SELECT /*+ REPARTITION(8) */ CAST(id AS INT), IF(id % 2 = 0, 'Lisbon', 'Oslo'), CAST(8.75 AS DECIMAL(8,2)) FROM range(51, 67)`,
      `DELETE FROM ${OPS_SCHEMA}.health_files WHERE id = 1`,
    ],
  },
  /** stale grid: its preview is open while Delete Rows removes the 3 rows with fare > 20. */
  stl: { ...opsTable('stale_rows', [opsRows], ['WRITE', 'CREATE TABLE']), condition: 'fare > 20', matching: 3, rowCount: 6 },
};

/** Schema e2e_ops, tables of the Delta operation and insight scenarios (../ui/scenariosFeatures.mjs): one per scenario. */
const featureTable = (name, columns, ddl, steps, history) => ({ name, ddl: `CREATE TABLE ${OPS_SCHEMA}.${name} ${ddl}`, steps, columns, history, latestVersion: history.length - 1 });
const FEATURES = {
  /** merge: target ids 1-4; the source changes the fares of ids 3 and 4 and brings ids 5 and 6 → 2 updated, 2 inserted. */
  mergeTarget: {
    ...featureTable('merge_target', ['id', 'city', 'fare'], '(id INT, city STRING, fare DECIMAL(8,2)) USING delta',
      [`INSERT INTO ${OPS_SCHEMA}.merge_target VALUES (1, 'Lisbon', 12.50), (2, 'Oslo', 30.00), (3, 'Lisbon', 8.75), (4, 'Kyoto', 22.10)`], ['WRITE', 'CREATE TABLE']),
    inserted: 2, updated: 2,
    /** The rows after the merge, in id order. */
    merged: [['1', 'Lisbon', '12.50'], ['2', 'Oslo', '30.00'], ['3', 'Lisbon', '9.75'], ['4', 'Kyoto', '23.10'], ['5', 'Oslo', '41.20'], ['6', 'Quito', '5.00']],
  },
  mergeSource: featureTable('merge_source', ['id', 'city', 'fare'], '(id INT, city STRING, fare DECIMAL(8,2)) USING delta',
    [`INSERT INTO ${OPS_SCHEMA}.merge_source VALUES (3, 'Lisbon', 9.75), (4, 'Kyoto', 23.10), (5, 'Oslo', 41.20), (6, 'Quito', 5.00)`], ['WRITE', 'CREATE TABLE']),
  /** clone: shallow-cloned to clone_copy by the scenario. */
  cloneSource: {
    ...featureTable('clone_orig', ['id', 'city'], '(id INT, city STRING) USING delta',
      [`INSERT INTO ${OPS_SCHEMA}.clone_orig VALUES (1, 'Lisbon'), (2, 'Oslo'), (3, 'Kyoto')`], ['WRITE', 'CREATE TABLE']),
    target: 'clone_copy', rows: [['1', 'Lisbon'], ['2', 'Oslo'], ['3', 'Kyoto']],
  },
  /** convert: a Parquet table, converted in place by the scenario. */
  parquet: {
    ...featureTable('conv_parquet', ['id', 'city'], '(id INT, city STRING) USING parquet', [`INSERT INTO ${OPS_SCHEMA}.conv_parquet VALUES (1, 'Lisbon'), (2, 'Oslo')`], []),
    rows: [['1', 'Lisbon'], ['2', 'Oslo']],
  },
  /** add and drop the table feature deletionVectors. */
  features: { ...featureTable('feat_dv', ['id', 'city'], '(id INT, city STRING) USING delta', [`INSERT INTO ${OPS_SCHEMA}.feat_dv VALUES (1, 'Lisbon')`], ['WRITE', 'CREATE TABLE']), feature: 'deletionVectors' },
  /** upgrade the protocol (writer version 2 → 4), then generate the symlink manifest. */
  protocol: { ...featureTable('proto_manifest', ['id', 'city'], '(id INT, city STRING) USING delta', [`INSERT INTO ${OPS_SCHEMA}.proto_manifest VALUES (1, 'Lisbon')`], ['WRITE', 'CREATE TABLE']), writer: 4 },
  /** change data feed on, partitioned by day: v1 inserts 3 rows, v2 one more, v3 deletes the 2024-05-02 partition (id 3). */
  cdf: {
    ...featureTable('cdf_orders', ['id', 'city', 'day'], '(id INT, city STRING, day DATE) USING delta PARTITIONED BY (day) TBLPROPERTIES (delta.enableChangeDataFeed = true)', [
      `INSERT INTO ${OPS_SCHEMA}.cdf_orders VALUES (1, 'Lisbon', DATE'2024-05-01'), (2, 'Oslo', DATE'2024-05-01'), (3, 'Kyoto', DATE'2024-05-02')`,
      `INSERT INTO ${OPS_SCHEMA}.cdf_orders VALUES (4, 'Quito', DATE'2024-05-03')`,
      `DELETE FROM ${OPS_SCHEMA}.cdf_orders WHERE day = DATE'2024-05-02'`,
    ], ['DELETE', 'WRITE', 'WRITE', 'CREATE TABLE']),
    /** Show Change Data Feed v2 → v3: (id, city, day, _change_type, _commit_version). */
    changes: [['4', 'Quito', '2024-05-03', 'insert', '2'], ['3', 'Kyoto', '2024-05-02', 'delete', '3']],
  },
};
/** Created by the scenarios themselves (dropped with the schemas before each run). */
const CREATED = { table: 'created_tbl', sampleSchema: 'e2e_samples' };

/** Files run.mjs writes into the e2e workspace folder before VS Code opens it. */
const WORKSPACE_FILES = {
  'queries.sql': `-- e2e: two statements; the grid shows the last one's result
CREATE OR REPLACE TEMP VIEW big_fares AS SELECT * FROM ${SCHEMA}.trips WHERE fare > 15;
SELECT id, city FROM big_fares ORDER BY id;
`,
  'features.sql': `-- e2e: the Run CodeLens above each statement, and completion
SELECT name FROM ${SCHEMA}.cities WHERE country = 'Norway';
SELECT count(*) AS n FROM ${SCHEMA}.trips;
`,
  'blank-lines.sql': `-- e2e: two statements separated only by a blank line, no semicolon
SELECT 'first' AS which

SELECT 'second' AS which, 2 AS n
`,
  'errors.sql': `-- e2e: the second statement's error is shown at its place in the file (line 5, column 3)
SELECT 1 AS one;

SELECT city,
  nope FROM ${SCHEMA}.trips;
`,
};
/** What running the whole queries.sql shows. */
const QUERIES_RESULT = { columns: ['id', 'city'], rows: [['2', 'Oslo'], ['4', 'Kyoto'], ['7', 'Nairobi']] };

module.exports = {
  SCHEMA, TABLES: [TRIPS, CITIES], TRIPS, CITIES, CONNECTION_NAME: 'local', CATALOG: 'spark_catalog', WORKSPACE_FILES, QUERIES_RESULT,
  OPS_SCHEMA, OPS, OPS_TABLES: Object.values(OPS),
  FEATURES, FEATURE_TABLES: Object.values(FEATURES), CREATED,
};
