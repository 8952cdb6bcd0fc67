// Reattachable execution: one logical operation, possibly many gRPC streams.
// A broken or cut stream is resumed with ReattachExecute from the last response id; consumed
// responses are released as we go and the whole operation at the end.
import { create } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ExecutePlanRequestSchema, ReattachExecuteRequestSchema, ReleaseExecuteRequestSchema,
  type ExecutePlanRequest, type ExecutePlanResponse, type Plan,
} from './gen/spark/connect/base_pb';
import { backoffMs, fromGrpcError, isRetryable, SparkConnectError, type RetryPolicy } from './errors';
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
}

/** Runs a plan and yields every response of the operation exactly once, in order. */
export async function* executePlan(ctx: SessionContext, plan: Plan, opts: ExecuteOptions = {}): AsyncGenerator<ExecutePlanResponse> {
  const operationId = randomUUID();
  const reattachable = opts.reattachable ?? true;
  const st = opts.stats ?? { operationId, reattaches: 0, responses: 0 };
  st.operationId = operationId;
  opts.onOperationId?.(operationId);
  const request = create(ExecutePlanRequestSchema, {
    sessionId: ctx.sessionId,
    userContext: { userId: ctx.userId },
    clientType: ctx.clientType,
    plan,
    operationId,
    tags: opts.tags ?? [],
    requestOptions: reattachable ? [{ requestOption: { case: 'reattachOptions', value: { reattachable: true } } }] : [],
    clientObservedServerSideSessionId: ctx.serverSideSessionId,
  });
  if (opts.signal?.aborted) throw cancelled();
  const cursor: Cursor = { lastResponseId: undefined, complete: false, started: false, maybeRan: false, disrupted: false };
  const callOpts: CallOptions = { signal: opts.signal, connectTimeoutMs: opts.connectTimeoutMs };
  let failures = 0;
  let stream: ResponseStream<ExecutePlanResponse> = ctx.transport.executePlan(request, callOpts);
  try {
    for (;;) {
      try {
        for await (const response of stream) {
          if (opts.signal?.aborted) throw cancelled();
          failures = 0;
          cursor.started = true;
          cursor.maybeRan = true;
          ctx.observe(response.serverSideSessionId);
          cursor.lastResponseId = response.responseId || cursor.lastResponseId;
          if (response.responseType.case === 'resultComplete') cursor.complete = true;
          st.responses++;
          yield response;
          if (reattachable && response.responseType.case === 'arrowBatch') releaseUntil(ctx, operationId, response.responseId);
        }
        if (!reattachable || cursor.complete) return;
        // The server closes long streams (senderMaxStreamDuration/Size) without result_complete: resume. A stream it
        // closed cleanly, even before any response (a slow command), reached it: reattach, never send the plan again.
        cursor.maybeRan = true;
      } catch (err) {
        const failure = fromGrpcError(err);
        // A server that refused the very first request (unknown session, bad token) ran nothing.
        const refused = !cursor.disrupted && !cursor.started && refusedUpFront(failure);
        if (!failure.neverSent && !refused) cursor.maybeRan = true;
        cursor.disrupted = true;
        const error = cancellationOr(failure, opts.signal);
        if (!reattachable || !isRetryable(error, ctx.retryPolicy) || failures >= ctx.retryPolicy.maxRetries) {
          throw outcomeOf(error, cursor, operationId, opts.mutation);
        }
        await sleep(backoffMs(failures++, ctx.retryPolicy, error), opts.signal)
          .catch((e: SparkConnectError) => Promise.reject(outcomeOf(e, cursor, operationId, opts.mutation)));
      }
      if (cursor.maybeRan) {
        stream = resumeStream(ctx, request, operationId, cursor, callOpts);
        st.reattaches++;
      } else {
        // The ExecutePlan provably never left this process: send it again (same operation id) instead of reattaching.
        stream = ctx.transport.executePlan(request, callOpts);
      }
    }
  } finally {
    await finish(ctx, operationId, reattachable, cursor, opts.onInterrupted);
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

function refusedUpFront(error: SparkConnectError): boolean {
  return error.grpcCode === GrpcStatus.UNAUTHENTICATED || error.grpcCode === GrpcStatus.PERMISSION_DENIED ||
    /^INVALID_HANDLE\.(SESSION_CHANGED|SESSION_CLOSED|SESSION_NOT_FOUND|FORMAT)/.test(error.errorClass ?? '');
}

/**
 * A server-reported failure of the operation itself (an error class from Spark) means nothing was applied: Delta
 * commits atomically. Anything else ending a mutation whose request may have reached the server (lost connection,
 * restarted server, cancel) leaves its outcome unknown, and the error has to say so.
 */
function outcomeOf(error: SparkConnectError, cursor: Cursor, operationId: string, mutation?: MutationInfo): SparkConnectError {
  if (!mutation || cursor.complete || !cursor.maybeRan) return error;
  const serverVerdict = error.errorClass && !/^INVALID_(HANDLE|CURSOR)\./.test(error.errorClass);
  if (serverVerdict) return error;
  const what = mutation.table ? `${mutation.operation} on ${mutation.table}` : mutation.operation;
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

/** Reattaches; when the first ExecutePlan never reached the server, sends it again with the same operation id. */
function resumeStream(
  ctx: SessionContext, request: ExecutePlanRequest, operationId: string, cursor: Cursor, callOpts: CallOptions,
): ResponseStream<ExecutePlanResponse> {
  const reattach = ctx.transport.reattachExecute(create(ReattachExecuteRequestSchema, {
    sessionId: ctx.sessionId,
    userContext: { userId: ctx.userId },
    clientType: ctx.clientType,
    operationId,
    lastResponseId: cursor.lastResponseId,
    clientObservedServerSideSessionId: ctx.serverSideSessionId,
  }), callOpts);
  return cursor.started ? reattach : reattachOrResend(ctx, reattach, request, callOpts);
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

function releaseUntil(ctx: SessionContext, operationId: string, responseId: string): void {
  if (!responseId) return;
  ctx.transport.releaseExecute(create(ReleaseExecuteRequestSchema, {
    sessionId: ctx.sessionId,
    userContext: { userId: ctx.userId },
    clientType: ctx.clientType,
    operationId,
    release: { case: 'releaseUntil', value: { responseId } },
    clientObservedServerSideSessionId: ctx.serverSideSessionId,
  }), { timeoutMs: 30_000 }).catch(() => undefined);
}

async function finish(ctx: SessionContext, operationId: string, reattachable: boolean, cursor: Cursor, onInterrupted?: ExecuteOptions['onInterrupted']): Promise<void> {
  const releaseAll = () => (reattachable ? ctx.transport.releaseExecute(create(ReleaseExecuteRequestSchema, {
    sessionId: ctx.sessionId,
    userContext: { userId: ctx.userId },
    clientType: ctx.clientType,
    operationId,
    release: { case: 'releaseAll', value: {} },
    clientObservedServerSideSessionId: ctx.serverSideSessionId,
  }), { timeoutMs: 10_000 }) : Promise.resolve());
  if (cursor.complete) return cleanup(ctx, releaseAll);
  if (!cursor.maybeRan) return; // Never reached the server: nothing there to stop or release.
  // Cancelled, failed, or abandoned by the consumer: make sure the server stops working on it, but never keep the
  // caller waiting long on a server that may not answer (Cancel must end the call promptly).
  const stop = ctx.interruptOperation(operationId)
    .then((ids) => { try { onInterrupted?.(operationId, ids); } catch { /* a listener must not stop the release */ } }, () => undefined)
    .then(() => cleanup(ctx, releaseAll));
  await Promise.race([stop, delay(CLEANUP_WAIT_MS)]);
}

const CLEANUP_WAIT_MS = 1_000;

/** Runs a cleanup call; when it fails transiently, retries it in the background per the retry policy. */
async function cleanup(ctx: SessionContext, call: () => Promise<unknown>, attempt = 0): Promise<void> {
  try {
    await call();
  } catch (err) {
    const error = fromGrpcError(err);
    if (attempt >= ctx.retryPolicy.maxRetries || !isRetryable(error, ctx.retryPolicy)) return;
    const timer = setTimeout(() => void cleanup(ctx, call, attempt + 1), backoffMs(attempt, ctx.retryPolicy, error));
    timer.unref?.();
  }
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
