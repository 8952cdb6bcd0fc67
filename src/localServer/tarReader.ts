// A small streaming tar reader (POSIX ustar with PAX headers, GNU long names), enough to unpack a Spark
// distribution without a native dependency or a new package. Extraction writes regular files and directories only,
// always inside the target folder: names that are absolute or climb out with '..' reject the whole archive.
import { createWriteStream, chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** A malformed or hostile archive. */
export class TarError extends Error {}

/** One archive member, as its header (and any PAX or GNU extension header before it) describes it. */
export interface TarEntry {
  /** Path inside the archive, '/'-separated, without a trailing slash. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Permission bits, e.g. 0o755. */
  mode: number;
  size: number;
  linkName: string;
}

const BLOCK = 512;
/** PAX and GNU long-name bodies are read into memory: far larger ones are not names. */
const MAX_META = 1 << 20;

/** Pulls exact byte counts out of a stream of chunks. */
class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.source = source[Symbol.asyncIterator]();
  }

  private async more(): Promise<boolean> {
    const next = await this.source.next();
    if (next.done) return false;
    this.pending = this.pending.length ? Buffer.concat([this.pending, next.value]) : next.value;
    return true;
  }

  /** Exactly n bytes; null when the stream ended before any of them. */
  async read(n: number): Promise<Buffer | null> {
    while (this.pending.length < n) {
      if (await this.more()) continue;
      if (this.pending.length === 0) return null;
      throw new TarError('The archive is truncated (it ends inside an entry).');
    }
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** The next `left.bytes` bytes as they arrive; `left` counts down, so a reader that stops early can be skipped past. */
  async *take(left: { bytes: number }): AsyncGenerator<Buffer> {
    while (left.bytes > 0) {
      if (this.pending.length === 0 && !(await this.more())) throw new TarError('The archive is truncated (it ends inside an entry).');
      const out = this.pending.subarray(0, Math.min(left.bytes, this.pending.length));
      this.pending = this.pending.subarray(out.length);
      left.bytes -= out.length;
      yield out;
    }
  }

  async skip(bytes: number): Promise<void> {
    for await (const _ of this.take({ bytes })) void _;
  }
}

const text = (b: Buffer, at: number, len: number) => {
  const field = b.subarray(at, at + len);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end < 0 ? len : end);
};

/** A numeric header field: octal text, or GNU's base-256 (high bit set) for values octal cannot hold. */
function number(b: Buffer, at: number, len: number): number {
  if (b[at] & 0x80) {
    let n = b[at] & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + b[at + i];
    return n;
  }
  const s = text(b, at, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`The archive has a malformed header (numeric field "${s}").`);
  return parseInt(s, 8);
}

interface RawHeader { name: string; typeflag: string; mode: number; size: number; linkName: string }

function parseHeader(block: Buffer): RawHeader | null {
  if (block.every((b) => b === 0)) return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  if (sum !== number(block, 148, 8)) throw new TarError('The archive has a corrupt header (checksum mismatch); it is not a tar file or is damaged.');
  // POSIX ustar splits long names into prefix + name; GNU's old format uses those bytes for other things.
  const posix = block.toString('latin1', 257, 263) === 'ustar\0';
  const prefix = posix ? text(block, 345, 155) : '';
  const name = text(block, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    typeflag: String.fromCharCode(block[156] || 0x30),
    mode: number(block, 100, 8),
    size: number(block, 124, 12),
    linkName: text(block, 157, 100),
  };
}

/** PAX extended header records: "<length> <key>=<value>\n", the length counting the whole record in bytes. */
export function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const space = body.indexOf(0x20, at);
    const len = space < 0 ? NaN : Number(body.toString('latin1', at, space));
    if (!Number.isInteger(len) || len <= space - at || at + len > body.length) throw new TarError('The archive has a malformed PAX header.');
    const record = body.toString('utf8', space + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return records;
}

const TYPES: Record<string, TarEntry['type']> = { '0': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'hardlink' };

