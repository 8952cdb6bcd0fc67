// A local Spark Connect + Delta server run by the extension: Spark from an existing installation (a Spark home,
// or a Python environment with pyspark of the same line) or unpacked from PyPI's pyspark sdist (sparkDistribution.ts), Delta
// jars downloaded once from Maven Central, both with the user's consent into the extension's global storage, and our
// Delta Connect plugin. Stopped when VS Code closes.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { downloadVerified } from './download';
import { spawnGuarded } from './processGuard';
import { isSparkHome, SPARK_HOME_DIR } from './sparkDistribution';
import { DELTA_JARS, SPARK_LINE, SPARK_VERSION } from './versions';

const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2/';

/** Where Spark, the Delta jars and the plugin come from. */
export interface LocalServerSetup {
  java: string;
  /** Folder with bin/spark-submit and jars/ (a Spark home or a pyspark package folder). */
  sparkHome: string;
  deltaJarsDir: string;
  pluginJar: string;
}

/** Settings and places the search looks at. */
export interface LocalServerOptions {
  javaHome?: string;
  sparkHome?: string;
  pythonPath?: string;
  /** Extension-owned folder for downloads and server data. */
  storageDir: string;
  /** Folders that may hold the plugin jar (the extension's dist/server, the project's cache). */
  pluginDirs: string[];
}

/** The project's cache folder: DCE_CACHE_DIR, else ~/.cache/delta-connect-explorer. */
export function projectCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer');
}

/** A clear, user-facing reason why the local server cannot start. */
export class LocalServerError extends Error {}

/** No Spark of the right line anywhere we looked (and none was configured): one can be downloaded. */
export class SparkNotFoundError extends LocalServerError {}

/** No Java 17+ was found: the user needs to install one. */
export class JavaNotFoundError extends LocalServerError {}

/** Finds Java 17+, or explains how to get it. */
export function findJava(javaHome?: string): string {
  const candidates = [javaHome && join(javaHome, 'bin', 'java'), process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin', 'java'), 'java'].filter(Boolean) as string[];
  for (const java of candidates) {
    const r = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 20_000 });
    const version = /java\.specification\.version = (\d+)/.exec(`${r.stderr}${r.stdout}`)?.[1];
    if (version && Number(version) >= 17) return java;
  }
  throw new JavaNotFoundError('The local Delta server needs Java 17 or newer, and none was found. Install a JDK or JRE 17+ (for example Temurin 17, or `apt install openjdk-17-jre-headless`), or set deltaExplorer.localServer.javaHome.');
}

/** The Spark home the extension unpacks into its storage (see sparkDistribution.ts). */
export function downloadedSparkHome(storageDir: string): string {
  return join(storageDir, SPARK_HOME_DIR);
}

/**
 * Finds a Spark installation of SPARK_LINE: the sparkHome setting, the pythonPath setting's pyspark, the one downloaded into
 * the extension's storage, pyspark of python3/python on PATH, or the project's cache.
 */
export function findSpark(opts: LocalServerOptions): string {
  const tried: string[] = [];
  const ok = (dir: string | undefined) => !!dir && existsSync(join(dir, 'bin', 'spark-submit')) && existsSync(join(dir, 'jars'));
  if (opts.sparkHome) {
    if (ok(opts.sparkHome)) return opts.sparkHome;
    throw new LocalServerError(`deltaExplorer.localServer.sparkHome is ${opts.sparkHome}, which has no bin/spark-submit and jars/. Point it at a Spark ${SPARK_LINE} folder, or clear it to use another Spark.`);
  }
  const pyspark = (python: string) => {
    const r = spawnSync(python, ['-c', 'import os, pyspark; print(pyspark.__version__); print(os.path.dirname(pyspark.__file__))'], { encoding: 'utf8', timeout: 60_000 });
    const [version, dir] = (r.stdout ?? '').trim().split('\n');
    if (r.status === 0 && version?.startsWith(SPARK_LINE) && ok(dir)) return dir;
    if (r.status === 0) tried.push(`${python}: pyspark ${version} (${SPARK_LINE}.x needed)`);
    return undefined;
  };
  if (opts.pythonPath) {
    const dir = pyspark(opts.pythonPath);
    if (dir) return dir;
    throw new LocalServerError(`deltaExplorer.localServer.pythonPath is ${opts.pythonPath}, which has no pyspark ${SPARK_LINE}${tried.length ? ` (${tried.join('; ')})` : ''}. Install it there (\`pip install pyspark==${SPARK_VERSION}\`), or clear the setting.`);
  }
  if (isSparkHome(downloadedSparkHome(opts.storageDir))) return downloadedSparkHome(opts.storageDir);
  for (const python of ['python3', 'python']) {
    const dir = pyspark(python);
    if (dir) return dir;
  }
  const cache = projectCacheDir();
  if (existsSync(cache)) {
    for (const venv of readdirSync(cache).filter((d) => d.startsWith(`venv-pyspark-${SPARK_LINE}`))) {
      const lib = join(cache, venv, 'lib');
      for (const py of existsSync(lib) ? readdirSync(lib) : []) {
        const dir = join(lib, py, 'site-packages', 'pyspark');
        if (ok(dir)) return dir;
      }
    }
  }
  throw new SparkNotFoundError(`No Spark ${SPARK_LINE} installation was found${tried.length ? ` (tried: ${tried.join('; ')})` : ''}. Download Spark ${SPARK_VERSION} from PyPI, install pyspark ${SPARK_LINE} (\`pip install pyspark==${SPARK_VERSION}\`) and set deltaExplorer.localServer.pythonPath to that Python, or set deltaExplorer.localServer.sparkHome to a Spark ${SPARK_LINE} folder.`);
}

