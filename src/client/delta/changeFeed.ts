// Change data feed: whether a table records it, from which version on, and which versions a picker may offer.
import type { HistoryEntry } from './results';

export const CHANGE_DATA_FEED_PROPERTY = 'delta.enableChangeDataFeed';

/** True when the table's properties turn the change data feed on (delta.enableChangeDataFeed = true). */
export function changeDataFeedEnabled(properties: Record<string, string> | undefined): boolean {
  return (properties?.[CHANGE_DATA_FEED_PROPERTY] ?? '').trim().toLowerCase() === 'true';
}

/**
 * The first version whose changes the feed holds: the last commit that turned the property on (CREATE, REPLACE or
 * SET TBLPROPERTIES) with no later commit turning it off; the oldest listed version when no listed commit set it
 * (it was set before the history shown); undefined when the property was last turned off.
 */
export function changeFeedStartVersion(history: HistoryEntry[]): bigint | undefined {
  const oldestFirst = [...history].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  let start: bigint | undefined = oldestFirst[0]?.version;
  for (const entry of oldestFirst) {
    const value = changeFeedSetting(entry);
    if (value === true) start = entry.version;
    if (value === false) start = undefined;
  }
  return start;
}

function changeFeedSetting(entry: HistoryEntry): boolean | undefined {
  const raw = entry.operationParameters?.properties;
  if (!raw) return undefined;
  let properties: Record<string, unknown>;
  try {
    properties = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!(CHANGE_DATA_FEED_PROPERTY in properties)) return /REPLACE|^CREATE/.test(entry.operation) ? false : undefined;
  return String(properties[CHANGE_DATA_FEED_PROPERTY]).toLowerCase() === 'true';
}

/** A range of versions: Compare needs two different ones, a change feed may read a single version. */
export interface VersionRangeRule {
  /** The oldest version that may be picked (where the change data feed starts). */
  min?: bigint;
  /** Whether "to" may equal "from". */
  single?: boolean;
}

/** Versions for a "from" picker, newest first: from `min` on, and (unless `single`) each with a newer one. */
export function fromVersionChoices(versions: bigint[], rule: VersionRangeRule = {}): bigint[] {
  const sorted = newestFirst(versions).filter((v) => rule.min === undefined || v >= rule.min);
  return rule.single ? sorted : sorted.slice(1);
}

/** Versions for a "to" picker, newest first: only those newer than `from` (or equal, with `single`). */
export function toVersionChoices(versions: bigint[], from: bigint, rule: VersionRangeRule = {}): bigint[] {
  return newestFirst(versions).filter((v) => v > from || (rule.single === true && v === from));
}

function newestFirst(versions: bigint[]): bigint[] {
  return [...new Set(versions)].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
}
