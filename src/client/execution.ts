// Reattachable execution: one logical operation, possibly many gRPC streams.
// A broken or cut stream is resumed with ReattachExecute from the last response id; consumed responses are
// released as we go (ReleaseExecute), the whole operation at the end, in the background (pyspark's reattach.py).
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ExecutePlanRequestSchema, ReattachExecuteRequestSchema, type ExecutePlanRequest_RequestOptionSchema,
  type ExecutePlanRequest, type ExecutePlanResponse, type Plan,
} from './gen/spark/connect/base_pb';
import { ChunkAssembler } from './chunks';
import { backoffMs, fromGrpcError, isRetryable, SparkConnectError, type RetryPolicy } from './errors';
import { ExecutionReleaser } from './release';
import type { CallOptions, ResponseStream, SparkConnectTransport } from './transport';

/** What an execution needs to know about its session. */
export interface SessionContext {
  readonly transport: SparkConnectTransport;
  readonly sessionId: string;
  readonly userId: string;
  readonly clientType: string;
  readonly retryPolicy: RetryPolicy;
  /** The server-side session id seen so far, echoed back to the server. */
  readonly serverSideSessionId?: string;
  /** The server accepts ResultChunkingOptions (Spark 4.1+): large batches arrive in chunks instead of failing. */
  readonly resultChunking?: boolean;
  /**
   * The server can resume a stream (ReattachExecute) and ends a result with ResultComplete (Spark 3.5+). When false,
   * every execution streams once and ends with its stream, as pyspark 3.4 does; unset counts as true.
   */
  readonly reattachableExecute?: boolean;
  /** Checks a response's server-side session id; throws when the server's session changed. */
  observe(serverSideSessionId: string): void;
  /** Sends an Interrupt for an operation (best effort). */
  interruptOperation(operationId: string): Promise<string[]>;
}

/** Options of one execution. */
export interface ExecuteOptions {
  signal?: AbortSignal;
  tags?: string[];
  /** Reattachable (the default) survives cut streams; plain executions stream once. */
  reattachable?: boolean;
  /** Called with the operation id as soon as it is chosen, e.g. to offer Cancel. */
  onOperationId?: (operationId: string) => void;
  /**
   * Called once the server answered the Interrupt sent for a cancelled or abandoned execution, with the ids of the
   * operations it interrupted (empty when this one had already ended there).
   */
  onInterrupted?: (operationId: string, interruptedIds: string[]) => void;
  /** Filled in while the execution runs: operation id, responses, reattaches. */
  stats?: ExecutionStats;
  /**
   * Marks an execution that changes data (DELETE, MERGE, RESTORE, DDL…). If the client loses contact before it learns
   * the result, the error says that the outcome is unknown, names the operation id and points to the table history.
   */
  mutation?: MutationInfo;
  /** Milliseconds to wait for a connection before each stream starts (the transport's default when unset). */
  connectTimeoutMs?: number;
  /** Ask the server for chunked Arrow batches (when it supports them); default true. */
  resultChunking?: boolean;
}

/** What a data-changing execution does, for an honest error when its outcome is unknown. */
export interface MutationInfo {
  /** e.g. "DELETE", "MERGE", "SQL UPDATE". */
  operation: string;
  /** The table as SQL text, when known: the error then names it and its history. */
  table?: string;
}

/** Counters of one execution: how many streams it took. */
export interface ExecutionStats {
  operationId: string;
  reattaches: number;
  responses: number;
  /** Arrow batches that arrived in more than one chunk (server-side result chunking). */
  chunkedBatches?: number;
}

/** Runs a plan and yields every response of the operation exactly once, in order (chunked batches reassembled). */
export async function* executePlan(ctx: SessionContext, plan: Plan, opts: ExecuteOptions = {}): AsyncGenerator<ExecutePlanResponse> {
  const execution = new Execution(ctx, plan, opts);
  try {
    yield* execution.responses();
  } finally {
    await execution.finish();
  }
}

