// Running the SQL forms of Delta operations: user expressions are parsed by the server first (as the expressions they
// are on the Delta Connect path), then the statement is sent once; a path table's Hadoop options are set on the
// session for the statement's duration.
import { randomUUID } from 'node:crypto';
import type { Table } from 'apache-arrow';
import { create } from '@bufbuild/protobuf';
import type { Relation } from '../gen/spark/connect/relations_pb';
import type { DataFrame } from '../dataframe';
import { relation, sqlRelation } from '../dataframe';
import { SparkConnectError } from '../errors';
import type { ExecuteOptions } from '../execution';
import { expr } from '../expressions';
import { CommandSchema } from '../gen/spark/connect/commands_pb';
import { PlanSchema } from '../gen/spark/connect/base_pb';
import type { SparkConnectSession } from '../session';
import { quoteIdentifier } from '../sqlQuote';
import type { SqlStatement } from './sqlStatements';

/** Hadoop options of a path table (storage credentials and the like). */
export type HadoopConf = Record<string, string>;

/**
 * Has the server parse each user expression on its own, as one expression (nothing runs: the plan is only
 * analysed). A parse error is thrown as the server reports it; an analysis error (an unknown column: the expressions
 * are planned over no table) means the text parsed, and the statement itself reports it.
 */
export async function assertSingleExpressions(session: SparkConnectSession, texts: readonly string[]): Promise<void> {
  if (texts.length === 0) return;
  const empty = relation({ case: 'range', value: { start: 0n, end: 0n, step: 1n } });
  try {
    await session.schemaOf(relation({ case: 'project', value: { input: empty, expressions: texts.map(expr) } }));
  } catch (err) {
    if (!(err instanceof SparkConnectError) || err.isSessionLost || isParseError(err) || !isAnalysisError(err)) throw err;
  }
}

/** A syntax error: Spark's ParseException, or the parser error of a server that is not Spark (Sail: "found X at 0:8 expected …"). */
export function isParseError(err: SparkConnectError): boolean {
  return err.classes.some((c) => c.endsWith('.ParseException')) || /^(PARSE_|UNCLOSED_BRACKETED_COMMENT)/.test(err.errorClass ?? '')
    || (err.classes.includes('java.lang.IllegalArgumentException') && /^invalid argument: found \S+ at \d+:\d+ expected /.test(err.serverMessage));
}

function isAnalysisError(err: SparkConnectError): boolean {
  return err.classes.some((c) => /AnalysisException$/.test(c)) || /^(UNRESOLVED_|MISSING_AGGREGATION|DATATYPE_MISMATCH|AMBIGUOUS_)/.test(err.errorClass ?? '');
}

/** Sends a statement once (its expressions parsed first) and returns its result rows. */
export async function runStatement(session: SparkConnectSession, statement: SqlStatement, opts?: ExecuteOptions, hadoopConf?: HadoopConf): Promise<Table> {
  await assertSingleExpressions(session, statement.expressions);
  try {
    return await withHadoopConf(session, hadoopConf, async () => (await session.sql(statement.text, undefined, opts)).collect({ signal: opts?.signal }));
  } catch (err) {
    throw explainUnknownSyntax(err, statement);
  }
}

/**
 * A Delta operation the server cannot run: it does not understand the SQL statement the operation is sent as
 * (`syntax`), or it parses it but has no implementation of it (`unsupported`: Sail 0.6 answers UPDATE with an
 * UnsupportedOperationException "CommandNode::Update", without an error class).
 */
export class StatementNotUnderstoodError extends SparkConnectError {
  constructor(err: SparkConnectError, readonly keyword: string, newerSyntax: readonly string[] = [], readonly refusal: 'syntax' | 'unsupported' = 'syntax') {
    const newer = newerSyntax.length ? ` It uses ${newerSyntax.join(', ')}, which this server's Spark or Delta Lake may be too old for.` : '';
    const what = refusal === 'syntax'
      ? `This server does not understand the ${keyword} statement this operation is sent as over SQL (it has no Delta Connect plugin), so nothing ran`
      : `This server parses the ${keyword} statement this operation is sent as over SQL but has no implementation of it (it has no Delta Connect plugin)`;
    super({ ...err.toInit(), serverMessage: `${what}: the operation is not available on this server.${newer}\n${err.serverMessage}` });
    this.name = 'StatementNotUnderstoodError';
  }
}

