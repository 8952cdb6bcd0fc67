import assert from 'node:assert/strict';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  explainMissingFile, isMissingDataFile, SparkConnectError, vacuumedNote, vacuumedVersions, vacuumRuns, versionAt, type VacuumHistoryEntry,
} from '../../src/client';
import { shortErrorLine } from '../../src/sql/sqlErrors';

/** The one line the command runner shows for a Spark error (runner.describeError, which needs vscode). */
function shown(err: unknown): string {
  const e = explainMissingFile(err) as SparkConnectError;
  return shortErrorLine(e, e.serverMessage);
}

const T0 = Date.parse('2026-12-04T10:00:00Z');
const MIN = 60_000;

/** A commit `minutes` after T0; blind appends keep every earlier file, as Delta writes isBlindAppend. */
function commit(version: number, minutes: number, operation: string, opts: Partial<VacuumHistoryEntry> = {}): VacuumHistoryEntry {
  return {
    version: BigInt(version), timestamp: new Date(T0 + minutes * MIN), operation, operationParameters: {}, operationMetrics: {},
    isBlindAppend: /^(WRITE|CREATE TABLE AS SELECT|VACUUM (START|END))$/.test(operation) && !opts.operationParameters?.mode, ...opts,
  };
}
const overwrite = (version: number, minutes: number) =>
  commit(version, minutes, 'WRITE', { operationParameters: { mode: 'Overwrite' }, operationMetrics: { numRemovedFiles: '2' }, isBlindAppend: false });
const del = (version: number, minutes: number, removed = '1') =>
  commit(version, minutes, 'DELETE', { operationMetrics: { numRemovedFiles: removed, numAddedFiles: '1' }, isBlindAppend: false });
/** VACUUM START + END as Delta 4.4 writes them; retention in hours (undefined: no RETAIN, the default 168 h). */
function vacuum(version: number, minutes: number, deleted: number, retentionHours?: number): VacuumHistoryEntry[] {
  const parameters: Record<string, string> = { retentionCheckEnabled: 'false', defaultRetentionMillis: '604800000' };
  if (retentionHours !== undefined) parameters.specifiedRetentionMillis = String(retentionHours * 3_600_000);
  return [
    commit(version, minutes, 'VACUUM START', { operationParameters: parameters, operationMetrics: { numFilesToDelete: String(deleted), sizeOfDataToDelete: '100' } }),
    commit(version + 1, minutes + 0.05, 'VACUUM END', { operationParameters: { status: 'COMPLETED' }, operationMetrics: { numDeletedFiles: String(deleted), numVacuumedDirectories: '1' } }),
  ];
}
const marked = (entries: VacuumHistoryEntry[]) => [...vacuumedVersions(entries).keys()].sort((a, b) => Number(a - b));

