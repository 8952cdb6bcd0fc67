// The wire: one interface for the eight Spark Connect RPCs, and its grpc-js implementation.
// Requests are built elsewhere (pure); fault-injection tests swap the transport or sit in front of it.
import { fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import {
  AnalyzePlanRequestSchema, AnalyzePlanResponseSchema, ConfigRequestSchema, ConfigResponseSchema,
  ExecutePlanRequestSchema, ExecutePlanResponseSchema, FetchErrorDetailsRequestSchema, FetchErrorDetailsResponseSchema,
  InterruptRequestSchema, InterruptResponseSchema, ReattachExecuteRequestSchema, ReleaseExecuteRequestSchema,
  ReleaseExecuteResponseSchema, ReleaseSessionRequestSchema, ReleaseSessionResponseSchema,
  type AnalyzePlanRequest, type AnalyzePlanResponse, type ConfigRequest, type ConfigResponse, type ExecutePlanRequest,
  type ExecutePlanResponse, type FetchErrorDetailsRequest, type FetchErrorDetailsResponse, type InterruptRequest,
  type InterruptResponse, type ReattachExecuteRequest, type ReleaseExecuteRequest, type ReleaseExecuteResponse,
  type ReleaseSessionRequest, type ReleaseSessionResponse,
} from './gen/spark/connect/base_pb';
import { targetOf, type ConnectionSettings } from './connectionString';
import { fromGrpcError, SparkConnectError } from './errors';
import { summarizeRequest, type RequestTrace } from './requestTrace';

/** Per-call options. */
export interface CallOptions {
  /** Milliseconds until the call fails with DEADLINE_EXCEEDED. */
  timeoutMs?: number;
  /** Streams: milliseconds to wait for a connection before the stream starts (the stream itself has no deadline). */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A server stream that can be iterated once and cancelled at any time. */
export interface ResponseStream<T> extends AsyncIterable<T> {
  cancel(): void;
}

/** The Spark Connect service as the client uses it. */
export interface SparkConnectTransport {
  executePlan(req: ExecutePlanRequest, opts?: CallOptions): ResponseStream<ExecutePlanResponse>;
  reattachExecute(req: ReattachExecuteRequest, opts?: CallOptions): ResponseStream<ExecutePlanResponse>;
  analyzePlan(req: AnalyzePlanRequest, opts?: CallOptions): Promise<AnalyzePlanResponse>;
  config(req: ConfigRequest, opts?: CallOptions): Promise<ConfigResponse>;
  interrupt(req: InterruptRequest, opts?: CallOptions): Promise<InterruptResponse>;
  releaseExecute(req: ReleaseExecuteRequest, opts?: CallOptions): Promise<ReleaseExecuteResponse>;
  releaseSession(req: ReleaseSessionRequest, opts?: CallOptions): Promise<ReleaseSessionResponse>;
  fetchErrorDetails(req: FetchErrorDetailsRequest, opts?: CallOptions): Promise<FetchErrorDetailsResponse>;
  close(): void;
}

/** TLS material beyond the system roots. */
export interface TlsOptions {
  /** PEM file of the CA that signed the server certificate. */
  caFile?: string;
  /** PEM client certificate and key, for mutual TLS. */
  certFile?: string;
  keyFile?: string;
}

/** Channel tuning; the defaults follow the measured limits of grpc-js. */
export interface ChannelTuning {
  flowControlWindow: number;
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  /** Longest wait between reconnection attempts (grpc-js default: 120 s, too long to notice a restarted server). */
  maxReconnectBackoffMs: number;
  /** How long a stream waits for a connection before it fails. */
  connectTimeoutMs: number;
}

export const DEFAULT_CHANNEL_TUNING: ChannelTuning = {
  flowControlWindow: 64 * 1024 * 1024,
  keepaliveTimeMs: 30_000,
  keepaliveTimeoutMs: 10_000,
  maxReconnectBackoffMs: 5_000,
  connectTimeoutMs: 20_000,
};

const SERVICE = '/spark.connect.SparkConnectService/';

/** grpc-js implementation of SparkConnectTransport. */
export class GrpcTransport implements SparkConnectTransport {
  private readonly client: grpc.Client;
  private readonly headers: Record<string, string>;
  private readonly target: string;
  private readonly connectTimeoutMs: number;
  private readonly trace?: RequestTrace;

  /** `trace`, when given, is called once for every RPC as it is sent, with a non-secret summary of the request. */
  constructor(settings: ConnectionSettings, tls: TlsOptions = {}, tuning: Partial<ChannelTuning> = {}, trace?: RequestTrace) {
    const tune = { ...DEFAULT_CHANNEL_TUNING, ...tuning };
    this.target = targetOf(settings);
    this.connectTimeoutMs = tune.connectTimeoutMs;
    this.trace = trace;
    this.client = new grpc.Client(this.target, credentialsFor(settings, tls), {
      'grpc.max_receive_message_length': settings.maxMessageSize,
      'grpc.max_send_message_length': settings.maxMessageSize,
      'grpc-node.flow_control_window': tune.flowControlWindow,
      'grpc.keepalive_time_ms': tune.keepaliveTimeMs,
      'grpc.keepalive_timeout_ms': tune.keepaliveTimeoutMs,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.max_reconnect_backoff_ms': tune.maxReconnectBackoffMs,
      // A channel of its own per session: a new session after a server restart connects at once instead of
      // sharing the reconnect backoff of the old session's connection.
      'grpc.use_local_subchannel_pool': 1,
      'grpc.primary_user_agent': settings.userAgent ?? 'delta-connect-explorer',
    });
    this.headers = { ...settings.headers };
    // Sent per call rather than as call credentials, so a loopback server with a token works without TLS too.
    if (settings.token) this.headers.authorization = `Bearer ${settings.token}`;
  }

  executePlan(req: ExecutePlanRequest, opts?: CallOptions): ResponseStream<ExecutePlanResponse> {
    return this.stream('ExecutePlan', ExecutePlanRequestSchema, ExecutePlanResponseSchema, req, opts);
  }

  reattachExecute(req: ReattachExecuteRequest, opts?: CallOptions): ResponseStream<ExecutePlanResponse> {
    return this.stream('ReattachExecute', ReattachExecuteRequestSchema, ExecutePlanResponseSchema, req, opts);
  }

  analyzePlan(req: AnalyzePlanRequest, opts?: CallOptions): Promise<AnalyzePlanResponse> {
    return this.unary('AnalyzePlan', AnalyzePlanRequestSchema, AnalyzePlanResponseSchema, req, opts);
  }

  config(req: ConfigRequest, opts?: CallOptions): Promise<ConfigResponse> {
    return this.unary('Config', ConfigRequestSchema, ConfigResponseSchema, req, opts);
  }

  interrupt(req: InterruptRequest, opts?: CallOptions): Promise<InterruptResponse> {
    return this.unary('Interrupt', InterruptRequestSchema, InterruptResponseSchema, req, opts);
  }

  releaseExecute(req: ReleaseExecuteRequest, opts?: CallOptions): Promise<ReleaseExecuteResponse> {
    return this.unary('ReleaseExecute', ReleaseExecuteRequestSchema, ReleaseExecuteResponseSchema, req, opts);
  }

  releaseSession(req: ReleaseSessionRequest, opts?: CallOptions): Promise<ReleaseSessionResponse> {
    return this.unary('ReleaseSession', ReleaseSessionRequestSchema, ReleaseSessionResponseSchema, req, opts);
  }

  fetchErrorDetails(req: FetchErrorDetailsRequest, opts?: CallOptions): Promise<FetchErrorDetailsResponse> {
    return this.unary('FetchErrorDetails', FetchErrorDetailsRequestSchema, FetchErrorDetailsResponseSchema, req, opts);
  }

  close(): void {
    this.client.close();
  }

  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(this.headers)) md.set(k, v);
    return md;
  }

  private unary<I extends DescMessage, O extends DescMessage>(
    method: string, inSchema: I, outSchema: O, req: MessageShape<I>, opts: CallOptions = {},
  ): Promise<MessageShape<O>> {
    return new Promise((resolve, reject) => {
      this.traced(method, req);
      const call = this.client.makeUnaryRequest(
        SERVICE + method, serializer(inSchema), deserializer(outSchema), req, this.metadata(), callOptions(opts),
        (err, value) => {
          detach();
          if (err) reject(fromGrpcError(err));
          else resolve(value as MessageShape<O>);
        },
      );
      const detach = onAbort(opts.signal, () => call.cancel());
    });
  }

  private stream<I extends DescMessage, O extends DescMessage>(
    method: string, inSchema: I, outSchema: O, req: MessageShape<I>, opts: CallOptions = {},
  ): ResponseStream<MessageShape<O>> {
    // The call starts once a connection is up: a stream has no deadline, so without this a server that accepts TCP
    // and never answers would keep it waiting forever.
    const stopped = new AbortController();
    const stop = () => stopped.abort();
    const detach = onAbort(opts.signal, stop);
    let call: grpc.ClientReadableStream<unknown> | undefined;
    stopped.signal.addEventListener('abort', () => call?.cancel(), { once: true });
    const connectTimeoutMs = opts.connectTimeoutMs ?? this.connectTimeoutMs;
    const start = async () => {
      await this.connected(connectTimeoutMs, stopped.signal);
      this.traced(method, req);
      call = this.client.makeServerStreamRequest(
        SERVICE + method, serializer(inSchema), responseDeserializer(outSchema), req, this.metadata(), callOptions(opts),
      );
      return call;
    };
    return {
      cancel: stop,
      async *[Symbol.asyncIterator]() {
        try {
          for await (const message of await start()) yield message as MessageShape<O>;
        } catch (err) {
          throw fromGrpcError(err);
        } finally {
          detach();
          stop();
        }
      },
    };
  }

  private traced(method: string, req: unknown): void {
    if (!this.trace) return;
    try {
      this.trace(method, summarizeRequest(method, req));
    } catch {
      // Tracing must never break a call.
    }
  }

  /**
   * Resolves once the channel is connected, or has failed to connect (the call then fails at once with UNAVAILABLE,
   * as any call does); rejects when no connection is made within the time limit, or on abort.
   */
  private connected(timeoutMs: number, signal: AbortSignal): Promise<void> {
    const channel = this.client.getChannel();
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (err?: SparkConnectError) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbortWait);
        if (err) reject(err);
        else resolve();
      };
      const onAbortWait = () => settle(new SparkConnectError({ grpcCode: grpc.status.CANCELLED, serverMessage: 'The operation was cancelled.', neverSent: true }));
      if (signal.aborted) return onAbortWait();
      signal.addEventListener('abort', onAbortWait, { once: true });
      const check = () => {
        if (settled) return;
        const state = channel.getConnectivityState(true);
        if (state === grpc.connectivityState.READY || state === grpc.connectivityState.TRANSIENT_FAILURE) return settle();
        if (state === grpc.connectivityState.SHUTDOWN) {
          return settle(new SparkConnectError({ grpcCode: grpc.status.CANCELLED, serverMessage: 'The connection was closed.', neverSent: true }));
        }
        channel.watchConnectivityState(state, deadline, (err?: Error) => (err ? settle(this.connectTimeout(timeoutMs)) : check()));
      };
      check();
    });
  }

  private connectTimeout(timeoutMs: number): SparkConnectError {
    return new SparkConnectError({
      grpcCode: grpc.status.DEADLINE_EXCEEDED,
      neverSent: true,
      serverMessage: `No answer from ${this.target} within ${Math.round(timeoutMs / 1000)} s: the connection was never completed. ` +
        'Is a Spark Connect server listening there, and does use_ssl match its TLS setting?',
    });
  }
}

