import assert from 'node:assert/strict';
import { bucketBounds, bucketLabels, healthFigures, healthFindings, partitionSkew, type PartitionStats, type TableHealth } from '../../src/client/delta/health';
import { formatBytes } from '../../src/client/delta/maintenanceSummary';
import type { TableDetail } from '../../src/client/delta/results';
import { healthCsv, healthGroups, healthJson, healthViewModel, histogramChart, SKEW_BARS, skewChart } from '../../src/views/health/healthModel';
import { isHealthViewModel, parseHealthHostMessage, parseHealthWebviewMessage } from '../../src/grid/shared/healthProtocol';

const MiB = 1024 * 1024;

function detail(over: Partial<TableDetail> = {}): TableDetail {
  return {
    format: 'delta', id: 'x', location: 'file:/data/t', createdAt: new Date(0), lastModified: new Date(0),
    partitionColumns: ['p'], clusteringColumns: [], numFiles: 30n, sizeInBytes: 3000n, properties: { 'delta.enableDeletionVectors': 'true', 'a.b': 'x,"y"' },
    minReaderVersion: 3, minWriterVersion: 7, tableFeatures: ['deletionVectors'], ...over,
  };
}

/** A health as computeTableHealth builds it, from partitions: figures and findings by the real functions. */
function health(parts: PartitionStats[], over: Partial<TableHealth> = {}): TableHealth {
  const target = 128 * MiB;
  const labels = bucketLabels(bucketBounds(target), formatBytes);
  const buckets = labels.map((label, i) => ({ label, files: parts.reduce((n, p) => n + p.buckets[i], 0) }));
  const base = {
    table: '`db`.`t`', detail: detail(), targetFileSize: target, partitions: parts, buckets,
    smallFiles: buckets[0].files + buckets[1].files, scannedFiles: parts.reduce((n, p) => n + p.files, 0), scannedBytes: parts.reduce((n, p) => n + p.bytes, 0),
    skew: partitionSkew(parts), fileSource: 'file scan (_metadata)' as const, histogramExact: true, deletionVectors: 3,
    retention: { fileRetention: 'interval 1 week', logRetention: 'interval 30 days', atRiskVersions: 0 }, ...over,
  };
  return { ...base, figures: healthFigures(base, formatBytes), findings: healthFindings(base) };
}

const PARTS: PartitionStats[] = [
  { partition: 'p=a', files: 20, bytes: 20 * 4096, buckets: [20, 0, 0, 0, 0, 0] },
  { partition: 'p=b', files: 5, bytes: 5 * 4096, buckets: [5, 0, 0, 0, 0, 0] },
  { partition: 'p=c', files: 5, bytes: 5 * 4096, buckets: [4, 0, 1, 0, 0, 0] },
];

