// The SQL form of every Delta operation, for servers without a Delta Connect plugin. Pure: structured input in, a
// statement out. Names, paths and values go through sqlQuote; expressions typed by users are embedded only as
// expressions the server parsed first (each statement lists them, and sqlDialect has them parsed before sending).
import type { Expression, Expression_Literal } from '../gen/spark/connect/expressions_pb';
import {
  embedParsedExpression, parseIdentifier, quoteIdentifier, quoteName, quoteString, sqlDate, sqlDouble, sqlHours, sqlInteger, sqlLiteral,
  sqlTimestampMicros, sqlType,
} from '../sqlQuote';
import type { DataType } from '../gen/spark/connect/types_pb';
import type { LiteralValue } from '../expressions';

/** A statement and the user expressions embedded in it, which must parse as single expressions before it is sent. */
export interface SqlStatement {
  readonly text: string;
  readonly expressions: readonly string[];
  /** Syntax older servers may lack, named in the error when the server cannot parse the statement. */
  readonly newerSyntax?: readonly string[];
}

/** Collects user expressions while a statement is written. */
export class StatementWriter {
  readonly expressions: string[] = [];

  /** A user-typed expression (SQL text), to be parsed by the server before the statement is sent. */
  userExpression(text: string): string {
    if (text.trim() === '') throw new Error('The condition is empty.');
    this.expressions.push(text);
    return embedParsedExpression(text);
  }

  /** An expression message as SQL: expression text (parsed first), a column name, or a literal. */
  expression(e: Expression): string {
    const k = e.exprType;
    switch (k.case) {
      case 'expressionString': return this.userExpression(k.value.expression);
      case 'unresolvedAttribute': return columnName(k.value.unparsedIdentifier);
      case 'literal': return literalText(k.value);
      default: throw new Error(`Over SQL, conditions and values are SQL text, column names or literals; a ${k.case ?? 'empty'} expression cannot be sent.`);
    }
  }

  /** Notes syntax that older Spark or Delta versions lack, for a clear message if the server cannot parse it. */
  readonly newerSyntax: string[] = [];

  done(text: string): SqlStatement {
    return { text, expressions: [...this.expressions], newerSyntax: [...this.newerSyntax] };
  }
}

/** A column reference (possibly qualified: t.col) as quoted SQL. */
export function columnName(name: string): string {
  return quoteName(parseIdentifier(name));
}

/** The column an assignment sets: a name or an attribute expression. */
export function assignmentTarget(e: Expression | undefined): string {
  if (e?.exprType.case === 'unresolvedAttribute') return columnName(e.exprType.value.unparsedIdentifier);
  if (e?.exprType.case === 'expressionString') return columnName(e.exprType.value.expression);
  throw new Error('An assignment must name a column.');
}

/** A protobuf literal as SQL text of the same type. */
export function literalText(l: Expression_Literal): string {
  const t = l.literalType;
  switch (t.case) {
    case 'null': return 'NULL';
    case 'boolean': case 'integer': case 'string': case 'binary': return sqlLiteral(t.value as LiteralValue);
    case 'long': return sqlLiteral(t.value);
    case 'double': return sqlDouble(t.value);
    case 'float': return `CAST(${sqlDouble(t.value)} AS FLOAT)`;
    case 'byte': return `CAST(${sqlLiteral(t.value)} AS TINYINT)`;
    case 'short': return `CAST(${sqlLiteral(t.value)} AS SMALLINT)`;
    case 'decimal': return sqlLiteral({ decimal: t.value.value, precision: t.value.precision, scale: t.value.scale });
    case 'date': return sqlDate(t.value);
    case 'timestamp': return sqlTimestampMicros(t.value);
    default: throw new Error(`A ${t.case ?? 'empty'} literal cannot be written as SQL here.`);
  }
}

/** DESCRIBE HISTORY t [LIMIT n]. */
export function describeHistory(table: string, limit?: number): SqlStatement {
  return { text: `DESCRIBE HISTORY ${table}${limit === undefined ? '' : ` LIMIT ${sqlInteger(limit, 'The limit')}`}`, expressions: [] };
}

