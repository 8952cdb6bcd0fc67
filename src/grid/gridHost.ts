// What a grid session needs from its surroundings: VS Code in the panel (src/views/grid/resultGridPanel.ts), a
// page in the Chromium tests, plain objects in unit tests.
import type { ExportFormat, HostMessage } from './shared/protocol';

export interface GridHost {
  /** Sends a message to the webview; may be dropped while the webview is hidden. */
  post(message: HostMessage): void;
  /** Puts text on the system clipboard. */
  writeClipboard(text: string): Promise<void>;
  /** Asks where to save an export; undefined when the user cancels. */
  pickExportFile(format: ExportFormat, suggestedName: string): Promise<string | undefined>;
  /** Runs a long task with visible, cancellable progress. */
  withProgress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Writes a line to the extension log. */
  log(message: string): void;
  /** Retitles the grid's panel (a capped preview says so in its title). */
  setTitle?(title: string): void;
  /** Tells the user an export finished (e.g. with a "Reveal" action). */
  exportFinished?(file: string, rows: number): void;
  /** The user pinned or unpinned the grid's tab (a pinned tab is never replaced by a new result). */
  pinChanged?(pinned: boolean): void;
  /** The grid ran its source again (Run Again): its tab now holds the most recent result. */
  ranAgain?(): void;
}
