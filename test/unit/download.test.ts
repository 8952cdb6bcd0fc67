// Downloads for the local server against a local HTTP server that injects faults: wrong bytes, a connection cut
// mid-body, Range requests honoured or ignored, errors, redirects; and the PyPI Simple API lookup. The real download
// from PyPI is in test/integration/sparkDownload.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError, downloadVerified, ensureFreeSpace } from '../../src/localServer/download';
import { resolveSparkArchive, SPARK_DIST } from '../../src/localServer/sparkDistribution';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
const sha256 = createHash('sha256').update(content).digest('hex');

/** Serves `body`, honouring `Range: bytes=N-` unless told not to; `cutAfter` ends the first answer's socket early. */
function serveBody(body: Buffer, opts: { cutAfter?: number; ignoreRange?: boolean } = {}): Handler {
  let cut = opts.cutAfter;
  return (req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && !opts.ignoreRange ? Number(range[1]) : 0;
    res.writeHead(start ? 206 : 200, { 'Content-Length': body.length - start, ...(start ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}) });
    if (cut !== undefined) {
      res.write(body.subarray(start, start + cut), () => setTimeout(() => res.socket?.destroy(), 20));
      cut = undefined;
      return;
    }
    res.end(body.subarray(start));
  };
}

describe('verified downloads', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let requests: IncomingMessage[];
  let dir: string;

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    requests = [];
    dir = mkdtempSync(join(tmpdir(), 'dce-dl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('streams to a .part file, reports progress up to the total, and renames it once the SHA-256 matches', async () => {
    handler = serveBody(content);
    const file = join(dir, 'a.bin');
    const seen: Array<[number, number | undefined]> = [];
    await downloadVerified({ url: `${base}/a.bin`, file, sha256, size: content.length }, (got, total) => seen.push([got, total]));
    assert.deepEqual(readFileSync(file), content);
    assert.equal(existsSync(`${file}.part`), false);
    assert.deepEqual(seen.at(-1), [content.length, content.length]);
    assert.ok(seen.every(([got], i) => i === 0 || got > seen[i - 1][0]), 'progress only grows');
  });

  it('deletes a download whose SHA-256 does not match, and says so', async () => {
    const wrong = Buffer.from(content);
    wrong[1234] ^= 1;
    handler = serveBody(wrong);
    const file = join(dir, 'a.bin');
    await assert.rejects(downloadVerified({ url: `${base}/a.bin`, file, sha256, size: content.length }),
      (err: Error) => err instanceof DownloadError && /not the expected one/.test(err.message) && err.message.includes(sha256) && /deleted/.test(err.message));
    assert.equal(existsSync(file), false);
    assert.equal(existsSync(`${file}.part`), false);
  });

  it('keeps what a cut connection delivered and resumes it with a Range request', async () => {
    handler = serveBody(content, { cutAfter: 100_000 });
    const file = join(dir, 'a.bin');
    const spec = { url: `${base}/a.bin`, file, sha256, size: content.length };
    await assert.rejects(downloadVerified(spec), (err: Error) => err instanceof DownloadError && /cut off|stopped after/.test(err.message) && /resume/.test(err.message));
    assert.equal(existsSync(file), false, 'no final file from a cut download');
    const kept = statSync(`${file}.part`).size;
    assert.ok(kept > 0 && kept < content.length, `the .part holds the partial bytes (${kept})`);
    await downloadVerified(spec);
    assert.equal(requests.at(-1)!.headers.range, `bytes=${kept}-`);
    assert.deepEqual(readFileSync(file), content);
    assert.equal(existsSync(`${file}.part`), false);
  });

  it('starts over when the server ignores the Range request', async () => {
    handler = serveBody(content, { cutAfter: 50_000 });
    const file = join(dir, 'a.bin');
    const spec = { url: `${base}/a.bin`, file, sha256, size: content.length };
    await assert.rejects(downloadVerified(spec), DownloadError);
    handler = serveBody(content, { ignoreRange: true });
    await downloadVerified(spec);
    assert.ok(requests.at(-1)!.headers.range, 'asked to resume');
    assert.deepEqual(readFileSync(file), content);
  });

  it('treats a body shorter than announced (connection closed cleanly) as incomplete', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.end(content.subarray(0, 1000));
    };
    const file = join(dir, 'a.bin');
    await assert.rejects(downloadVerified({ url: `${base}/a.bin`, file, sha256, size: content.length }), /stopped after/);
    assert.equal(existsSync(file), false);
  });

  it('keeps the .part of a cancelled download', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': content.length });
      res.write(content.subarray(0, 64_000));
    };
    const file = join(dir, 'a.bin');
    const controller = new AbortController();
    const done = downloadVerified({ url: `${base}/a.bin`, file, sha256, size: content.length }, (got) => {
      if (got >= 64_000) controller.abort();
    }, controller.signal);
    await assert.rejects(done, (err: Error) => err.name === 'AbortError');
    assert.equal(existsSync(file), false);
    assert.ok(existsSync(`${file}.part`));
  });

  it('names the HTTP status of a failed request and follows redirects', async () => {
    handler = (_req, res) => res.writeHead(404, 'Not Found').end();
    await assert.rejects(downloadVerified({ url: `${base}/missing`, file: join(dir, 'm') }), /HTTP 404 Not Found/);
    handler = (req, res) => (req.url === '/old' ? res.writeHead(302, { Location: '/new' }).end() : serveBody(content)(req, res));
    await downloadVerified({ url: `${base}/old`, file: join(dir, 'r'), sha256 });
    assert.deepEqual(readFileSync(join(dir, 'r')), content);
  });

  it('refuses to start when the disk has too little space', () => {
    assert.throws(() => ensureFreeSpace(dir, Number.MAX_SAFE_INTEGER), /Not enough disk space/);
  });

  describe('the PyPI Simple API lookup (PEP 691)', () => {
    const page = (sha: string, url = '../../packages/ab/cd/pyspark-4.2.0.tar.gz') => JSON.stringify({
      meta: { 'api-version': '1.1' }, name: 'pyspark',
      files: [{ filename: 'pyspark-4.2.0.dev5.tar.gz', url: 'x', hashes: { sha256: 'aa' } }, { filename: SPARK_DIST.filename, url, hashes: { sha256: sha }, size: 42 }],
    });
    const serveIndex = (body: string, type = 'application/vnd.pypi.simple.v1+json'): Handler => (_req, res) => res.writeHead(200, { 'Content-Type': type }).end(body);

    it('asks for JSON and resolves the archive address against the page', async () => {
      handler = serveIndex(page(SPARK_DIST.sha256));
      const archive = await resolveSparkArchive(`${base}/simple/`);
      assert.equal(requests[0].url, '/simple/pyspark/');
      assert.match(requests[0].headers.accept ?? '', /application\/vnd\.pypi\.simple\.v1\+json/);
      assert.deepEqual(archive, { url: `${base}/packages/ab/cd/pyspark-4.2.0.tar.gz`, sha256: SPARK_DIST.sha256, size: 42 });
    });

    it('refuses an archive whose listed SHA-256 is not the pinned one', async () => {
      handler = serveIndex(page('0'.repeat(64)));
      await assert.rejects(resolveSparkArchive(`${base}/simple/`), /not the expected/);
    });

    it('refuses an index that answers HTML instead of PEP 691 JSON', async () => {
      handler = serveIndex('<html></html>', 'text/html');
      await assert.rejects(resolveSparkArchive(`${base}/simple/`), /PEP 691/);
    });
  });
});
