// The per-operator metrics a Spark Connect server sends when a query ends (ExecutePlanResponse.metrics: one object
// per physical operator, with its plan id, its parent's and its SQL metrics) as a plan tree, like an explained plan.
import type { ExecutePlanResponse_Metrics, ExecutePlanResponse_Metrics_MetricValue } from './gen/spark/connect/base_pb';
import { formatBytes } from './delta/maintenanceSummary';
import { kindOf, type PlanAttribute, type PlanOperator, type PlanSection } from './planText';

/** A metric's value as its type says: sizes in bytes, timings in ms (nsTiming in ns), the rest counts. */
export function metricText(m: ExecutePlanResponse_Metrics_MetricValue): string {
  const v = Number(m.value);
  switch (m.metricType) {
    case 'size': return formatBytes(v);
    case 'timing': return `${v.toLocaleString('en-US')} ms`;
    case 'nsTiming': return `${(v / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
    default: return v.toLocaleString('en-US');
  }
}

/**
 * The operators of the metrics as a tree (an object whose parent is not among them is a root), each metric one
 * attribute, those with a value first. Undefined when the server sent no operator.
 */
export function metricsPlan(metrics: ExecutePlanResponse_Metrics | undefined): PlanSection | undefined {
  const objects = metrics?.metrics ?? [];
  if (objects.length === 0) return undefined;
  const byId = new Map<bigint, PlanOperator>();
  for (const o of objects) {
    const attributes: PlanAttribute[] = Object.entries(o.executionMetrics)
      .sort(([, a], [, b]) => Number(b.value !== 0n) - Number(a.value !== 0n))
      .map(([key, m]) => ({ key: m.name || key, value: metricText(m) }));
    byId.set(o.planId, { name: o.name, kind: kindOf(o.name), codegen: false, attributes, children: [] });
  }
  const roots: PlanOperator[] = [];
  for (const o of objects) {
    const op = byId.get(o.planId)!;
    const parent = o.parent !== o.planId ? byId.get(o.parent) : undefined;
    if (parent) parent.children.push(op);
    else roots.push(op);
  }
  return { title: 'Metrics of the run', roots };
}

/** The metrics as text: one operator per line, indented under its parent, its metrics below it. */
export function metricsText(section: PlanSection): string {
  const lines: string[] = [];
  const walk = (op: PlanOperator, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${op.name}`);
    for (const a of op.attributes) lines.push(`${'  '.repeat(depth + 1)}${a.key}: ${a.value}`);
    op.children.forEach((c) => walk(c, depth + 1));
  };
  section.roots.forEach((r) => walk(r, 0));
  return lines.join('\n');
}