/**
 * A statement the server parsed but cannot run at all: an UnsupportedOperationException without an error class. Spark
 * gives its own unsupported features an error class (UNSUPPORTED_FEATURE.*, and Delta its DELTA_* ones), which stay
 * as they are: those are about this table or these arguments, not about the statement.
 */
function isUnimplementedStatement(err: SparkConnectError): boolean {
  return !err.errorClass && err.classes.includes('java.lang.UnsupportedOperationException');
}

/**
 * The user's expressions parsed on their own, so a parse error of the statement is ours: the server's Spark or Delta
 * does not know this statement (e.g. Delta 3.x on Spark 3.5, or a server that is not Spark). Said so, naming the
 * syntax it may lack; nothing ran. A statement the server parses but has no implementation of is said so too.
 */
export function explainUnknownSyntax(err: unknown, statement: SqlStatement): unknown {
  if (!(err instanceof SparkConnectError) || err instanceof StatementNotUnderstoodError) return err;
  const syntax = isParseError(err);
  if (!syntax && !isUnimplementedStatement(err)) return err;
  const keyword = /^[A-Z]+(?: [A-Z]+)?/.exec(statement.text)?.[0] ?? 'statement';
  return new StatementNotUnderstoodError(err, /^(DESCRIBE|CREATE|ALTER) /.test(keyword) ? keyword : keyword.split(' ')[0],
    syntax ? statement.newerSyntax : [], syntax ? 'syntax' : 'unsupported');
}

/** A read-only statement as a lazy DataFrame (DESCRIBE HISTORY / DETAIL): planned, and so run, when it is read. */
export function statementFrame(session: SparkConnectSession, statement: SqlStatement): DataFrame {
  if (statement.expressions.length) throw new Error('A lazily run statement cannot carry user expressions.');
  return session.dataFrame(sqlRelation(statement.text));
}

/**
 * Runs `fn` with the Hadoop options of a path table set on the session, then puts the session's values back. Over SQL
 * a statement cannot carry options of its own; Delta builds its Hadoop configuration from the session's conf.
 */
export async function withHadoopConf<T>(session: SparkConnectSession, conf: HadoopConf | undefined, fn: () => Promise<T>): Promise<T> {
  const keys = Object.keys(conf ?? {});
  if (keys.length === 0) return fn();
  const before = await session.conf.get(keys);
  await session.conf.set(conf!);
  try {
    return await fn();
  } finally {
    const unset = keys.filter((k) => before[k] === undefined);
    const restore = Object.fromEntries(keys.filter((k) => before[k] !== undefined).map((k) => [k, before[k]!]));
    if (unset.length) await session.conf.unset(unset);
    if (Object.keys(restore).length) await session.conf.set(restore);
  }
}

/**
 * Makes a DataFrame's plan available to SQL as a temporary view for the length of `fn`, then drops it: the merge
 * source is the plan itself, never read again by a name that could point elsewhere.
 */
export async function withTemporaryView<T>(session: SparkConnectSession, relation: Relation, fn: (viewName: string) => Promise<T>): Promise<T> {
  const name = `dce_merge_source_${randomUUID().replace(/-/g, '')}`;
  const command = create(CommandSchema, { commandType: { case: 'createDataframeView', value: { input: relation, name, isGlobal: false, replace: false } } });
  await session.execute(create(PlanSchema, { opType: { case: 'command', value: command } })).drain();
  try {
    return await fn(quoteIdentifier(name));
  } finally {
    await session.sql(`DROP VIEW IF EXISTS ${quoteIdentifier(name)}`).catch(() => undefined);
  }
}
