// Nested Spark values (array, map, struct) as a small JSON tree. Numbers keep their exact text, so int64 and
// decimals survive (JSON.stringify cannot print a bigint); the same tree feeds the cell text, the expandable
// value view, copy as JSON and JSON-lines export.
import { Data, Type } from 'apache-arrow';
import { bytesAt, isNullAt, valueRange } from './cellData';
import { isVariantType, variantNode, type VariantTime } from './formatVariant';

/** A JSON value whose scalars are already serialized (exact number text, quoted strings, true/false/null). */
export type JsonNode =
  | { readonly kind: 'scalar'; readonly json: string }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonNode]> };

/** Serializes one non-null, non-nested cell to JSON literal text. */
export type ScalarJson = (data: Data, index: number) => string;

const NULL_NODE: JsonNode = { kind: 'scalar', json: 'null' };

/** True for the Arrow types shown as JSON (Spark arrays, maps and structs). */
export function isNestedType(typeId: Type): boolean {
  return typeId === Type.List || typeId === Type.LargeList || typeId === Type.FixedSizeList
    || typeId === Type.Map || typeId === Type.Struct;
}

/** Builds the JSON tree of one cell; `scalar` renders the leaves, `time` timestamps inside a VARIANT. */
export function jsonNode(data: Data, index: number, scalar: ScalarJson, time: VariantTime): JsonNode {
  if (isNullAt(data, index)) return NULL_NODE;
  switch (data.typeId) {
    case Type.List:
    case Type.LargeList:
      return listNode(data.children[0], ...valueRange(data, index), scalar, time);
    case Type.FixedSizeList: {
      const size = data.stride;
      return listNode(data.children[0], index * size, (index + 1) * size, scalar, time);
    }
    case Type.Map:
      return mapNode(data, index, scalar, time);
    case Type.Struct:
      return isVariantType(data.type) ? variantOrStruct(data, index, scalar, time) : structNode(data, index, scalar, time);
    default:
      return { kind: 'scalar', json: scalar(data, index) };
  }
}

/** A VARIANT as the JSON it holds; bytes that are not a well-formed variant show as the struct they came in. */
function variantOrStruct(data: Data, index: number, scalar: ScalarJson, time: VariantTime): JsonNode {
  try {
    return variantNode(bytesAt(data.children[0], index), bytesAt(data.children[1], index), time);
  } catch {
    return structNode(data, index, scalar, time);
  }
}

function listNode(child: Data, start: number, end: number, scalar: ScalarJson, time: VariantTime): JsonNode {
  const items: JsonNode[] = [];
  for (let i = start; i < end; i++) items.push(jsonNode(child, i, scalar, time));
  return { kind: 'array', items };
}

function mapNode(data: Data, index: number, scalar: ScalarJson, time: VariantTime): JsonNode {
  const [start, end] = valueRange(data, index);
  const [keys, values] = data.children[0].children;
  const entries: Array<[string, JsonNode]> = [];
  for (let i = start; i < end; i++) {
    entries.push([keyText(jsonNode(keys, i, scalar, time)), jsonNode(values, i, scalar, time)]);
  }
  return { kind: 'object', entries };
}

/** Map keys become JSON object keys: strings as they are, anything else as its JSON text. */
function keyText(node: JsonNode): string {
  if (node.kind === 'scalar' && node.json.startsWith('"')) return JSON.parse(node.json) as string;
  return jsonText(node);
}

function structNode(data: Data, index: number, scalar: ScalarJson, time: VariantTime): JsonNode {
  const fields = (data.type as { children: Array<{ name: string }> }).children;
  const entries = fields.map((field, i): [string, JsonNode] => [field.name, jsonNode(data.children[i], index, scalar, time)]);
  return { kind: 'object', entries };
}

/** JSON text of a tree: compact by default, pretty with an indent. */
export function jsonText(node: JsonNode, indent = 0, depth = 0): string {
  if (node.kind === 'scalar') return node.json;
  const open = node.kind === 'array' ? '[' : '{';
  const close = node.kind === 'array' ? ']' : '}';
  const parts = node.kind === 'array'
    ? node.items.map((item) => jsonText(item, indent, depth + 1))
    : node.entries.map(([k, v]) => `${JSON.stringify(k)}:${indent ? ' ' : ''}${jsonText(v, indent, depth + 1)}`);
  if (parts.length === 0) return open + close;
  if (!indent) return open + parts.join(',') + close;
  const inner = '\n' + ' '.repeat(indent * (depth + 1));
  return open + inner + parts.join(',' + inner) + '\n' + ' '.repeat(indent * depth) + close;
}
