// MERGE INTO with every clause kind, sent as one Delta Connect MergeIntoTable relation.
import { create } from '@bufbuild/protobuf';
import { MergeIntoTable_ActionSchema, type MergeIntoTable_Action } from '../gen/delta/connect/relations_pb';
import type { Expression } from '../gen/spark/connect/expressions_pb';
import type { Relation } from '../gen/spark/connect/relations_pb';
import type { ExecuteOptions } from '../execution';
import type { SparkConnectSession } from '../session';
import { asExpr, assignments, type Assignments } from './conditions';
import { deltaRelation } from './plan';
import { firstRow, type MergeMetrics } from './results';

type Condition = string | Expression | undefined;

/** Collects merge clauses in order; execute() sends them once. */
export class MergeBuilder {
  private readonly matched: MergeIntoTable_Action[] = [];
  private readonly notMatched: MergeIntoTable_Action[] = [];
  private readonly notMatchedBySource: MergeIntoTable_Action[] = [];
  private schemaEvolution = false;

  constructor(
    private readonly session: SparkConnectSession,
    private readonly target: Relation,
    private readonly source: Relation,
    private readonly condition: Expression,
    /** The target as SQL text, named in the error if the merge's outcome is unknown. */
    private readonly tableName?: string,
  ) {}

  whenMatchedUpdate(set: Assignments, condition?: Condition): this {
    this.matched.push(action(condition, { case: 'updateAction', value: { assignments: assignments(set) } }));
    return this;
  }

  whenMatchedUpdateAll(condition?: Condition): this {
    this.matched.push(action(condition, { case: 'updateStarAction', value: {} }));
    return this;
  }

  whenMatchedDelete(condition?: Condition): this {
    this.matched.push(action(condition, { case: 'deleteAction', value: {} }));
    return this;
  }

  whenNotMatchedInsert(values: Assignments, condition?: Condition): this {
    this.notMatched.push(action(condition, { case: 'insertAction', value: { assignments: assignments(values) } }));
    return this;
  }

  whenNotMatchedInsertAll(condition?: Condition): this {
    this.notMatched.push(action(condition, { case: 'insertStarAction', value: {} }));
    return this;
  }

  whenNotMatchedBySourceUpdate(set: Assignments, condition?: Condition): this {
    this.notMatchedBySource.push(action(condition, { case: 'updateAction', value: { assignments: assignments(set) } }));
    return this;
  }

  whenNotMatchedBySourceDelete(condition?: Condition): this {
    this.notMatchedBySource.push(action(condition, { case: 'deleteAction', value: {} }));
    return this;
  }

  /** Lets the merge add source columns missing from the target. */
  withSchemaEvolution(): this {
    this.schemaEvolution = true;
    return this;
  }

  /** Runs the merge (exactly once) and returns the affected row counts. */
  async execute(opts?: ExecuteOptions): Promise<MergeMetrics> {
    if (this.matched.length + this.notMatched.length + this.notMatchedBySource.length === 0) {
      throw new Error('A merge needs at least one WHEN clause.');
    }
    const rel = deltaRelation({ case: 'mergeIntoTable', value: {
      target: this.target, source: this.source, condition: this.condition,
      matchedActions: this.matched, notMatchedActions: this.notMatched, notMatchedBySourceActions: this.notMatchedBySource,
      withSchemaEvolution: this.schemaEvolution || undefined,
    } });
    const mutation = opts?.mutation ?? { operation: 'MERGE', table: this.tableName };
    return firstRow<MergeMetrics>(await this.session.executeRelation(rel, { ...opts, mutation }).toTable(), 'merge metrics');
  }
}

function action(condition: Condition, actionType: MergeIntoTable_Action['actionType'] | { case: string; value: object }): MergeIntoTable_Action {
  return create(MergeIntoTable_ActionSchema, { condition: asExpr(condition), actionType: actionType as never });
}
