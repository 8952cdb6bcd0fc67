// VACUUM … DRY RUN as a stream: a table with a million stale files lists them in Arrow batches, counted as they come,
// with only a sample kept; the full list is read again on demand. Never one message holding every path.
import { sqlRelation } from '../dataframe';
import type { ExecuteOptions } from '../execution';
import type { SparkConnectSession } from '../session';
import type { SqlStatement } from './sqlStatements';

const DEFAULT_SAMPLE = 100;

/** What a vacuum would delete: how many files, the first few, and the whole list on demand. */
export class VacuumDryRun {
  private constructor(
    private readonly session: SparkConnectSession,
    private readonly statement: SqlStatement,
    /** How many files the vacuum would delete. */
    readonly files: number,
    /** The first paths of the list (up to the sample size asked for). */
    readonly sample: string[],
  ) {}

  /** Runs the dry run once, streaming its list. */
  static async run(session: SparkConnectSession, statement: SqlStatement, opts?: ExecuteOptions & { sample?: number }): Promise<VacuumDryRun> {
    const keep = opts?.sample ?? DEFAULT_SAMPLE;
    const sample: string[] = [];
    let files = 0;
    for await (const path of streamPaths(session, statement, opts)) {
      files++;
      if (sample.length < keep) sample.push(path);
    }
    return new VacuumDryRun(session, statement, files, sample);
  }

  /**
   * The total size of the files the vacuum would delete, in bytes, computed on the server: the dry run joined with
   * a listing of the table's directory (path and length only, no file is read). Undefined when the server cannot
   * list it. The dry run runs again (nothing is deleted).
   */
  async totalBytes(location: string, opts?: ExecuteOptions): Promise<number | undefined> {
    const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const [dry, files] = [`dce_vacuum_dry_${suffix}`, `dce_vacuum_files_${suffix}`];
    try {
      await this.session.dataFrame(sqlRelation(this.statement.text)).createOrReplaceTempView(dry);
      await this.session.read.format('binaryFile').option('recursiveFileLookup', 'true').load(location).select('path', 'length').createOrReplaceTempView(files);
      const table = await (await this.session.sql(`SELECT sum(f.length) AS bytes FROM ${dry} d JOIN ${files} f ON d.path = f.path`, undefined, opts)).collect(opts);
      const value: unknown = table.getChild('bytes')?.get(0);
      return value === null || value === undefined ? 0 : Number(value);
    } catch {
      return undefined;
    } finally {
      await this.session.sql(`DROP VIEW IF EXISTS ${dry}`).catch(() => undefined);
      await this.session.sql(`DROP VIEW IF EXISTS ${files}`).catch(() => undefined);
    }
  }

  /** Every path, streamed: the dry run runs again on the server (nothing is deleted). */
  paths(opts?: ExecuteOptions): AsyncIterable<string> {
    return streamPaths(this.session, this.statement, opts);
  }
}

async function* streamPaths(session: SparkConnectSession, statement: SqlStatement, opts?: ExecuteOptions): AsyncGenerator<string> {
  // A SQL relation (not a SQL command, whose rows come back inline in one message): the server runs the dry run while
  // planning and streams its rows in batches.
  for await (const batch of session.dataFrame(sqlRelation(statement.text)).stream(opts)) {
    const column = batch.getChildAt(0);
    for (let i = 0; i < batch.numRows; i++) yield String(column?.get(i));
  }
}
