// The tar reader that unpacks Spark: archives built here byte by byte (for hostile and unusual headers) and by the
// system's GNU tar (for real PAX and GNU long-name output), extracted into temporary folders.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extractTar, parsePax, readTar, safeSegments, TarError } from '../../src/localServer/tarReader';
import { extractSparkHome, isSparkHome, sparkHomePath } from '../../src/localServer/sparkDistribution';

interface HeaderOpts { type?: string; mode?: number; size?: number; linkName?: string; prefix?: string; base256Size?: boolean }

function header(name: string, o: HeaderOpts = {}): Buffer {
  const b = Buffer.alloc(512);
  const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, '0')}\0`;
  b.write(name, 0, 100, 'utf8');
  b.write(octal(o.mode ?? 0o644, 8), 100, 'latin1');
  b.write(octal(0, 8), 108, 'latin1');
  b.write(octal(0, 8), 116, 'latin1');
  if (o.base256Size) {
    b[124] = 0x80;
    b.writeUIntBE(o.size ?? 0, 124 + 6, 6);
  } else {
    b.write(octal(o.size ?? 0, 12), 124, 'latin1');
  }
  b.write(octal(0, 12), 136, 'latin1');
  b.write('        ', 148, 'latin1');
  b.write(o.type ?? '0', 156, 'latin1');
  b.write(o.linkName ?? '', 157, 100, 'utf8');
  b.write('ustar\x0000', 257, 'latin1');
  b.write(o.prefix ?? '', 345, 155, 'utf8');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return b;
}

const pad = (body: Buffer) => Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
const file = (name: string, content: string, o: HeaderOpts = {}) => Buffer.concat([header(name, { ...o, size: Buffer.byteLength(content) }), pad(Buffer.from(content))]);
const dir = (name: string, mode = 0o755) => header(name, { type: '5', mode });
const tarball = (...members: Buffer[]) => Buffer.concat([...members, Buffer.alloc(1024)]);

function paxRecords(records: Record<string, string>): Buffer {
  const lines = Object.entries(records).map(([k, v]) => {
    const tail = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(tail) + 1;
    while (String(len).length + Buffer.byteLength(tail) !== len) len++;
    return `${len}${tail}`;
  });
  return Buffer.from(lines.join(''));
}
const pax = (records: Record<string, string>) => {
  const body = paxRecords(records);
  return Buffer.concat([header('PaxHeader', { type: 'x', size: body.length }), pad(body)]);
};
const gnuLongName = (name: string) => {
  const body = Buffer.from(`${name}\0`);
  return Buffer.concat([header('././@LongLink', { type: 'L', size: body.length }), pad(body)]);
};

/** The archive as one chunk per `chunk` bytes, as a stream would deliver it. */
async function* chunks(buf: Buffer, chunk = 700): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
}

describe('tar reader', () => {
  let root: string;
  let target: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dce-tar-'));
    target = join(root, 'out');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('extracts regular files and directories with their content and permission bits', async () => {
    const archive = tarball(dir('pkg/'), dir('pkg/bin/', 0o750), file('pkg/bin/run', '#!/bin/sh\necho hi\n', { mode: 0o755 }), file('pkg/README', 'read me', { mode: 0o640 }));
    const result = await extractTar(chunks(archive), target);
    assert.deepEqual(result, { files: 2, bytes: 25 });
    assert.equal(readFileSync(join(target, 'pkg/bin/run'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal(statSync(join(target, 'pkg/bin/run')).mode & 0o777, 0o755);
    assert.equal(statSync(join(target, 'pkg/README')).mode & 0o777, 0o640);
    assert.equal(statSync(join(target, 'pkg/bin')).mode & 0o777, 0o750);
  });

  for (const evil of ['../escaped', 'pkg/../../escaped', '/tmp/escaped-abs', 'C:/escaped', 'pkg\\..\\..\\escaped']) {
    it(`rejects the archive for the unsafe name ${JSON.stringify(evil)} and writes nothing outside the target`, async () => {
      const archive = tarball(file('pkg/ok', 'fine'), file(evil, 'gotcha'));
      await assert.rejects(extractTar(chunks(archive), target), (err: Error) => err instanceof TarError && err.message.includes(JSON.stringify(evil)));
      assert.equal(existsSync(join(root, 'escaped')), false);
      assert.deepEqual(readdirSync(root), ['out']);
      assert.equal(existsSync('/tmp/escaped-abs'), false);
    });
  }

  it('rejects a traversal hidden in a PAX path or a GNU long name', async () => {
    await assert.rejects(extractTar(chunks(tarball(pax({ path: '../pax-escaped' }), file('harmless', 'x'))), target), TarError);
    await assert.rejects(extractTar(chunks(tarball(gnuLongName('a/../../gnu-escaped'), file('harmless', 'x'))), target), TarError);
    assert.deepEqual(readdirSync(root).sort(), ['out']);
  });

  it('rejects a mapped name that climbs out, whatever the member was called', async () => {
    await assert.rejects(extractTar(chunks(tarball(file('pkg/a', 'x'))), target, () => '../mapped-out'), TarError);
    assert.equal(existsSync(join(root, 'mapped-out')), false);
  });

  it('skips symlinks, hard links and devices instead of creating them', async () => {
    const archive = tarball(header('pkg/link', { type: '2', linkName: '/etc/passwd' }), header('pkg/hard', { type: '1', linkName: 'pkg/real' }),
      header('pkg/dev', { type: '3' }), file('pkg/real', 'real'));
    await extractTar(chunks(archive), target);
    assert.deepEqual(readdirSync(join(target, 'pkg')), ['real']);
  });

  it('reads long names from PAX headers, GNU long-name headers and the ustar prefix', async () => {
    const long = `deep/${'d'.repeat(120)}/${'f'.repeat(150)}.jar`;
    const gnu = `gnu/${'g'.repeat(180)}.txt`;
    const archive = tarball(pax({ path: long, mtime: '1783785295.5018475' }), file('ignored-short-name', 'pax'), gnuLongName(gnu), file('ignored-too', 'gnu'),
      file('name.txt', 'prefix', { prefix: 'some/prefix' }));
    const names: string[] = [];
    for await (const { entry } of readTar(chunks(archive))) names.push(entry.name);
    assert.deepEqual(names, [long, gnu, 'some/prefix/name.txt']);
    await extractTar(chunks(archive), target);
    assert.equal(readFileSync(join(target, long), 'utf8'), 'pax');
    assert.equal(readFileSync(join(target, gnu), 'utf8'), 'gnu');
  });

  it('reads sizes written in base-256 and PAX size overrides', async () => {
    const body = pad(Buffer.from('0123456789'));
    const archive = tarball(Buffer.concat([header('b256', { size: 10, base256Size: true }), body]), pax({ size: '4' }),
      Buffer.concat([header('paxsize', { size: 0 }), pad(Buffer.from('abcd'))]));
    await extractTar(chunks(archive, 333), target);
    assert.equal(readFileSync(join(target, 'b256'), 'utf8'), '0123456789');
    assert.equal(readFileSync(join(target, 'paxsize'), 'utf8'), 'abcd');
  });

  it('extracts only what the map selects, renamed, skipping the bodies of the rest', async () => {
    const archive = tarball(file('p/a', 'A'.repeat(3000)), file('p/b', 'B'), file('p/c', 'C'.repeat(1000)));
    await extractTar(chunks(archive, 97), target, (n) => (n === 'p/b' || n === 'p/c' ? `kept/${n.slice(2)}` : undefined));
    assert.deepEqual(readdirSync(target), ['kept']);
    assert.equal(readFileSync(join(target, 'kept/b'), 'utf8'), 'B');
    assert.equal(readFileSync(join(target, 'kept/c'), 'utf8'), 'C'.repeat(1000));
  });

  it('reports a truncated archive, a damaged header and a missing end marker', async () => {
    const good = tarball(file('a', 'x'.repeat(2000)));
    await assert.rejects(extractTar(chunks(good.subarray(0, 1200)), join(root, 't1')), /truncated/);
    const damaged = Buffer.from(good);
    damaged[10] ^= 0xff;
    await assert.rejects(extractTar(chunks(damaged), join(root, 't2')), /checksum/);
    await assert.rejects(extractTar(chunks(good.subarray(0, 512 * 5)), join(root, 't3')), /end-of-archive/);
    const longPax = pax({ path: `p/${'x'.repeat(600)}` });
    await assert.rejects(extractTar(chunks(longPax.subarray(0, 700)), join(root, 't4')), /truncated/);
  });

  it('parses PAX records with multi-byte values', () => {
    assert.deepEqual(parsePax(paxRecords({ path: 'données/é.txt', mtime: '1.5' })), { path: 'données/é.txt', mtime: '1.5' });
    assert.throws(() => parsePax(Buffer.from('99 path=x\n')), TarError);
  });

  it('accepts dot segments but never ".."', () => {
    assert.deepEqual(safeSegments('./a//b/./c/'), ['a', 'b', 'c']);
    assert.throws(() => safeSegments('a/..'), TarError);
  });

  for (const format of ['pax', 'gnu']) {
    it(`extracts what GNU tar --format=${format} writes (long names, modes), gzipped`, async () => {
      const src = join(root, 'src');
      const long = `pyspark-4.2.0/deps/jars/${'x'.repeat(140)}.jar`;
      mkdirSync(join(src, 'pyspark-4.2.0/deps/bin'), { recursive: true });
      mkdirSync(join(src, 'pyspark-4.2.0/deps/jars'), { recursive: true });
      writeFileSync(join(src, 'pyspark-4.2.0/deps/bin/spark-submit'), '#!/usr/bin/env bash\n', { mode: 0o755 });
      writeFileSync(join(src, long), Buffer.alloc(70_000, 7), { mode: 0o644 });
      execFileSync('tar', [`--format=${format}`, '-czf', join(root, 'a.tgz'), '-C', src, 'pyspark-4.2.0']);
      const gz = readFileSync(join(root, 'a.tgz'));
      await extractTar(chunks(gunzipSync(gz), 4096), target);
      assert.equal(statSync(join(target, 'pyspark-4.2.0/deps/bin/spark-submit')).mode & 0o777, 0o755);
      assert.deepEqual(readFileSync(join(target, long)), Buffer.alloc(70_000, 7));
    });
  }
});

describe('what of the pyspark sdist becomes the Spark home', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dce-sdist-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const sdist = (...members: Buffer[]) => {
    const out = join(root, 'pyspark-4.2.0.tar.gz');
    writeFileSync(out, gzipSync(tarball(dir('pyspark-4.2.0/'), file('pyspark-4.2.0/deps/bin/spark-submit', '#!/bin/sh\n', { mode: 0o755 }),
      file('pyspark-4.2.0/pyspark/__init__.py', ''), file('pyspark-4.2.0/deps/jars/connect-repl/ammonite.jar', 'repl'), ...members)));
    return out;
  };
  const connectJar = file('pyspark-4.2.0/deps/jars/spark-connect_2.13-4.2.0.jar', 'PK');

  it('unpacks a Spark home through a temporary folder renamed when complete', async () => {
    const home = join(root, 'storage', 'spark-4.2.0');
    await extractSparkHome(sdist(connectJar), home);
    assert.ok(isSparkHome(home));
    assert.deepEqual(readdirSync(join(root, 'storage')), ['spark-4.2.0']);
    assert.deepEqual(readdirSync(home).sort(), ['SOURCE.txt', 'bin', 'jars']);
    assert.deepEqual(readdirSync(join(home, 'jars')), ['spark-connect_2.13-4.2.0.jar']);
    assert.equal(statSync(join(home, 'bin', 'spark-submit')).mode & 0o777, 0o755);
  });

  it('leaves no Spark home and no temporary folder behind when the archive is cut, hostile or not Spark', async () => {
    const home = join(root, 'storage', 'spark-4.2.0');
    const whole = readFileSync(sdist(connectJar, file('pyspark-4.2.0/deps/jars/big.jar', 'z'.repeat(200_000))));
    writeFileSync(join(root, 'cut.tar.gz'), whole.subarray(0, whole.length - 200));
    await assert.rejects(extractSparkHome(join(root, 'cut.tar.gz'), home));
    await assert.rejects(extractSparkHome(sdist(connectJar, file('pyspark-4.2.0/../../evil', 'x')), home), TarError);
    await assert.rejects(extractSparkHome(sdist(), home), /did not hold a Spark home/);
    assert.deepEqual(readdirSync(join(root, 'storage')), []);
  });

  it('takes bin/, the server jars and the licenses, and leaves Python sources and the REPL jars out', () => {
    assert.equal(sparkHomePath('pyspark-4.2.0/deps/bin/spark-submit'), 'bin/spark-submit');
    assert.equal(sparkHomePath('pyspark-4.2.0/deps/jars/spark-connect_2.13-4.2.0.jar'), 'jars/spark-connect_2.13-4.2.0.jar');
    assert.equal(sparkHomePath('pyspark-4.2.0/deps/licenses/LICENSE-zstd.txt'), 'licenses/LICENSE-zstd.txt');
    assert.equal(sparkHomePath('pyspark-4.2.0/LICENSE'), 'LICENSE');
    for (const out of ['pyspark-4.2.0/deps/jars/connect-repl/ammonite_2.13.18-3.0.8.jar', 'pyspark-4.2.0/pyspark/sql/session.py', 'pyspark-4.2.0/deps/examples/x.py',
      'pyspark-4.2.0/deps/sbin/spark-daemon.sh', 'pyspark-4.2.0/setup.py', 'pyspark-4.2.0/deps/jars/']) {
      assert.equal(sparkHomePath(out), undefined, out);
    }
  });
});