interface Cursor {
  lastResponseId?: string;
  complete: boolean;
  started: boolean;
  /** The ExecutePlan may have reached the server (a response came, or a stream failed after it could have been sent). */
  maybeRan: boolean;
  /** A stream of this operation failed before. */
  disrupted: boolean;
}

/** One logical operation: its request, where it stands, and how it recovers. */
class Execution {
  readonly operationId = randomUUID();
  private readonly reattachable: boolean;
  private readonly request: ExecutePlanRequest;
  private readonly callOpts: CallOptions;
  private readonly cursor: Cursor = { complete: false, started: false, maybeRan: false, disrupted: false };
  private readonly stats: ExecutionStats;
  private readonly chunks = new ChunkAssembler();
  private readonly releaser: ExecutionReleaser;
  private failures = 0;

  constructor(private readonly ctx: SessionContext, plan: Plan, private readonly opts: ExecuteOptions) {
    // Spark 3.4 cannot reattach, and its results end with the stream (no ResultComplete): plain executions there.
    this.reattachable = (opts.reattachable ?? true) && ctx.reattachableExecute !== false;
    this.stats = opts.stats ?? { operationId: this.operationId, reattaches: 0, responses: 0 };
    this.stats.operationId = this.operationId;
    opts.onOperationId?.(this.operationId);
    this.request = create(ExecutePlanRequestSchema, {
      ...this.identity(),
      plan,
      operationId: this.operationId,
      tags: opts.tags ?? [],
      requestOptions: this.requestOptions(),
    });
    this.callOpts = { signal: opts.signal, connectTimeoutMs: opts.connectTimeoutMs };
    this.releaser = new ExecutionReleaser(ctx, this.operationId);
  }

  async *responses(): AsyncGenerator<ExecutePlanResponse> {
    if (this.opts.signal?.aborted) throw cancelled();
    let stream = this.ctx.transport.executePlan(this.request, this.callOpts);
    for (;;) {
      try {
        yield* this.consume(stream);
        if (!this.reattachable) this.cursor.complete = true; // a plain execution ends with its one stream
        if (this.cursor.complete) return;
        // The server closes long streams (senderMaxStreamDuration/Size) without result_complete: resume. A stream it
        // closed cleanly, even before any response (a slow command), reached it: reattach, never send the plan again.
        this.cursor.maybeRan = true;
      } catch (err) {
        await this.recover(err);
      }
      stream = this.nextStream();
    }
  }

  /** Stops what is left on the server and releases the operation, without keeping the caller waiting long. */
  async finish(): Promise<void> {
    const release = () => (this.reattachable ? this.releaser.releaseAll() : undefined);
    if (this.cursor.complete) return release(); // in the background: no query waits for it
    if (!this.cursor.maybeRan) return; // Never reached the server: nothing there to stop or release.
    return this.interrupt(release);
  }

  private requestOptions(): Array<MessageInitShape<typeof ExecutePlanRequest_RequestOptionSchema>> {
    const options: Array<MessageInitShape<typeof ExecutePlanRequest_RequestOptionSchema>> = [];
    if (this.reattachable) options.push({ requestOption: { case: 'reattachOptions', value: { reattachable: true } } });
    // Only a server that knows the option is asked (Spark 4.1+); an older one would fail a large row either way.
    if (this.ctx.resultChunking && this.opts.resultChunking !== false) {
      options.push({ requestOption: { case: 'resultChunkingOptions', value: { allowArrowBatchChunking: true } } });
    }
    return options;
  }

  private async *consume(stream: ResponseStream<ExecutePlanResponse>): AsyncGenerator<ExecutePlanResponse> {
    for await (const response of stream) {
      if (this.opts.signal?.aborted) throw cancelled();
      this.accept(response);
      const whole = this.chunks.add(response);
      if (whole) {
        this.stats.responses++;
        if (whole !== response) this.stats.chunkedBatches = (this.stats.chunkedBatches ?? 0) + 1;
        yield whole;
      }
      // Every consumed response is released, whatever its kind (schema, progress, metrics too), as pyspark does.
      if (this.reattachable && !this.cursor.complete) this.releaser.releaseUntil(response.responseId);
    }
  }