function serializer<S extends DescMessage>(schema: S): (value: MessageShape<S>) => Buffer {
  return (value) => {
    const bytes = toBinary(schema, value);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer<S extends DescMessage>(schema: S): (bytes: Buffer) => MessageShape<S> {
  // bytes fields of the result are views into this buffer: no copy of Arrow data.
  return (bytes) => fromBinary(schema, bytes, { readUnknownFields: false });
}

function responseDeserializer<S extends DescMessage>(schema: S): (bytes: Buffer) => MessageShape<S> {
  if (schema.typeName !== ExecutePlanResponseSchema.typeName) return deserializer(schema);
  return decodeExecutePlanResponse as unknown as (bytes: Buffer) => MessageShape<S>;
}

/**
 * Deserializes an ExecutePlanResponse from a buffer that belongs to this one message (grpc-js assembles each
 * message into a fresh buffer). Its Arrow bytes sit at whatever offset the protobuf framing leaves, rarely 8-byte
 * aligned, and unaligned Arrow bytes cost a fresh allocation and a copy of every batch before apache-arrow can
 * read them. Instead they are moved down to the 8-byte boundary just before them, inside that same buffer (a
 * memmove of memory just written; bench/decode.ts and bench/memory.ts measure the difference). Only the at most 7
 * bytes just before the Arrow data are overwritten: framing of this message, already decoded. A response with
 * other byte views into the buffer (observed metrics) is left as it is.
 */
export function decodeExecutePlanResponse(bytes: Uint8Array): ExecutePlanResponse {
  const response = fromBinary(ExecutePlanResponseSchema, bytes, { readUnknownFields: false });
  const kind = response.responseType;
  if (kind.case === 'arrowBatch' && response.observedMetrics.length === 0) kind.value.data = alignedInPlace(kind.value.data, bytes);
  return response;
}

/** `data`, a view into `owner`, moved to the 8-byte boundary at or below its start, within `owner`. */
function alignedInPlace(data: Uint8Array, owner: Uint8Array): Uint8Array {
  const shift = data.byteOffset % 8;
  const start = data.byteOffset - shift;
  if (shift === 0 || data.buffer !== owner.buffer || start < owner.byteOffset) return data;
  new Uint8Array(data.buffer, start, data.byteLength + shift).copyWithin(0, shift);
  return new Uint8Array(data.buffer, start, data.byteLength);
}

function callOptions(opts: CallOptions): grpc.CallOptions {
  return opts.timeoutMs ? { deadline: Date.now() + opts.timeoutMs } : {};
}

/** Cancels the call when the signal aborts; returns the function that stops listening. */
function onAbort(signal: AbortSignal | undefined, cancel: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    cancel();
    return () => undefined;
  }
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

function credentialsFor(settings: ConnectionSettings, tls: TlsOptions): grpc.ChannelCredentials {
  if (!settings.useSsl) {
    if (tls.caFile || tls.certFile) {
      throw new SparkConnectError({
        grpcCode: grpc.status.INVALID_ARGUMENT,
        serverMessage: 'TLS files are configured but the connection is plaintext: add ;use_ssl=true to the connection string.',
      });
    }
    return grpc.credentials.createInsecure();
  }
  const read = (file: string | undefined, what: string) => {
    if (!file) return null;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new SparkConnectError({
        grpcCode: grpc.status.INVALID_ARGUMENT,
        serverMessage: `Cannot read the ${what} file "${file}": ${(err as Error).message}`,
      });
    }
  };
  return grpc.credentials.createSsl(read(tls.caFile, 'CA certificate'), read(tls.keyFile, 'client key'), read(tls.certFile, 'client certificate'));
}
