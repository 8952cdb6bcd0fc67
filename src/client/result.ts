// The result of one execution: Arrow record batches as they arrive, plus schema, metrics and progress.
import { Table, type RecordBatch, type Schema } from 'apache-arrow';
import type {
  ExecutePlanResponse, ExecutePlanResponse_ExecutionProgress, ExecutePlanResponse_Metrics,
} from './gen/spark/connect/base_pb';
import type { Relation } from './gen/spark/connect/relations_pb';
import type { DataType } from './gen/spark/connect/types_pb';
import { decodeArrowBatches } from './arrow';

/** Progress of a running query, as the server reports it. */
export interface Progress {
  stages: number;
  tasks: number;
  completedTasks: number;
  inputBytesRead: bigint;
  inflightTasks: bigint;
}

/** A streaming result. Iterate it once (for batches) or call toTable()/drain(). */
export class ArrowResult implements AsyncIterable<RecordBatch> {
  /** Spark's schema of the result, when the server sent one. */
  sparkSchema?: DataType;
  /** The Arrow schema, known after the first batch. */
  arrowSchema?: Schema;
  metrics?: ExecutePlanResponse_Metrics;
  /** For SQL commands: the relation the server handed back (rows inline, or a query to run). */
  sqlCommandResult?: Relation;
  rowCount = 0;
  /** Called for each progress report of the server. */
  onProgress?: (progress: Progress) => void;
  private consumed = false;
  /** The Arrow IPC bytes each batch was decoded from, when one response carried just that batch. */
  private readonly received = new WeakMap<RecordBatch, Uint8Array>();

  constructor(
    private readonly responses: AsyncGenerator<ExecutePlanResponse>,
    private readonly abortController: AbortController,
    /** Resolves once the operation id is chosen. */
    readonly operationId: Promise<string>,
  ) {}

  /**
   * The bytes `batch` arrived as: an Arrow IPC stream of its schema and this one batch, which a consumer can store
   * or write as they are instead of encoding the batch again. Undefined for a batch that shared its response.
   */
  ipcOf(batch: RecordBatch): Uint8Array | undefined {
    return this.received.get(batch);
  }

  /** Stops the execution on the server and ends the stream. */
  cancel(): void {
    this.abortController.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    if (this.consumed) throw new Error('This result was already consumed.');
    this.consumed = true;
    for await (const response of this.responses) {
      yield* this.take(response);
      // Responses that arrived together would otherwise all be decoded (and stored by the consumer) in one turn of
      // the event loop, which the whole extension host shares: let timers and input in after every Arrow batch.
      if (response.responseType.case === 'arrowBatch') await nextTurn();
    }
  }

  /** Collects every batch into one Arrow table (keeps the batches; no row objects). */
  async toTable(): Promise<Table> {
    const batches: RecordBatch[] = [];
    for await (const batch of this) batches.push(batch);
    if (batches.length > 0) return new Table(batches);
    return this.arrowSchema ? new Table(this.arrowSchema) : new Table();
  }

  /** Runs the execution to its end, discarding rows (for commands). */
  async drain(): Promise<void> {
    for await (const _batch of this) { /* consume */ }
  }

  private *take(response: ExecutePlanResponse): Generator<RecordBatch> {
    if (response.schema) this.sparkSchema = response.schema;
    if (response.metrics) this.metrics = response.metrics;
    const kind = response.responseType;
    if (kind.case === 'sqlCommandResult') this.sqlCommandResult = kind.value.relation;
    if (kind.case === 'executionProgress') this.onProgress?.(toProgress(kind.value));
    if (kind.case !== 'arrowBatch') return;
    const { schema, batches } = decodeArrowBatches(kind.value.data);
    this.arrowSchema ??= schema;
    if (batches.length === 1) this.received.set(batches[0], kind.value.data);
    for (const batch of batches) {
      this.rowCount += batch.numRows;
      if (batch.numRows > 0) yield batch;
    }
  }
}

/** Resolves in the check phase of the event loop (setImmediate), so I/O, and timers by the next turn, get their go. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function toProgress(p: ExecutePlanResponse_ExecutionProgress): Progress {
  let tasks = 0n;
  let completed = 0n;
  let bytes = 0n;
  for (const s of p.stages) {
    tasks += s.numTasks;
    completed += s.numCompletedTasks;
    bytes += s.inputBytesRead;
  }
  return { stages: p.stages.length, tasks: Number(tasks), completedTasks: Number(completed), inputBytesRead: bytes, inflightTasks: p.numInflightTasks };
}
