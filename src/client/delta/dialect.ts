// Which way Delta operations reach a server: Delta Connect messages (a server with a Delta Connect plugin) or SQL
// statements (any server with delta-spark). Found out once per session, without side effects, and kept with it; a
// new session (a reconnect) asks again.
import { randomUUID } from 'node:crypto';
import { SparkConnectError } from '../errors';
import { relation } from '../dataframe';
import type { SparkConnectSession } from '../session';
import { deltaRelation } from './plan';

/** How Delta operations are sent: Delta Connect messages, or SQL statements. */
export type DeltaDialect = 'deltaConnect' | 'sql';
/** What a server offers: one of the dialects, or no Delta Lake at all. */
export type DeltaSupport = DeltaDialect | 'none';
/** The user's choice: find out, or use one dialect. */
export type DeltaDialectSetting = 'auto' | DeltaDialect;

/** The name shown to people for each way. */
export const DELTA_DIALECT_LABELS: Record<DeltaSupport, string> = {
  deltaConnect: 'Delta Connect',
  sql: 'Delta over SQL',
  none: 'no Delta Lake',
};

const supportOf = new WeakMap<SparkConnectSession, Promise<DeltaSupport>>();
const settled = new WeakMap<SparkConnectSession, DeltaSupport>();

/** Thrown by Delta operations on a server that has no Delta Lake. */
export class DeltaUnavailableError extends Error {
  constructor() {
    super('This Spark Connect server has no Delta Lake: its data source "delta" is not installed. Delta operations need a server started '
      + 'with the delta-spark jars, spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension and '
      + 'spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog.');
    this.name = 'DeltaUnavailableError';
  }
}

/**
 * How this session's Delta operations are sent. The first call finds out (or takes `setting` when it names a
 * dialect); later calls return the same answer. A failed probe is not kept.
 */
export function deltaSupport(session: SparkConnectSession, setting: DeltaDialectSetting = 'auto'): Promise<DeltaSupport> {
  let found = supportOf.get(session);
  if (!found) {
    found = (setting === 'auto' ? probe(session) : Promise.resolve(setting)).then((support) => {
      settled.set(session, support);
      return support;
    }, (err: unknown) => {
      supportOf.delete(session);
      throw err;
    });
    supportOf.set(session, found);
  }
  return found;
}

/** The dialect to send Delta operations in; throws DeltaUnavailableError on a server without Delta Lake. */
export async function deltaDialect(session: SparkConnectSession): Promise<DeltaDialect> {
  const support = await deltaSupport(session);
  if (support === 'none') throw new DeltaUnavailableError();
  return support;
}

/** Forgets what was found for this session: the next Delta operation (or deltaSupport call) finds out again. */
export function forgetDeltaSupport(session: SparkConnectSession): void {
  supportOf.delete(session);
  settled.delete(session);
}

/** The answer already found for this session, if any (for plans built before anything is sent). */
export function knownDeltaSupport(session: SparkConnectSession): DeltaSupport | undefined {
  return settled.get(session);
}

/**
 * Asks the server to plan a Delta relation that has no side effects (is there a Delta table at a path that cannot
 * exist?). A server without a Delta Connect plugin answers NO_HANDLER_FOR_EXTENSION; then, whether it can read the
 * "delta" data source at all tells SQL from no Delta.
 */
async function probe(session: SparkConnectSession): Promise<DeltaSupport> {
  const nowhere = `/dce-probe-${randomUUID()}/none`;
  const answered = await planned(session, deltaRelation({ case: 'isDeltaTable', value: { path: nowhere } }));
  if (!isNoHandler(answered)) return 'deltaConnect';
  const read = relation({ case: 'read', value: { readType: { case: 'dataSource', value: { format: 'delta', paths: [nowhere], options: {} } } } });
  const delta = await planned(session, read);
  return delta instanceof SparkConnectError && delta.errorClass === 'DATA_SOURCE_NOT_FOUND' ? 'none' : 'sql';
}

/** Undefined when the server planned it, else the server's error; transport and session failures are thrown. */
async function planned(session: SparkConnectSession, rel: Parameters<SparkConnectSession['schemaOf']>[0]): Promise<SparkConnectError | undefined> {
  try {
    await session.schemaOf(rel);
    return undefined;
  } catch (err) {
    if (!(err instanceof SparkConnectError) || err.isSessionLost || !err.errorClass && !err.classes.length && !/No handler found/i.test(err.serverMessage)) throw err;
    return err;
  }
}

/** Spark without a plugin for the message says NO_HANDLER_FOR_EXTENSION; Sail, which has no extensions, "extension relation". */
function isNoHandler(err: SparkConnectError | undefined): boolean {
  return err !== undefined && (err.errorClass === 'CONNECT_INVALID_PLAN.NO_HANDLER_FOR_EXTENSION' || /No handler found for extension/i.test(err.serverMessage)
    || (err.classes.includes('java.lang.UnsupportedOperationException') && /^(extension relation|command extension)$/i.test(err.serverMessage.trim())));
}