/** Our plugin jar is missing: the installation is broken (not something a setting fixes). */
export class PluginNotFoundError extends LocalServerError {}

/** Finds our Delta Connect plugin jar. */
export function findPlugin(dirs: string[]): string {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    // the newest build (a cache may hold jars built from older sources)
    const jar = readdirSync(dir).filter((f) => /^delta-connect-plugin.*\.jar$/.test(f))
      .map((f) => ({ f, mtime: statSync(join(dir, f)).mtimeMs })).sort((a, b) => a.mtime - b.mtime).at(-1)?.f;
    if (jar) return join(dir, jar);
  }
  throw new PluginNotFoundError(`The Delta Connect server plugin jar was not found (looked in ${dirs.join(', ')}).`);
}

/** The Delta jars that are still to be downloaded into `dir`. */
export function missingDeltaJars(dir: string): string[] {
  return DELTA_JARS.filter((p) => !existsSync(join(dir, p.split('/').at(-1)!)));
}

/** Downloads the missing Delta jars from Maven Central. */
export async function downloadDeltaJars(dir: string, onProgress: (file: string) => void, signal?: AbortSignal): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const path of missingDeltaJars(dir)) {
    const name = path.split('/').at(-1)!;
    onProgress(name);
    await downloadVerified({ url: MAVEN_CENTRAL + path, file: join(dir, name) }, undefined, signal);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** One running local server. */
export class LocalServer {
  private child?: ChildProcess;
  url?: string;

  /** Starts the server and resolves once it accepts connections. */
  async start(setup: LocalServerSetup, dataDir: string, log: (line: string) => void, signal?: AbortSignal): Promise<string> {
    mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    const jars = [...readdirSync(setup.deltaJarsDir).filter((f) => f.endsWith('.jar')).map((f) => join(setup.deltaJarsDir, f)), setup.pluginJar].join(',');
    const confs = {
      'spark.connect.grpc.binding.address': '127.0.0.1',
      'spark.connect.grpc.binding.port': String(port),
      'spark.sql.extensions': 'io.delta.sql.DeltaSparkSessionExtension,dev.deltaconnectexplorer.server.ParameterParserExtension',
      'spark.sql.catalog.spark_catalog': 'org.apache.spark.sql.delta.catalog.DeltaCatalog',
      'spark.connect.extensions.relation.classes': 'dev.deltaconnectexplorer.server.DeltaRelationPlugin',
      'spark.connect.extensions.command.classes': 'dev.deltaconnectexplorer.server.DeltaCommandPlugin',
      'spark.sql.warehouse.dir': join(dataDir, 'warehouse'),
      'spark.sql.catalogImplementation': 'hive',
      'spark.hadoop.javax.jdo.option.ConnectionURL': `jdbc:derby:;databaseName=${join(dataDir, 'metastore_db')};create=true`,
      'spark.ui.enabled': 'false',
      'spark.sql.shuffle.partitions': '4',
      'spark.sql.sources.parallelPartitionDiscovery.parallelism': '4',
    };
    const args = ['--class', 'org.apache.spark.sql.connect.service.SparkConnectServer', '--name', 'Delta Connect Explorer local server', '--driver-memory', '2g', '--jars', jars,
      ...Object.entries(confs).flatMap(([k, v]) => ['--conf', `${k}=${v}`])];
    const javaHome = setup.java === 'java' ? process.env.JAVA_HOME : join(setup.java, '..', '..');
    const env: NodeJS.ProcessEnv = { ...process.env, SPARK_HOME: setup.sparkHome, SPARK_LOCAL_IP: '127.0.0.1', ...(javaHome ? { JAVA_HOME: javaHome } : {}),
      PATH: `${join(setup.java, '..')}${delimiter}${process.env.PATH ?? ''}` };
    // With SPARK_REMOTE set (users often have it), spark-submit starts a Connect *client* and refuses to run a server.
    for (const name of ['SPARK_REMOTE', 'SPARK_CONNECT_MODE_ENABLED', 'SPARK_LOCAL_REMOTE', 'SPARK_CONF_DIR']) delete env[name];
    // Guarded: the server stops when the extension host ends, even when it is killed and runs no dispose handler.
    const child = spawnGuarded(join(setup.sparkHome, 'bin', 'spark-submit'), args, { cwd: dataDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    const url = `sc://127.0.0.1:${port}`;
    await new Promise<void>((resolve, reject) => {
      let tail = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        tail = (tail + text).slice(-4000);
        for (const line of text.split('\n')) if (line.trim()) log(line);
        if (/Spark Connect server started/i.test(text)) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new LocalServerError(`The local server exited during start-up (exit code ${code}). Last output:\n${tail.split('\n').slice(-12).join('\n')}`)));
      signal?.addEventListener('abort', () => {
        this.stop();
        reject(new LocalServerError('Starting the local server was cancelled.'));
      }, { once: true });
      setTimeout(() => reject(new LocalServerError('The local server did not start within 5 minutes.')), 300_000).unref();
    });
    this.url = url;
    return url;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null;
  }

  /** Stops the server (its whole process group). */
  stop(): void {
    const child = this.child;
    this.child = undefined;
    this.url = undefined;
    if (!child || child.exitCode !== null || !child.pid) return;
    try {
      if (process.platform === 'win32') child.kill();
      else process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill();
    }
    const pid = child.pid;
    setTimeout(() => {
      try {
        if (process.platform !== 'win32') process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 15_000).unref();
  }
}
