// The host side of the grid's Profile panel: runs the source's one aggregate query, at most one at a time, keeps
// the last answer for a webview that comes back (hidden panel shown again), and turns failures into panel messages.
import type { GridSource } from './gridSource';
import type { ColumnInfo, HostMessage, ProfileOutcome } from './shared/protocol';

/** What the profiler needs from its session. */
export interface ProfilerContext {
  /** Sends to the webview (dropped while it is away). */
  post(message: HostMessage): void;
  log(message: string): void;
  /** The grid's columns, and its filter as text and as a Spark SQL predicate. */
  view(): { columns: readonly ColumnInfo[]; filter: string; where?: string } | undefined;
}

interface Running {
  readonly requestId: number;
  readonly abort: AbortController;
}

/** Runs the profiles of one grid. */
export class GridProfiler {
  private running: Running | undefined;
  private last: { filter: string; outcome: ProfileOutcome } | undefined;

  constructor(private readonly source: GridSource, private readonly ctx: ProfilerContext) {}

  /** True when the source can profile on the server. */
  get available(): boolean {
    return this.source.profile !== undefined;
  }

  /** Answers a profile request: the last answer for the same filter, or a fresh query. */
  async run(requestId: number, refresh: boolean): Promise<void> {
    const view = this.ctx.view();
    if (!this.source.profile || !view) return this.answer(requestId, { kind: 'failed', message: 'This result cannot be profiled on the server.' });
    if (!refresh && this.last?.filter === view.filter) return this.answer(requestId, this.last.outcome);
    this.cancel();
    const running: Running = { requestId, abort: new AbortController() };
    this.running = running;
    const outcome = await this.query(view, running.abort.signal);
    if (this.running !== running) return; // cancelled or replaced: its answer was sent already
    this.running = undefined;
    if (outcome.kind === 'done') this.last = { filter: view.filter, outcome };
    this.answer(requestId, outcome);
  }

  /** Stops the running profile query (on the server too) and tells the webview. */
  cancel(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.abort.abort();
    this.answer(running.requestId, { kind: 'cancelled' });
  }

  /** Stops any running query. Safe to call twice. */
  dispose(): void {
    this.running?.abort.abort();
    this.running = undefined;
  }

  private async query(view: { columns: readonly ColumnInfo[]; filter: string; where?: string }, signal: AbortSignal): Promise<ProfileOutcome> {
    try {
      const p = await this.source.profile!({ columns: view.columns, where: view.where, signal });
      return { kind: 'done', columns: p.columns, scope: p.scope, filter: p.filtered ? view.filter : '' };
    } catch (e) {
      if (signal.aborted) return { kind: 'cancelled' };
      const message = e instanceof Error ? e.message : String(e);
      this.ctx.log(`result grid: profile failed: ${message}`);
      return { kind: 'failed', message, errorClass: errorClassOf(e) };
    }
  }

  private answer(requestId: number, outcome: ProfileOutcome): void {
    this.ctx.post({ type: 'profile', requestId, outcome });
  }
}

/** Spark's error class of a failure, when it has one (SparkConnectError; the grid does not import the client). */
function errorClassOf(e: unknown): string | undefined {
  const errorClass = typeof e === 'object' && e !== null ? (e as { errorClass?: unknown }).errorClass : undefined;
  return typeof errorClass === 'string' && errorClass !== '' ? errorClass : undefined;
}
