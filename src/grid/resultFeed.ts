// The stream of one grid: pulls a GridSource's record batches into a ResultStore, knows whether the result is
// still streaming, complete, cancelled or failed, and starts over from a fresh source (a server re-query).
// It tells its listener what happened; what to send to the webview is the session's business.
import { RecordBatch, Schema } from 'apache-arrow';
import type { GridSource } from './gridSource';
import { ResultStore, type ResultStoreOptions } from './resultStore';
import type { StreamStatus } from './shared/protocol';

/** What the feed reports, in the order it happens. */
export interface FeedListener {
  /** The schema is known and the store exists (once per feed, before any rows). */
  storeCreated(): void;
  /** Rows were added to the store. */
  rowsAdded(): void;
  /** The result ended (complete, cancelled or failed). */
  ended(): void;
  /** Streaming failed; the rows loaded so far stay. */
  failed(error: unknown): void;
}

/**
 * Spilled bytes on their way to disk beyond which the feed waits for the disk: none. A spilled batch is held as the
 * buffer it arrived in until written, and malloc keeps such buffers after they are freed, so the feed lets one at a
 * time be on its way (the host's thread stays free while it is written): with 8 MiB on their way, a closed grid left
 * 48 MB more than idle behind (e2e memory-returns), with 16 MiB 60 MB, with 64 MiB 79 MB.
 */
const MAX_SPILL_BACKLOG = 0;

/** One result streaming into one store; restartable with another source of the same schema. */
export class ResultFeed {
  private source: GridSource;
  private current: ResultStore | undefined;
  private state: StreamStatus = 'streaming';
  private error: string | undefined;

  constructor(root: GridSource, private readonly opts: ResultStoreOptions, private readonly listener: FeedListener) {
    this.source = root;
  }

  /** Starts pulling the first source (apart from the constructor, so the listener may use the feed at once). */
  start(): void {
    void this.consume(this.source);
  }

  /** The store of the current result (undefined until the schema is known). */
  get store(): ResultStore | undefined {
    return this.current;
  }

  get status(): StreamStatus {
    return this.state;
  }

  /** Why streaming failed, kept for a webview that was not there when it happened. */
  get streamError(): string | undefined {
    return this.error;
  }

  /**
   * Replaces the current result with a fresh stream (a re-query, Load all). With `newSchema` the stream's columns may
   * differ (the table changed): the store is made from its first batch, as for the first result.
   */
  restart(source: GridSource, { newSchema = false }: { newSchema?: boolean } = {}): void {
    if (this.state === 'streaming') this.source.cancel();
    const schema = this.current?.schema;
    this.current?.dispose();
    this.current = newSchema || !schema ? undefined : new ResultStore(schema, this.opts);
    this.source = source;
    this.state = 'streaming';
    this.error = undefined;
    void this.consume(source);
  }

  /** Stops streaming, on the server too; the rows loaded so far stay. */
  cancel(): void {
    if (this.state !== 'streaming') return;
    this.source.cancel();
    this.finish('cancelled');
  }

  /** Stops streaming and frees the store. */
  dispose(): void {
    if (this.state === 'streaming') this.source.cancel();
    this.current?.dispose();
  }

  /** Pulls batches from `source` into the store until it ends, is cancelled or is replaced. */
  private async consume(source: GridSource): Promise<void> {
    if (source.schema) this.ensureStore(source.schema);
    let status: StreamStatus = 'complete';
    try {
      for await (const batch of source.batches) {
        if (source !== this.source || this.state !== 'streaming') return;
        this.append(batch, source.ipcOf?.(batch));
        // the spill file is written asynchronously: when the disk falls behind, stop pulling until it catches up
        const store = this.current;
        if (store && store.spillBacklog > MAX_SPILL_BACKLOG) await store.whenSpillBacklogBelow(MAX_SPILL_BACKLOG);
      }
    } catch (e) {
      if (source !== this.source || this.state !== 'streaming') return;
      status = 'failed';
      this.error = e instanceof Error ? e.message : String(e);
      this.listener.failed(e);
    }
    if (source === this.source) this.finish(status);
  }

  private ensureStore(schema: Schema): ResultStore {
    if (!this.current) {
      this.current = new ResultStore(schema, this.opts);
      this.listener.storeCreated();
    }
    return this.current;
  }

  private append(batch: RecordBatch, ipc: Uint8Array | undefined): void {
    const store = this.ensureStore(batch.schema);
    try {
      store.append(batch, ipc);
    } catch (e) {
      this.source.cancel(); // the result no longer fits anywhere: keep what we have, stop the server
      throw new Error(`The result is larger than the memory budget and could not be spilled to disk (${String(e)}); showing the first ${store.loadedRows} rows.`);
    }
    this.listener.rowsAdded();
  }

  private finish(status: StreamStatus): void {
    if (this.state !== 'streaming') return;
    this.state = status;
    this.ensureStore(new Schema([])).finish();
    this.listener.ended();
  }
}
