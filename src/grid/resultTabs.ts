// Which result tab a new result goes into, without vscode: with `replace` (the default) a new result takes the place of
// the most recent unpinned result tab, as VS Code's preview editors do; with `newTab` every result opens its own tab.
// A pinned tab is never replaced. Also keeps which tab shows the result of which query history entry.

/** Where a new result opens (deltaExplorer.results.openIn). */
export type ResultsOpenIn = 'replace' | 'newTab';

/** The values of deltaExplorer.results.openIn, the default first. */
export const RESULTS_OPEN_IN: readonly ResultsOpenIn[] = ['replace', 'newTab'];

/** What the policy needs to know of one open tab. */
export interface TabFacts {
  readonly pinned: boolean;
  /** Order of opening (or of its last result): higher is more recent. */
  readonly seq: number;
}

/** The index of the tab a new result replaces, or undefined when it opens a new tab. */
export function tabToReplace(tabs: readonly TabFacts[], openIn: ResultsOpenIn): number | undefined {
  if (openIn !== 'replace') return undefined;
  let best: number | undefined;
  tabs.forEach((t, i) => {
    if (!t.pinned && (best === undefined || t.seq > tabs[best].seq)) best = i;
  });
  return best;
}

/** The panel title with its pin mark when pinned. */
export function tabTitle(title: string, pinned: boolean): string {
  return pinned ? `📌 ${title}` : title;
}

interface TabState {
  pinned: boolean;
  seq: number;
  history?: string;
}

/** The open result tabs (of any panel type `P`), their pinned state and the history entries they show. */
export class ResultTabs<P> {
  private readonly tabs = new Map<P, TabState>();
  private readonly byHistory = new Map<string, P>();
  private seq = 0;

  /** The open tab a new result should replace under `openIn`, or undefined for a new tab. */
  target(openIn: ResultsOpenIn): P | undefined {
    const panels = [...this.tabs.keys()];
    const index = tabToReplace(panels.map((p) => this.tabs.get(p)!), openIn);
    return index === undefined ? undefined : panels[index];
  }

  /** A tab opened with a new result; `history` is the key of the query history entry that made it, if any. */
  opened(panel: P, history?: string): void {
    this.tabs.set(panel, { pinned: false, seq: ++this.seq, history });
    if (history !== undefined) this.byHistory.set(history, panel);
  }

  /** A tab closed: it is forgotten, with its history entry. Safe to call twice. */
  closed(panel: P): void {
    const state = this.tabs.get(panel);
    if (!state) return;
    this.tabs.delete(panel);
    if (state.history !== undefined && this.byHistory.get(state.history) === panel) this.byHistory.delete(state.history);
  }

  /** A tab got a new result of its own (Run Again): it is the most recent. */
  touched(panel: P): void {
    const state = this.tabs.get(panel);
    if (state) state.seq = ++this.seq;
  }

  /** Pins or unpins a tab; a pinned tab is never replaced. */
  setPinned(panel: P, pinned: boolean): void {
    const state = this.tabs.get(panel);
    if (state) state.pinned = pinned;
  }

  isPinned(panel: P): boolean {
    return this.tabs.get(panel)?.pinned === true;
  }

  /** The open tab showing the result of a history entry, if it is still open. */
  forHistory(key: string): P | undefined {
    return this.byHistory.get(key);
  }

  /** Open tabs, oldest first. */
  get panels(): P[] {
    return [...this.tabs.keys()];
  }

  get size(): number {
    return this.tabs.size;
  }
}
