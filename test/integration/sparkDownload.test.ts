// Spark for machines without pyspark, for real: pyspark-4.2.0.tar.gz from PyPI (looked up with the Simple API),
// downloaded once into the per-user cache ($DCE_CACHE_DIR/spark-dist, reused on later runs once its SHA-256 checks),
// unpacked as the extension does into a storage folder, then the local server is started from that Spark home with
// the cached Delta jars and our plugin, and answers Delta operations.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable } from '../../src/client/delta';
import { SparkConnectSession } from '../../src/client/session';
import { downloadedSparkHome, findJava, findPlugin, findSpark, LocalServer, missingDeltaJars } from '../../src/localServer/server';
import { ensureSparkArchive, extractSparkHome, isSparkHome, SPARK_DIST } from '../../src/localServer/sparkDistribution';

const seconds = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

describe('Spark 4.2.0 downloaded from PyPI runs the local Delta server', function () {
  this.timeout(60 * 60_000); // a first run on a slow line downloads 450 MB
  const cache = process.env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer');
  const distDir = join(cache, 'spark-dist');
  const archive = join(distDir, SPARK_DIST.filename);
  let storage: string;

  before(() => {
    storage = mkdtempSync(join(tmpdir(), 'dce-storage-'));
  });
  after(() => rmSync(storage, { recursive: true, force: true }));

  it('downloads the pyspark sdist once into the cache, verified, and reuses it without the network', async () => {
    const t0 = Date.now();
    const had = existsSync(archive);
    let last = 0;
    const file = await ensureSparkArchive(distDir, (got) => {
      last = got;
    });
    console.log(`      [spark-dist] ${had ? 'reused (SHA-256 checked)' : `downloaded ${last} bytes`} ${SPARK_DIST.filename} in ${seconds(t0)}`);
    assert.equal(file, archive);
    assert.equal(statSync(file).size, SPARK_DIST.size);
    assert.equal(existsSync(`${file}.part`), false);
    // Present and intact: no request at all (this index address refuses every connection).
    assert.equal(await ensureSparkArchive(distDir, () => assert.fail('downloaded again'), undefined, 'http://127.0.0.1:9/simple/'), archive);
  });

  it('unpacks a Spark home: bin/spark-submit executable, the server jars, no Python sources, nothing left half-done', async () => {
    const t0 = Date.now();
    const result = await extractSparkHome(archive, downloadedSparkHome(storage));
    console.log(`      [spark-dist] unpacked ${result.files} files, ${result.bytes} bytes in ${seconds(t0)}`);
    const home = downloadedSparkHome(storage);
    assert.ok(isSparkHome(home));
    assert.deepEqual(readdirSync(storage), ['spark-4.2.0'], 'the temporary folder was renamed, nothing else left');
    assert.deepEqual(readdirSync(home).sort(), ['LICENSE', 'NOTICE', 'SOURCE.txt', 'bin', 'jars', 'licenses']);
    assert.ok(statSync(join(home, 'bin', 'spark-submit')).mode & 0o100, 'spark-submit is executable');
    assert.ok(statSync(join(home, 'bin', 'spark-class')).mode & 0o100, 'spark-class is executable');
    const jars = readdirSync(join(home, 'jars'));
    assert.ok(jars.includes('spark-connect_2.13-4.2.0.jar') && jars.includes('spark-core_2.13-4.2.0.jar'), jars.join(', '));
    assert.ok(jars.every((j) => j.endsWith('.jar')), 'only jars, no connect-repl folder');
    assert.equal(findSpark({ storageDir: storage, pluginDirs: [] }), home, 'the extension finds the Spark it unpacked');
  });

  it('starts the local server from that Spark home with the Delta jars and our plugin, and serves Delta operations', async () => {
    const deltaJarsDir = join(cache, 'jars-delta-4.4.0-spark-4.2.0');
    assert.deepEqual(missingDeltaJars(deltaJarsDir), []);
    const server = new LocalServer();
    const setup = { java: findJava(undefined), sparkHome: downloadedSparkHome(storage), deltaJarsDir, pluginJar: findPlugin([join(cache, 'plugin')]) };
    const t0 = Date.now();
    const url = await server.start(setup, join(storage, 'server-data'), () => undefined);
    console.log(`      [spark-dist] server started in ${seconds(t0)}`);
    try {
      const s = await SparkConnectSession.connect(url);
      try {
        assert.equal(await s.sparkVersion(), '4.2.0');
        await s.sql('CREATE TABLE dl_t USING delta AS SELECT id, id % 3 AS k FROM range(30)');
        const table = DeltaTable.forName(s, 'dl_t');
        await table.delete('k = 0');
        assert.equal(await s.table('dl_t').count(), 20n);
        assert.deepEqual((await table.historyEntries()).map((h) => h.operation), ['DELETE', 'CREATE TABLE AS SELECT']);
      } finally {
        await s.close();
      }
    } finally {
      server.stop();
    }
  });
});
