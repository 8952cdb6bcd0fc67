// Versions whose data files a VACUUM may have removed: found from the history (the rule is the client's
// vacuumedVersions), said before time travel, Compare Versions or Restore reads one, and named in the error when a
// read fails on a missing file anyway.
import * as vscode from 'vscode';
import {
  explainMissingFile, quoteString, rowsOf, vacuumedNote, vacuumedVersions, versionAt, type DeltaTable, type HistoryEntry, type VacuumedVersion,
} from '../client';
import type { GridSource } from '../grid/gridSource';
import type { CatalogNode } from '../views/catalogNodes';
import { Cancelled } from './runner';
import type { TableTarget } from './services';

/** Versions a history lookup covers: the pickers' reach. */
export const HISTORY_CHECKED = 200;

/** The table's recent history and the versions in it a VACUUM may have made unreadable. */
export interface CheckedHistory {
  entries: HistoryEntry[];
  marks: Map<bigint, VacuumedVersion>;
}

/** Reads the history once and applies the rule. */
export async function checkedHistory(table: DeltaTable): Promise<CheckedHistory> {
  const entries = await table.historyEntries(HISTORY_CHECKED);
  return { entries, marks: vacuumedVersions(entries) };
}

/** The mark of a version: from its tree node when it came from one (no query), else from the history. */
export async function markOf(table: DeltaTable, version: bigint, node?: CatalogNode): Promise<VacuumedVersion | undefined> {
  if (node?.kind === 'version' && node.version === version) return node.vacuumed;
  return (await checkedHistory(table)).marks.get(version);
}

/** The version a timestamp typed in the session time zone reads (the server parses it), and its mark. */
export async function markAtTimestamp(table: DeltaTable, timestamp: string): Promise<VacuumedVersion | undefined> {
  const { entries, marks } = await checkedHistory(table);
  // try_cast: text that is no timestamp gives no mark here, and the read itself says what is wrong with it.
  const query = `SELECT unix_millis(try_cast(${quoteString(timestamp)} AS TIMESTAMP)) AS at`;
  const [row] = rowsOf<{ at: bigint | number | null }>(await (await table.session.sql(query)).collect());
  if (row?.at === null || row?.at === undefined) return undefined;
  const version = versionAt(entries, new Date(Number(row.at)));
  return version === undefined ? undefined : marks.get(version);
}

/**
 * Says, before anything is sent, that a version's files may be gone and what will likely fail. Continue goes on; the
 * first button (`safe`, e.g. "Don't Read It") is the default, so Enter, like Cancel and Escape, ends the command with
 * nothing sent (VS Code never makes its own Cancel button the default).
 */
export async function confirmVacuumedRead(t: TableTarget, marks: ReadonlyArray<VacuumedVersion | undefined>, doing: string, safe: string): Promise<void> {
  const found = marks.filter((m): m is VacuumedVersion => m !== undefined);
  if (found.length === 0) return;
  const versions = found.map((m) => `v${m.version}`).join(' and ');
  const choice = await vscode.window.showWarningMessage(`${versions} of ${t.label} may no longer be readable`, {
    modal: true,
    detail: `${found.map((m) => `v${m.version}: ${vacuumedNote(m)}.`).join('\n')}\n\n` +
      'VACUUM deletes the data files only older versions still reference once they were removed longer ago than its retention; ' +
      `the history keeps listing those versions. ${doing} will likely fail with FILE_NOT_EXIST.`,
  }, safe, CONTINUE);
  if (choice !== CONTINUE) throw new Cancelled();
}
const CONTINUE = 'Continue';

/** The picker's word on a marked version, to put after its operation. */
export function pickerNote(mark: VacuumedVersion | undefined): string {
  return mark ? ' · files may be vacuumed' : '';
}

/** A source whose failures on a missing data file say that `what` (e.g. "version 3 of db.t") was vacuumed. */
export function explainingVacuumedFiles(source: GridSource, what: string): GridSource {
  const batches = source.batches;
  return {
    ...source,
    batches: (async function* () {
      try {
        yield* batches;
      } catch (err) {
        throw explainMissingFile(err, what);
      }
    })(),
    ...(source.requery ? { requery: (opts) => explainingVacuumedFiles(source.requery!(opts), what) } : {}),
    ...(source.cap ? { cap: { ...source.cap, all: (opts) => explainingVacuumedFiles(source.cap!.all(opts), what) } } : {}),
  };
}
