// The Table Health webview: the figures of one table grouped, the file-size histogram and partition skew as bars
// (theme colours through VS Code's CSS variables), each finding with its fix as a button, Export data. Every value
// goes in as textContent; bar sizes through the CSSOM (the CSP allows no inline styles).
import { parseHealthHostMessage, type HealthChartView, type HealthFindingView, type HealthGroupView, type HealthRowView, type HealthViewModel, type HealthWebviewMessage } from '../../src/grid/shared/healthProtocol';
import { button, el } from '../grid/dom';

interface VsCodeApi { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('health-app') as HTMLElement;

function send(message: HealthWebviewMessage): void {
  api.postMessage(message);
}

function toolbar(): HTMLElement {
  const bar = el('div', 'health-toolbar');
  bar.append(
    button('Refresh', 'Compute the figures again', () => send({ type: 'refresh' })),
    button('Export JSON', 'Export data: the figures as JSON', () => send({ type: 'export', format: 'json' })),
    button('Export CSV', 'Export data: the figures as CSV', () => send({ type: 'export', format: 'csv' })),
    button('Open as Grid', 'The figures and findings as rows of a result grid', () => send({ type: 'openGrid' })),
  );
  return bar;
}

function summary(rows: HealthRowView[]): HTMLElement {
  const box = el('div', 'health-summary');
  for (const r of rows) {
    const tile = el('div', 'health-tile');
    tile.title = `${r.name}: ${r.value} (from ${r.source})`;
    tile.append(el('div', 'health-tile-value', r.value), el('div', 'health-tile-name', r.name));
    box.append(tile);
  }
  return box;
}

/** Horizontal bars, widths proportional to the values; highlighted bars in the warning colour. */
function chart(c: HealthChartView, className: string): HTMLElement {
  const box = el('section', `health-section health-chart ${className}`);
  box.append(el('h2', 'health-section-title', c.title), el('p', 'health-caption', c.caption));
  const max = Math.max(0, ...c.bars.map((b) => b.value));
  const list = el('div', 'health-bars');
  list.setAttribute('role', 'list');
  list.setAttribute('aria-label', c.title);
  for (const b of c.bars) {
    const row = el('div', b.highlight ? 'health-bar-row highlight' : 'health-bar-row');
    row.setAttribute('role', 'listitem');
    row.setAttribute('aria-label', `${b.label}: ${b.text}`);
    row.dataset.value = String(b.value);
    const track = el('div', 'health-track');
    const fill = el('div', 'health-fill');
    fill.style.width = `${max > 0 ? (b.value / max) * 100 : 0}%`;
    track.append(fill);
    const label = el('span', 'health-bar-label', b.label);
    label.title = b.label;
    row.append(label, track, el('span', 'health-bar-text', b.text));
    list.append(row);
  }
  box.append(list);
  return box;
}

function findings(list: HealthFindingView[]): HTMLElement {
  const box = el('section', 'health-section health-findings');
  box.append(el('h2', 'health-section-title', `Findings (${list.length})`));
  if (list.length === 0) box.append(el('p', 'health-caption', 'No finding: nothing to fix.'));
  for (const f of list) {
    const item = el('div', `health-finding ${f.severity}`);
    item.append(el('span', 'health-severity', f.severity === 'warning' ? 'Warning' : 'Info'), el('span', 'health-message', f.message));
    if (f.fixLabel) {
      const fix = button(f.fixLabel, 'Opens the operation pre-filled; it shows what it will do and asks first', () => send({ type: 'applyFix', index: f.index }), 'health-fix');
      fix.dataset.finding = String(f.index);
      item.append(fix);
    }
    box.append(item);
  }
  return box;
}

function group(g: HealthGroupView): HTMLElement {
  const box = el('section', 'health-section health-group');
  box.append(el('h2', 'health-section-title', g.title));
  const list = el('dl', 'health-figures');
  for (const r of g.rows) {
    const value = el('dd', 'health-value');
    value.append(el('span', 'health-value-text', r.value), el('span', 'health-source', r.source));
    value.title = `${r.value}\nfrom ${r.source}`;
    list.append(el('dt', 'health-term', r.name), value);
  }
  box.append(list);
  return box;
}

function render(m: HealthViewModel): void {
  const head = el('header', 'health-head');
  head.append(el('h1', 'health-title', `Health of ${m.table}`), el('span', 'health-meta', `Files from: ${m.fileSource} · computed ${m.computedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`));
  const charts = [chart(m.histogram, 'health-histogram'), ...(m.skew ? [chart(m.skew, 'health-skew')] : [])];
  root.replaceChildren(head, toolbar(), summary(m.summary), findings(m.findings), ...charts, ...m.groups.map(group));
}

function status(text: string, className: string): void {
  const existing = root.querySelector('.health-status');
  const node = el('div', `health-status ${className}`, text);
  if (existing) existing.replaceWith(node);
  else root.prepend(node);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHealthHostMessage(event.data);
  if (!message) return;
  if (message.type === 'init') render(message.model);
  else status(message.text, message.type === 'error' ? 'error' : 'busy');
});
send({ type: 'ready' });
