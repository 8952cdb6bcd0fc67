// Holds the Arrow record batches of one result as they stream in and answers row windows as small Arrow IPC
// streams. Batches beyond the memory budget go to a spill file; nothing is ever turned into row objects.
import { RecordBatch, Schema, Table, tableToIPC } from 'apache-arrow';
import { BatchSlabs } from './batchSlabs';
import { SpillFile, SpilledBatch } from './spillFile';
import { takeTable } from './rowTake';

/** Memory budget and spill location. */
export interface ResultStoreOptions {
  /** Bytes of Arrow data kept in memory; later batches are spilled to a temp file. Default 256 MiB. */
  readonly memoryBudgetBytes?: number;
  /** Folder for the spill file. Default: the OS temp folder. */
  readonly tempDir?: string;
}

/** Default memory budget of one result. */
export const DEFAULT_MEMORY_BUDGET = 256 * 1024 * 1024;

interface StoredBatch {
  readonly rowStart: number;
  readonly numRows: number;
  readonly batch?: RecordBatch;
  readonly spilled?: SpilledBatch;
}

/** The batches of one result, in memory up to a budget and spilled beyond it. */
export class ResultStore {
  private readonly entries: StoredBatch[] = [];
  private readonly spill: SpillFile;
  private readonly slabs = new BatchSlabs();
  private readonly budget: number;
  private readonly readBack = new Map<number, RecordBatch>();
  private readonly listeners = new Set<() => void>();
  private loaded = 0;
  private inMemory = 0;
  private finished = false;
  private order: Uint32Array | null = null;

  constructor(readonly schema: Schema, opts: ResultStoreOptions = {}) {
    this.budget = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET;
    this.spill = new SpillFile(schema, opts.tempDir);
  }

  /** Rows received so far. */
  get loadedRows(): number {
    return this.loaded;
  }

  /** Rows in the current view (the local sort/filter order, if one is set). */
  get rowCount(): number {
    return this.order ? this.order.length : this.loaded;
  }

  /** True once the source has ended (complete, cancelled or failed). */
  get done(): boolean {
    return this.finished;
  }

  /** Arrow bytes held in memory. */
  get memoryBytes(): number {
    return this.inMemory;
  }

  /** Bytes written to the spill file. */
  get spilledBytes(): number {
    return this.spill.bytes;
  }

  /** True when every row is in memory and no more will come: local sort and filter are possible. */
  get wholeResultInMemory(): boolean {
    return this.finished && this.spill.bytes === 0;
  }

  /** Bytes of spilled batches still on their way to disk (held in memory until written). */
  get spillBacklog(): number {
    return this.spill.backlog;
  }

  /** Resolves once the spill backlog is at most `bytes`: a producer waits here so a slow disk bounds memory. */
  whenSpillBacklogBelow(bytes: number): Promise<void> {
    return this.spill.whenBacklogBelow(bytes);
  }

  /**
   * Adds a batch; spills it when the budget is used up (throws only if the spill file cannot be written). `ipc`, the
   * batch's bytes as received (an IPC stream of it alone), is written as it is when the batch spills.
   */
  append(input: RecordBatch, ipc?: Uint8Array): void {
    if (this.finished) throw new Error('ResultStore: append after finish');
    if (input.numRows === 0) return;
    // One schema object for every batch (sources may differ in nullability or metadata), so slices combine.
    const batch = input.schema === this.schema ? input : new RecordBatch(this.schema, input.data);
    const size = batch.data.byteLength;
    const base = { rowStart: this.loaded, numRows: batch.numRows };
    if (this.entries.length > 0 && this.inMemory + size > this.budget) {
      this.entries.push({ ...base, spilled: this.spill.write(batch, ipc) });
    } else {
      // copied into slabs: freed with the store, the memory goes back to the OS (see batchSlabs.ts)
      this.entries.push({ ...base, batch: this.slabs.copy(batch) });
      this.inMemory += size;
    }
    this.loaded += batch.numRows;
    this.notify();
  }

  /** Marks the result as ended; no more batches. */
  finish(): void {
    this.finished = true;
    this.notify();
  }

  /** Calls `listener` after every append and at the end; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `rows` rows are loaded or the result has ended. */
  waitForRows(rows: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (this.loaded < rows && !this.finished) return false;
        unsubscribe();
        resolve();
        return true;
      };
      const unsubscribe = this.onChange(check);
      check();
    });
  }

  /** Sets (or clears, with null) a local view: view row i shows loaded row order[i]. */
  setOrder(order: Uint32Array | null): void {
    this.order = order;
  }

  /** Number of stored batches. */
  get batchCount(): number {
    return this.entries.length;
  }

  /** Batch k, read back from the spill file if needed (the last few read back are cached). */
  batch(k: number): RecordBatch {
    const entry = this.entries[k];
    if (entry.batch) return entry.batch;
    let batch = this.readBack.get(k);
    if (!batch) {
      batch = this.spill.read(entry.spilled!);
      if (this.readBack.size >= 2) this.readBack.delete(this.readBack.keys().next().value!);
    } else {
      this.readBack.delete(k);
    }
    this.readBack.set(k, batch);
    return batch;
  }

  /** Index of the batch holding loaded row `row`. */
  batchIndexOf(row: number): number {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.entries[mid].rowStart <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Loaded rows [start, end) in arrival order, as zero-copy slices across batch boundaries. */
  slice(start: number, end: number): Table {
    const to = Math.min(end, this.loaded);
    const parts: RecordBatch[] = [];
    for (let k = start < to ? this.batchIndexOf(start) : this.entries.length; k < this.entries.length; k++) {
      const { rowStart, numRows } = this.entries[k];
      if (rowStart >= to) break;
      const from = Math.max(start, rowStart) - rowStart;
      parts.push(this.batch(k).slice(from, Math.min(to, rowStart + numRows) - rowStart));
    }
    return new Table(this.schema, parts);
  }

  /** View rows [start, end): a slice, or a gather through the local order. */
  rows(start: number, end: number): Table {
    if (!this.order) return this.slice(start, end);
    const picked = this.order.subarray(start, Math.min(end, this.order.length));
    const chunk = new Uint32Array(picked.length);
    const row = new Uint32Array(picked.length);
    picked.forEach((r, i) => {
      chunk[i] = this.batchIndexOf(r);
      row[i] = r - this.entries[chunk[i]].rowStart;
    });
    const batches = this.entries.map((_e, k) => this.batch(k));
    return takeTable(this.schema, batches, { chunk, row });
  }

  /** View rows [start, end) as an Arrow IPC stream: what a getRows request is answered with. */
  window(start: number, end: number): Uint8Array {
    return tableToIPC(this.rows(start, end), 'stream');
  }

  /** Every loaded batch in order (spilled ones read back one at a time). */
  *batches(): Generator<RecordBatch> {
    for (let k = 0; k < this.entries.length; k++) yield this.batch(k);
  }

  /** Drops the batches and deletes the spill file. */
  dispose(): void {
    this.entries.length = 0;
    this.slabs.release();
    this.readBack.clear();
    this.listeners.clear();
    this.spill.dispose();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
