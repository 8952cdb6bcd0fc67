// The full-value view: a dialog with the untruncated text of a cell, or an expandable JSON tree for arrays,
// maps and structs. Built with textContent only.
import type { Data } from 'apache-arrow';
import { FormatOptions, valueJson, valueText } from '../../src/grid/shared/format';
import { isNestedType, JsonNode } from '../../src/grid/shared/formatJson';
import type { ColumnInfo } from '../../src/grid/shared/protocol';
import { button, el, formatCount } from './dom';

/** Children shown per JSON level before "… more". */
const MAX_CHILDREN = 1000;
/** Levels of the JSON tree open at first. */
const OPEN_DEPTH = 2;

/** Renders a JSON tree as nested <details> elements. */
export function jsonTree(node: JsonNode, depth = 0): HTMLElement {
  if (node.kind === 'scalar') return el('span', `json-${scalarKind(node.json)}`, node.json);
  const size = node.kind === 'array' ? node.items.length : node.entries.length;
  if (size === 0) return el('span', 'json-empty', node.kind === 'array' ? '[]' : '{}');
  const details = el('details', 'json-node');
  details.open = depth < OPEN_DEPTH;
  const label = node.kind === 'array' ? `[ ${formatCount(size)} items ]` : `{ ${formatCount(size)} keys }`;
  details.append(el('summary', 'json-summary', label));
  const list = el('ul', 'json-children');
  const entries: Array<[string | undefined, JsonNode]> = node.kind === 'array'
    ? node.items.slice(0, MAX_CHILDREN).map((item) => [undefined, item])
    : node.entries.slice(0, MAX_CHILDREN).map(([k, v]) => [k, v]);
  for (const [key, child] of entries) {
    const item = el('li', 'json-item');
    if (key !== undefined) item.append(el('span', 'json-key', JSON.stringify(key)), el('span', 'json-colon', ': '));
    item.append(jsonTree(child, depth + 1));
    list.append(item);
  }
  if (size > MAX_CHILDREN) list.append(el('li', 'json-more', `… ${formatCount(size - MAX_CHILDREN)} more`));
  details.append(list);
  return details;
}

function scalarKind(json: string): string {
  if (json === 'null') return 'null';
  if (json === 'true' || json === 'false') return 'boolean';
  return json.startsWith('"') ? 'string' : 'number';
}

/** The value dialog. */
export class ValueView {
  private readonly dialog = el('dialog', 'value-dialog');
  private readonly heading = el('div', 'value-heading');
  private readonly body = el('div', 'value-body');
  private readonly footer = el('div', 'value-footer');

  constructor(parent: HTMLElement, onClose: () => void) {
    const top = el('div', 'value-top');
    top.append(this.heading, button('Close', 'Close (Escape)', () => this.dialog.close()));
    this.dialog.append(top, this.body, this.footer);
    this.dialog.addEventListener('close', onClose);
    parent.append(this.dialog);
  }

  /** True while open. */
  get open(): boolean {
    return this.dialog.open;
  }

  /** Shows the full value of one cell. */
  show(column: ColumnInfo, row: number, data: Data, index: number, opts: FormatOptions): void {
    this.heading.textContent = `${column.name} · ${column.sparkType} · row ${formatCount(row + 1)}`;
    const value = valueText(data, index, opts);
    if (value === null) {
      this.body.replaceChildren(el('span', 'json-null', 'NULL'));
      this.footer.textContent = 'SQL NULL (no value)';
    } else if (isNestedType(data.typeId)) {
      this.body.replaceChildren(jsonTree(valueJson(data, index, opts)));
      this.footer.textContent = `${formatCount(value.text.length)} characters of JSON`;
    } else {
      this.body.replaceChildren(el('pre', 'value-text', value.text));
      this.footer.textContent = value.text === '' ? 'Empty string' : `${formatCount(value.text.length)} characters`;
    }
    if (!this.dialog.open) this.dialog.showModal();
  }
}