describe('Table Health view model', () => {
  it('draws the histogram from the buckets and marks the small ones', () => {
    const c = histogramChart(health(PARTS), formatBytes);
    assert.deepEqual(c.bars.map((b) => b.value), [29, 0, 1, 0, 0, 0]);
    assert.deepEqual(c.bars.map((b) => b.highlight), [true, false, false, false, false, false]);
    assert.match(c.caption, /29 of 30 files \(97%\) are smaller than a quarter of the target file size \(128/);
  });

  it('draws partition skew largest first with the skewed partitions marked, and none for an unpartitioned table', () => {
    const c = skewChart(health(PARTS), formatBytes);
    assert.ok(c);
    assert.deepEqual(c.bars.map((b) => b.label), ['p=a', 'p=b', 'p=c']);
    assert.deepEqual(c.bars.map((b) => b.highlight), [true, false, false]);
    assert.match(c.caption, /3 partitions; the largest holds 4\.0× the median/);
    assert.equal(skewChart(health([PARTS[0]]), formatBytes), undefined);
    const many = Array.from({ length: SKEW_BARS + 5 }, (_, i): PartitionStats => ({ partition: `p=${i}`, files: 1, bytes: i + 1, buckets: [1, 0, 0, 0, 0, 0] }));
    assert.equal(skewChart(health(many), formatBytes)?.bars.length, SKEW_BARS);
    assert.equal(skewChart(health(many), formatBytes)?.bars[0].label, `p=${SKEW_BARS + 4}`);
  });

  it('groups every figure but the histogram rows and lists properties one per row', () => {
    const h = health(PARTS);
    const groups = healthGroups(h);
    const titles = groups.map((g) => g.title);
    assert.deepEqual(titles.slice(0, 2), ['Files & bytes', 'Partition skew']);
    assert.ok(titles.includes('Deletion vectors') && titles.includes('Log') && titles.includes('Retention & maintenance') && titles.includes('Protocol & features'));
    const shown = groups.flatMap((g) => g.rows.map((r) => r.name));
    const expected = h.figures.filter((f) => f.name !== 'Properties' && !/^Files [<≥]|^Files \d/.test(f.name)).map((f) => f.name);
    for (const name of expected) assert.ok(shown.includes(name), `${name} not shown`);
    assert.deepEqual(groups.at(-1), { title: 'Properties', rows: [{ name: 'a.b', value: 'x,"y"', source: 'DESCRIBE DETAIL' }, { name: 'delta.enableDeletionVectors', value: 'true', source: 'DESCRIBE DETAIL' }] });
  });

  it('numbers findings so a fix button names its finding, and says which source the files came from', () => {
    const h = health(PARTS);
    const m = healthViewModel(h, 'db.t', formatBytes, new Date('2026-01-02T03:04:05Z'));
    assert.equal(m.fileSource, 'file scan (_metadata)');
    assert.equal(m.computedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(m.findings.map((f) => f.index), h.findings.map((_f, i) => i));
    const optimize = m.findings.find((f) => f.fixLabel?.startsWith('OPTIMIZE'));
    assert.ok(optimize, 'small files give an OPTIMIZE fix');
    assert.ok(m.findings.some((f) => f.fixLabel === 'REORG TABLE … APPLY (PURGE)'));
    assert.ok(isHealthViewModel(m), 'the model passes its own validator');
    assert.equal(healthViewModel(health(PARTS, { fileSource: 'checksum file (.crc)' }), 't', formatBytes).fileSource, 'checksum file (.crc)');
  });

  it('exports CSV with quoting and JSON with BigInts as numbers', () => {
    const h = health(PARTS);
    const csv = healthCsv(h);
    assert.ok(csv.startsWith('section,name,value,source\r\n'));
    assert.match(csv, /\r\nhistogram,< 8(\.0)? MB?i?B?,29,file scan \(_metadata\)\r\n/);
    assert.match(csv, /\r\npartition,p=a,20 files; 81920 bytes,/);
    assert.match(csv, /,"delta\.enableDeletionVectors=true, a\.b=x,""y""",DESCRIBE DETAIL\r\n/);
    const json = JSON.parse(healthJson(h)) as { detail: { numFiles: string }; buckets: Array<{ files: number }>; findings: unknown[] };
    assert.equal(json.detail.numFiles, '30');
    assert.equal(json.buckets[0].files, 29);
    assert.equal(json.findings.length, h.findings.length);
  });

  it('validates the messages of both ends', () => {
    assert.deepEqual(parseHealthWebviewMessage({ type: 'applyFix', index: 2 }), { type: 'applyFix', index: 2 });
    assert.equal(parseHealthWebviewMessage({ type: 'applyFix', index: -1 }), undefined);
    assert.equal(parseHealthWebviewMessage({ type: 'applyFix', index: '1' }), undefined);
    assert.deepEqual(parseHealthWebviewMessage({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
    assert.equal(parseHealthWebviewMessage({ type: 'export', format: 'xlsx' }), undefined);
    assert.equal(parseHealthWebviewMessage({ type: 'run', sql: 'DROP TABLE t' }), undefined);
    const model = healthViewModel(health(PARTS), 't', formatBytes);
    assert.ok(parseHealthHostMessage({ type: 'init', model }));
    assert.equal(parseHealthHostMessage({ type: 'init', model: { ...model, histogram: { title: 'x', caption: 'y', bars: [{ label: 'a', value: -1, text: '', highlight: false }] } } }), undefined);
    assert.equal(parseHealthHostMessage({ type: 'init', model: { ...model, findings: [{ index: 0, severity: 'fatal', message: 'x' }] } }), undefined);
  });
});
