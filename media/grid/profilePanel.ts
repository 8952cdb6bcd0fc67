// The Profile side panel beside the grid: asks the host to profile the grid's source (one aggregate query on the
// server), shows progress with Cancel, the charts per column, or the failure with Spark's error class. Laid out like
// the value view (heading and buttons, scrolling body, footer); it never touches the grid, so scrolling stays as fast.
import type { HostMessage, ProfileColumn, ProfileOutcome, WebviewMessage } from '../../src/grid/shared/protocol';
import { button, el, formatCount } from './dom';
import { columnCard } from './profileCharts';

/** What the panel needs from the app. */
export interface ProfilePanelHost {
  send(message: WebviewMessage): void;
  requestId(): number;
  /** The panel opened or closed (toolbar button state, saved state). */
  changed(open: boolean): void;
  /** Gives the keyboard back to the grid. */
  focusGrid(): void;
}

/** The side panel. */
export class ProfilePanel {
  readonly element = el('aside', 'profile-panel');
  private readonly heading = el('div', 'profile-heading', 'Profile');
  private readonly body = el('div', 'profile-body');
  private readonly footer = el('div', 'profile-footer');
  private readonly refreshButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private pending: number | undefined;
  private cards: HTMLElement[] = [];
  private names: string[] = [];
  private marked: string | undefined;

  constructor(parent: HTMLElement, private readonly host: ProfilePanelHost) {
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Column profile');
    this.refreshButton = button('Refresh', 'Run the profile query again', () => this.request(true));
    this.cancelButton = button('Cancel', 'Stop the profile query on the server', () => this.cancel(), 'tool-button cancel-button');
    const close = button('✕', 'Close the profile (Escape)', () => this.close());
    close.setAttribute('aria-label', 'Close the profile');
    const top = el('div', 'profile-top');
    top.append(this.heading, this.refreshButton, this.cancelButton, close);
    // Only the short footer is announced; the cards are read on demand, not all at once.
    this.footer.setAttribute('role', 'status');
    this.element.append(top, this.body, this.footer);
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    parent.append(this.element);
  }

  /** True while shown. */
  get open(): boolean {
    return !this.element.hidden;
  }

  /** Shows the panel and asks for the profile (the host answers from its last result when nothing changed). */
  show(): void {
    if (this.open) return;
    this.element.hidden = false;
    this.host.changed(true);
    this.request(false);
  }

  /** Hides the panel; a running query is cancelled on the server. */
  close(): void {
    if (!this.open) return;
    if (this.pending !== undefined) this.cancel();
    this.element.hidden = true;
    this.host.changed(false);
    this.host.focusGrid();
  }

  /** The grid's filter changed: a shown profile is out of date, so it is asked for again. */
  viewChanged(): void {
    if (this.open) this.request(false);
  }

  /** Brings the card of the grid's active column into view and marks it (only when that column changes). */
  markColumn(name: string | undefined): void {
    if (name === this.marked) return;
    this.marked = name;
    this.cards.forEach((c, i) => {
      const current = this.names[i] === name;
      c.classList.toggle('current', current);
      if (current) c.setAttribute('aria-current', 'true');
      else c.removeAttribute('aria-current');
      if (current && this.open) c.scrollIntoView({ block: 'nearest' });
    });
  }

  /** Applies the host's answer to the latest request (older answers are dropped). */
  receive(m: Extract<HostMessage, { type: 'profile' }>): void {
    if (m.requestId !== this.pending) return;
    this.pending = undefined;
    this.setRunning(false);
    this.showOutcome(m.outcome);
  }

  private request(refresh: boolean): void {
    const requestId = this.host.requestId();
    this.pending = requestId;
    this.setRunning(true);
    this.heading.textContent = 'Profile';
    this.body.replaceChildren(el('div', 'profile-status', 'Profiling on the server…'));
    this.footer.textContent = 'Profiling: one aggregate query on the server…';
    this.host.send({ type: 'profile', requestId, refresh });
  }

  private cancel(): void {
    this.host.send({ type: 'cancelProfile' });
  }

  private setRunning(running: boolean): void {
    this.cancelButton.hidden = !running;
    this.refreshButton.hidden = running;
    this.element.dataset.state = running ? 'running' : 'idle';
  }

  private showOutcome(o: ProfileOutcome): void {
    this.element.dataset.state = o.kind;
    if (o.kind === 'done') return this.showColumns(o.columns, o.scope, o.filter);
    this.cards = [];
    this.names = [];
    if (o.kind === 'cancelled') {
      this.body.replaceChildren(el('div', 'profile-status', 'Profile cancelled. Refresh runs it again.'));
      this.footer.textContent = 'Profile cancelled';
      return;
    }
    const box = el('div', 'profile-error');
    box.setAttribute('role', 'alert');
    box.append(el('div', 'profile-error-title', 'The profile query failed'));
    if (o.errorClass) box.append(el('code', 'profile-error-class', o.errorClass));
    box.append(el('pre', 'profile-error-message', o.message));
    this.body.replaceChildren(box);
    this.footer.textContent = 'The grid is unaffected. Refresh tries again.';
  }

  private showColumns(columns: readonly ProfileColumn[], scope: string, filter: string): void {
    this.heading.textContent = `Profile · ${formatCount(columns.length)} columns`;
    this.cards = columns.map((c, i) => columnCard(c, i));
    this.names = columns.map((c) => c.name);
    if (this.cards[0]) this.cards[0].tabIndex = 0;
    const marked = this.marked;
    this.marked = undefined;
    this.markColumn(marked);
    this.body.replaceChildren(...(this.cards.length ? this.cards : [el('div', 'profile-status', 'No columns to profile.')]));
    const rows = columns[0] ? ` · ${formatCount(columns[0].rows)} rows` : '';
    this.footer.textContent = `${scope}${rows}${filter ? ` · filtered by “${filter}”` : ''} · distinct counts and top values are approximate`;
  }

  /** Arrow keys move between column cards (one tab stop for all), Escape closes. */
  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
      return;
    }
    const at = this.cards.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: this.cards.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = this.cards[Math.max(0, Math.min(this.cards.length - 1, next))];
    this.cards.forEach((c) => (c.tabIndex = c === target ? 0 : -1));
    target.focus();
  }
}
