// What a capped table preview says about itself: it holds the first rows of a bigger table, not the table.
import type { CapInfo } from './protocol';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "first 10,000 of 49,999 rows", or "first 10,000 rows (the table has more)" when the total is unknown. */
export function capText(cap: CapInfo): string {
  if (cap.total !== undefined) return `first ${count(cap.limit)} of ${count(cap.total)} rows`;
  return `first ${count(cap.limit)} rows (the table has more)`;
}

/**
 * Whether a result of `rows` rows under this cap is cut short: once it ended, it filled the cap and the table is not
 * known to end there; while it streams, only when the table is known to be bigger than the cap.
 */
export function isCutShort(cap: CapInfo, rows: number, done: boolean): boolean {
  if (!done) return cap.total !== undefined && cap.total > cap.limit;
  return rows >= cap.limit && (cap.total === undefined || cap.total > rows);
}
