// MERGE INTO with every clause kind: one Delta Connect MergeIntoTable relation, or one SQL MERGE statement whose
// source is a temporary view of the source's plan (dropped afterwards).
import { create } from '@bufbuild/protobuf';
import { MergeIntoTable_ActionSchema, type MergeIntoTable_Action } from '../gen/delta/connect/relations_pb';
import type { Expression } from '../gen/spark/connect/expressions_pb';
import type { DataFrame } from '../dataframe';
import type { ExecuteOptions } from '../execution';
import { asExpr, assignments, type Assignments } from './conditions';
import type { DeltaTable } from './deltaTable';
import { deltaRelation } from './plan';
import { dmlMetrics, firstRow, type MergeMetrics } from './results';
import { withTemporaryView } from './sqlDialect';
import { merge as mergeStatement, type MergeClause } from './sqlStatements';

type Condition = string | Expression | undefined;

/** Collects merge clauses in order; execute() sends them once. */
export class MergeBuilder {
  private readonly clauses: MergeClause[] = [];
  private schemaEvolution = false;

  constructor(
    private readonly target: DeltaTable,
    private readonly source: DataFrame,
    private readonly condition: Expression,
  ) {}

  whenMatchedUpdate(set: Assignments, condition?: Condition): this {
    return this.add('matched', 'update', condition, set);
  }

  whenMatchedUpdateAll(condition?: Condition): this {
    return this.add('matched', 'updateAll', condition);
  }

  whenMatchedDelete(condition?: Condition): this {
    return this.add('matched', 'delete', condition);
  }

  whenNotMatchedInsert(values: Assignments, condition?: Condition): this {
    return this.add('notMatched', 'insert', condition, values);
  }

  whenNotMatchedInsertAll(condition?: Condition): this {
    return this.add('notMatched', 'insertAll', condition);
  }

  whenNotMatchedBySourceUpdate(set: Assignments, condition?: Condition): this {
    return this.add('notMatchedBySource', 'update', condition, set);
  }

  whenNotMatchedBySourceDelete(condition?: Condition): this {
    return this.add('notMatchedBySource', 'delete', condition);
  }

  /** Lets the merge add source columns missing from the target. */
  withSchemaEvolution(): this {
    this.schemaEvolution = true;
    return this;
  }

  /** Runs the merge (exactly once) and returns the affected row counts. */
  async execute(opts?: ExecuteOptions): Promise<MergeMetrics> {
    if (this.clauses.length === 0) throw new Error('A merge needs at least one WHEN clause.');
    const options = this.target.mutating('MERGE', opts);
    if (await this.target.dialect() === 'sql') return this.executeSql(options);
    const actions = (when: MergeClause['when']) => this.clauses.filter((c) => c.when === when).map(toAction);
    const rel = deltaRelation({ case: 'mergeIntoTable', value: {
      target: this.target.targetRelation(), source: this.source.relation, condition: this.condition,
      matchedActions: actions('matched'), notMatchedActions: actions('notMatched'), notMatchedBySourceActions: actions('notMatchedBySource'),
      withSchemaEvolution: this.schemaEvolution || undefined,
    } });
    return firstRow<MergeMetrics>(await this.target.session.executeRelation(rel, options).toTable(), 'merge metrics');
  }

  private async executeSql(options: ExecuteOptions): Promise<MergeMetrics> {
    // The source's alias (`s` in `t.id = s.id`) names the view in the statement; the view holds the plan under it.
    const rel = this.source.relation.relType;
    const [plan, sourceAlias] = rel.case === 'subqueryAlias' && rel.value.input
      ? [rel.value.input, rel.value.alias] : [this.source.relation, undefined];
    // Written (and its clauses checked) before anything is sent.
    const statement = (view: string) => mergeStatement({
      table: this.target.sqlName(), alias: this.target.aliasOf, source: view, sourceAlias, condition: this.condition,
      clauses: this.clauses, schemaEvolution: this.schemaEvolution,
    });
    statement('`source`');
    return withTemporaryView(this.target.session, plan, async (view) => dmlMetrics<MergeMetrics>(await this.target.runSql(statement(view), options), 'merge metrics'));
  }

  private add(when: MergeClause['when'], action: MergeClause['action'], condition: Condition, set?: Assignments): this {
    this.clauses.push({ when, action, condition: asExpr(condition), assignments: set && assignments(set) });
    return this;
  }
}

function toAction(c: MergeClause): MergeIntoTable_Action {
  const actionType = {
    update: { case: 'updateAction', value: { assignments: c.assignments } },
    updateAll: { case: 'updateStarAction', value: {} },
    delete: { case: 'deleteAction', value: {} },
    insert: { case: 'insertAction', value: { assignments: c.assignments } },
    insertAll: { case: 'insertStarAction', value: {} },
  }[c.action];
  return create(MergeIntoTable_ActionSchema, { condition: c.condition, actionType: actionType as never });
}
