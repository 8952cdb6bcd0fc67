// A temporary file holding record batches that did not fit the memory budget. Each batch is written as its own
// small Arrow IPC stream, so any one of them can be read back by offset without scanning the file.
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

  constructor(private readonly schema: Schema, private readonly tempDir = os.tmpdir()) {}

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Path of the file, once created. */
  get file(): string | undefined {
    return this.dir && path.join(this.dir, 'result.arrows');
  }

  /** Writes a batch synchronously; throws (e.g. ENOSPC) without corrupting earlier batches. */
  write(batch: RecordBatch): SpilledBatch {
    const bytes = tableToIPC(new Table(this.schema, [batch]), 'stream');
    const fd = this.open();
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, this.size + written);
    const entry = { offset: this.size, length: bytes.length };
    this.size += bytes.length;
    return entry;
  }

  /** Reads one batch back (into a fresh, aligned buffer so apache-arrow needs no copy). */
  read(entry: SpilledBatch): RecordBatch {
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

  /** Closes and deletes the file. Safe to call twice. */
  dispose(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      this.dir = fs.mkdtempSync(path.join(this.tempDir, 'delta-grid-'));
      this.fd = fs.openSync(path.join(this.dir, 'result.arrows'), 'w+', 0o600);
    }
    return this.fd;
  }
}
