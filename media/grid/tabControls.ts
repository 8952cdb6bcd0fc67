// What a result tab says of itself in the toolbar (the connection it ran on and when; the statement in full on
// hover of the title) and what it can do: Pin (a new result never replaces it) and Run Again. Text only, by
// textContent and title: a statement full of HTML shows as text.
import type { TabInfo } from '../../src/grid/shared/protocol';
import { button, el } from './dom';

/** What the tab controls do. */
export interface TabActions {
  /** Pins the tab (a new result never replaces it) or unpins it. */
  pin(pinned: boolean): void;
  /** Runs the grid's source again into this grid. */
  runAgain(): void;
}

/** "on prod · 14:03:27": where and when the result ran. */
export function aboutText(info: Pick<TabInfo, 'connection' | 'ranAt'>): string {
  const at = new Date(info.ranAt).toLocaleTimeString();
  return info.connection ? `on ${info.connection} · ${at}` : at;
}

/** The about line, the Run Again and the Pin buttons of one result tab. */
export class TabControls {
  /** Connection and time, beside the row count and duration. */
  readonly about = el('span', 'grid-about');
  readonly runAgainButton: HTMLButtonElement;
  readonly pinButton: HTMLButtonElement;
  private pinned = false;

  constructor(actions: TabActions) {
    this.runAgainButton = button('Run Again', 'Run the same query again and show its result in this tab', () => actions.runAgain(), 'tool-button run-again-button');
    this.runAgainButton.hidden = true;
    this.pinButton = button('Pin', 'Keep this result: a new result opens in another tab instead of replacing it', () => actions.pin(!this.pinned), 'tool-button pin-button');
    this.pinButton.setAttribute('aria-pressed', 'false');
  }

  /** Shows what the host says of the tab; `title` is the title element, whose hover shows the full statement. */
  show(info: TabInfo, title: HTMLElement): void {
    this.pinned = info.pinned;
    this.about.textContent = aboutText(info);
    this.about.title = `Ran${info.connection ? ` on ${info.connection}` : ''} at ${new Date(info.ranAt).toLocaleString()}`;
    if (info.statement !== undefined) title.title = info.statement;
    this.runAgainButton.hidden = !info.canRunAgain;
    this.pinButton.setAttribute('aria-pressed', String(info.pinned));
    this.pinButton.textContent = info.pinned ? 'Pinned' : 'Pin';
    this.pinButton.title = info.pinned
      ? 'Pinned: a new result opens in another tab. Click to unpin'
      : 'Keep this result: a new result opens in another tab instead of replacing it';
  }
}
