// Hooks for bench/: the cost of the grid's hot paths, measured the way the grid runs them. Not used at runtime.
import { tableFromIPC } from 'apache-arrow';
import { formatCell, FormatOptions } from './shared/format';
import type { ResultStore } from './resultStore';

/** What one measured step cost. */
export interface StepCost {
  readonly ms: number;
  readonly bytes: number;
  readonly rows: number;
}

/** Host side of one getRows: slice (or gather) rows [start, end) and encode them as Arrow IPC. */
export function measureWindow(store: ResultStore, start: number, end: number): StepCost & { readonly ipc: Uint8Array } {
  const t0 = performance.now();
  const ipc = store.window(start, end);
  const ms = performance.now() - t0;
  return { ms, bytes: ipc.byteLength, rows: Math.max(0, Math.min(end, store.rowCount) - start), ipc };
}

/** Webview side of one window: decode the IPC bytes and format every cell, as a render of those rows does. */
export function measureDecodeAndFormat(ipc: Uint8Array, opts: FormatOptions): StepCost & { readonly cells: number } {
  const t0 = performance.now();
  const table = tableFromIPC(ipc);
  let cells = 0;
  for (let c = 0; c < table.numCols; c++) {
    const column = table.getChildAt(c)!;
    for (let r = 0; r < table.numRows; r++, cells++) formatCell(column, r, opts);
  }
  return { ms: performance.now() - t0, bytes: ipc.byteLength, rows: table.numRows, cells };
}
