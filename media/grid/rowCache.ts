// The webview's only row storage: a few decoded Arrow windows in an LRU. Memory stays flat whatever the
// result size; windows are fetched from the host on demand with request ids.
import { Table, tableFromIPC } from 'apache-arrow';
import { PUSHED_WINDOW, WINDOW_ROWS } from '../../src/grid/shared/protocol';
/** Windows kept decoded. */
export const CACHE_BLOCKS = 8;

interface Block {
  readonly table: Table;
  readonly start: number;
}

/** Where a cached row lives. */
export interface CachedRow {
  readonly table: Table;
  readonly index: number;
}

/** LRU of decoded windows for one view of the result. */
export class RowCache {
  private blocks = new Map<number, Block>();
  private inflight = new Map<number, number>(); // requestId → block number
  private viewId = 0;
  /** A first window sent for a view that has not begun here yet (it arrives just before the view's init or view). */
  private parked: { viewId: number; start: number; ipc: Uint8Array } | undefined;

  /** `request(start, end, viewId)` asks the host for a window and returns the request id. */
  constructor(private readonly request: (start: number, end: number, viewId: number) => number, private readonly capacity = CACHE_BLOCKS) {}

  /** Drops everything: a new view (sort, filter, re-query) starts empty. */
  reset(viewId: number): void {
    this.viewId = viewId;
    this.blocks.clear();
    this.inflight.clear();
    const parked = this.parked;
    this.parked = undefined;
    if (parked?.viewId === viewId) this.pushed(viewId, parked.start, parked.ipc);
  }

  /** Decoded windows held now. */
  get size(): number {
    return this.blocks.size;
  }

  /** The cached row, or undefined while its window is loading. */
  get(row: number): CachedRow | undefined {
    const block = this.blocks.get(Math.floor(row / WINDOW_ROWS));
    if (!block || row - block.start >= block.table.numRows) return undefined;
    return { table: block.table, index: row - block.start };
  }

  /** Requests the windows covering rows [first, end) that are missing or were cut short by a smaller row count. */
  ensure(first: number, end: number, rowCount: number): void {
    if (end <= first) return;
    const pending = new Set(this.inflight.values());
    for (let b = Math.floor(first / WINDOW_ROWS); b * WINDOW_ROWS < Math.min(end, rowCount); b++) {
      const start = b * WINDOW_ROWS;
      const want = Math.min(WINDOW_ROWS, rowCount - start);
      const block = this.blocks.get(b);
      if (pending.has(b) || (block && block.table.numRows >= want)) {
        if (block) this.touch(b, block);
        continue;
      }
      this.inflight.set(this.request(start, start + want, this.viewId), b);
    }
  }

  /** Forgets a request the host answered with an error, so the window is asked for again later. */
  fail(requestId: number | undefined): void {
    if (requestId !== undefined) this.inflight.delete(requestId);
  }

  /** Stores a window from the host; false when it belongs to an old view or an unknown request. */
  receive(requestId: number, viewId: number, start: number, ipc: Uint8Array): boolean {
    if (requestId === PUSHED_WINDOW) return this.pushed(viewId, start, ipc);
    const b = this.inflight.get(requestId);
    this.inflight.delete(requestId);
    if (b === undefined || viewId !== this.viewId || start !== b * WINDOW_ROWS) return false;
    this.keep(b, { table: tableFromIPC(ipc), start });
    return true;
  }

  /**
   * A window the host sent unasked (the first of a view): kept unless it is of an old view or a fuller one is held;
   * one of a view that has not begun yet is kept aside until reset() begins it.
   */
  private pushed(viewId: number, start: number, ipc: Uint8Array): boolean {
    if (start % WINDOW_ROWS !== 0) return false;
    if (viewId > this.viewId) {
      this.parked = { viewId, start, ipc };
      return false;
    }
    if (viewId !== this.viewId) return false;
    const b = start / WINDOW_ROWS;
    const table = tableFromIPC(ipc);
    const held = this.blocks.get(b);
    if (held && held.table.numRows >= table.numRows) return false;
    this.keep(b, { table, start });
    return true;
  }

  /** Holds a decoded window as the most recently used, dropping the least recently used beyond the capacity. */
  private keep(b: number, block: Block): void {
    this.touch(b, block);
    while (this.blocks.size > this.capacity) this.blocks.delete(this.blocks.keys().next().value!);
  }

  private touch(b: number, block: Block): void {
    this.blocks.delete(b);
    this.blocks.set(b, block);
  }
}
