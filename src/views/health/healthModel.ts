// What the Health view shows of a TableHealth: figures grouped, the file-size histogram against the target file
// size, partition skew, findings with their fixes; and the figures as data to export (JSON or CSV). Pure: no vscode.
import { BUCKET_FRACTIONS, SMALL_FRACTION, type HealthFigure, type TableHealth } from '../../client';
import { csvField } from '../../grid/copyText';
import type { HealthChartView, HealthGroupView, HealthRowView, HealthViewModel } from '../../grid/shared/healthProtocol';

/** The groups of the view, in order, and which figures (by name) go in each; the first match wins. */
export const HEALTH_GROUPS: ReadonlyArray<{ title: string; names: RegExp }> = [
  { title: 'Files & bytes', names: /^(Files|Size|Target file size|Files with rows|Files \(checksum|Small files)/ },
  { title: 'Partition skew', names: /^(Partitions|Largest vs median)/ },
  { title: 'Deletion vectors', names: /^(Deletion vectors|Rows marked deleted)/ },
  { title: 'Log', names: /^(Log files|Last checkpoint|Commits)/ },
  { title: 'Retention & maintenance', names: /^(Last VACUUM|Last OPTIMIZE|File retention|Log retention|Versions older)/ },
  { title: 'Clustering, partitioning & Z-order', names: /^(Partition columns|Clustering columns|Z-order)/ },
  { title: 'Protocol & features', names: /^(Protocol|Table features)/ },
];

/** Most partitions the skew chart shows (the largest by bytes). */
export const SKEW_BARS = 24;

/** The histogram's per-bucket rows ("Files < 8 MB") are drawn as the chart, not listed. */
function isBucketFigure(f: HealthFigure): boolean {
  return /^Files [<≥]|^Files \d/.test(f.name);
}

/** Figures grouped as the view shows them; properties one per row; Z-order columns from OPTIMIZE history when known. */
export function healthGroups(h: TableHealth): HealthGroupView[] {
  const groups: HealthGroupView[] = HEALTH_GROUPS.map((g) => ({ title: g.title, rows: [] }));
  for (const f of h.figures) {
    if (f.name === 'Properties' || isBucketFigure(f)) continue;
    const i = HEALTH_GROUPS.findIndex((g) => g.names.test(f.name));
    if (i >= 0) groups[i].rows.push({ name: f.name, value: f.value, source: f.source });
  }
  const props = Object.entries(h.detail.properties).sort(([a], [b]) => a.localeCompare(b));
  groups.push({ title: 'Properties', rows: props.length ? props.map(([k, v]) => ({ name: k, value: v, source: 'DESCRIBE DETAIL' })) : [{ name: 'Properties', value: 'none', source: 'DESCRIBE DETAIL' }] });
  return groups.filter((g) => g.rows.length > 0);
}

/** The share of files smaller than a quarter of the target file size, in whole percent. */
function smallShare(h: TableHealth): number {
  return h.scannedFiles > 0 ? Math.round((100 * h.smallFiles) / h.scannedFiles) : 0;
}

/** The file-size histogram: one bar per bucket, the buckets below a quarter of the target highlighted as small. */
export function histogramChart(h: TableHealth, fmt: (n: number) => string): HealthChartView {
  const smallBuckets = BUCKET_FRACTIONS.filter((f) => f <= SMALL_FRACTION).length;
  const caption = `${h.smallFiles.toLocaleString('en-US')} of ${h.scannedFiles.toLocaleString('en-US')} files (${smallShare(h)}%) are smaller than a quarter of the target file size (${fmt(h.targetFileSize)})${h.histogramExact ? '' : "; Delta's bins, by lower bound"}`;
  return {
    title: 'File sizes',
    caption,
    bars: h.buckets.map((b, i) => ({ label: b.label, value: b.files, text: `${b.files.toLocaleString('en-US')} files`, highlight: i < smallBuckets && b.files > 0 })),
  };
}

/** Partitions by bytes, largest first (at most SKEW_BARS); the skewed ones highlighted. Undefined when unpartitioned. */
export function skewChart(h: TableHealth, fmt: (n: number) => string): HealthChartView | undefined {
  if (!h.skew || h.partitions.length < 2) return undefined;
  const skewed = new Set(h.skew.skewed);
  const largest = [...h.partitions].sort((a, b) => b.bytes - a.bytes).slice(0, SKEW_BARS);
  const more = h.partitions.length - largest.length;
  return {
    title: 'Partition skew',
    caption: `${h.skew.partitions} partitions; the largest holds ${h.skew.ratioBytes.toFixed(1)}× the median bytes (${fmt(h.skew.largestBytes)} vs ${fmt(h.skew.medianBytes)})${more > 0 ? `; the ${largest.length} largest shown` : ''}`,
    bars: largest.map((p) => ({ label: p.partition || '(root)', value: p.bytes, text: `${fmt(p.bytes)}, ${p.files.toLocaleString('en-US')} files`, highlight: skewed.has(p.partition) })),
  };
}

/** The head figures: files, size, small-file share, deletion vectors, findings. */
function summaryRows(h: TableHealth, fmt: (n: number) => string): HealthRowView[] {
  const dvSource = h.checksum?.deletionVectors !== undefined ? 'checksum file (.crc)' : 'DESCRIBE HISTORY';
  return [
    { name: 'Files', value: h.scannedFiles.toLocaleString('en-US'), source: h.fileSource },
    { name: 'Size', value: fmt(h.scannedBytes), source: h.fileSource },
    { name: 'Small files', value: `${smallShare(h)}%`, source: h.fileSource },
    { name: 'Deletion vectors', value: h.deletionVectors === undefined ? 'n/a' : String(h.deletionVectors), source: h.deletionVectors === undefined ? 'not available' : dvSource },
    { name: 'Findings', value: String(h.findings.length), source: 'figures below' },
  ];
}

/** The view model of a table's health. */
export function healthViewModel(h: TableHealth, label: string, fmt: (n: number) => string, computedAt = new Date()): HealthViewModel {
  return {
    table: label,
    computedAt: computedAt.toISOString(),
    fileSource: h.fileSource,
    summary: summaryRows(h, fmt),
    histogram: histogramChart(h, fmt),
    skew: skewChart(h, fmt),
    findings: h.findings.map((f, index) => ({ index, severity: f.severity, message: f.message, fixLabel: f.fix ? f.fixLabel : undefined })),
    groups: healthGroups(h),
  };
}

/** The figures as CSV: section, name, value, source; then the histogram, the partitions and the findings. */
export function healthCsv(h: TableHealth): string {
  const rows: string[][] = [['section', 'name', 'value', 'source']];
  for (const f of h.figures) rows.push(['figure', f.name, f.value, f.source]);
  for (const b of h.buckets) rows.push(['histogram', b.label, String(b.files), h.fileSource]);
  for (const p of h.partitions) rows.push(['partition', p.partition || '(root)', `${p.files} files; ${p.bytes} bytes`, 'file scan (_metadata)']);
  for (const f of h.findings) rows.push([`finding (${f.severity})`, f.message, f.fixLabel ?? '', 'figures above']);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The figures as JSON (BigInts as numbers when exact, else strings; dates as ISO text). */
export function healthJson(h: TableHealth): string {
  const { detail, ...rest } = h;
  const plain = {
    ...rest,
    detail: { ...detail, numFiles: detail.numFiles.toString(), sizeInBytes: detail.sizeInBytes.toString() },
  };
  return `${JSON.stringify(plain, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v), 2)}\n`;
}