describe('versions a VACUUM may have made unreadable', () => {
  const base = [commit(0, 0, 'CREATE TABLE AS SELECT'), commit(1, 1, 'WRITE'), overwrite(2, 2), del(3, 3), commit(4, 4, 'WRITE')];

  it('marks none without a VACUUM', () => {
    assert.deepEqual(marked(base), []);
  });

  it('marks none after a VACUUM that deleted nothing', () => {
    assert.deepEqual(marked([...base, ...vacuum(5, 10, 0, 0)]), []);
  });

  it('marks the versions whose files a later commit removed before the cutoff of a VACUUM RETAIN 0 HOURS', () => {
    // v0 and v1 lose their files at v2 (v1 only appended), v2 at v3; v3's files are all still in v4, the latest data.
    assert.deepEqual(marked([...base, ...vacuum(5, 10, 4, 0)]), [0n, 1n, 2n]);
  });

  it('never marks the latest version, nor the VACUUM commits, nor versions after the VACUUM', () => {
    const entries = [...base, ...vacuum(5, 10, 4, 0), overwrite(7, 11), commit(8, 12, 'RESTORE', { isBlindAppend: false, operationMetrics: { numRemovedFiles: '1' } })];
    assert.deepEqual(marked(entries), [0n, 1n, 2n]);
    assert.equal(vacuumedVersions([overwrite(0, 0), ...vacuum(1, 5, 3, 0)]).size, 0);
  });

  it('marks only what the retention reached: removals newer than the cutoff keep their files', () => {
    // Retention 1 h, VACUUM at +120 min: the cutoff is +60 min; v2's files went at +90 min (v3), v0/v1's at +30 min.
    const entries = [commit(0, 0, 'CREATE TABLE AS SELECT'), commit(1, 1, 'WRITE'), overwrite(2, 30), del(3, 90), ...vacuum(4, 120, 5, 1)];
    assert.deepEqual(marked(entries), [0n, 1n]);
    // Without RETAIN the table's default (7 days) applies: nothing this recent is deleted.
    assert.deepEqual(marked([...base, ...vacuum(5, 10, 4)]), []);
  });

  it('does not mark a CREATE TABLE without data, nor versions whose later commits removed no file', () => {
    const entries = [commit(0, 0, 'CREATE TABLE', { isBlindAppend: true }), commit(1, 1, 'WRITE'), overwrite(2, 2), del(3, 3, '0'),
      commit(4, 4, 'SET TBLPROPERTIES', { isBlindAppend: true }), ...vacuum(5, 10, 2, 0)];
    assert.deepEqual(marked(entries), [1n]); // v2 lost no file: its DELETE removed none (deletion vectors)
  });

  it('takes entries newest first (as DESCRIBE HISTORY answers) and says when the VACUUM ran and with what retention', () => {
    const entries = [...base, ...vacuum(5, 10, 4, 0)].reverse();
    const mark = vacuumedVersions(entries).get(1n);
    assert.ok(mark);
    assert.equal(mark.vacuum.version, 5n);
    assert.equal(vacuumedNote(mark), 'files may have been removed by VACUUM at 2026-12-04 10:10:00 UTC (retention 0 h, 4 files deleted)');
  });

  it('counts a VACUUM whose START is beyond the listed history, with its END as the cutoff', () => {
    const [, end] = vacuum(5, 10, 3, 0);
    assert.deepEqual(marked([overwrite(3, 2), del(4, 3), end]), [3n]);
    assert.deepEqual(vacuumRuns([end]).map((r) => [r.version, r.retentionMillis, r.deletedFiles]), [[6n, undefined, 3]]);
  });

  it('finds the version current at a time', () => {
    assert.equal(versionAt(base, new Date(T0 + 2.5 * MIN)), 2n);
    assert.equal(versionAt(base, new Date(T0 - MIN)), undefined);
  });
});

describe('a read that found a data file missing', () => {
  const missing = () => new SparkConnectError({
    grpcCode: GrpcStatus.INTERNAL, errorClass: 'FAILED_READ_FILE.FILE_NOT_EXIST', sqlState: 'KD001', serverAnswered: true,
    messageParameters: { path: 'file:/w/t/part-00000-0ca2.snappy.parquet' },
    serverMessage: '[FAILED_READ_FILE.FILE_NOT_EXIST] Encountered error while reading file file:/w/t/part-00000-0ca2.snappy.parquet. File does not exist. ' +
      'It is possible the underlying files have been updated.\nYou can explicitly invalidate the cache … SQLSTATE: KD001',
  });

  it('is recognised by its class, and by a FileNotFoundException in the message', () => {
    assert.equal(isMissingDataFile(missing()), true);
    assert.equal(isMissingDataFile(new SparkConnectError({ grpcCode: GrpcStatus.INTERNAL, serverMessage: 'java.io.FileNotFoundException: /x/part-1.parquet' })), true);
    assert.equal(isMissingDataFile(new SparkConnectError({ grpcCode: GrpcStatus.INTERNAL, errorClass: 'DELTA_FILE_NOT_FOUND_DETAILED', serverMessage: 'x' })), true);
    assert.equal(isMissingDataFile(new SparkConnectError({ grpcCode: GrpcStatus.INTERNAL, errorClass: 'TABLE_OR_VIEW_NOT_FOUND', serverMessage: 'x' })), false);
    assert.equal(isMissingDataFile(new Error('FileNotFoundException')), false);
  });

  it('says in one line that the version was vacuumed, keeping the class and naming the file', () => {
    const line = shown(explainMissingFile(missing(), 'version 1 of db.t'));
    assert.equal(line.split('\n').length, 1);
    assert.match(line, /^\[FAILED_READ_FILE\.FILE_NOT_EXIST, SQLSTATE KD001\] The data files of version 1 of db\.t were removed by VACUUM; read a later version/);
    assert.match(shown(missing()), /no longer exists, most likely removed by VACUUM/);
    assert.equal(shown(missing()).split('\n').length, 1);
  });

  it('leaves other errors as they are', () => {
    const other = new SparkConnectError({ grpcCode: GrpcStatus.INTERNAL, errorClass: 'DIVIDE_BY_ZERO', serverMessage: '[DIVIDE_BY_ZERO] Division by zero.' });
    assert.equal(explainMissingFile(other, 'version 1 of db.t'), other);
    const explained = explainMissingFile(missing(), 'version 1 of db.t');
    assert.equal(explainMissingFile(explained, 'v1 or v2 of db.t'), explained);
  });
});
