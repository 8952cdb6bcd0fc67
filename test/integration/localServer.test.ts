// The extension's local server service, outside VS Code: finds Java, Spark and the plugin on this machine, starts
// a real server, answers queries with Delta, and stops without leaving a process behind.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable } from '../../src/client/delta';
import { SparkConnectSession } from '../../src/client/session';
import { findJava, findPlugin, findSpark, LocalServer, LocalServerError, missingDeltaJars, SparkNotFoundError } from '../../src/localServer/server';

describe('local Delta server (extension service)', () => {
  const cache = process.env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer');

  it('explains what is missing when no Spark or plugin is found', () => {
    assert.ok(findJava('/nonexistent').length > 0, 'falls back to JAVA_HOME or java on PATH');
    const saved = process.env.DCE_CACHE_DIR;
    process.env.DCE_CACHE_DIR = mkdtempSync(join(tmpdir(), 'empty-cache-'));
    try {
      // A configured Spark that is not there is reported as such (no download is offered in its place).
      assert.throws(() => findSpark({ sparkHome: '/nonexistent', storageDir: tmpdir(), pluginDirs: [] }),
        (err: Error) => err instanceof LocalServerError && !(err instanceof SparkNotFoundError) && /sparkHome is \/nonexistent/.test(err.message));
      assert.throws(() => findSpark({ pythonPath: '/nonexistent/python', storageDir: tmpdir(), pluginDirs: [] }),
        (err: Error) => err instanceof LocalServerError && !(err instanceof SparkNotFoundError) && /pythonPath is \/nonexistent\/python/.test(err.message) && /pip install pyspark==4\.2\.0/.test(err.message));
      // Nothing anywhere (no setting, no pyspark on PATH, empty cache and storage): the one case a download is offered.
      const path = process.env.PATH;
      process.env.PATH = '/nonexistent';
      try {
        assert.throws(() => findSpark({ storageDir: mkdtempSync(join(tmpdir(), 'empty-storage-')), pluginDirs: [] }),
          (err: Error) => err instanceof SparkNotFoundError && /Download Spark 4\.2\.0 from PyPI/.test(err.message));
      } finally {
        process.env.PATH = path;
      }
    } finally {
      if (saved === undefined) delete process.env.DCE_CACHE_DIR;
      else process.env.DCE_CACHE_DIR = saved;
    }
    assert.throws(() => findPlugin(['/nonexistent']), LocalServerError);
  });

  it('starts Spark with Delta and our plugin, serves Delta operations, and stops', async () => {
    const java = findJava(undefined);
    const sparkHome = findSpark({ storageDir: tmpdir(), pluginDirs: [] });
    const pluginJar = findPlugin([join(cache, 'plugin')]);
    const deltaJarsDir = join(cache, 'jars-delta-4.4.0-spark-4.2.0');
    assert.deepEqual(missingDeltaJars(deltaJarsDir), [], 'the Delta jars the service downloads are the ones provisioning resolved');
    const server = new LocalServer();
    const lines: string[] = [];
    const url = await server.start({ java, sparkHome, deltaJarsDir, pluginJar }, mkdtempSync(join(tmpdir(), 'local-server-')), (l) => lines.push(l));
    try {
      assert.match(url, /^sc:\/\/127\.0\.0\.1:\d+$/);
      const s = await SparkConnectSession.connect(url);
      await s.sql('CREATE TABLE local_t USING delta AS SELECT id FROM range(10)');
      await DeltaTable.forName(s, 'local_t').delete('id < 4');
      assert.equal(await s.table('local_t').count(), 6n);
      assert.equal((await DeltaTable.forName(s, 'local_t').historyEntries())[0].operation, 'DELETE');
      await s.close();
    } finally {
      server.stop();
    }
    assert.equal(server.running, false);
    await new Promise((r) => setTimeout(r, 3000));
    await assert.rejects(SparkConnectSession.connect(url, { connectTimeoutMs: 5000 }), /Could not connect/);
  });
});
