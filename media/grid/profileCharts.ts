// The small charts of one column's profile: figures (rows, nulls with a share bar, distinct, min, max), a histogram
// and the top values as bars. Plain DOM sized through the CSSOM; every data value goes in as textContent.
import type { ProfileColumn } from '../../src/grid/shared/protocol';
import { el, formatCount } from './dom';

/** "25.0 %" of a part of a whole ('' when the whole is 0). */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '';
}

/** A value of the top list or of min/max as shown: SQL NULL is not the string 'NULL'. */
function valueNode(value: string | null | undefined, className: string): HTMLElement {
  const node = el('span', className);
  if (value === null || value === undefined) {
    node.classList.add('profile-null');
    node.textContent = value === null ? 'NULL' : '—';
  } else {
    node.textContent = value === '' ? '(empty)' : value;
    node.title = value;
  }
  return node;
}

function figure(list: HTMLElement, term: string, ...value: Array<HTMLElement | string>): void {
  list.append(el('dt', 'profile-term', term));
  const dd = el('dd', 'profile-value');
  dd.append(...value);
  list.append(dd);
}

/** A horizontal bar filled to `share` (0..1), with the numbers in its accessible label. */
function shareBar(share: number, label: string, className: string): HTMLElement {
  const track = el('div', `profile-track ${className}`);
  track.setAttribute('role', 'img');
  track.setAttribute('aria-label', label);
  const fill = el('div', 'profile-fill');
  fill.style.width = `${Math.min(100, Math.max(0, share * 100))}%`;
  track.append(fill);
  return track;
}

/** Rows, nulls, distinct, min and max. */
export function figures(c: ProfileColumn): HTMLElement {
  const list = el('dl', 'profile-figures');
  figure(list, 'Rows', formatCount(c.rows));
  const nulls = `${formatCount(c.nulls)}${c.rows > 0 ? ` (${percent(c.nulls, c.rows)})` : ''}`;
  figure(list, 'Nulls', el('span', 'profile-nulls', nulls), shareBar(c.rows > 0 ? c.nulls / c.rows : 0, `${c.name}: ${nulls} null`, 'null-share'));
  figure(list, 'Distinct', el('span', 'profile-distinct', c.distinct === undefined ? 'not countable' : `≈ ${formatCount(c.distinct)}`));
  if (c.min !== undefined || c.max !== undefined) {
    figure(list, 'Min', valueNode(c.min, 'profile-min'));
    figure(list, 'Max', valueNode(c.max, 'profile-max'));
  }
  return list;
}

/** Bars of equal width, heights proportional to the bucket counts, first and last centres underneath. */
export function histogram(c: ProfileColumn): HTMLElement | undefined {
  const buckets = c.histogram;
  if (buckets.length === 0) return undefined;
  const max = Math.max(...buckets.map((b) => b.count));
  const box = el('div', 'profile-chart');
  box.append(el('div', 'profile-chart-title', 'Histogram'));
  const bars = el('div', 'profile-histogram');
  bars.setAttribute('role', 'list');
  bars.setAttribute('aria-label', `Histogram of ${c.name}: ${buckets.length} buckets from ${buckets[0].label} to ${buckets.at(-1)!.label}`);
  for (const b of buckets) {
    const bar = el('div', b.count > 0 ? 'hist-bar nonzero' : 'hist-bar');
    const text = `around ${b.label}: ${formatCount(b.count)} rows`;
    bar.setAttribute('role', 'listitem');
    bar.setAttribute('aria-label', text);
    bar.title = text;
    bar.dataset.count = String(b.count);
    bar.style.height = `${max > 0 ? (b.count / max) * 100 : 0}%`;
    bars.append(bar);
  }
  const axis = el('div', 'profile-axis');
  axis.setAttribute('aria-hidden', 'true');
  axis.append(el('span', 'axis-first', buckets[0].label), el('span', 'axis-last', buckets.at(-1)!.label));
  box.append(bars, axis);
  return box;
}

/** The most frequent values with their counts and share of all rows. */
export function topValues(c: ProfileColumn): HTMLElement | undefined {
  if (c.top.length === 0) return undefined;
  const box = el('div', 'profile-chart');
  box.append(el('div', 'profile-chart-title', 'Top values'));
  const list = el('ol', 'profile-topvalues');
  list.setAttribute('aria-label', `Top values of ${c.name}`);
  for (const t of c.top) {
    const item = el('li', 'top-item');
    const share = percent(t.count, c.rows);
    item.setAttribute('aria-label', `${t.value ?? 'NULL'}: ${formatCount(t.count)} rows${share ? `, ${share}` : ''}`);
    const line = el('div', 'top-line');
    line.append(valueNode(t.value, 'top-label'), el('span', 'top-count', formatCount(t.count)));
    const bar = shareBar(c.rows > 0 ? t.count / c.rows : 0, share, 'top-share');
    bar.setAttribute('aria-hidden', 'true');
    item.append(line, bar);
    list.append(item);
  }
  box.append(list);
  return box;
}

/** One column's card: name and type, figures, histogram, top values. Focusable, labelled with the key figures. */
export function columnCard(c: ProfileColumn, index: number): HTMLElement {
  const card = el('section', 'profile-card');
  card.tabIndex = -1;
  card.dataset.column = String(index);
  const head = el('div', 'profile-card-head');
  head.append(el('span', 'profile-name', c.name), el('span', 'profile-type', c.sparkType));
  head.title = `${c.name} · ${c.sparkType}`;
  const distinct = c.distinct === undefined ? '' : `, about ${formatCount(c.distinct)} distinct`;
  card.setAttribute('aria-label', `${c.name}, ${c.sparkType}: ${formatCount(c.rows)} rows, ${formatCount(c.nulls)} null${distinct}`);
  card.append(head, figures(c));
  const charts = [histogram(c), topValues(c)].filter((x): x is HTMLElement => x !== undefined);
  card.append(...charts);
  return card;
}
