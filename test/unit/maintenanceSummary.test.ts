import assert from 'node:assert/strict';
import { formatBytes, optimizeSummary, relativeToTable } from '../../src/client';

describe('optimizeSummary', () => {
  it('says an Optimize that wrote no version compacted nothing (not "2 files compacted into 2")', () => {
    const text = optimizeSummary('main.t', { numFilesRemoved: 2n, numFilesAdded: 2n, totalConsideredFiles: 2n }, false);
    assert.equal(text, 'Optimize compacted nothing in main.t: its 2 files are already compacted; no new version was written.');
    assert.doesNotMatch(optimizeSummary('t', { numFilesRemoved: 0n, numFilesAdded: 0n }, true), /compacted into/);
  });
  it('counts what a real compaction did', () => {
    assert.equal(optimizeSummary('t', { numFilesRemoved: 5n, numFilesAdded: 1n }, true), 'Optimized t: 5 files compacted into 1 (a new version).');
  });
});

describe('formatBytes and relativeToTable', () => {
  it('formats bytes for people', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1023), '1,023 bytes');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(250 * 1024 * 1024), '250 MB');
  });
  it('shows a path relative to the table location, whatever the file: form', () => {
    assert.equal(relativeToTable('file:/w/t/day=1/part-0.parquet', 'file:/w/t'), 'day=1/part-0.parquet');
    assert.equal(relativeToTable('file:///w/t/part-0.parquet', 'file:/w/t/'), 'part-0.parquet');
    assert.equal(relativeToTable('s3a://b/t/part-0.parquet', 's3a://b/t'), 'part-0.parquet');
    assert.equal(relativeToTable('s3a://b/other/x', 's3a://b/t'), 's3a://b/other/x');
  });
});
