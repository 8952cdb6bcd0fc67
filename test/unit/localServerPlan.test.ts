// The local server's start plan, without VS Code: what is found on this machine, what is to be downloaded, and the
// words of the one consent dialog.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadConsent, planStart, serverSetup, type StartPlan } from '../../src/localServer/plan';
import { PluginNotFoundError } from '../../src/localServer/server';
import { DELTA_JARS, DELTA_VERSION, SPARK_VERSION } from '../../src/localServer/versions';

/** A folder that passes for a Spark home of the right line. */
function fakeSparkHome(root: string): string {
  const home = join(root, 'spark');
  mkdirSync(join(home, 'bin'), { recursive: true });
  mkdirSync(join(home, 'jars'), { recursive: true });
  writeFileSync(join(home, 'bin', 'spark-submit'), '');
  writeFileSync(join(home, 'jars', `spark-connect_2.13-${SPARK_VERSION}.jar`), '');
  return home;
}

const base: StartPlan = {
  java: 'java', sparkTarget: '/storage/spark', pluginJar: '/ext/dist/server/p.jar', deltaJarsDir: '/storage/delta',
  missingJars: [], storageDir: '/storage', dataDir: '/storage/server-data',
};

describe('local server start plan', function () {
  this.timeout(60_000);

  it('finds a configured Spark and the plugin, and lists the Delta jars still to download', () => {
    const root = mkdtempSync(join(tmpdir(), 'plan-'));
    const sparkHome = fakeSparkHome(root);
    const extensionDir = join(root, 'ext');
    mkdirSync(join(extensionDir, 'dist', 'server'), { recursive: true });
    writeFileSync(join(extensionDir, 'dist', 'server', 'delta-connect-plugin-abc.jar'), '');
    const plan = planStart({ sparkHome }, { storageDir: join(root, 'storage'), extensionDir, cacheDir: join(root, 'empty-cache') });
    assert.equal(plan.sparkHome, sparkHome);
    assert.equal(plan.pluginJar, join(extensionDir, 'dist', 'server', 'delta-connect-plugin-abc.jar'));
    assert.equal(plan.deltaJarsDir, join(root, 'storage', `delta-${DELTA_VERSION}`));
    assert.deepEqual(plan.missingJars, DELTA_JARS);
    assert.equal(plan.dataDir, join(root, 'storage', 'server-data'));
    assert.deepEqual(serverSetup(plan, sparkHome), { java: plan.java, sparkHome, deltaJarsDir: plan.deltaJarsDir, pluginJar: plan.pluginJar });
  });

  it('says so when the plugin jar is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'plan-'));
    assert.throws(() => planStart({ sparkHome: fakeSparkHome(root) }, { storageDir: root, extensionDir: join(root, 'none'), cacheDir: root }), PluginNotFoundError);
  });

  it('asks nothing when everything is there', () => {
    assert.equal(downloadConsent({ ...base, sparkHome: '/opt/spark' }), undefined);
  });

  it('asks once for every download, saying what, from where, how big and where to', () => {
    const both = downloadConsent({ ...base, missingJars: DELTA_JARS.slice(0, 3) });
    assert.equal(both?.question, `Download Spark ${SPARK_VERSION} and Delta Lake ${DELTA_VERSION} for the local server?`);
    assert.match(both!.detail, /pyspark-4\.2\.0\.tar\.gz from PyPI \(files\.pythonhosted\.org\), 450 MB, checked against its SHA-256/);
    assert.match(both!.detail, /into \/storage\/spark; the archive is deleted afterwards/);
    assert.match(both!.detail, new RegExp(`Delta Lake ${DELTA_VERSION}: 3 of ${DELTA_JARS.length} jars .* from Maven Central \\(repo\\.maven\\.apache\\.org\\) into /storage/delta\\.`));
    assert.equal(both?.offerExistingSpark, true);
    const jarsOnly = downloadConsent({ ...base, sparkHome: '/opt/spark', missingJars: DELTA_JARS });
    assert.equal(jarsOnly?.question, `Download Delta Lake ${DELTA_VERSION} for the local server?`);
    assert.match(jarsOnly!.detail, /Spark comes from \/opt\/spark\./);
    assert.equal(jarsOnly?.offerExistingSpark, false);
    assert.equal(downloadConsent(base)?.question, `Download Spark ${SPARK_VERSION} for the local server?`);
  });
});
