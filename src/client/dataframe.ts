// A small DataFrame: pure plan building, plus the few actions that run it.
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { Table } from 'apache-arrow';
import { CommandSchema } from './gen/spark/connect/commands_pb';
import type { Expression } from './gen/spark/connect/expressions_pb';
import { PlanSchema, type Plan } from './gen/spark/connect/base_pb';
import { RelationSchema, type Relation } from './gen/spark/connect/relations_pb';
import type { DataType } from './gen/spark/connect/types_pb';
import type { ExecuteOptions } from './execution';
import { alias as aliasExpr, col, expr, fn, lit, sortOrder, type LiteralValue } from './expressions';
import type { ArrowResult } from './result';

type RelType = MessageInitShape<typeof RelationSchema>['relType'];

/** Wraps one relation kind into a Relation message. No plan id: identical plans are never served from the server's plan cache. */
export function relation(relType: RelType): Relation {
  return create(RelationSchema, { relType });
}

/** Plan explanation modes of the server. */
export type ExplainMode = 'simple' | 'extended' | 'codegen' | 'cost' | 'formatted';

/** What a DataFrame needs from its session (SparkConnectSession): running plans and asking about them. */
export interface QuerySession {
  execute(plan: Plan, opts?: ExecuteOptions): ArrowResult;
  executeRelation(relation: Relation, opts?: ExecuteOptions): ArrowResult;
  schemaOf(relation: Relation): Promise<DataType | undefined>;
  explain(relation: Relation, mode?: ExplainMode): Promise<string>;
}

/** An immutable, lazily evaluated query. */
export class DataFrame {
  constructor(readonly session: QuerySession, readonly relation: Relation) {}

  /** Projects columns: names, `*`, or expressions. */
  select(...columns: Array<string | Expression>): DataFrame {
    const expressions = columns.map((c) => (typeof c === 'string' ? (c === '*' ? expr('*') : col(c)) : c));
    return this.derive({ case: 'project', value: { input: this.relation, expressions } });
  }

  /** Keeps the rows matching a condition (SQL text or expression). */
  filter(condition: string | Expression): DataFrame {
    return this.derive({ case: 'filter', value: { input: this.relation, condition: typeof condition === 'string' ? expr(condition) : condition } });
  }

  /** Same as filter. */
  where(condition: string | Expression): DataFrame {
    return this.filter(condition);
  }

  limit(n: number): DataFrame {
    return this.derive({ case: 'limit', value: { input: this.relation, limit: checkCount(n) } });
  }

  offset(n: number): DataFrame {
    return this.derive({ case: 'offset', value: { input: this.relation, offset: checkCount(n) } });
  }

  /** Sorts globally by columns (ascending) or sort-order expressions. */
  sort(...keys: Array<string | Expression>): DataFrame {
    const order = keys.map((k) => (typeof k === 'string' ? sortOrder(k) : k.exprType.case === 'sortOrder' ? k : sortOrder(k)));
    return this.derive({ case: 'sort', value: { input: this.relation, order: order.map((o) => o.exprType.value as never), isGlobal: true } });
  }

  orderBy(...keys: Array<string | Expression>): DataFrame {
    return this.sort(...keys);
  }

  /** Names this relation, e.g. as the target `t` of a merge condition. */
  alias(name: string): DataFrame {
    return this.derive({ case: 'subqueryAlias', value: { input: this.relation, alias: name } });
  }

  /** Renames every column. */
  toDF(...names: string[]): DataFrame {
    return this.derive({ case: 'toDf', value: { input: this.relation, columnNames: names } });
  }

  /** Counts the rows on the server. */
  async count(opts?: ExecuteOptions): Promise<bigint> {
    const counted = this.select(aliasExpr(fn('count', lit(1)), 'count'));
    const table = await counted.collect(opts);
    return BigInt(table.getChildAt(0)?.get(0) ?? 0);
  }

  /** Streams the result as Arrow batches. */
  stream(opts?: ExecuteOptions): ArrowResult {
    return this.session.executeRelation(this.relation, opts);
  }

  /** Collects the result as one Arrow table. */
  collect(opts?: ExecuteOptions): Promise<Table> {
    return this.stream(opts).toTable();
  }

  /** Spark's schema of the result (AnalyzePlan; do not call on Delta mutations). */
  schema(): Promise<DataType | undefined> {
    return this.session.schemaOf(this.relation);
  }

  explain(mode?: 'simple' | 'extended' | 'codegen' | 'cost' | 'formatted'): Promise<string> {
    return this.session.explain(this.relation, mode);
  }

  /** Registers the result as a temporary view of the session. */
  async createOrReplaceTempView(name: string): Promise<void> {
    const command = create(CommandSchema, { commandType: { case: 'createDataframeView', value: { input: this.relation, name, replace: true } } });
    await this.session.execute(create(PlanSchema, { opType: { case: 'command', value: command } })).drain();
  }

  private derive(relType: RelType): DataFrame {
    return new DataFrame(this.session, relation(relType));
  }
}

function checkCount(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw new RangeError(`Expected a row count from 0 to 2147483647, got ${n}`);
  return n;
}

/** Parameters of a SQL statement: named (`:name`) or positional (`?`). */
export type SqlParameters = Record<string, LiteralValue> | LiteralValue[];

/**
 * Builds the SQL relation of a statement with its parameters. `literalArgs` uses the older literal-only fields
 * (args, pos_args), the only ones Spark 3.5 reads.
 */
export function sqlRelation(query: string, params?: SqlParameters, literalArgs = false): Relation {
  const named: Record<string, Expression> = {};
  const positional: Expression[] = [];
  if (Array.isArray(params)) positional.push(...params.map(lit));
  else if (params) for (const [k, v] of Object.entries(params)) named[k] = lit(v);
  if (!literalArgs) return relation({ case: 'sql', value: { query, namedArguments: named, posArguments: positional } });
  const literal = (e: Expression) => (e.exprType.case === 'literal' ? e.exprType.value : undefined);
  const args = Object.fromEntries(Object.entries(named).map(([k, e]) => [k, literal(e)!]));
  return relation({ case: 'sql', value: { query, args, posArgs: positional.map((e) => literal(e)!) } });
}

/** Reads files as a DataFrame. */
export class DataFrameReader {
  private fmt?: string;
  private readonly opts: Record<string, string> = {};
  private schemaDdl?: string;

  constructor(private readonly session: QuerySession) {}

  format(format: string): this {
    this.fmt = format;
    return this;
  }

  option(key: string, value: string | number | boolean): this {
    this.opts[key] = String(value);
    return this;
  }

  schema(ddl: string): this {
    this.schemaDdl = ddl;
    return this;
  }

  /** Reads one or more paths with the chosen format. */
  load(...paths: string[]): DataFrame {
    return new DataFrame(this.session, relation({
      case: 'read',
      value: { readType: { case: 'dataSource', value: { format: this.fmt, schema: this.schemaDdl, options: this.opts, paths } } },
    }));
  }

  /** Reads a table by name; options such as versionAsOf / timestampAsOf allow time travel. */
  table(name: string): DataFrame {
    return new DataFrame(this.session, relation({
      case: 'read', value: { readType: { case: 'namedTable', value: { unparsedIdentifier: name, options: this.opts } } },
    }));
  }
}

