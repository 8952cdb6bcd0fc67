// A lean HTTP/2 path for one server-streaming gRPC call (ExecutePlan), on node:http2 alone: what grpc-js does for
// a stream, minus its layers. Used by the transport figure to find out what Node can reach on this machine.
//   - SETTINGS: a large stream window and the largest frame size (16 MiB - 1), so a sender may use big DATA frames;
//   - framing: a message that lies inside one chunk is a view (no copy); one that spans chunks is copied once into
//     a buffer placed so that the Arrow bytes inside (ExecutePlanResponse.arrow_batch.data) start 8-byte aligned —
//     apache-arrow then decodes without copying again.
import * as http2 from 'node:http2';

const MAX_FRAME = 16 * 1024 * 1024 - 1;

export interface LeanOptions {
  readonly windowBytes?: number;
  readonly maxFrameSize?: number;
  /** Align the Arrow payload of spanning messages (default true). */
  readonly alignArrow?: boolean;
}

export class LeanH2Channel {
  private readonly session: http2.ClientHttp2Session;
  readonly ready: Promise<void>;

  constructor(target: string, private readonly opts: LeanOptions = {}) {
    const window = opts.windowBytes ?? 64 * 1024 * 1024;
    this.session = http2.connect(`http://${target}`, {
      settings: { initialWindowSize: window, maxFrameSize: opts.maxFrameSize ?? MAX_FRAME },
      maxSessionMemory: Number.MAX_SAFE_INTEGER,
    });
    this.ready = new Promise((resolve, reject) => {
      this.session.once('remoteSettings', () => {
        this.session.setLocalWindowSize(window);
        resolve();
      });
      this.session.once('error', reject);
    });
  }

  /** Calls a server-streaming method; yields each response message (protobuf bytes). */
  async *serverStream(path: string, request: Uint8Array, metadata: Record<string, string> = {}): AsyncGenerator<Uint8Array> {
    await this.ready;
    const req = this.session.request({
      ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...metadata,
    });
    const frame = Buffer.alloc(5 + request.byteLength);
    frame.writeUInt32BE(request.byteLength, 1);
    frame.set(request, 5);
    req.end(frame);
    const decoder = new GrpcDecoder(this.opts.alignArrow ?? true);
    let status: string | undefined;
    let message = '';
    req.on('response', (headers) => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
    });
    req.on('trailers', (trailers) => {
      status = String(trailers['grpc-status'] ?? '');
      message = decodeURIComponent(String(trailers['grpc-message'] ?? ''));
    });
    for await (const chunk of req as AsyncIterable<Buffer>) {
      const out = decoder.push(chunk);
      for (const m of out) yield m;
    }
    if (status !== '0') throw new Error(`gRPC status ${status}: ${message}`);
  }

  close(): void {
    this.session.close();
  }
}

/** gRPC length-prefixed framing → messages, with at most one copy per message. */
export class GrpcDecoder {
  private header = new Uint8Array(5);
  private headerFill = 0;
  private msg: Uint8Array | null = null;
  private msgFill = 0;

  constructor(private readonly align: boolean) {}

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let pos = 0;
    const n = chunk.byteLength;
    while (pos < n) {
      if (this.msg === null) {
        if (this.headerFill === 0 && n - pos >= 5) {
          // Fast path: the whole prefix is here.
          if (chunk[pos] !== 0) throw new Error('compressed gRPC messages are not supported');
          const len = ((chunk[pos + 1] << 24) >>> 0) + (chunk[pos + 2] << 16) + (chunk[pos + 3] << 8) + chunk[pos + 4];
          pos += 5;
          if (n - pos >= len) {
            out.push(chunk.subarray(pos, pos + len)); // whole message in this chunk: a view
            pos += len;
            continue;
          }
          this.start(len, chunk.subarray(pos));
        } else {
          const take = Math.min(5 - this.headerFill, n - pos);
          this.header.set(chunk.subarray(pos, pos + take), this.headerFill);
          this.headerFill += take;
          pos += take;
          if (this.headerFill < 5) continue;
          this.headerFill = 0;
          const h = this.header;
          if (h[0] !== 0) throw new Error('compressed gRPC messages are not supported');
          const len = ((h[1] << 24) >>> 0) + (h[2] << 16) + (h[3] << 8) + h[4];
          if (len === 0) {
            out.push(new Uint8Array(0));
            continue;
          }
          this.start(len, chunk.subarray(pos));
        }
      }
      const msg = this.msg!;
      const take = Math.min(msg.byteLength - this.msgFill, n - pos);
      msg.set(chunk.subarray(pos, pos + take), this.msgFill);
      this.msgFill += take;
      pos += take;
      if (this.msgFill === msg.byteLength) {
        out.push(msg);
        this.msg = null;
      }
    }
    return out;
  }

  /** Allocates the buffer of a message of `len` bytes whose first bytes are `head`. */
  private start(len: number, head: Uint8Array): void {
    const shift = this.align ? alignShift(head) : 0;
    this.msg = new Uint8Array(new ArrayBuffer(len + shift), shift, len);
    this.msgFill = 0;
  }
}

/** Bytes to shift a message by so that ExecutePlanResponse.arrow_batch.data (2.2) starts 8-byte aligned. */
export function alignShift(head: Uint8Array): number {
  const off = arrowDataOffset(head);
  return off < 0 ? 0 : (8 - (off % 8)) % 8;
}

/** Offset of arrow_batch.data in a serialized ExecutePlanResponse, from its first bytes; -1 if not found there. */
export function arrowDataOffset(b: Uint8Array): number {
  let p = 0;
  const varint = (): number => {
    let v = 0;
    let s = 0;
    for (;;) {
      if (p >= b.byteLength) return -1;
      const x = b[p++];
      v += (x & 0x7f) * 2 ** s;
      if (x < 0x80) return v;
      s += 7;
    }
  };
  const skip = (wire: number): boolean => {
    if (wire === 0) return varint() >= 0;
    if (wire === 1) return (p += 8) <= b.byteLength;
    if (wire === 5) return (p += 4) <= b.byteLength;
    if (wire === 2) {
      const l = varint();
      return l >= 0 && (p += l) <= b.byteLength;
    }
    return false;
  };
  while (p < b.byteLength) {
    const tag = varint();
    if (tag < 0) return -1;
    if (tag === (2 << 3 | 2)) { // arrow_batch
      if (varint() < 0) return -1;
      for (;;) {
        const t = varint();
        if (t < 0) return -1;
        if (t === (2 << 3 | 2)) return varint() < 0 ? -1 : p; // data
        if (!skip(t & 7)) return -1;
      }
    }
    if (!skip(tag & 7)) return -1;
  }
  return -1;
}
