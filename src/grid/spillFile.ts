// A temporary file holding record batches that did not fit the memory budget. Each batch is written as its own
// small Arrow IPC stream, so any one of them can be read back by offset without scanning the file. Writes are
// asynchronous (the extension host's event loop is shared by every extension of the window): a batch stays readable
// from memory until its bytes are on disk, and `backlog` lets the writer slow down when the disk falls behind.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

/** Where one spilled batch lives in the file. */
export interface SpilledBatch {
  readonly offset: number;
  readonly length: number;
}

/** An append-only spill file, deleted on dispose. */
export class SpillFile {
  private fd: number | undefined;
  private dir: string | undefined;
  private size = 0;
  /** Batches whose bytes are still being written, by offset: read from here until the write has ended. */
  private readonly pending = new Map<number, RecordBatch>();
  private pendingBytes = 0;
  private failure: Error | undefined;
  /** Waiters for the backlog to shrink: each says whether it is settled. */
  private drained: Array<() => boolean> = [];
  private disposed = false;

  constructor(private readonly schema: Schema, private readonly tempDir = os.tmpdir()) {}

  /** Bytes placed in the file so far (some may still be on their way to disk). */
  get bytes(): number {
    return this.size;
  }

  /** Bytes handed to the disk and not yet written. */
  get backlog(): number {
    return this.pendingBytes;
  }

  /** Path of the file, once created. */
  get file(): string | undefined {
    return this.dir && path.join(this.dir, 'result.arrows');
  }

  /**
   * Places a batch in the file and starts writing it; `ipc` is the batch as an Arrow IPC stream when the caller has
   * it already (the bytes it was received as), else the batch is encoded. Throws if an earlier write failed (e.g.
   * ENOSPC): the batches placed before it stay readable.
   */
  write(batch: RecordBatch, ipc?: Uint8Array): SpilledBatch {
    if (this.disposed) throw new Error('spill file is closed');
    if (this.failure) throw this.failure;
    const bytes = ipc ?? tableToIPC(new Table(this.schema, [batch]), 'stream');
    const fd = this.open();
    const entry = { offset: this.size, length: bytes.length };
    this.size += bytes.length;
    this.pending.set(entry.offset, batch);
    this.pendingBytes += bytes.length;
    this.writeAt(fd, bytes, entry, 0);
    return entry;
  }

  /** Resolves once the bytes handed to the disk are at most `bytes` (at once when they already are). */
  whenBacklogBelow(bytes: number): Promise<void> {
    if (this.pendingBytes <= bytes || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(() => {
      if (this.pendingBytes > bytes && !this.disposed) return false;
      resolve();
      return true;
    }));
  }

  /** Reads one batch back (into a fresh, aligned buffer so apache-arrow needs no copy), or from memory while it is being written. */
  read(entry: SpilledBatch): RecordBatch {
    const inFlight = this.pending.get(entry.offset);
    if (inFlight) return inFlight;
    if (this.fd === undefined) throw new Error('spill file is closed');
    const bytes = new Uint8Array(entry.length);
    let read = 0;
    while (read < entry.length) {
      const n = fs.readSync(this.fd, bytes, read, entry.length - read, entry.offset + read);
      if (n === 0) throw new Error('spill file ended early');
      read += n;
    }
    return new RecordBatch(this.schema, tableFromIPC(bytes).batches[0].data);
  }

  /** Deletes the file; its descriptor closes once the writes under way have ended. Safe to call twice. */
  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    this.settleWaiters();
    if (this.pendingBytes === 0) this.close();
    this.removeDir(this.fd !== undefined);
  }

  private writeAt(fd: number, bytes: Uint8Array, entry: SpilledBatch, done: number): void {
    fs.write(fd, bytes, done, bytes.length - done, entry.offset + done, (err, n) => {
      if (!err && !this.disposed && done + n < bytes.length) return this.writeAt(fd, bytes, entry, done + n);
      if (err && !this.disposed) this.failure ??= new Error(`could not write the spill file: ${err.message}`);
      // a batch that failed to reach the disk stays in memory: its rows are still shown
      if (!err) this.pending.delete(entry.offset);
      this.pendingBytes -= bytes.length;
      if (this.disposed && this.pendingBytes === 0) this.close();
      this.settleWaiters();
    });
  }

  private settleWaiters(): void {
    this.drained = this.drained.filter((settled) => !settled());
  }

  private close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    if (this.disposed) this.removeDir(false);
  }

  /** Deletes the folder; while a write is under way a system that cannot delete an open file is retried on close. */
  private removeDir(stillOpen: boolean): void {
    if (!this.dir) return;
    try {
      fs.rmSync(this.dir, { recursive: true, force: true });
      this.dir = undefined;
    } catch (e) {
      if (!stillOpen) throw e;
    }
  }

  private open(): number {
    if (this.fd === undefined) {
      this.dir = fs.mkdtempSync(path.join(this.tempDir, 'delta-grid-'));
      this.fd = fs.openSync(path.join(this.dir, 'result.arrows'), 'w+', 0o600);
    }
    return this.fd;
  }
}
