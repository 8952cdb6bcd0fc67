// Which versions of a Delta table a VACUUM may have made unreadable, decided from its history alone.
//
// The rule. VACUUM deletes a data file once no current version references it and it was removed (by the commit
// that dropped it) before the VACUUM's cutoff: the VACUUM's start minus the retention it ran with. Delta records
// a VACUUM as two commits: VACUUM START (operationParameters: retentionCheckEnabled, defaultRetentionMillis and,
// when RETAIN was given, specifiedRetentionMillis; operationMetrics: numFilesToDelete) and VACUUM END (status,
// numDeletedFiles). A version v stops holding its files at the first later commit that may remove files — a
// commit whose isBlindAppend is true, or whose metrics say it removed no file, keeps all of v's files — so v is
// "possibly vacuumed" when:
//   - a VACUUM ran after that commit (its START, or its END when the START is not in the entries) and its cutoff
//     is later than that commit's timestamp, and
//   - that VACUUM deleted files (numDeletedFiles, else numFilesToDelete, is > 0; unknown counts as "may have").
// Never marked: the latest version (its files are the table's), a version no later commit removed files from
// (all its files are still current), a CREATE/REPLACE TABLE without AS SELECT (it holds no data files), versions
// after the VACUUM. "Possibly": a removing commit may not have removed this version's files, and a VACUUM that
// deleted files may have deleted only others; a VACUUM not recorded in the history (vacuum logging off) is not seen.
import type { HistoryEntry } from './results';

/** What the rule reads of a history entry. */
export type VacuumHistoryEntry = Pick<HistoryEntry, 'version' | 'timestamp' | 'operation' | 'operationParameters' | 'operationMetrics' | 'isBlindAppend'>;

/** One VACUUM as the history records it. */
export interface VacuumRun {
  /** The VACUUM START commit (the END when the START is not among the entries). */
  version: bigint;
  /** When it started (or ended, when only its END is known). */
  at: Date;
  /** Files removed from the table before this time could be deleted. */
  cutoff: Date;
  /** The retention it ran with, when known. */
  retentionMillis?: number;
  /** Files it deleted (or was about to delete), when known. */
  deletedFiles?: number;
}

/** A version whose data files a VACUUM may have deleted. */
export interface VacuumedVersion {
  version: bigint;
  /** The first VACUUM that may have deleted its files. */
  vacuum: VacuumRun;
}

const EMPTY_CREATES = new Set(['CREATE TABLE', 'REPLACE TABLE', 'CREATE OR REPLACE TABLE']);
const REMOVED_FILE_METRICS = ['numRemovedFiles', 'numTargetFilesRemoved'];

/** The versions a VACUUM may have made unreadable, by version (entries in any order, e.g. newest first). */
export function vacuumedVersions(entries: readonly VacuumHistoryEntry[]): Map<bigint, VacuumedVersion> {
  const sorted = [...entries].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  const runs = vacuumRuns(sorted).filter((r) => r.deletedFiles === undefined || r.deletedFiles > 0);
  const marks = new Map<bigint, VacuumedVersion>();
  if (runs.length === 0) return marks;
  sorted.forEach((entry, i) => {
    if (EMPTY_CREATES.has(entry.operation.toUpperCase())) return;
    const removal = sorted.slice(i + 1).find((later) => !keepsFiles(later));
    if (!removal) return;
    const vacuum = runs.find((r) => r.version > removal.version && r.cutoff.getTime() > removal.timestamp.getTime());
    if (vacuum) marks.set(entry.version, { version: entry.version, vacuum });
  });
  return marks;
}

/** True when a commit provably removed no data file: every version before it keeps its files in it. */
function keepsFiles(entry: VacuumHistoryEntry): boolean {
  if (entry.isBlindAppend === true) return true;
  const counts = REMOVED_FILE_METRICS.map((k) => entry.operationMetrics?.[k]).filter((v) => v !== undefined && v !== null);
  return counts.length > 0 && counts.every((v) => Number(v) === 0);
}

/** The VACUUMs in ascending entries: each END paired with the START before it; a START without END counts too. */
export function vacuumRuns(ascending: readonly VacuumHistoryEntry[]): VacuumRun[] {
  const runs: VacuumRun[] = [];
  let start: VacuumHistoryEntry | undefined;
  for (const entry of ascending) {
    const op = entry.operation.toUpperCase();
    if (op === 'VACUUM START') {
      if (start) runs.push(runOf(start, undefined));
      start = entry;
    } else if (op === 'VACUUM END') {
      runs.push(runOf(start, entry));
      start = undefined;
    }
  }
  if (start) runs.push(runOf(start, undefined));
  return runs;
}

function runOf(start: VacuumHistoryEntry | undefined, end: VacuumHistoryEntry | undefined): VacuumRun {
  const first = (start ?? end)!;
  const retentionMillis = start ? retentionOf(start.operationParameters ?? {}) : undefined;
  const deletedFiles = count(end?.operationMetrics?.numDeletedFiles) ?? count(start?.operationMetrics?.numFilesToDelete);
  // Without the START, the retention is unknown: the END's own time bounds the cutoff from above.
  const cutoff = new Date(first.timestamp.getTime() - (retentionMillis ?? 0));
  return { version: first.version, at: first.timestamp, cutoff, retentionMillis, deletedFiles };
}

/** The retention a VACUUM ran with: the one given with RETAIN, else the table's default. */
function retentionOf(parameters: Record<string, string>): number | undefined {
  return count(parameters.specifiedRetentionMillis) ?? count(parameters.defaultRetentionMillis);
}

function count(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || String(value).trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** "2026-12-04 22:04:15 UTC" */
export function utcTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** A retention as people say it: "0 h", "168 h", "1.5 h". */
export function retentionText(millis: number): string {
  return `${Number((millis / 3_600_000).toFixed(2))} h`;
}

/** One line for a tree tooltip or a picker: "files may have been removed by VACUUM at <time> (retention 0 h)". */
export function vacuumedNote(mark: VacuumedVersion): string {
  const { vacuum } = mark;
  const retention = vacuum.retentionMillis === undefined ? '' : `retention ${retentionText(vacuum.retentionMillis)}`;
  const deleted = vacuum.deletedFiles === undefined ? '' : `${vacuum.deletedFiles} file${vacuum.deletedFiles === 1 ? '' : 's'} deleted`;
  const extra = [retention, deleted].filter(Boolean).join(', ');
  return `files may have been removed by VACUUM at ${utcTime(vacuum.at)}${extra ? ` (${extra})` : ''}`;
}

/** The version of the table that was current at `at`: the latest commit at or before it (undefined before the first). */
export function versionAt(entries: readonly Pick<HistoryEntry, 'version' | 'timestamp'>[], at: Date): bigint | undefined {
  let found: Pick<HistoryEntry, 'version' | 'timestamp'> | undefined;
  for (const e of entries) {
    if (e.timestamp.getTime() <= at.getTime() && (!found || e.version > found.version)) found = e;
  }
  return found?.version;
}
