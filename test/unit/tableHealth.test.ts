import assert from 'node:assert/strict';
import {
  bucketBounds, bucketOf, fileScanQuery, healthFindings, historyFacts, partitionPredicate, partitionSkew, targetFileSize,
} from '../../src/client/delta/health';
import type { HistoryEntry, TableDetail } from '../../src/client/delta/results';

const MiB = 1024 * 1024;

function detail(over: Partial<TableDetail> = {}): TableDetail {
  return {
    format: 'delta', id: 'x', location: 'file:/data/t', createdAt: new Date(0), lastModified: new Date(0),
    partitionColumns: [], clusteringColumns: [], numFiles: 10n, sizeInBytes: 1000n, properties: {},
    minReaderVersion: 1, minWriterVersion: 2, tableFeatures: [], ...over,
  };
}

function entry(version: number, operation: string, timestamp: Date, metrics: Record<string, string> = {}): HistoryEntry {
  return { version: BigInt(version), timestamp, operation, operationParameters: {}, operationMetrics: metrics };
}

describe('Table Health (pure parts)', () => {
  it('takes the target file size from delta.targetFileSize, else 128 MiB', () => {
    assert.equal(targetFileSize({}), 128 * MiB);
    assert.equal(targetFileSize({ 'delta.targetFileSize': '33554432' }), 32 * MiB);
    assert.equal(targetFileSize({ 'delta.targetFileSize': '64mb' }), 64 * MiB);
    assert.equal(targetFileSize({ 'delta.targetFileSize': 'lots' }), 128 * MiB);
  });

  it('buckets file sizes relative to the target', () => {
    const bounds = bucketBounds(128 * MiB);
    assert.deepEqual(bounds, [8 * MiB, 32 * MiB, 64 * MiB, 128 * MiB, 256 * MiB]);
    assert.equal(bucketOf(1, bounds), 0);
    assert.equal(bucketOf(8 * MiB, bounds), 1);
    assert.equal(bucketOf(128 * MiB - 1, bounds), 3);
    assert.equal(bucketOf(1024 * MiB, bounds), 5);
  });

  it('aggregates on the server: the file scan groups by file then by directory', () => {
    const q = fileScanQuery('`main`.`t`', 128 * MiB);
    assert.match(q, /GROUP BY _metadata\.file_path/);
    assert.match(q, /FROM f GROUP BY 1/);
    assert.match(q, /AS b5/);
  });

  it('finds the skewed partitions: largest vs median', () => {
    const p = (partition: string, files: number, bytes: number) => ({ partition, files, bytes, buckets: [] });
    const skew = partitionSkew([p('d=1', 2, 100), p('d=2', 2, 100), p('d=3', 40, 1000)]);
    assert.ok(skew);
    assert.equal(skew.medianBytes, 100);
    assert.equal(skew.largestBytes, 1000);
    assert.equal(skew.ratioBytes, 10);
    assert.deepEqual(skew.skewed, ['d=3']);
    assert.equal(partitionSkew([p('', 3, 3)]), undefined);
  });

  it('turns a partition directory into a predicate, quoting values', () => {
    assert.equal(partitionPredicate("d=2026-01-01/c=it's"), "`d` = '2026-01-01' AND `c` = 'it\\'s'");
    assert.equal(partitionPredicate('k=__HIVE_DEFAULT_PARTITION__'), '`k` IS NULL');
    assert.equal(partitionPredicate('noequals'), undefined);
  });

  it('reads last VACUUM / OPTIMIZE, commits per day and deletion vectors from history', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const facts = historyFacts([
      entry(12, 'DELETE', day(4), { numDeletionVectorsAdded: '3', numDeletionVectorsRemoved: '1' }),
      entry(11, 'VACUUM END', day(3)),
      entry(10, 'OPTIMIZE', day(2)),
      entry(9, 'DELETE', day(0), { numDeletionVectorsAdded: '5' }),
    ]);
    assert.deepEqual(facts.lastVacuum, day(3));
    assert.deepEqual(facts.lastOptimize, day(2));
    assert.equal(facts.commitsPerDay, 3 / 4);
    assert.equal(facts.commitsSinceCheckpoint, 2);
    assert.equal(facts.deletionVectors, 2);
    assert.equal(historyFacts([entry(0, 'WRITE', day(0))]).deletionVectors, undefined);
  });

  it('finds small files (OPTIMIZE on skewed partitions), deletion vectors, old VACUUM, missing clustering', () => {
    const now = new Date(Date.UTC(2026, 0, 30));
    const base = {
      table: 't', detail: detail({ partitionColumns: ['d'] }), targetFileSize: 128 * MiB, partitions: [], buckets: [],
      smallFiles: 90, scannedFiles: 100, scannedBytes: 1000,
      skew: { partitions: 3, largestBytes: 10, medianBytes: 1, largestFiles: 80, medianFiles: 10, ratioBytes: 10, skewed: ['d=3'] },
      lastVacuum: new Date(Date.UTC(2026, 0, 1)), deletionVectors: 4,
    };
    const kinds = healthFindings(base, now).map((f) => f.fix?.kind);
    assert.deepEqual(kinds, ['optimize', 'reorgPurge', 'vacuum', undefined]);
    assert.deepEqual(healthFindings(base, now)[0].fix, { kind: 'optimize', partitionFilter: "(`d` = '3')" });
    const healthy = { ...base, smallFiles: 1, deletionVectors: 0, skew: undefined, lastVacuum: new Date(Date.UTC(2026, 0, 29)) };
    assert.deepEqual(healthFindings(healthy, now), []);
    const bigFlat = { ...healthy, detail: detail({ sizeInBytes: BigInt(10 * 128 * MiB) }) };
    assert.deepEqual(healthFindings(bigFlat, now).map((f) => f.fix?.kind), ['clusterBy']);
  });
});
