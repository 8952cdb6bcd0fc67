// Reattachable execution: one logical operation, possibly many gRPC streams.
// A broken or cut stream is resumed with ReattachExecute from the last response id; consumed
// responses are released as we go and the whole operation at the end.
import { create } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ExecutePlanRequestSchema, ReattachExecuteRequestSchema, ReleaseExecuteRequestSchema,
  type ExecutePlanResponse, type Plan,
} from './gen/spark/connect/base_pb';
import { backoffMs, fromGrpcError, isRetryable, SparkConnectError, type RetryPolicy } from './errors';
import type { ResponseStream, SparkConnectTransport } from './transport';

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
  /** Filled in while the execution runs: operation id, responses, reattaches. */
  stats?: ExecutionStats;
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
  const cursor: Cursor = { lastResponseId: undefined, complete: false, started: false };
  let failures = 0;
  let stream: ResponseStream<ExecutePlanResponse> = ctx.transport.executePlan(request, { signal: opts.signal });
  try {
    for (;;) {
      try {
        for await (const response of stream) {
          if (opts.signal?.aborted) throw cancelled();
          failures = 0;
          cursor.started = true;
          ctx.observe(response.serverSideSessionId);
          cursor.lastResponseId = response.responseId || cursor.lastResponseId;
          if (response.responseType.case === 'resultComplete') cursor.complete = true;
          st.responses++;
          yield response;
          if (reattachable && response.responseType.case === 'arrowBatch') releaseUntil(ctx, operationId, response.responseId);
        }
        if (!reattachable || cursor.complete) return;
        // The server closes long streams (senderMaxStreamDuration/Size) without result_complete: resume.
      } catch (err) {
        const error = cancellationOr(fromGrpcError(err), opts.signal);
        if (!reattachable || !isRetryable(error, ctx.retryPolicy) || failures >= ctx.retryPolicy.maxRetries) throw error;
        await sleep(backoffMs(failures++, ctx.retryPolicy, error), opts.signal);
      }
      stream = await resumeStream(ctx, request, operationId, cursor, opts.signal);
      st.reattaches++;
    }
  } finally {
    await finish(ctx, operationId, reattachable, cursor);
  }
}

interface Cursor {
  lastResponseId?: string;
  complete: boolean;
  started: boolean;
}

/** Reattaches; when the first ExecutePlan never reached the server, sends it again with the same operation id. */
async function resumeStream(
  ctx: SessionContext, request: ReturnType<typeof create<typeof ExecutePlanRequestSchema>>, operationId: string,
  cursor: Cursor, signal?: AbortSignal,
): Promise<ResponseStream<ExecutePlanResponse>> {
  const reattach = ctx.transport.reattachExecute(create(ReattachExecuteRequestSchema, {
    sessionId: ctx.sessionId,
    userContext: { userId: ctx.userId },
    clientType: ctx.clientType,
    operationId,
    lastResponseId: cursor.lastResponseId,
    clientObservedServerSideSessionId: ctx.serverSideSessionId,
  }), { signal });
  if (cursor.started) return reattach;
  // Nothing was received: the operation may not exist. Peek at the first reattach response to find out.
  return peekOrResend(ctx, reattach, request, signal);
}

async function peekOrResend(
  ctx: SessionContext, reattach: ResponseStream<ExecutePlanResponse>,
  request: ReturnType<typeof create<typeof ExecutePlanRequestSchema>>, signal?: AbortSignal,
): Promise<ResponseStream<ExecutePlanResponse>> {
  const it = reattach[Symbol.asyncIterator]();
  let first: IteratorResult<ExecutePlanResponse>;
  try {
    first = await it.next();
  } catch (err) {
    const error = fromGrpcError(err);
    if (/INVALID_HANDLE\.OPERATION_NOT_FOUND/.test(`${error.errorClass} ${error.serverMessage}`)) {
      return ctx.transport.executePlan(request, { signal });
    }
    throw error;
  }
  return {
    cancel: () => reattach.cancel(),
    async *[Symbol.asyncIterator]() {
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

async function finish(ctx: SessionContext, operationId: string, reattachable: boolean, cursor: Cursor): Promise<void> {
  // Not complete means cancelled, failed, or abandoned by the consumer: make sure the server stops working on it.
  if (!cursor.complete) await ctx.interruptOperation(operationId).catch(() => undefined);
  if (!reattachable) return;
  await ctx.transport.releaseExecute(create(ReleaseExecuteRequestSchema, {
    sessionId: ctx.sessionId,
    userContext: { userId: ctx.userId },
    clientType: ctx.clientType,
    operationId,
    release: { case: 'releaseAll', value: {} },
    clientObservedServerSideSessionId: ctx.serverSideSessionId,
  }), { timeoutMs: 10_000 }).catch(() => undefined);
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
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(cancelled());
    }, { once: true });
  });
}
