// What a finished run says of itself: how long it took and how many rows it gave.

/** "1.2 s · 1,234 rows": what a history item says of its run. */
export function runFigures(r: { readonly durationMs?: number; readonly rows?: number }): string {
  const parts: string[] = [];
  if (r.durationMs !== undefined) parts.push(r.durationMs < 1000 ? `${Math.round(r.durationMs)} ms` : `${(r.durationMs / 1000).toFixed(1)} s`);
  if (r.rows !== undefined) parts.push(`${r.rows.toLocaleString('en-US')} ${r.rows === 1 ? 'row' : 'rows'}`);
  return parts.join(' · ');
}
