import assert from 'node:assert/strict';
import {
  bucketBounds, bucketOf, checksumFiles, fileScanQuery, healthFindings, historyFacts, intervalMs, partitionPredicate, partitionSkew, retentionFacts, targetFileSize, zOrderColumns,
} from '../../src/client/delta/health';
import { checksumFacts, checksumQuery, logListingQuery, regroupHistogram } from '../../src/client/delta/healthLog';
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

  it('takes the Z-order columns from the latest OPTIMIZE … ZORDER BY, not from a later plain OPTIMIZE', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const optimize = (version: number, at: Date, zOrderBy: string) => ({ ...entry(version, 'OPTIMIZE', at), operationParameters: { predicate: '[]', zOrderBy } });
    const facts = historyFacts([optimize(7, day(3), '[]'), optimize(5, day(2), '["city","id"]'), optimize(3, day(1), '["old"]')]);
    assert.deepEqual(facts.zOrder, { columns: ['city', 'id'], at: day(2), version: 5n });
    assert.equal(zOrderColumns(optimize(1, day(0), 'not json')).length, 0);
    assert.equal(historyFacts([entry(0, 'WRITE', day(0)), optimize(1, day(0), '[]')]).zOrder, undefined);
  });

  it('finds small files (OPTIMIZE on skewed partitions), deletion vectors, old VACUUM, missing clustering', () => {
    const now = new Date(Date.UTC(2026, 0, 30));
    const base = {
      table: 't', detail: detail({ partitionColumns: ['d'] }), targetFileSize: 128 * MiB, partitions: [], buckets: [],
      smallFiles: 90, scannedFiles: 100, scannedBytes: 1000,
      skew: { partitions: 3, largestBytes: 10, medianBytes: 1, largestFiles: 80, medianFiles: 10, ratioBytes: 10, skewed: ['d=3'] },
      lastVacuum: new Date(Date.UTC(2026, 0, 1)), deletionVectors: 4,
      fileSource: 'file scan (_metadata)' as const, histogramExact: true, retention: { fileRetention: 'interval 1 week', logRetention: 'interval 30 days', atRiskVersions: 0 },
    };
    const kinds = healthFindings(base, now).map((f) => f.fix?.kind);
    assert.deepEqual(kinds, ['optimize', 'reorgPurge', 'vacuum', undefined]);
    assert.deepEqual(healthFindings(base, now)[0].fix, { kind: 'optimize', partitionFilter: "(`d` = '3')" });
    const healthy = { ...base, smallFiles: 1, deletionVectors: 0, skew: undefined, lastVacuum: new Date(Date.UTC(2026, 0, 29)) };
    assert.deepEqual(healthFindings(healthy, now), []);
    const bigFlat = { ...healthy, detail: detail({ sizeInBytes: BigInt(10 * 128 * MiB) }) };
    assert.deepEqual(healthFindings(bigFlat, now).map((f) => f.fix?.kind), ['clusterBy']);
    const atRisk = { ...healthy, retention: { ...healthy.retention, atRiskVersions: 2, cutoff: new Date(Date.UTC(2026, 0, 23)) } };
    assert.match(healthFindings(atRisk, now)[0].message, /^2 versions were replaced before 2026-01-23T00:00:00.000Z \(file retention interval 1 week\)/);
  });

  it('reads retention intervals as Delta writes them, and nothing else', () => {
    assert.equal(intervalMs('interval 1 week'), 7 * 86_400_000);
    assert.equal(intervalMs('interval 36 hours'), 36 * 3_600_000);
    assert.equal(intervalMs('7 days'), 7 * 86_400_000);
    assert.equal(intervalMs('interval 1 day 12 hours'), 36 * 3_600_000);
    assert.equal(intervalMs('interval 1 fortnight'), undefined);
    assert.equal(intervalMs('interval 2 days and then some'), undefined);
  });

  it('counts the versions replaced before the file retention; the latest never', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const now = new Date(Date.UTC(2026, 0, 30));
    const entries = [entry(3, 'WRITE', day(29)), entry(2, 'WRITE', day(20)), entry(1, 'WRITE', day(10)), entry(0, 'CREATE TABLE', day(1))];
    const r = retentionFacts(entries, {}, now);
    assert.equal(r.fileRetention, 'interval 1 week');
    assert.equal(r.cutoff?.toISOString(), '2026-01-23T00:00:00.000Z');
    assert.equal(r.atRiskVersions, 2, 'versions 0 and 1 were replaced on days 10 and 20; version 2 on day 29');
    assert.equal(retentionFacts(entries, { 'delta.deletedFileRetentionDuration': 'interval 30 days' }, now).atRiskVersions, 0);
    assert.equal(retentionFacts([entry(0, 'WRITE', day(0))], {}, now).atRiskVersions, 0, 'the latest version stays readable');
    assert.equal(retentionFacts(entries, { 'delta.deletedFileRetentionDuration': 'soon' }, now).cutoff, undefined);
  });

  it("takes the checksum file's counts and regroups Delta's bins into the buckets of the target size", () => {
    const boundaries = [0, 8192, 8 * MiB, 32 * MiB, 64 * MiB, 128 * MiB, 256 * MiB];
    const row = { files: '7', bytes: '123', histogram: JSON.stringify({ sortedBinBoundaries: boundaries, fileCounts: [3, 1, 1, 0, 1, 0, 1], totalBytes: [] }), dvs: '2', deleted: null };
    const c = checksumFacts(5n, row);
    assert.deepEqual({ ...c, histogram: undefined }, { version: 5n, numFiles: 7, tableSizeBytes: 123, histogram: undefined, deletionVectors: 2, deletedRecords: undefined });
    const bounds = bucketBounds(128 * MiB);
    assert.deepEqual(regroupHistogram(c!.histogram!, bounds), { files: [4, 1, 0, 1, 0, 1], exact: true });
    assert.equal(regroupHistogram(c!.histogram!, bucketBounds(100 * MiB)).exact, false, '6.25 MiB is no bin bound');
    const files = checksumFiles(c!, bounds, ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.equal(files?.smallFiles, 5, 'the two buckets below a quarter of the target');
    assert.equal(files?.fileSource, 'checksum file (.crc)');
    assert.equal(checksumFacts(5n, { files: null }), undefined, 'a checksum without a file count is not used');
    assert.equal(checksumFacts(5n, undefined), undefined);
  });

  it('reads the checksum and the log through the file sources, with odd paths quoted', () => {
    assert.equal(checksumQuery('file:/data/t`x/', 12n).endsWith("FROM text.`file:/data/t``x/_delta_log/00000000000000000012.crc`"), true);
    assert.match(logListingQuery('file:/data/t'), /FROM binaryFile\.`file:\/data\/t\/_delta_log`$/);
    assert.match(logListingQuery('s3://b/t'), /regexp_extract\(path, '\/\(\[0-9\]\{20\}\)\[\.\]checkpoint\[\.\]', 1\)/);
  });
});
