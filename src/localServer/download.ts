// Downloads for the local server: streamed to a `.part` file, the SHA-256 checked while the bytes arrive, renamed to
// the final name only once verified. A cut or cancelled download keeps its `.part` and the next attempt resumes it
// with an HTTP Range request. Node's https module is used on purpose: inside VS Code's extension host it honours the
// user's proxy settings (http.proxy, HTTPS_PROXY) through VS Code's own proxy support.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, statfsSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** A download that failed for a reason worth telling the user as is. */
export class DownloadError extends Error {}

/** What to fetch, and what it must be. */
export interface DownloadSpec {
  url: string;
  file: string;
  /** Hex SHA-256 the file must have; a mismatch deletes the file. */
  sha256?: string;
  /** Expected size in bytes, when known in advance. */
  size?: number;
}

/** Bytes on disk so far, and the total when known. */
export type DownloadProgress = (received: number, total: number | undefined) => void;

const MB = 1_000_000;
export const megabytes = (bytes: number) => `${Math.round(bytes / MB)} MB`;

/** GET with redirects followed; resolves with the response whose status is not a redirect. */
export function httpGetFollow(url: string, headers: Record<string, string>, signal?: AbortSignal, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('http:') ? httpGet : httpsGet;
    const req = get(url, { headers: { 'User-Agent': 'delta-connect-explorer', ...headers }, signal }, (res) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.resume();
        if (redirects === 0) return reject(new DownloadError(`Downloading ${url} failed: too many redirects.`));
        return resolve(httpGetFollow(new URL(location, url).toString(), headers, signal, redirects - 1));
      }
      resolve(res);
    });
    req.setTimeout(60_000, () => req.destroy(new DownloadError(`Downloading ${url} failed: no answer for 60 s.`)));
    req.on('error', (err) => reject(signal?.aborted ? abortError() : err instanceof DownloadError ? err : new DownloadError(`Downloading ${url} failed: ${err.message}`)));
  });
}

function abortError(): Error {
  const err = new Error('The download was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** Throws a clear error when `dir`'s file system has less than `bytes` free. */
export function ensureFreeSpace(dir: string, bytes: number): void {
  mkdirSync(dir, { recursive: true });
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free < bytes) throw new DownloadError(`Not enough disk space in ${dir}: ${megabytes(bytes)} needed, ${megabytes(free)} free.`);
}

/** The hash of what an earlier, cut attempt left in the .part file (its bytes are reused). */
async function resumeState(part: string, size: number | undefined): Promise<{ hash: Hash; offset: number }> {
  const hash = createHash('sha256');
  if (!existsSync(part)) return { hash, offset: 0 };
  const stat = statSync(part);
  const offset = stat.size;
  if (!stat.isFile() || (size !== undefined && offset > size)) {
    rmSync(part, { force: true });
    return { hash, offset: 0 };
  }
  for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  return { hash, offset };
}

/** Downloads `spec.url` to `spec.file` (see the file comment). Resolves once the file is there and verified. */
export async function downloadVerified(spec: DownloadSpec, onProgress?: DownloadProgress, signal?: AbortSignal): Promise<void> {
  const part = `${spec.file}.part`;
  mkdirSync(dirname(spec.file), { recursive: true });
  let { hash, offset } = await resumeState(part, spec.size);
  if (spec.size === undefined || offset < spec.size) {
    const res = await httpGetFollow(spec.url, offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal);
    if (res.statusCode === 416 && offset > 0) {
      res.resume();
      rmSync(part, { force: true });
      return downloadVerified(spec, onProgress, signal);
    }
    if (res.statusCode !== 200 && res.statusCode !== 206) {
      res.resume();
      throw new DownloadError(`Downloading ${spec.url} failed: HTTP ${res.statusCode}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`);
    }
    const resumed = res.statusCode === 206 && new RegExp(`^bytes ${offset}-`).test(res.headers['content-range'] ?? '');
    if (!resumed && offset > 0) {
      hash = createHash('sha256');
      offset = 0;
    }
    const length = Number(res.headers['content-length']);
    const total = spec.size ?? (Number.isFinite(length) ? offset + length : undefined);
    offset = await receive(res, part, resumed, hash, offset, total, onProgress, signal);
    if (total !== undefined && offset !== total) {
      throw new DownloadError(`Downloading ${spec.url} stopped after ${megabytes(offset)} of ${megabytes(total)}; try again to resume.`);
    }
  }
  const got = hash.digest('hex');
  if (spec.sha256 && got !== spec.sha256.toLowerCase()) {
    rmSync(part, { force: true });
    throw new DownloadError(`The file downloaded from ${spec.url} is not the expected one (SHA-256 ${got}, expected ${spec.sha256}); it was deleted.`);
  }
  renameSync(part, spec.file);
}

/** Streams the response body to the .part file, hashing as it goes; returns the bytes now in the file. */
async function receive(res: IncomingMessage, part: string, append: boolean, hash: Hash, offset: number, total: number | undefined,
  onProgress: DownloadProgress | undefined, signal: AbortSignal | undefined): Promise<number> {
  try {
    await pipeline(res, async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        offset += chunk.length;
        onProgress?.(offset, total);
        yield chunk;
      }
    }, createWriteStream(part, { fd: openSync(part, append ? 'a' : 'w') })); // opened now: a cancel at once still leaves the .part
  } catch (err) {
    if (signal?.aborted) throw abortError();
    throw diskError(err, part) ?? new DownloadError(`The download was cut off after ${megabytes(offset)}: ${(err as Error).message}. Try again to resume.`);
  }
  return offset;
}

function diskError(err: unknown, file: string): DownloadError | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DownloadError(`The disk is full: could not write ${file}. Free some space and try again (the download resumes).`);
  return undefined;
}
