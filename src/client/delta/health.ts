// Table Health: a Delta table's files, sizes, partition skew, log growth and maintenance age, computed on the server
// (DESCRIBE DETAIL, history with operationMetrics, the checksum file and log listing of healthLog.ts, and, where
// those do not suffice, one aggregate over the `_metadata` hidden columns), and the findings that follow from them,
// each with its fix as a pre-filled operation.
import type { SparkConnectSession } from '../session';
import type { ExecuteOptions } from '../execution';
import { rowsOf } from '../catalog';
import type { DeltaTable } from './deltaTable';
import type { HistoryEntry, TableDetail } from './results';
import { readChecksum, readLogFacts, regroupHistogram, type ChecksumFacts, type LogFacts } from './healthLog';

/** Delta's default target file size when the table sets no delta.targetFileSize. */
export const DEFAULT_TARGET_FILE_SIZE = 128 * 1024 * 1024;
/** Bucket upper bounds as fractions of the target file size; the last bucket is open. */
export const BUCKET_FRACTIONS = [1 / 16, 1 / 4, 1 / 2, 1, 2] as const;
/** A file below this fraction of the target counts as small. */
export const SMALL_FRACTION = 1 / 4;
const DAY_MS = 86_400_000;

/** Where a figure came from. */
export type HealthSource = 'DESCRIBE DETAIL' | 'DESCRIBE HISTORY' | 'file scan (_metadata)' | 'checksum file (.crc)' | '_delta_log listing' | 'not available';

export interface HealthFigure { name: string; value: string; source: HealthSource }

/** Files and bytes of one partition directory (the table's root for an unpartitioned table). */
export interface PartitionStats { partition: string; files: number; bytes: number; buckets: number[] }

export interface SizeBucket { label: string; files: number }

export interface Skew { partitions: number; largestBytes: number; medianBytes: number; largestFiles: number; medianFiles: number; ratioBytes: number; skewed: string[] }

export type HealthFix =
  | { kind: 'optimize'; partitionFilter?: string }
  | { kind: 'reorgPurge' }
  | { kind: 'vacuum' }
  | { kind: 'clusterBy' };

export interface HealthFinding { severity: 'warning' | 'info'; message: string; fix?: HealthFix; fixLabel?: string }

export interface TableHealth {
  table: string;
  detail: TableDetail;
  targetFileSize: number;
  partitions: PartitionStats[];
  buckets: SizeBucket[];
  smallFiles: number;
  scannedFiles: number;
  scannedBytes: number;
  skew?: Skew;
  lastVacuum?: Date;
  lastOptimize?: Date;
  commitsPerDay?: number;
  commitsSinceCheckpoint?: number;
  deletionVectors?: number;
  /** The latest OPTIMIZE … ZORDER BY in the history read: its columns, version and time. */
  zOrder?: HistoryFacts['zOrder'];
  /** Where the file counts, sizes and histogram came from: the latest version's checksum file or the file scan. */
  fileSource: HealthSource;
  /** False when the checksum's bins straddle a bucket bound, so a few files may sit one bucket off. */
  histogramExact: boolean;
  checksum?: ChecksumFacts;
  log?: LogFacts;
  /** Why the log could not be listed (a server without the binaryFile source, a store that refuses listing). */
  logError?: string;
  /** Versions of the history read whose files only the retention keeps: readable until the next VACUUM. */
  retention: RetentionFacts;
  figures: HealthFigure[];
  findings: HealthFinding[];
}

/** The table's target file size: delta.targetFileSize (bytes, or with a b/kb/mb/gb suffix), else 128 MiB. */
export function targetFileSize(properties: Record<string, string>): number {
  const raw = properties['delta.targetFileSize'];
  const m = raw === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(raw);
  if (!m) return DEFAULT_TARGET_FILE_SIZE;
  const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  const bytes = Number(m[1]) * 1024 ** Math.max(power, 0);
  return bytes > 0 ? bytes : DEFAULT_TARGET_FILE_SIZE;
}

/** Upper bounds in bytes of the size buckets for this target (the last bucket has none). */
export function bucketBounds(target: number): number[] {
  return BUCKET_FRACTIONS.map((f) => Math.round(target * f));
}

/** Index of the bucket of a file of this size. */
export function bucketOf(size: number, bounds: readonly number[]): number {
  const i = bounds.findIndex((b) => size < b);
  return i < 0 ? bounds.length : i;
}

