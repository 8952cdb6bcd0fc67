// Spark's EXPLAIN text as a tree of operators with their attributes. Reads the FORMATTED layout (a bare operator
// tree, then one "(n) Operator" block of "Key: value" lines per operator) and the SIMPLE/EXTENDED one (operators
// with their arguments inline), section by section ("== Physical Plan ==", "== Optimized Logical Plan ==", …).

/** What an operator does, for its icon and its one-line summary. */
export type OperatorKind = 'scan' | 'join' | 'exchange' | 'aggregate' | 'filter' | 'project' | 'sort' | 'command' | 'group' | 'other';

/** One attribute of an operator: "PushedFilters" → "[IsNotNull(id)]". */
export interface PlanAttribute {
  key: string;
  value: string;
}

/** One node of a plan tree. */
export interface PlanOperator {
  /** The operator as the tree line names it, without its "(n)" id and whole-stage-codegen star. */
  name: string;
  /** The FORMATTED id: "(3)" → 3. */
  id?: number;
  kind: OperatorKind;
  /** True when the operator runs inside whole-stage code generation ("*" or "*(1)"). */
  codegen: boolean;
  attributes: PlanAttribute[];
  children: PlanOperator[];
}

/** One "== … ==" part of the text and its operators. */
export interface PlanSection {
  title: string;
  roots: PlanOperator[];
}

/** The sections of an EXPLAIN text; text without a "==" header is one section named "Plan". */
export function parsePlanText(text: string): PlanSection[] {
  const sections: PlanSection[] = [];
  for (const { title, lines } of splitSections(text.replace(/\r\n/g, '\n'))) {
    const treeEnd = lines.findIndex((l, i) => l.trim() === '' && i > 0);
    const treeLines = (treeEnd < 0 ? lines : lines.slice(0, treeEnd)).filter((l) => l.trim() !== '');
    const roots = parseTree(treeLines);
    if (treeEnd >= 0) attachDetails(roots, lines.slice(treeEnd));
    if (roots.length || title !== 'Plan') sections.push({ title, roots });
  }
  return sections;
}

/** Splits at top-level "== Title ==" lines (an indented one inside a tree, as AQE writes, stays in its tree). */
function splitSections(text: string): Array<{ title: string; lines: string[] }> {
  const out: Array<{ title: string; lines: string[] }> = [];
  let current = { title: 'Plan', lines: [] as string[] };
  for (const line of text.split('\n')) {
    const header = /^== (.+?) ==\s*$/.exec(line);
    if (header) {
      if (current.lines.some((l) => l.trim()) || current.title !== 'Plan') out.push(current);
      current = { title: header[1], lines: [] };
    } else current.lines.push(line);
  }
  if (current.lines.some((l) => l.trim()) || current.title !== 'Plan') out.push(current);
  return out;
}

