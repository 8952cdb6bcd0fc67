// A one-line, non-secret description of every Spark Connect request, for trace logs: the kind of plan and the ids
// involved, never SQL text, literals, config values or credentials.
import { fromBinary } from '@bufbuild/protobuf';
import type { Any } from '@bufbuild/protobuf/wkt';
import { DeltaCommandSchema } from './gen/delta/connect/commands_pb';
import { DeltaRelationSchema } from './gen/delta/connect/relations_pb';
import type {
  AnalyzePlanRequest, ConfigRequest, ExecutePlanRequest, FetchErrorDetailsRequest, InterruptRequest, Plan,
  ReattachExecuteRequest, ReleaseExecuteRequest, ReleaseSessionRequest,
} from './gen/spark/connect/base_pb';
import { InterruptRequest_InterruptType as InterruptType } from './gen/spark/connect/base_pb';
import type { Command } from './gen/spark/connect/commands_pb';
import type { Relation } from './gen/spark/connect/relations_pb';

/** Called once for every RPC the transport sends, with its method name and a short non-secret summary. */
export type RequestTrace = (method: string, summary: string) => void;

/**
 * The summary of the request of a Spark Connect method (its name as in the service, e.g. "ExecutePlan"):
 * `op=<uuid> plan=command:delta:vacuumTable`, `analyze=schema plan=relation:sql`, `config=set keys=1`, …
 */
export function summarizeRequest(method: string, r: unknown): string {
  switch (method) {
    case 'ExecutePlan': {
      const req = r as ExecutePlanRequest;
      return `op=${req.operationId} plan=${planKind(req.plan)}`;
    }
    case 'ReattachExecute': return `op=${(r as ReattachExecuteRequest).operationId}`;
    case 'AnalyzePlan': return analyzeSummary(r as AnalyzePlanRequest);
    case 'Config': {
      const op = (r as ConfigRequest).operation?.opType;
      const keys = op?.value && 'keys' in op.value ? op.value.keys.length : op?.value && 'pairs' in op.value ? op.value.pairs.length : 0;
      return `config=${op?.case ?? 'none'} keys=${keys}`;
    }
    case 'Interrupt': {
      const req = r as InterruptRequest;
      return `interrupt=${InterruptType[req.interruptType] ?? req.interruptType}${req.interrupt.case === 'operationId' ? ` op=${req.interrupt.value}` : ''}`;
    }
    case 'ReleaseExecute': {
      const req = r as ReleaseExecuteRequest;
      return `op=${req.operationId} release=${req.release.case ?? 'none'}`;
    }
    case 'ReleaseSession': return `session=${(r as ReleaseSessionRequest).sessionId}`;
    case 'FetchErrorDetails': return `error=${(r as FetchErrorDetailsRequest).errorId}`;
    default: return '';
  }
}

function analyzeSummary(req: AnalyzePlanRequest): string {
  const a = req.analyze;
  const plan = a.value && 'plan' in a.value ? ` plan=${planKind(a.value.plan)}` : '';
  return `analyze=${a.case ?? 'none'}${plan}`;
}

/** `relation:<kind>`, `command:sql:DELETE`, `command:delta:<command>`, …: what a plan does, not what it says. */
export function planKind(plan: Plan | undefined): string {
  const op = plan?.opType;
  if (op?.case === 'root') return `relation:${relationKind(op.value)}`;
  if (op?.case === 'command') return `command:${commandKind(op.value)}`;
  return 'none';
}

/** The root's kind, and the kind of what it reads when that differs: `limit(delta:describeHistory)`, `project(read)`. */
function relationKind(rel: Relation): string {
  const root = ownKind(rel);
  let leaf = rel;
  for (let next = inputOf(leaf); next; next = inputOf(leaf)) leaf = next;
  return leaf === rel ? root : `${root}(${ownKind(leaf)})`;
}

function ownKind(rel: Relation): string {
  const t = rel.relType;
  if (t.case === 'extension') return extensionKind(t.value);
  if (t.case === 'sql') return `sql:${statementKeyword(t.value.query)}`;
  return t.case ?? 'none';
}

/** The first keyword of a statement (DELETE, MERGE, DESCRIBE, …): what kind of statement, none of its text. */
export function statementKeyword(query: string): string {
  const code = query.replace(/^(\s|\(|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  return /^[A-Za-z]+/.exec(code)?.[0].toUpperCase() ?? 'OTHER';
}

/** The single input of a relation that has one (filter, project, limit, sort, alias, …). */
function inputOf(rel: Relation): Relation | undefined {
  const value = rel.relType.value as { input?: Relation } | undefined;
  return value && typeof value === 'object' && 'input' in value && value.input ? value.input : undefined;
}

function commandKind(cmd: Command): string {
  const t = cmd.commandType;
  if (t.case === 'sqlCommand') {
    const input = t.value.input?.relType;
    return input?.case === 'sql' ? `sql:${statementKeyword(input.value.query)}` : `sql:${statementKeyword(t.value.sql)}`;
  }
  if (t.case === 'extension') return extensionKind(t.value);
  return t.case ?? 'none';
}

function extensionKind(any: Any): string {
  const type = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
  try {
    if (type === DeltaCommandSchema.typeName) return `delta:${fromBinary(DeltaCommandSchema, any.value).commandType.case ?? 'none'}`;
    if (type === DeltaRelationSchema.typeName) return `delta:${fromBinary(DeltaRelationSchema, any.value).relationType.case ?? 'none'}`;
  } catch {
    return `extension:${type}(undecodable)`;
  }
  return `extension:${type}`;
}