/** Labels of the buckets, e.g. "< 8.0 MB", "8.0 MB – 32 MB", "≥ 256 MB". */
export function bucketLabels(bounds: readonly number[], fmt: (n: number) => string): string[] {
  return [...bounds.map((b, i) => (i === 0 ? `< ${fmt(b)}` : `${fmt(bounds[i - 1])} – ${fmt(b)}`)), `≥ ${fmt(bounds[bounds.length - 1])}`];
}

/** The aggregate over the hidden `_metadata` columns: one row per partition directory with its bucket counts. */
export function fileScanQuery(sqlTable: string, target: number): string {
  const bounds = bucketBounds(target);
  const bucketCols = [...bounds.map((b, i) => `SUM(CASE WHEN s < ${b}${i > 0 ? ` AND s >= ${bounds[i - 1]}` : ''} THEN 1 ELSE 0 END) AS b${i}`),
    `SUM(CASE WHEN s >= ${bounds[bounds.length - 1]} THEN 1 ELSE 0 END) AS b${bounds.length}`];
  return [
    'WITH f AS (SELECT _metadata.file_path AS p, MAX(_metadata.file_size) AS s',
    `FROM ${sqlTable} GROUP BY _metadata.file_path)`,
    `SELECT regexp_extract(p, '^(.*)/[^/]*$', 1) AS dir, COUNT(*) AS files, SUM(s) AS bytes, ${bucketCols.join(', ')}`,
    'FROM f GROUP BY 1',
  ].join('\n');
}