/** The archive's members in order. Each body must be read (or abandoned) before asking for the next member. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<{ entry: TarEntry; body: AsyncIterable<Buffer> }> {
  const reader = new ByteReader(source);
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (!block) throw new TarError('The archive is truncated (no end-of-archive marker).');
    const h = parseHeader(block);
    if (!h) return;
    const padding = (BLOCK - (h.size % BLOCK)) % BLOCK;
    if ('xgLK'.includes(h.typeflag)) {
      if (h.size > MAX_META) throw new TarError(`The archive has an oversized extension header (${h.size} bytes).`);
      const padded = await reader.read(h.size + padding);
      if (!padded) throw new TarError('The archive is truncated (it ends inside an entry).');
      const body = padded.subarray(0, h.size);
      // A global PAX header ('g') sets defaults such as mtime for all members; nothing extraction uses.
      if (h.typeflag === 'x') pax = { ...pax, ...parsePax(body) };
      if (h.typeflag === 'L') longName = text(body, 0, body.length);
      if (h.typeflag === 'K') longLink = text(body, 0, body.length);
      continue;
    }
    const name = pax.path ?? longName ?? h.name;
    const size = pax.size !== undefined ? Number(pax.size) : h.size;
    if (!Number.isSafeInteger(size) || size < 0) throw new TarError(`The archive has a bad size for ${name}.`);
    let type = TYPES[h.typeflag] ?? 'other';
    if (h.typeflag === '0' && name.endsWith('/')) type = 'directory'; // pre-POSIX archives mark directories by the slash
    const entry: TarEntry = { name: name.replace(/\/+$/, ''), type, mode: h.mode & 0o7777, size, linkName: pax.linkpath ?? longLink ?? h.linkName };
    pax = {};
    longName = longLink = undefined;
    const left = { bytes: size };
    yield { entry, body: reader.take(left) };
    await reader.skip(left.bytes + (BLOCK - (size % BLOCK)) % BLOCK);
  }
}

/** The member's path as safe relative segments; throws for absolute paths and any '..'. */
export function safeSegments(name: string): string[] {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || name.includes('\0')) {
    throw new TarError(`The archive holds an unsafe path (${JSON.stringify(name)}); nothing was extracted from it.`);
  }
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new TarError(`The archive holds a path that leaves its folder (${JSON.stringify(name)}); nothing was extracted from it.`);
  return segments;
}

/** Where a member goes under the target folder ('/'-separated, relative), or undefined to leave it out. */
export type EntryMap = (name: string) => string | undefined;

/** What an extraction wrote. */
export interface ExtractResult {
  files: number;
  bytes: number;
}

/**
 * Writes the regular files and directories of a tar stream under `targetDir`, keeping their permission bits.
 * Links, devices and FIFOs are skipped. Every member name is checked before `map` sees it.
 */
export async function extractTar(source: AsyncIterable<Buffer>, targetDir: string, map: EntryMap = (n) => n,
  onFile?: (r: ExtractResult) => void, signal?: AbortSignal): Promise<ExtractResult> {
  const result: ExtractResult = { files: 0, bytes: 0 };
  mkdirSync(targetDir, { recursive: true });
  for await (const { entry, body } of readTar(source)) {
    signal?.throwIfAborted();
    const name = safeSegments(entry.name).join('/');
    if (entry.type !== 'file' && entry.type !== 'directory') continue;
    const mapped = name && map(name);
    if (!mapped) continue;
    const dest = join(targetDir, ...safeSegments(mapped));
    if (entry.type === 'directory') {
      mkdirSync(dest, { recursive: true });
      chmodSync(dest, (entry.mode & 0o777) | 0o700);
      continue;
    }
    mkdirSync(dirname(dest), { recursive: true });
    await pipeline(body, createWriteStream(dest, { mode: 0o600 }));
    chmodSync(dest, entry.mode & 0o777);
    result.files++;
    result.bytes += entry.size;
    onFile?.(result);
  }
  return result;
}
