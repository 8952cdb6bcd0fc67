// Spark (SPARK_DIST in versions.ts) for machines without one: the pyspark source distribution on PyPI carries every
// Spark jar and the bin/ scripts (under pyspark-<version>/deps/). Its address comes from PyPI's Simple API (PEP 691
// JSON); its SHA-256 is pinned in versions.ts and must also be the one PyPI lists. Only what the server needs is
// unpacked, into a temporary folder that is renamed to the Spark home once complete, so a half-extracted Spark is
// never used.
import { createReadStream, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DownloadError, downloadVerified, ensureFreeSpace, httpGetFollow, megabytes, type DownloadProgress } from './download';
import { extractTar, type ExtractResult } from './tarReader';
import { SCALA_BINARY, SPARK_DIST, SPARK_LINE } from './versions';

export { SPARK_DIST };

export const PYPI_SIMPLE = 'https://pypi.org/simple/';

/** The Spark home's folder name inside a storage folder. */
export const SPARK_HOME_DIR = `spark-${SPARK_DIST.version}`;

/** Where the sdist is and what it must be. */
export interface SparkArchive {
  url: string;
  sha256: string;
  size: number;
}

/** Looks the archive up in a PEP 691 JSON index and checks it is the one this extension expects. */
export async function resolveSparkArchive(index = PYPI_SIMPLE, signal?: AbortSignal): Promise<SparkArchive> {
  const pageUrl = new URL(`${SPARK_DIST.project}/`, index).toString();
  const res = await httpGetFollow(pageUrl, { Accept: 'application/vnd.pypi.simple.v1+json' }, signal);
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  if (res.statusCode !== 200) throw new DownloadError(`The package index ${pageUrl} answered HTTP ${res.statusCode}.`);
  if (!/application\/vnd\.pypi\.simple\.v1\+json/.test(res.headers['content-type'] ?? '')) {
    throw new DownloadError(`The package index ${pageUrl} did not answer with the JSON Simple API (PEP 691); it sent ${res.headers['content-type'] ?? 'no content type'}.`);
  }
  const page = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { files?: Array<{ filename: string; url: string; hashes?: Record<string, string>; size?: number }> };
  const file = page.files?.find((f) => f.filename === SPARK_DIST.filename);
  if (!file) throw new DownloadError(`The package index ${pageUrl} does not list ${SPARK_DIST.filename}.`);
  if (file.hashes?.sha256 !== SPARK_DIST.sha256) {
    throw new DownloadError(`The package index lists ${SPARK_DIST.filename} with SHA-256 ${file.hashes?.sha256 ?? '(none)'}, not the expected ${SPARK_DIST.sha256}; not downloading it.`);
  }
  return { url: new URL(file.url, pageUrl).toString(), sha256: SPARK_DIST.sha256, size: file.size ?? SPARK_DIST.size };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Bytes a download into `dir` and the unpacked Spark still need (a resumable .part counts as downloaded). */
export function spaceNeeded(dir: string): number {
  const part = join(dir, `${SPARK_DIST.filename}.part`);
  const have = existsSync(part) ? Math.min(statSync(part).size, SPARK_DIST.size) : 0;
  return SPARK_DIST.size - have + SPARK_DIST.extractedSize;
}

/** The verified sdist in `dir`: reused when already there and intact, downloaded (or resumed) otherwise. */
export async function ensureSparkArchive(dir: string, onProgress?: DownloadProgress, signal?: AbortSignal, index = PYPI_SIMPLE): Promise<string> {
  const file = join(dir, SPARK_DIST.filename);
  if (existsSync(file)) {
    if (await sha256Of(file) === SPARK_DIST.sha256) return file;
    rmSync(file, { force: true });
  }
  ensureFreeSpace(dir, spaceNeeded(dir) - SPARK_DIST.extractedSize);
  const archive = await resolveSparkArchive(index, signal);
  await downloadVerified({ url: archive.url, file, sha256: archive.sha256, size: archive.size }, onProgress, signal);
  return file;
}

/**
 * Where a member of the sdist goes in the Spark home: deps/bin/* → bin/, deps/jars/*.jar → jars/ (not the
 * Connect REPL's jars/connect-repl/), deps/licenses/ → licenses/, LICENSE and NOTICE. Python sources stay out.
 */
export function sparkHomePath(name: string): string | undefined {
  const rest = name.split('/').slice(1).join('/');
  if (/^deps\/bin\/[^/]+$/.test(rest) || /^deps\/jars\/[^/]+\.jar$/.test(rest) || /^deps\/licenses\/[^/]+$/.test(rest)) return rest.slice('deps/'.length);
  if (rest === 'LICENSE' || rest === 'NOTICE') return rest;
  return undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SPARK_CONNECT_JAR = new RegExp(`^spark-connect_${escape(SCALA_BINARY)}-${escape(SPARK_LINE)}\\.\\d+\\.jar$`);

/** Does `dir` look like a usable Spark home of SPARK_LINE? */
export function isSparkHome(dir: string): boolean {
  return existsSync(join(dir, 'bin', 'spark-submit')) && existsSync(join(dir, 'jars'))
    && readdirSync(join(dir, 'jars')).some((f) => SPARK_CONNECT_JAR.test(f));
}

/** Unpacks the sdist's Spark into `sparkHome` (via a temporary sibling folder, renamed when complete). */
export async function extractSparkHome(archive: string, sparkHome: string, onProgress?: (r: ExtractResult) => void, signal?: AbortSignal): Promise<ExtractResult> {
  ensureFreeSpace(join(sparkHome, '..'), SPARK_DIST.extractedSize);
  const tmp = `${sparkHome}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    const tar = pipeline(createReadStream(archive, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 20 }), () => undefined);
    const result = await extractTar(tar, tmp, sparkHomePath, onProgress, signal);
    if (!isSparkHome(tmp)) throw new DownloadError(`${archive} did not hold a Spark home (bin/spark-submit and jars/spark-connect_${SCALA_BINARY}-${SPARK_LINE}.*.jar).`);
    writeFileSync(join(tmp, 'SOURCE.txt'), `Unpacked from ${SPARK_DIST.filename} (SHA-256 ${SPARK_DIST.sha256}), PyPI.\n`);
    if (isSparkHome(sparkHome)) return result; // another window finished first
    rmSync(sparkHome, { recursive: true, force: true });
    renameSync(tmp, sparkHome);
    return result;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new DownloadError(`The disk is full: could not unpack Spark into ${tmp}. Free ${megabytes(SPARK_DIST.extractedSize)} and try again.`);
    throw err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