/** DESCRIBE DETAIL t. */
export function describeDetail(table: string): SqlStatement {
  return { text: `DESCRIBE DETAIL ${table}`, expressions: [] };
}

/** VACUUM t [RETAIN n HOURS] [DRY RUN]. */
export function vacuum(table: string, retentionHours?: number, dryRun = false): SqlStatement {
  const retain = retentionHours === undefined ? '' : ` RETAIN ${sqlHours(retentionHours)} HOURS`;
  return { text: `VACUUM ${table}${retain}${dryRun ? ' DRY RUN' : ''}`, expressions: [] };
}

/** OPTIMIZE t [WHERE …] [ZORDER BY (…)], or OPTIMIZE t FULL (a clustered table: recluster all of its data). */
export function optimize(table: string, partitionFilters: string[], zorderColumns: string[], full = false): SqlStatement {
  if (full && (partitionFilters.length || zorderColumns.length)) throw new Error('OPTIMIZE FULL takes no partition filter and no Z-order columns.');
  const w = new StatementWriter();
  const where = partitionFilters.length ? ` WHERE ${partitionFilters.map((f) => w.userExpression(f)).join(' AND ')}` : '';
  const zorder = zorderColumns.length ? ` ZORDER BY (${zorderColumns.map(columnName).join(', ')})` : '';
  return w.done(`OPTIMIZE ${table}${where}${zorder}${full ? ' FULL' : ''}`);
}

/** A version or a timestamp to travel to. */
export type VersionOrTimestamp = { version: bigint | number } | { timestamp: string };

function asOf(at: VersionOrTimestamp): string {
  return 'version' in at ? `VERSION AS OF ${sqlInteger(at.version, 'A version')}` : `TIMESTAMP AS OF ${quoteString(at.timestamp)}`;
}

/** RESTORE TABLE t TO VERSION | TIMESTAMP AS OF …. */
export function restore(table: string, at: VersionOrTimestamp): SqlStatement {
  return { text: `RESTORE TABLE ${table} TO ${asOf(at)}`, expressions: [] };
}

/** DELETE FROM t [AS a] [WHERE …]. */
export function deleteFrom(table: string, alias: string | undefined, condition: Expression | undefined): SqlStatement {
  const w = new StatementWriter();
  const where = condition ? ` WHERE ${w.expression(condition)}` : '';
  return w.done(`DELETE FROM ${table}${aliasText(alias)}${where}`);
}

/** One column assignment: the column (attribute) and its new value. */
export interface AssignmentExpr { field?: Expression; value?: Expression }

/** UPDATE t [AS a] SET c = (…), … [WHERE …]. */
export function update(table: string, alias: string | undefined, set: AssignmentExpr[], condition: Expression | undefined): SqlStatement {
  const w = new StatementWriter();
  const assignments = set.map((a) => `${assignmentTarget(a.field)} = ${w.expression(required(a.value))}`).join(', ');
  const where = condition ? ` WHERE ${w.expression(condition)}` : '';
  return w.done(`UPDATE ${table}${aliasText(alias)} SET ${assignments}${where}`);
}

/** One WHEN clause of a merge. */
export interface MergeClause {
  when: 'matched' | 'notMatched' | 'notMatchedBySource';
  action: 'update' | 'updateAll' | 'delete' | 'insert' | 'insertAll';
  condition?: Expression;
  assignments?: AssignmentExpr[];
}

/** MERGE [WITH SCHEMA EVOLUTION] INTO t [AS a] USING src [AS b] ON … WHEN …. */
export function merge(opts: {
  table: string; alias?: string; source: string; sourceAlias?: string; condition: Expression; clauses: MergeClause[]; schemaEvolution: boolean;
}): SqlStatement {
  const w = new StatementWriter();
  if (opts.schemaEvolution) w.newerSyntax.push('MERGE WITH SCHEMA EVOLUTION (Spark 4.0+)');
  if (opts.clauses.some((c) => c.when === 'notMatchedBySource')) w.newerSyntax.push('WHEN NOT MATCHED BY SOURCE (Spark 3.4+, Delta 2.3+)');
  const head = `MERGE${opts.schemaEvolution ? ' WITH SCHEMA EVOLUTION' : ''} INTO ${opts.table}${aliasText(opts.alias)}`;
  const on = `USING ${opts.source}${aliasText(opts.sourceAlias)}\nON ${w.expression(opts.condition)}`;
  const order = ['matched', 'notMatched', 'notMatchedBySource'] as const;
  const clauses = order.flatMap((kind) => opts.clauses.filter((c) => c.when === kind)).map((c) => mergeClause(w, c));
  if (clauses.length === 0) throw new Error('A merge needs at least one WHEN clause.');
  return w.done([head, on, ...clauses].join('\n'));
}

