// Delta Connect messages wrapped into Spark Connect plans: DeltaRelation in Relation.extension (998),
// DeltaCommand in Command.extension (999). Pure functions, no I/O.
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { DeltaTableSchema, type DeltaTable as DeltaTableProto } from '../gen/delta/connect/base_pb';
import { DeltaCommandSchema } from '../gen/delta/connect/commands_pb';
import { DeltaRelationSchema } from '../gen/delta/connect/relations_pb';
import { PlanSchema, type Plan } from '../gen/spark/connect/base_pb';
import { CommandSchema } from '../gen/spark/connect/commands_pb';
import { RelationSchema, type Relation } from '../gen/spark/connect/relations_pb';

export type DeltaRelationInit = MessageInitShape<typeof DeltaRelationSchema>['relationType'];
export type DeltaCommandInit = MessageInitShape<typeof DeltaCommandSchema>['commandType'];

/** A Delta table named by path (with optional Hadoop options) or by table/view name. */
export function tableByPath(path: string, hadoopConf: Record<string, string> = {}): DeltaTableProto {
  return create(DeltaTableSchema, { accessType: { case: 'path', value: { path, hadoopConf } } });
}

export function tableByName(name: string): DeltaTableProto {
  return create(DeltaTableSchema, { accessType: { case: 'tableOrViewName', value: name } });
}

/** A Spark relation carrying a Delta relation. Never given a plan id, so the server never serves it from its plan cache. */
export function deltaRelation(relationType: DeltaRelationInit): Relation {
  const delta = create(DeltaRelationSchema, { relationType });
  return create(RelationSchema, { relType: { case: 'extension', value: anyPack(DeltaRelationSchema, delta) } });
}

/** A Spark plan whose command is a Delta command. */
export function deltaCommandPlan(commandType: DeltaCommandInit): Plan {
  const delta = create(DeltaCommandSchema, { commandType });
  const command = create(CommandSchema, { commandType: { case: 'extension', value: anyPack(DeltaCommandSchema, delta) } });
  return create(PlanSchema, { opType: { case: 'command', value: command } });
}

/** The scan of a Delta table, optionally under an alias. */
export function scanRelation(table: DeltaTableProto, alias?: string): Relation {
  const scan = deltaRelation({ case: 'scan', value: { table } });
  if (!alias) return scan;
  return create(RelationSchema, { relType: { case: 'subqueryAlias', value: { input: scan, alias } } });
}
