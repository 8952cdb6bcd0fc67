// The webview end of the message protocol: typed send/receive through the VS Code webview API, and the
// webview state that survives the panel being hidden (no retainContextWhenHidden).
import { parseHostMessage, type HostMessage, type SortKey, type WebviewMessage } from '../../src/grid/shared/protocol';

/** What the webview remembers across hide/show. */
export interface GridWebviewState {
  /** First fully visible row (view row index) and the pixel offset into it. */
  readonly topRow: number;
  readonly scrollLeft: number;
  /** Column widths by column name. */
  readonly widths: Readonly<Record<string, number>>;
  /** The sort the user chose (the host is the authority; kept to show it before init arrives). */
  readonly sort: readonly SortKey[];
  readonly activeRow: number;
  readonly activeCol: number;
  /** The Profile panel was open. */
  readonly profileOpen?: boolean;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Typed access to the host. */
export class HostChannel {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private nextId = 1;

  /** Sends a message to the extension host. */
  send(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  /** A fresh request id. */
  requestId(): number {
    return this.nextId++;
  }

  /** Calls `handler` for every well-formed message from the host; anything else is dropped unread. */
  listen(handler: (message: HostMessage) => void): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseHostMessage(event.data);
      if (message) handler(message);
    });
  }

  /** The state saved before the panel was last hidden, if any. */
  loadState(): GridWebviewState | undefined {
    const state = this.api.getState();
    return state && typeof state === 'object' && 'topRow' in state ? (state as GridWebviewState) : undefined;
  }

  /** Saves state for the next time the panel is shown. */
  saveState(state: GridWebviewState): void {
    this.api.setState(state);
  }
}