/** A partition directory relative to the table's location ('' for the root). */
export function partitionOf(dir: string, location: string): string {
  const norm = (p: string) => p.replace(/^file:\/\/(?=\/)/, 'file:').replace(/\/+$/, '');
  const d = norm(dir);
  const l = norm(location);
  if (d === l) return '';
  return d.startsWith(`${l}/`) ? decodeURIComponent(d.slice(l.length + 1)) : d;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Largest vs median partition by bytes and files; partitions above twice the median bytes are skewed. */
export function partitionSkew(parts: readonly PartitionStats[]): Skew | undefined {
  if (parts.length < 2) return undefined;
  const medianBytes = median(parts.map((p) => p.bytes));
  const medianFiles = median(parts.map((p) => p.files));
  const largestBytes = Math.max(...parts.map((p) => p.bytes));
  const largestFiles = Math.max(...parts.map((p) => p.files));
  const skewed = parts.filter((p) => p.bytes > 2 * medianBytes || p.files > 2 * medianFiles).sort((a, b) => b.files - a.files).map((p) => p.partition);
  return { partitions: parts.length, largestBytes, medianBytes, largestFiles, medianFiles, ratioBytes: medianBytes > 0 ? largestBytes / medianBytes : 0, skewed };
}

/** Sums the per-partition buckets into the table's histogram. */
export function histogram(parts: readonly PartitionStats[], labels: readonly string[]): SizeBucket[] {
  return labels.map((label, i) => ({ label, files: parts.reduce((n, p) => n + (p.buckets[i] ?? 0), 0) }));
}

/** Number of files below the small-file threshold (the buckets wholly below SMALL_FRACTION of the target). */
export function smallFileCount(parts: readonly PartitionStats[]): number {
  const smallBuckets = BUCKET_FRACTIONS.filter((f) => f <= SMALL_FRACTION).length;
  return parts.reduce((n, p) => n + p.buckets.slice(0, smallBuckets).reduce((a, b) => a + b, 0), 0);
}

/** A partition directory `a=1/b=x` as a SQL predicate `a = '1' AND b = 'x'` (values as strings; Spark casts). */
export function partitionPredicate(partition: string): string | undefined {
  const parts = partition.split('/').map((kv) => /^([^=]+)=(.*)$/.exec(kv));
  if (parts.length === 0 || parts.some((m) => !m)) return undefined;
  return parts.map((m) => {
    const [, k, v] = m as RegExpExecArray;
    if (v === '__HIVE_DEFAULT_PARTITION__') return `\`${k.replace(/`/g, '``')}\` IS NULL`;
    return `\`${k.replace(/`/g, '``')}\` = '${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }).join(' AND ');
}

/** What history tells: last VACUUM / OPTIMIZE, commits per day, commits since the last checkpoint, DV counts, Z-order. */
export interface HistoryFacts {
  lastVacuum?: Date;
  lastOptimize?: Date;
  commitsPerDay?: number;
  commitsSinceCheckpoint?: number;
  deletionVectors?: number;
  /** The columns of the latest OPTIMIZE … ZORDER BY in the history read, and when it ran. */
  zOrder?: { columns: string[]; at: Date; version: bigint };
}

/** The Z-order columns an OPTIMIZE entry records (operationParameters.zOrderBy, a JSON array); [] when none. */
export function zOrderColumns(e: HistoryEntry): string[] {
  if (e.operation !== 'OPTIMIZE') return [];
  const raw = e.operationParameters.zOrderBy;
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.map(String).filter((c) => c.length > 0) : [];
  } catch {
    return [];
  }
}

/** Facts from history entries (newest first); checkpointInterval is delta.checkpointInterval (default 10). */
export function historyFacts(entries: readonly HistoryEntry[], checkpointInterval = 10): HistoryFacts {
  const facts: HistoryFacts = {};
  facts.lastVacuum = entries.find((e) => /^VACUUM (END|START)$/.test(e.operation))?.timestamp;
  facts.lastOptimize = entries.find((e) => e.operation === 'OPTIMIZE')?.timestamp;
  for (const e of entries) {
    const columns = zOrderColumns(e);
    if (columns.length === 0) continue;
    facts.zOrder = { columns, at: e.timestamp, version: e.version };
    break;
  }
  if (entries.length >= 2) {
    const days = (entries[0].timestamp.getTime() - entries[entries.length - 1].timestamp.getTime()) / DAY_MS;
    facts.commitsPerDay = days > 0 ? (entries.length - 1) / days : entries.length;
  }
  if (entries.length > 0 && checkpointInterval > 0) facts.commitsSinceCheckpoint = Number(entries[0].version % BigInt(checkpointInterval));
  const dvEntries = entries.filter((e) => e.operationMetrics.numDeletionVectorsAdded !== undefined);
  if (dvEntries.length > 0) {
    const sinceOptimize = entries.slice(0, entries.findIndex((e) => e.operation === 'OPTIMIZE' || e.operation === 'REORG') >>> 0);
    facts.deletionVectors = sinceOptimize.reduce((n, e) => n + Number(e.operationMetrics.numDeletionVectorsAdded ?? 0) - Number(e.operationMetrics.numDeletionVectorsRemoved ?? 0), 0);
  }
  return facts;
}

/** The table's retention settings and the versions of the history read that only they keep readable. */
export interface RetentionFacts {
  fileRetention: string;
  logRetention: string;
  /** Versions replaced longer ago than the file retention: VACUUM may remove (or has removed) their files. */
  atRiskVersions: number;
  cutoff?: Date;
}

const UNIT_MS: Record<string, number> = { week: 7 * DAY_MS, day: DAY_MS, hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1, ms: 1 };

/** A Delta interval property ("interval 1 week", "interval 36 hours", "7 days") in milliseconds; undefined if unknown. */
export function intervalMs(text: string): number | undefined {
  const body = text.trim().toLowerCase().replace(/^interval\s+/, '');
  const parts = [...body.matchAll(/(\d+(?:\.\d+)?)\s*(weeks?|days?|hours?|minutes?|seconds?|milliseconds?|ms)\b/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join(' ').replace(/\s+/g, '') !== body.replace(/\s+/g, '')) return undefined;
  return parts.reduce((ms, m) => ms + Number(m[1]) * UNIT_MS[m[2].replace(/s$/, '')], 0);
}

/** Retention from the properties (Delta's defaults: files 1 week, log 30 days) over history entries, newest first. */
export function retentionFacts(entries: readonly HistoryEntry[], properties: Record<string, string>, now = new Date()): RetentionFacts {
  const fileRetention = properties['delta.deletedFileRetentionDuration'] ?? 'interval 1 week';
  const logRetention = properties['delta.logRetentionDuration'] ?? 'interval 30 days';
  const ms = intervalMs(fileRetention);
  if (ms === undefined) return { fileRetention, logRetention, atRiskVersions: 0 };
  const cutoff = new Date(now.getTime() - ms);
  // A version stopped being current when the next one was written (entries[i - 1]); the latest never is at risk.
  const atRiskVersions = entries.filter((_e, i) => i > 0 && entries[i - 1].timestamp < cutoff).length;
  return { fileRetention, logRetention, atRiskVersions, cutoff };
}

/** The findings of the figures, each with the fix that addresses it. */
export function healthFindings(h: Omit<TableHealth, 'findings' | 'figures'>, now = new Date()): HealthFinding[] {
  const findings: HealthFinding[] = [];
  const files = h.scannedFiles;
  if (files >= 8 && h.smallFiles / files >= 0.5) {
    const predicate = h.skew && h.skew.skewed.length > 0 ? h.skew.skewed.slice(0, 8).map(partitionPredicate) : [];
    const filter = predicate.length > 0 && predicate.every((p) => p) ? predicate.map((p) => `(${p as string})`).join(' OR ') : undefined;
    findings.push({ severity: 'warning', message: `${h.smallFiles} of ${files} files (${Math.round((100 * h.smallFiles) / files)}%) are smaller than a quarter of the target file size`, fix: { kind: 'optimize', partitionFilter: filter }, fixLabel: filter ? `OPTIMIZE WHERE ${filter}` : 'OPTIMIZE' });
  }
  if ((h.deletionVectors ?? 0) > 0) {
    findings.push({ severity: 'warning', message: `${h.deletionVectors} deletion vector${h.deletionVectors === 1 ? ' is' : 's are'} in use (from history metrics): reads merge them on every scan`, fix: { kind: 'reorgPurge' }, fixLabel: 'REORG TABLE … APPLY (PURGE)' });
  }
  const vacuumAge = h.lastVacuum ? (now.getTime() - h.lastVacuum.getTime()) / DAY_MS : undefined;
  if (vacuumAge === undefined || vacuumAge > 7) {
    findings.push({ severity: 'info', message: vacuumAge === undefined ? 'No VACUUM in the history read' : `Last VACUUM ${Math.floor(vacuumAge)} days ago`, fix: { kind: 'vacuum' }, fixLabel: 'VACUUM (dry run first)' });
  }
  const large = Number(h.detail.sizeInBytes) >= 8 * h.targetFileSize;
  if (large && h.detail.partitionColumns.length === 0 && h.detail.clusteringColumns.length === 0) {
    findings.push({ severity: 'info', message: 'A large table with neither partitioning nor clustering: liquid clustering would let reads skip files', fix: { kind: 'clusterBy' }, fixLabel: 'ALTER TABLE … CLUSTER BY' });
  }
  const r = h.retention;
  if (r.atRiskVersions > 0 && r.cutoff) {
    findings.push({ severity: 'info', message: `${r.atRiskVersions} version${r.atRiskVersions === 1 ? ' was' : 's were'} replaced before ${r.cutoff.toISOString()} (file retention ${r.fileRetention}): time travel to them fails once VACUUM removes their files, if it has not already` });
  }
  if (h.skew && h.skew.ratioBytes >= 4) {
    findings.push({ severity: 'info', message: `Partition skew: the largest partition holds ${h.skew.ratioBytes.toFixed(1)}× the median bytes` });
  }
  return findings;
}

/** The figures as rows: name, value, and the source each came from. */
export function healthFigures(h: Omit<TableHealth, 'findings' | 'figures'>, fmt: (n: number) => string): HealthFigure[] {
  const d = h.detail;
  const dd: HealthSource = 'DESCRIBE DETAIL';
  const hist: HealthSource = 'DESCRIBE HISTORY';
  const files = h.fileSource;
  const date = (v?: Date) => (v ? v.toISOString() : 'none in history');
  const figures: HealthFigure[] = [
    { name: 'Files', value: String(d.numFiles), source: dd },
    { name: 'Size', value: fmt(Number(d.sizeInBytes)), source: dd },
    { name: 'Target file size', value: `${fmt(h.targetFileSize)}${d.properties['delta.targetFileSize'] ? '' : ' (default)'}`, source: dd },
    { name: 'Partition columns', value: d.partitionColumns.join(', ') || 'none', source: dd },
    { name: 'Clustering columns', value: d.clusteringColumns.join(', ') || 'none', source: dd },
    { name: 'Z-order columns', value: h.zOrder ? `${h.zOrder.columns.join(', ')} (OPTIMIZE ZORDER BY of version ${h.zOrder.version}, ${h.zOrder.at.toISOString()})` : 'none in history', source: hist },
    { name: 'Protocol', value: `reader ${d.minReaderVersion}, writer ${d.minWriterVersion}`, source: dd },
    { name: 'Table features', value: d.tableFeatures.join(', ') || 'none', source: dd },
    { name: 'Properties', value: Object.entries(d.properties).map(([k, v]) => `${k}=${v}`).join(', ') || 'none', source: dd },
    { name: h.checksum && files !== 'file scan (_metadata)' ? `Files (checksum of version ${h.checksum.version})` : 'Files with rows (scanned)', value: `${h.scannedFiles} (${fmt(h.scannedBytes)})`, source: files },
    { name: 'Small files (< ¼ target)', value: h.scannedFiles ? `${h.smallFiles} (${Math.round((100 * h.smallFiles) / h.scannedFiles)}%)` : '0', source: files },
    ...h.buckets.map((b) => ({ name: `Files ${b.label}`, value: `${b.files}${h.histogramExact ? '' : ' (Delta\'s bins, by lower bound)'}`, source: files })),
  ];
  if (h.skew) {
    const scan: HealthSource = 'file scan (_metadata)';
    figures.push({ name: 'Partitions', value: String(h.skew.partitions), source: scan });
    figures.push({ name: 'Largest vs median partition (bytes)', value: `${fmt(h.skew.largestBytes)} vs ${fmt(h.skew.medianBytes)}`, source: scan });
    figures.push({ name: 'Largest vs median partition (files)', value: `${h.skew.largestFiles} vs ${h.skew.medianFiles}`, source: scan });
  }
  figures.push({ name: 'Last VACUUM', value: date(h.lastVacuum), source: hist });
  figures.push({ name: 'Last OPTIMIZE', value: date(h.lastOptimize), source: hist });
  figures.push({ name: 'Commits per day', value: h.commitsPerDay === undefined ? 'not available' : h.commitsPerDay.toFixed(2), source: h.commitsPerDay === undefined ? 'not available' : hist });
  figures.push(...logFigures(h, fmt));
  const dvSource: HealthSource = h.checksum?.deletionVectors !== undefined ? 'checksum file (.crc)' : hist;
  figures.push({ name: 'Deletion vectors', value: h.deletionVectors === undefined ? 'not available' : String(h.deletionVectors), source: h.deletionVectors === undefined ? 'not available' : dvSource });
  if (h.checksum?.deletedRecords !== undefined) figures.push({ name: 'Rows marked deleted by deletion vectors', value: String(h.checksum.deletedRecords), source: 'checksum file (.crc)' });
  const r = h.retention;
  figures.push({ name: 'File retention (VACUUM keeps unreferenced files)', value: r.fileRetention, source: dd });
  figures.push({ name: 'Log retention (time travel reach)', value: r.logRetention, source: dd });
  figures.push({ name: 'Versions older than the file retention', value: r.cutoff ? `${r.atRiskVersions} (replaced before ${r.cutoff.toISOString()})` : 'not available', source: r.cutoff ? hist : 'not available' });
  return figures;
}

/** The log's figures: its files, and commits since the last checkpoint (exact from the log's files, else estimated). */
function logFigures(h: Omit<TableHealth, 'findings' | 'figures'>, fmt: (n: number) => string): HealthFigure[] {
  const figures: HealthFigure[] = [];
  if (h.logError) figures.push({ name: 'Log files', value: `not available: ${h.logError}`, source: 'not available' });
  if (h.log) {
    figures.push({ name: 'Log files', value: `${h.log.files} (${fmt(h.log.bytes)}): ${h.log.commitFiles} commits, ${h.log.checkpointFiles} checkpoint files`, source: '_delta_log listing' });
    figures.push({ name: 'Last checkpoint', value: h.log.lastCheckpoint === undefined ? 'none' : `version ${h.log.lastCheckpoint}`, source: '_delta_log listing' });
  }
  const exact = h.log?.lastCheckpoint !== undefined;
  const since = h.commitsSinceCheckpoint;
  figures.push({ name: 'Commits since last checkpoint', value: since === undefined ? 'not available' : `${since}${exact ? '' : ' (from the version and delta.checkpointInterval)'}`, source: since === undefined ? 'not available' : exact ? '_delta_log listing' : 'DESCRIBE HISTORY' });
  return figures;
}

interface DirRow { dir: string; files: unknown; bytes: unknown; [bucket: string]: unknown }

/** The file figures of a table: counts, bytes, histogram, and the partitions when they were scanned. */
type FileFigures = Pick<TableHealth, 'partitions' | 'buckets' | 'smallFiles' | 'scannedFiles' | 'scannedBytes' | 'skew' | 'fileSource' | 'histogramExact'>;

/** The file figures from a checksum's histogram: no partitions (a checksum has none), no scan. */
export function checksumFiles(checksum: ChecksumFacts, bounds: readonly number[], labels: readonly string[]): FileFigures | undefined {
  if (!checksum.histogram) return undefined;
  const grouped = regroupHistogram(checksum.histogram, bounds);
  const smallBuckets = BUCKET_FRACTIONS.filter((f) => f <= SMALL_FRACTION).length;
  return {
    partitions: [], skew: undefined,
    buckets: labels.map((label, i) => ({ label, files: grouped.files[i] })),
    smallFiles: grouped.files.slice(0, smallBuckets).reduce((a, b) => a + b, 0),
    scannedFiles: checksum.numFiles, scannedBytes: checksum.tableSizeBytes,
    fileSource: 'checksum file (.crc)', histogramExact: grouped.exact,
  };
}

/** The file figures from one aggregate over `_metadata` on the server, per partition directory. */
async function scannedFiles(session: SparkConnectSession, sqlTable: string, detail: TableDetail, target: number, labels: readonly string[], opts?: ExecuteOptions): Promise<FileFigures> {
  const bounds = bucketBounds(target);
  const rows = rowsOf<DirRow>(await (await session.sql(fileScanQuery(sqlTable, target), undefined, opts)).collect(opts));
  const partitions: PartitionStats[] = rows.map((r) => ({
    partition: partitionOf(String(r.dir), detail.location),
    files: Number(r.files),
    bytes: Number(r.bytes),
    buckets: Array.from({ length: bounds.length + 1 }, (_, i) => Number(r[`b${i}`] ?? 0)),
  }));
  return {
    partitions,
    buckets: histogram(partitions, labels),
    smallFiles: smallFileCount(partitions),
    scannedFiles: partitions.reduce((n, p) => n + p.files, 0),
    scannedBytes: partitions.reduce((n, p) => n + p.bytes, 0),
    skew: detail.partitionColumns.length > 0 ? partitionSkew(partitions) : undefined,
    fileSource: 'file scan (_metadata)', histogramExact: true,
  };
}

/**
 * Computes a table's health on the server. `sqlTable` is the table as SQL text (a quoted name or delta.`path`).
 * Files, bytes and the size histogram come from the latest version's checksum file when Delta wrote one and the
 * table has no partitions; otherwise from one aggregate query over the files. No per-file row reaches the client.
 */
export async function computeTableHealth(session: SparkConnectSession, table: DeltaTable, sqlTable: string, fmt: (n: number) => string, opts?: ExecuteOptions & { historyLimit?: number; /** Scan the files even where a checksum would do (a benchmark's comparison). */ scan?: boolean }): Promise<TableHealth> {
  const detail = await table.detailRow(opts);
  const entries = await table.historyEntries(opts?.historyLimit ?? 1000, opts);
  const target = targetFileSize(detail.properties);
  const bounds = bucketBounds(target);
  const labels = bucketLabels(bounds, fmt);
  const latest = entries[0]?.version;
  const checksum = latest === undefined ? undefined : await readChecksum(session, detail.location, latest, opts);
  const logRead = await readLogFacts(session, detail.location, opts);
  const log = 'error' in logRead ? undefined : logRead;
  const fromChecksum = checksum && !opts?.scan && detail.partitionColumns.length === 0 ? checksumFiles(checksum, bounds, labels) : undefined;
  const files = fromChecksum ?? await scannedFiles(session, sqlTable, detail, target, labels, opts);
  const interval = Number(detail.properties['delta.checkpointInterval'] ?? 10);
  const facts = historyFacts(entries, Number.isFinite(interval) ? interval : 10);
  if (log?.lastCheckpoint !== undefined && latest !== undefined) facts.commitsSinceCheckpoint = Number(latest - log.lastCheckpoint);
  if (checksum?.deletionVectors !== undefined) facts.deletionVectors = checksum.deletionVectors;
  const base = { table: sqlTable, detail, targetFileSize: target, ...files, checksum, log, logError: 'error' in logRead ? logRead.error : undefined, retention: retentionFacts(entries, detail.properties), ...facts };
  return { ...base, figures: healthFigures(base, fmt), findings: healthFindings(base) };
}
