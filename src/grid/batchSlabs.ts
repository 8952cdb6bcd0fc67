// Copies the record batches a grid keeps into a few large ArrayBuffers ("slabs"), so closing the grid gives the
// memory back to the operating system. Batches arrive as many buffers of up to a few MiB (one gRPC message each);
// glibc's malloc serves those from its heap after it has freed a few (its mmap threshold rises to the size of every
// mmapped block freed, up to 32 MiB), and freed heap memory mostly stays with the process. A slab is larger than
// that limit, so malloc always maps it on its own and unmaps it when it is freed.
import { Data, DataType, RecordBatch } from 'apache-arrow';
import type { Buffers } from 'apache-arrow/data';

/** Size of one slab: above glibc's largest dynamic mmap threshold (32 MiB on 64-bit), so always mmapped. */
export const SLAB_BYTES = 64 * 1024 * 1024;

/** What every buffer of an Arrow Data is: a typed array (Uint8Array, Int32Array, BigInt64Array, …). */
interface Typed {
  readonly byteLength: number;
  readonly length: number;
  set(source: Typed): void;
}
type TypedConstructor = new (buffer: ArrayBuffer, offset: number, length: number) => Typed;

/** Slabs of one result: filled in order, dropped together with the batches that point into them. */
export class BatchSlabs {
  private slab: ArrayBuffer | undefined;
  private used = 0;
  private total = 0;

  /** Bytes allocated in slabs (the last one is partly filled). */
  get allocatedBytes(): number {
    return this.total;
  }

  /** A batch equal to `batch` whose buffers live in slabs (the original's can then be freed). */
  copy(batch: RecordBatch): RecordBatch {
    return new RecordBatch(batch.schema, this.copyData(batch.data) as typeof batch.data);
  }

  /** Forgets the current slab (the batches copied so far keep theirs alive until they are dropped). */
  release(): void {
    this.slab = undefined;
    this.used = 0;
  }

  private copyData(data: Data): Data {
    const own = (b: unknown): never => this.place(b as Typed | undefined) as never;
    // indexed by BufferType: OFFSET, DATA, VALIDITY, TYPE
    const buffers: Partial<Buffers<DataType>> = [own(data.valueOffsets), own(data.values), own(data.nullBitmap), own(data.typeIds)];
    const children = data.children.map((c) => this.copyData(c));
    const variadic = data.variadicBuffers.map(own);
    return new Data(data.type, data.offset, data.length, data.nullCount, buffers, children, data.dictionary, variadic);
  }

  private place(src: Typed | undefined): Typed | undefined {
    if (!src || src.byteLength === 0) return src;
    const bytes = src.byteLength;
    const Ctor = src.constructor as TypedConstructor;
    if (bytes > SLAB_BYTES / 4) return this.alone(src, Ctor);
    if (!this.slab || this.used + bytes > SLAB_BYTES) {
      this.slab = new ArrayBuffer(SLAB_BYTES);
      this.used = 0;
      this.total += SLAB_BYTES;
    }
    const copy = new Ctor(this.slab, this.used, src.length);
    copy.set(src);
    this.used += (bytes + 7) & ~7; // 8-byte aligned, as Arrow's buffers are
    return copy;
  }

  /** A buffer too large to share a slab gets one of its own (never smaller than a slab, so it is mmapped too). */
  private alone(src: Typed, Ctor: TypedConstructor): Typed {
    const buffer = new ArrayBuffer(Math.max(SLAB_BYTES, src.byteLength));
    this.total += buffer.byteLength;
    const copy = new Ctor(buffer, 0, src.length);
    copy.set(src);
    return copy;
  }
}
