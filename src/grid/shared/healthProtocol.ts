// The Table Health view's messages and the view model they carry, shared by its host (src/views/health) and its
// webview (media/health). Both ends check every message with the validators below; the model is plain data,
// every string goes into the page as text.
import { isAmount, isArrayOf, isBoolean, isObject, isOptional, isString } from './validate';

/** One figure as shown: its name, value and the source it came from. */
export interface HealthRowView { name: string; value: string; source: string }

/** A titled group of figures (files & bytes, the log, retention…). */
export interface HealthGroupView { title: string; rows: HealthRowView[] }

/** One bar of a chart: its label, the value it is scaled by, the value as text, and whether it stands out. */
export interface HealthBarView { label: string; value: number; text: string; highlight: boolean }

/** A bar chart: a title, a caption saying what stands out, and its bars. */
export interface HealthChartView { title: string; caption: string; bars: HealthBarView[] }

/** A finding and its fix; `index` names it in an applyFix message. */
export interface HealthFindingView { index: number; severity: 'warning' | 'info'; message: string; fixLabel?: string }

/** What the Health view shows of one table. */
export interface HealthViewModel {
  table: string;
  /** When the figures were computed (ISO time). */
  computedAt: string;
  /** Where the file counts and sizes came from: the checksum file or the file scan. */
  fileSource: string;
  summary: HealthRowView[];
  histogram: HealthChartView;
  skew?: HealthChartView;
  findings: HealthFindingView[];
  groups: HealthGroupView[];
}

export type HealthExportFormat = 'json' | 'csv';

/** Host → webview. */
export type HealthHostMessage =
  | { type: 'init'; model: HealthViewModel }
  | { type: 'busy'; text: string }
  | { type: 'error'; text: string };

/** Webview → host. */
export type HealthWebviewMessage =
  | { type: 'ready' }
  | { type: 'applyFix'; index: number }
  | { type: 'export'; format: HealthExportFormat }
  | { type: 'openGrid' }
  | { type: 'refresh' };

function isRow(x: unknown): x is HealthRowView {
  return isObject(x) && isString(x.name) && isString(x.value) && isString(x.source);
}

function isGroup(x: unknown): x is HealthGroupView {
  return isObject(x) && isString(x.title) && isArrayOf(x.rows, isRow);
}

function isBar(x: unknown): x is HealthBarView {
  return isObject(x) && isString(x.label) && isAmount(x.value) && isString(x.text) && isBoolean(x.highlight);
}

function isChart(x: unknown): x is HealthChartView {
  return isObject(x) && isString(x.title) && isString(x.caption) && isArrayOf(x.bars, isBar);
}

function isFinding(x: unknown): x is HealthFindingView {
  return isObject(x) && Number.isInteger(x.index) && (x.severity === 'warning' || x.severity === 'info') && isString(x.message) && isOptional(x.fixLabel, isString);
}

/** True when `x` is a well-formed view model. */
export function isHealthViewModel(x: unknown): x is HealthViewModel {
  return isObject(x) && isString(x.table) && isString(x.computedAt) && isString(x.fileSource) && isArrayOf(x.summary, isRow) && isChart(x.histogram)
    && isOptional(x.skew, isChart) && isArrayOf(x.findings, isFinding) && isArrayOf(x.groups, isGroup);
}

/** The message from the webview, or undefined when it is malformed. */
export function parseHealthWebviewMessage(x: unknown): HealthWebviewMessage | undefined {
  if (!isObject(x)) return undefined;
  switch (x.type) {
    case 'ready': case 'openGrid': case 'refresh': return { type: x.type };
    case 'applyFix': return Number.isInteger(x.index) && (x.index as number) >= 0 ? { type: 'applyFix', index: x.index as number } : undefined;
    case 'export': return x.format === 'json' || x.format === 'csv' ? { type: 'export', format: x.format } : undefined;
    default: return undefined;
  }
}

/** The message from the host, or undefined when it is malformed. */
export function parseHealthHostMessage(x: unknown): HealthHostMessage | undefined {
  if (!isObject(x)) return undefined;
  if (x.type === 'init') return isHealthViewModel(x.model) ? { type: 'init', model: x.model } : undefined;
  if ((x.type === 'busy' || x.type === 'error') && isString(x.text)) return { type: x.type, text: x.text };
  return undefined;
}