const WHEN_TEXT = { matched: 'WHEN MATCHED', notMatched: 'WHEN NOT MATCHED', notMatchedBySource: 'WHEN NOT MATCHED BY SOURCE' } as const;

function mergeClause(w: StatementWriter, c: MergeClause): string {
  const condition = c.condition ? ` AND ${w.expression(c.condition)}` : '';
  const set = () => (c.assignments ?? []).map((a) => `${assignmentTarget(a.field)} = ${w.expression(required(a.value))}`).join(', ');
  let action: string;
  switch (c.action) {
    case 'update': action = `UPDATE SET ${set()}`; break;
    case 'updateAll': action = 'UPDATE SET *'; break;
    case 'delete': action = 'DELETE'; break;
    case 'insertAll': action = 'INSERT *'; break;
    case 'insert': {
      const list = c.assignments ?? [];
      action = `INSERT (${list.map((a) => assignmentTarget(a.field)).join(', ')}) VALUES (${list.map((a) => w.expression(required(a.value))).join(', ')})`;
      break;
    }
  }
  if ((c.action === 'update' || c.action === 'insert') && !(c.assignments?.length)) throw new Error('At least one column must be set.');
  if (c.when === 'notMatched' && !c.action.startsWith('insert')) throw new Error('WHEN NOT MATCHED can only insert.');
  if (c.when !== 'notMatched' && c.action.startsWith('insert')) throw new Error('Only WHEN NOT MATCHED can insert.');
  if (c.when === 'notMatchedBySource' && c.action === 'updateAll') throw new Error('WHEN NOT MATCHED BY SOURCE cannot UPDATE SET *.');
  return `${WHEN_TEXT[c.when]}${condition} THEN ${action}`;
}

/** [CREATE OR REPLACE | CREATE] TABLE target SHALLOW CLONE source [AS OF …] [TBLPROPERTIES (…)]. */
export function clone(opts: { source: string; target: string; isShallow: boolean; replace: boolean; at?: VersionOrTimestamp; properties: Record<string, string> }): SqlStatement {
  const create = opts.replace ? 'CREATE OR REPLACE TABLE' : 'CREATE TABLE';
  const kind = opts.isShallow ? 'SHALLOW CLONE' : 'CLONE';
  const at = opts.at ? ` ${asOf(opts.at)}` : '';
  return { text: `${create} ${opts.target} ${kind} ${opts.source}${at}${tblProperties(opts.properties)}`, expressions: [], newerSyntax: ['SHALLOW CLONE (Delta 2.3+)'] };
}

/** CONVERT TO DELTA identifier [PARTITIONED BY (c TYPE, …)]. */
export function convertToDelta(identifierParts: string[], partitionColumns: Array<{ name: string; type: DataType | undefined }>): SqlStatement {
  const partitioned = partitionColumns.length ? ` PARTITIONED BY (${partitionColumns.map((c) => `${quoteIdentifier(c.name)} ${sqlType(c.type)}`).join(', ')})` : '';
  return { text: `CONVERT TO DELTA ${quoteName(identifierParts)}${partitioned}`, expressions: [] };
}

/** GENERATE mode FOR TABLE t. */
export function generate(table: string, mode: string): SqlStatement {
  if (mode.trim() === '') throw new Error('The manifest mode is empty.');
  return { text: `GENERATE ${quoteIdentifier(mode)} FOR TABLE ${table}`, expressions: [] };
}

/** ALTER TABLE t SET TBLPROPERTIES (…): how protocol versions and table features are set over SQL. */
export function setProperties(table: string, properties: Record<string, string>): SqlStatement {
  if (Object.keys(properties).length === 0) throw new Error('No properties to set.');
  return { text: `ALTER TABLE ${table} SET${tblProperties(properties)}`, expressions: [] };
}

