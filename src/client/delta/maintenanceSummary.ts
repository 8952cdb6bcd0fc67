// What an Optimize or a Vacuum did or will do, in words and numbers a person checks at a glance.

/**
 * One sentence for an Optimize: what it compacted, or that it compacted nothing (no new table version, or no file
 * removed: Delta then commits nothing, and "2 files compacted into 2" would be untrue).
 */
export function optimizeSummary(label: string, metrics: Record<string, unknown>, committed: boolean): string {
  const removed = Number(metrics.numFilesRemoved ?? 0);
  const added = Number(metrics.numFilesAdded ?? 0);
  if (!committed || removed === 0) {
    const considered = Number(metrics.totalConsideredFiles ?? 0);
    return `Optimize compacted nothing in ${label}: ${considered > 0 ? `its ${considered} file${considered === 1 ? ' is' : 's are'} already compacted` : 'no file needed it'}; no new version was written.`;
  }
  return `Optimized ${label}: ${removed} file${removed === 1 ? '' : 's'} compacted into ${added} (a new version).`;
}

/** A byte count for people: 1,234 bytes, 12.3 KB, 4.5 MB, … (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A file's path relative to the table's location (`part-0.parquet`, `day=1/part-0.parquet`), else as given. */
export function relativeToTable(path: string, location: string): string {
  const base = location.replace(/\/+$/, '');
  const strip = (p: string) => p.replace(/^file:\/\/(?=\/)/, 'file:');
  const p = strip(path);
  const b = strip(base);
  return p.startsWith(`${b}/`) ? p.slice(b.length + 1) : path;
}
