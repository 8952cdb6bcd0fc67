// Starting the local server, decided without vscode: what is on this machine, what must be downloaded (and the
// words of the one consent dialog that asks for it), and the steps that fetch and unpack it. The command
// (src/commands/localServerCommands.ts) asks, calls these, and shows the outcome.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFreeSpace, megabytes } from './download';
import { downloadedSparkHome, findJava, findPlugin, findSpark, missingDeltaJars, projectCacheDir, SparkNotFoundError, type LocalServerSetup } from './server';
import { ensureSparkArchive, extractSparkHome, spaceNeeded } from './sparkDistribution';
import { DELTA_JARS, DELTA_VERSION, PROJECT_JARS_DIR, SPARK_DIST, STORAGE_JARS_DIR } from './versions';

/** The deltaExplorer.localServer settings. */
export interface LocalServerSettings {
  readonly javaHome?: string;
  readonly sparkHome?: string;
  readonly pythonPath?: string;
}

/** Where the extension keeps and finds things. */
export interface LocalServerPlaces {
  /** The extension's global storage: downloads, the unpacked Spark, server data. */
  readonly storageDir: string;
  /** The installed extension's folder (its dist/server holds the plugin jar). */
  readonly extensionDir: string;
  /** The project's cache (DCE_CACHE_DIR), which a developer's machine may have filled already. */
  readonly cacheDir?: string;
}

/** How the local server will start: what was found, and what is still to be downloaded. */
export interface StartPlan {
  readonly java: string;
  /** The Spark found on this machine; undefined when it is to be downloaded into `sparkTarget`. */
  readonly sparkHome?: string;
  readonly sparkTarget: string;
  readonly pluginJar: string;
  readonly deltaJarsDir: string;
  /** Delta jars still to be downloaded into `deltaJarsDir`. */
  readonly missingJars: readonly string[];
  readonly storageDir: string;
  readonly dataDir: string;
}

/** The one consent dialog before any download: the question, every download listed, and whether another Spark may be chosen instead. */
export interface DownloadConsent {
  readonly question: string;
  readonly detail: string;
  readonly offerExistingSpark: boolean;
}

/** Finds Java, Spark, the plugin and the Delta jars; throws LocalServerError (JavaNotFoundError…) with the way out. */
export function planStart(settings: LocalServerSettings, places: LocalServerPlaces): StartPlan {
  const { storageDir } = places;
  const cache = places.cacheDir ?? projectCacheDir();
  const java = findJava(settings.javaHome);
  const sparkHome = locateSpark(settings, storageDir);
  const pluginJar = findPlugin([join(places.extensionDir, 'dist', 'server'), join(cache, 'plugin')]);
  const projectJars = join(cache, PROJECT_JARS_DIR);
  const deltaJarsDir = missingDeltaJars(projectJars).length === 0 ? projectJars : join(storageDir, STORAGE_JARS_DIR);
  return {
    java, sparkHome, sparkTarget: downloadedSparkHome(storageDir), pluginJar, deltaJarsDir,
    missingJars: missingDeltaJars(deltaJarsDir), storageDir, dataDir: join(storageDir, 'server-data'),
  };
}

/** The Spark home to use, or undefined when none exists and one may be downloaded. */
function locateSpark(settings: LocalServerSettings, storageDir: string): string | undefined {
  try {
    return findSpark({ sparkHome: settings.sparkHome, pythonPath: settings.pythonPath, storageDir, pluginDirs: [] });
  } catch (err) {
    if (err instanceof SparkNotFoundError) return undefined;
    throw err;
  }
}

/** What the user must agree to before the plan can run, or undefined when nothing is to be downloaded. */
export function downloadConsent(plan: StartPlan): DownloadConsent | undefined {
  const missing = plan.missingJars.length;
  if (plan.sparkHome && missing === 0) return undefined;
  const delta = `Delta Lake ${DELTA_VERSION}`;
  const spark = `Spark ${SPARK_DIST.version}`;
  const lines: string[] = [];
  if (!plan.sparkHome) {
    lines.push(`• ${spark}: ${SPARK_DIST.filename} from PyPI (files.pythonhosted.org), ${megabytes(SPARK_DIST.size)}, checked against its SHA-256. `
      + `Unpacked (about ${megabytes(SPARK_DIST.extractedSize)}: Spark's jars and scripts) into ${plan.sparkTarget}; the archive is deleted afterwards.`);
  }
  if (missing > 0) lines.push(`• ${delta}: ${missing} of ${DELTA_JARS.length} jars (about 15 MB) from Maven Central (repo.maven.apache.org) into ${plan.deltaJarsDir}.`);
  if (plan.sparkHome) lines.push(`Spark comes from ${plan.sparkHome}.`);
  const what = plan.sparkHome ? delta : missing > 0 ? `${spark} and ${delta}` : spark;
  return { question: `Download ${what} for the local server?`, detail: lines.join('\n\n'), offerExistingSpark: !plan.sparkHome };
}

/** Downloads (or resumes) the pyspark sdist and unpacks its Spark into the extension's storage; returns the Spark home. */
export async function provisionSpark(plan: StartPlan, report: (message: string) => void, signal?: AbortSignal): Promise<string> {
  const downloads = join(plan.storageDir, 'downloads');
  ensureFreeSpace(downloads, spaceNeeded(downloads));
  let shown = -1;
  const archive = await ensureSparkArchive(downloads, (got, total) => {
    const percent = total ? Math.floor((got / total) * 100) : -1;
    if (percent === shown) return;
    shown = percent;
    report(`${megabytes(got)}${total ? ` of ${megabytes(total)} (${percent}%)` : ''}`);
  }, signal);
  report('unpacking');
  await extractSparkHome(archive, plan.sparkTarget, (r) => report(`unpacking: ${r.files} files, ${megabytes(r.bytes)}`), signal);
  rmSync(archive, { force: true });
  return plan.sparkTarget;
}

/** What LocalServer.start needs once Spark is there. */
export function serverSetup(plan: StartPlan, sparkHome: string): LocalServerSetup {
  return { java: plan.java, sparkHome, deltaJarsDir: plan.deltaJarsDir, pluginJar: plan.pluginJar };
}