/** ALTER TABLE t DROP FEATURE f [TRUNCATE HISTORY]. */
export function dropFeature(table: string, feature: string, truncateHistory: boolean): SqlStatement {
  if (feature.trim() === '') throw new Error('The feature name is empty.');
  return {
    text: `ALTER TABLE ${table} DROP FEATURE ${quoteIdentifier(feature)}${truncateHistory ? ' TRUNCATE HISTORY' : ''}`, expressions: [],
    newerSyntax: ['ALTER TABLE … DROP FEATURE (Delta 3.0+)'],
  };
}

/** A column of CREATE TABLE, its type already structured (never the user's type text). */
export interface ColumnDefinition {
  name: string;
  type: DataType | undefined;
  nullable: boolean;
  comment?: string;
  generatedAlwaysAs?: string;
  identity?: { start: bigint; step: bigint; allowExplicitInsert: boolean };
}

/** CREATE [OR REPLACE] TABLE [IF NOT EXISTS] … USING delta …. */
export function createTable(opts: {
  mode: 'create' | 'createIfNotExists' | 'replace' | 'createOrReplace'; table: string; location?: string; comment?: string;
  columns: ColumnDefinition[]; partitionedBy: string[]; clusterBy: string[]; properties: Record<string, string>;
}): SqlStatement {
  const w = new StatementWriter();
  if (opts.clusterBy.length) w.newerSyntax.push('CLUSTER BY (Delta 3.1+)');
  if (opts.columns.some((c) => c.identity)) w.newerSyntax.push('identity columns (Delta 3.3+)');
  const head = { create: 'CREATE TABLE', createIfNotExists: 'CREATE TABLE IF NOT EXISTS', replace: 'REPLACE TABLE', createOrReplace: 'CREATE OR REPLACE TABLE' }[opts.mode];
  const columns = opts.columns.map((c) => columnDefinition(w, c));
  const parts = [`${head} ${opts.table} (\n${columns.join(',\n')}\n) USING delta`];
  if (opts.partitionedBy.length) parts.push(`PARTITIONED BY (${opts.partitionedBy.map(columnName).join(', ')})`);
  if (opts.clusterBy.length) parts.push(`CLUSTER BY (${opts.clusterBy.map(columnName).join(', ')})`);
  if (opts.comment !== undefined) parts.push(`COMMENT ${quoteString(opts.comment)}`);
  if (opts.location !== undefined) parts.push(`LOCATION ${quoteString(opts.location)}`);
  const props = tblProperties(opts.properties);
  if (props) parts.push(props.trim());
  return w.done(parts.join('\n'));
}

function columnDefinition(w: StatementWriter, c: ColumnDefinition): string {
  let text = `${quoteIdentifier(c.name)} ${sqlType(c.type)}`;
  if (!c.nullable) text += ' NOT NULL';
  if (c.generatedAlwaysAs !== undefined) text += ` GENERATED ALWAYS AS ${w.userExpression(c.generatedAlwaysAs)}`;
  if (c.identity) {
    const how = c.identity.allowExplicitInsert ? 'BY DEFAULT' : 'ALWAYS';
    text += ` GENERATED ${how} AS IDENTITY (START WITH ${signed(c.identity.start)} INCREMENT BY ${signed(c.identity.step)})`;
  }
  if (c.comment !== undefined) text += ` COMMENT ${quoteString(c.comment)}`;
  return text;
}

function signed(n: bigint): string {
  return n < 0n ? `-${-n}` : String(n);
}

function tblProperties(properties: Record<string, string>): string {
  const entries = Object.entries(properties);
  if (entries.length === 0) return '';
  return ` TBLPROPERTIES (${entries.map(([k, v]) => `${quoteString(k)} = ${quoteString(v)}`).join(', ')})`;
}

function aliasText(alias: string | undefined): string {
  return alias ? ` AS ${quoteIdentifier(alias)}` : '';
}

function required(e: Expression | undefined): Expression {
  if (!e) throw new Error('An assignment has no value.');
  return e;
}