/** The tree drawn with "+- " and ":- " connectors: a node's parent is the nearest line above that starts left of it. */
function parseTree(lines: string[]): PlanOperator[] {
  const roots: PlanOperator[] = [];
  const stack: Array<{ column: number; op: PlanOperator }> = [];
  for (const line of lines) {
    const m = /^((?:[\s|]|:(?!- ))*([+:]- )?)(.*)$/.exec(line)!;
    const column = m[1].length;
    const bare = m[2] === undefined;
    // The Analyzed Logical Plan starts with the output schema ("id: bigint, name: string"): not an operator.
    if (column === 0 && /^[\w`]+: \w/.test(m[3])) continue;
    const op = operatorOf(m[3]);
    if (!op) continue;
    // AQE's "== Final Plan ==" has its operators below it at its own column, without a connector.
    const above = (top: { column: number; op: PlanOperator }) => top.column < column || (top.column === column && bare && top.op.kind === 'group');
    while (stack.length && !above(stack.at(-1)!)) stack.pop();
    const parent = stack.at(-1)?.op;
    if (parent) parent.children.push(op);
    else roots.push(op);
    stack.push({ column, op });
  }
  return roots;
}

/** One tree line as an operator: "* Filter (3)", "*(2) Project [id#1L]", "== Final Plan ==", "Scan parquet t (1)". */
function operatorOf(text: string): PlanOperator | undefined {
  let rest = text.trim();
  if (!rest) return undefined;
  const group = /^== (.+?) ==$/.exec(rest);
  if (group) return { name: group[1], kind: 'group', codegen: false, attributes: [], children: [] };
  const star = /^\*(?:\((\d+)\))?\s*/.exec(rest);
  if (star) rest = rest.slice(star[0].length);
  const idMatch = /\s\((\d+)\)$/.exec(rest);
  const id = idMatch ? Number(idMatch[1]) : undefined;
  if (idMatch) rest = rest.slice(0, idMatch.index).trimEnd();
  // FORMATTED lines are bare names (their attributes come in the blocks below the tree).
  const inline = idMatch ? { name: rest, attributes: [] } : inlineArguments(rest);
  return { name: inline.name, id, kind: kindOf(inline.name), codegen: star !== null, attributes: inline.attributes, children: [] };
}

/** SIMPLE/EXTENDED lines carry their arguments: "Filter (isnotnull(id#1L) AND (id#1L > 1))" → name + "Arguments". */
function inlineArguments(text: string): { name: string; attributes: PlanAttribute[] } {
  const scan = /^((?:FileScan|Scan|BatchScan) \S+ [^\s[]+)(\S*)\s+(.*)$/.exec(text);
  if (scan) return { name: scan[1], attributes: [...(scan[2] ? [{ key: 'Output', value: scan[2] }] : []), ...scanArguments(scan[3])] };
  const m = /^('?[A-Za-z]\w*(?: (?:Inner|LeftOuter|RightOuter|FullOuter|LeftSemi|LeftAnti|Cross|BuildLeft|BuildRight))*)\s*(.*)$/.exec(text);
  // A short plain word after the name is part of it: "Execute DeleteCommand", "SubqueryAlias spark_catalog.default.t".
  if (!m || !m[2] || (!/[[(,\s]/.test(m[2]) && m[2].length < 80)) return { name: text, attributes: [] };
  return { name: m[1], attributes: [{ key: 'Arguments', value: m[2] }] };
}

/** "spark_catalog.default.t[id#1L] Batched: true, DataFilters: [...], PartitionFilters: [...], ..." */
function scanArguments(text: string): PlanAttribute[] {
  const attributes: PlanAttribute[] = [];
  const keyed = /(\w+): /g;
  const marks = [...text.matchAll(keyed)].filter((m) => bracketDepth(text, m.index) === 0);
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].index : text.length;
    attributes.push({ key: m[1], value: text.slice(m.index + m[0].length, end).trim().replace(/,$/, '') });
  });
  return attributes;
}

function bracketDepth(text: string, upTo: number): number {
  let depth = 0;
  for (let i = 0; i < upTo; i++) {
    if (text[i] === '[' || text[i] === '(') depth++;
    else if (text[i] === ']' || text[i] === ')') depth--;
  }
  return depth;
}

/** The FORMATTED blocks: "(3) Filter [codegen id : 1]" followed by "Key [n]: value" / "Key : value" lines. */
function attachDetails(roots: PlanOperator[], lines: string[]): void {
  const byId = new Map<number, PlanOperator>();
  const visit = (op: PlanOperator) => { if (op.id !== undefined) byId.set(op.id, op); op.children.forEach(visit); };
  roots.forEach(visit);
  let current: PlanOperator | undefined;
  for (const line of lines) {
    const head = /^\((\d+)\) (.*)$/.exec(line);
    if (head) {
      current = byId.get(Number(head[1]));
      const codegen = /\[codegen id : (\d+)\]/.exec(head[2]);
      if (current && codegen) current.attributes.push({ key: 'Codegen id', value: codegen[1] });
      continue;
    }
    const kv = /^([A-Za-z][\w ]*?)(?: \[\d+\])?\s?: (.*)$/.exec(line);
    if (current && kv) current.attributes.push({ key: kv[1].trim(), value: kv[2] });
    else if (current && line.trim() && current.attributes.length) current.attributes.at(-1)!.value += `\n${line}`;
  }
}

const KINDS: Array<[RegExp, OperatorKind]> = [
  [/Scan|Relation|LocalTableScan/i, 'scan'],
  [/Join|NestedLoop|CartesianProduct/i, 'join'],
  [/Exchange|Shuffle|Broadcast(?!HashJoin|NestedLoop)/i, 'exchange'],
  [/Aggregate/i, 'aggregate'],
  [/^Filter/, 'filter'],
  [/^Project/, 'project'],
  [/Sort|TakeOrdered/, 'sort'],
  [/Command|^Execute |^Delete|^Update|^Merge|^Write|^Append|^Overwrite|^CreateTable|^Replace/, 'command'],
];

export function kindOf(name: string): OperatorKind {
  return KINDS.find(([re]) => re.test(name))?.[1] ?? 'other';
}

/** Attributes worth a glance beside the operator's name, in this order. */
const SUMMARY_KEYS = ['PartitionFilters', 'PushedFilters', 'Join type', 'Join condition', 'Condition', 'Arguments', 'Location'];

/** A short line for the operator: its join strategy, its scan's filters, its exchange's partitioning. */
export function operatorSummary(op: PlanOperator): string {
  const get = (key: string) => op.attributes.find((a) => a.key === key)?.value;
  const parts: string[] = [];
  if (op.kind === 'join') parts.push(joinStrategy(op.name));
  for (const key of SUMMARY_KEYS) {
    const value = get(key);
    if (value && value !== '[]' && value !== 'None' && !(op.kind === 'scan' && key === 'Location' && parts.length)) parts.push(`${key === 'Arguments' ? '' : `${key}: `}${value.split('\n')[0]}`);
    if (parts.length >= 2) break;
  }
  const summary = parts.join(' · ');
  return summary.length > 200 ? `${summary.slice(0, 199)}…` : summary;
}

/** The physical join strategy a join operator names. */
export function joinStrategy(name: string): string {
  if (/BroadcastHashJoin/.test(name)) return 'broadcast hash join';
  if (/ShuffledHashJoin/.test(name)) return 'shuffled hash join';
  if (/SortMergeJoin/.test(name)) return 'sort-merge join';
  if (/BroadcastNestedLoopJoin/.test(name)) return 'broadcast nested loop join';
  if (/CartesianProduct/.test(name)) return 'cartesian product';
  return 'join';
}

/** Every operator of the sections, depth first. */
export function allOperators(sections: PlanSection[]): PlanOperator[] {
  const out: PlanOperator[] = [];
  const visit = (op: PlanOperator) => { out.push(op); op.children.forEach(visit); };
  sections.forEach((s) => s.roots.forEach(visit));
  return out;
}