  /** Checks that a response belongs to this session and notes where the operation stands. */
  private accept(response: ExecutePlanResponse): void {
    checkSessionId(response, this.ctx.sessionId);
    this.failures = 0;
    this.cursor.started = true;
    this.cursor.maybeRan = true;
    this.ctx.observe(response.serverSideSessionId);
    this.cursor.lastResponseId = response.responseId || this.cursor.lastResponseId;
    if (response.responseType.case === 'resultComplete') this.cursor.complete = true;
  }

  /** Waits before the next stream when the failure is transient; otherwise throws the error to report. */
  private async recover(err: unknown): Promise<void> {
    const failure = fromGrpcError(err);
    // A server that refused the very first request (unknown session, bad token) ran nothing.
    const refused = !this.cursor.disrupted && !this.cursor.started && refusedUpFront(failure);
    if (!failure.neverSent && !refused) this.cursor.maybeRan = true;
    this.cursor.disrupted = true;
    const error = cancellationOr(failure, this.opts.signal);
    const policy = this.ctx.retryPolicy;
    if (!this.reattachable || !isRetryable(error, policy) || this.failures >= policy.maxRetries) throw this.outcome(error);
    await sleep(backoffMs(this.failures++, policy, error), this.opts.signal).catch((e: SparkConnectError) => Promise.reject(this.outcome(e)));
  }

  private nextStream(): ResponseStream<ExecutePlanResponse> {
    // The ExecutePlan provably never left this process: send it again (same operation id) instead of reattaching.
    if (!this.cursor.maybeRan) return this.ctx.transport.executePlan(this.request, this.callOpts);
    this.stats.reattaches++;
    const reattach = this.ctx.transport.reattachExecute(create(ReattachExecuteRequestSchema, {
      ...this.identity(),
      operationId: this.operationId,
      lastResponseId: this.cursor.lastResponseId,
    }), this.callOpts);
    return this.cursor.started ? reattach : reattachOrResend(this.ctx, reattach, this.request, this.callOpts);
  }

  private outcome(error: SparkConnectError): SparkConnectError {
    return outcomeOf(error, this.cursor, this.operationId, this.opts.mutation);
  }

  /** Cancelled, failed, or abandoned by the consumer: make sure the server stops, but never keep the caller long. */
  private async interrupt(then?: () => void): Promise<void> {
    const onInterrupted = this.opts.onInterrupted;
    const stop = this.ctx.interruptOperation(this.operationId)
      .then((ids) => { try { onInterrupted?.(this.operationId, ids); } catch { /* a listener must not stop the release */ } }, () => undefined)
      .then(() => then?.());
    await Promise.race([stop, delay(CLEANUP_WAIT_MS)]);
  }

  private identity() {
    return {
      sessionId: this.ctx.sessionId,
      userContext: { userId: this.ctx.userId },
      clientType: this.ctx.clientType,
      clientObservedServerSideSessionId: this.ctx.serverSideSessionId,
    };
  }
}

const CLEANUP_WAIT_MS = 1_000;

/** A response that names another session is refused, as pyspark does; it was meant for someone else. */
export function checkSessionId(response: { sessionId: string }, sessionId: string): void {
  if (!response.sessionId || response.sessionId === sessionId) return;
  throw new SparkConnectError({
    grpcCode: GrpcStatus.INTERNAL,
    serverAnswered: true,
    serverMessage: `The server answered for another session (${response.sessionId}, expected ${sessionId}); the response was not used.`,
  });
}

function refusedUpFront(error: SparkConnectError): boolean {
  return error.grpcCode === GrpcStatus.UNAUTHENTICATED || error.grpcCode === GrpcStatus.PERMISSION_DENIED ||
    /^INVALID_HANDLE\.(SESSION_CHANGED|SESSION_CLOSED|SESSION_NOT_FOUND|FORMAT)/.test(error.errorClass ?? '');
}

/**
 * Is the outcome of a mutation known? A server that answered with an error (with or without an error class) gave
 * its verdict: Delta commits atomically, so nothing was applied - except DELTA_POST_COMMIT_HOOK_FAILED, which comes
 * after the commit. Only an execution whose request may have reached the server and that then lost contact (broken
 * connection, restarted server, cancel) has an unknown outcome, and the error has to say so.
 */
function outcomeOf(error: SparkConnectError, cursor: Cursor, operationId: string, mutation?: MutationInfo): SparkConnectError {
  if (!mutation || cursor.complete || !cursor.maybeRan) return error;
  const what = mutation.table ? `${mutation.operation} on ${mutation.table}` : mutation.operation;
  if (error.errorClass === 'DELTA_POST_COMMIT_HOOK_FAILED') {
    return new SparkConnectError({
      ...error.toInit(), operationId,
      serverMessage: `${what} was committed; only a step after the commit failed (${error.serverMessage || error.grpcCodeName}).`,
    });
  }
  if (!lostContact(error)) return error;
  const history = mutation.table ? `the table history (DESCRIBE HISTORY ${mutation.table})` : 'the table history (DESCRIBE HISTORY)';
  return new SparkConnectError({
    ...error.toInit(),
    operationId,
    outcomeUnknown: true,
    serverMessage: `The outcome of ${what} is unknown (operation ${operationId}): the request reached the server, but the ` +
      `client lost contact before the result arrived, so the server may or may not have applied it. Check ${history} ` +
      `before running it again. Cause: ${error.serverMessage || error.grpcCodeName}`,
  });
}

/** Codes a broken transport produces (grpc-js on its own, or a proxy): what a lost contact looks like. */
const TRANSPORT_CODES = new Set<GrpcStatus>([
  GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED, GrpcStatus.UNKNOWN, GrpcStatus.INTERNAL,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

/**
 * Did the client lose contact with an operation (transport broke, server restarted, operation gone, cancelled)?
 * Everything else is the server refusing the operation, with its message (a RESTORE whose files were vacuumed,
 * a Delta conflict): a known outcome, reported as the server's error.
 */
function lostContact(error: SparkConnectError): boolean {
  if (error.grpcCode === GrpcStatus.CANCELLED) return true; // cancelled by the user: the server may have committed first
  if (/^INVALID_(HANDLE|CURSOR)\./.test(error.errorClass ?? '')) return true; // the operation is gone: its outcome with it
  const answered = error.serverAnswered || error.errorClass !== undefined || error.reason !== undefined;
  return !answered && TRANSPORT_CODES.has(error.grpcCode);
}

/** Nothing was received yet, so the operation may not exist: the first reattach answer tells. */
function reattachOrResend(
  ctx: SessionContext, reattach: ResponseStream<ExecutePlanResponse>, request: ExecutePlanRequest, callOpts: CallOptions,
): ResponseStream<ExecutePlanResponse> {
  let current = reattach;
  return {
    cancel: () => current.cancel(),
    async *[Symbol.asyncIterator]() {
      const it = reattach[Symbol.asyncIterator]();
      let first: IteratorResult<ExecutePlanResponse>;
      try {
        first = await it.next();
      } catch (err) {
        const error = fromGrpcError(err);
        if (!/INVALID_HANDLE\.OPERATION_NOT_FOUND/.test(`${error.errorClass} ${error.serverMessage}`)) throw error;
        // Same operation id and plan: a server that did get the first one after all reattaches instead of running it again.
        current = ctx.transport.executePlan(request, callOpts);
        yield* current;
        return;
      }
      if (first.done) return;
      yield first.value;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

function cancelled(): SparkConnectError {
  return new SparkConnectError({ grpcCode: GrpcStatus.CANCELLED, serverMessage: 'The operation was cancelled.' });
}

function cancellationOr(error: SparkConnectError, signal?: AbortSignal): SparkConnectError {
  return signal?.aborted ? cancelled() : error;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    // The listener goes when the timer fires: an operation that reattaches often must not pile them up on its signal.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
