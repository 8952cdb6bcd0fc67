// One error type for everything the server or the transport reports.
import { fromBinary } from '@bufbuild/protobuf';
import { status as GrpcStatus, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { ErrorInfoSchema, RetryInfoSchema } from './gen/google/rpc/error_details_pb';
import { StatusSchema } from './gen/google/rpc/status_pb';

/** Fields that describe a Spark Connect failure. */
export interface SparkConnectErrorInit {
  grpcCode: GrpcStatus;
  serverMessage: string;
  errorClass?: string;
  sqlState?: string;
  messageParameters?: Record<string, string>;
  reason?: string;
  classes?: string[];
  errorId?: string;
  retryDelayMs?: number;
  /** The operation this error ends, when it matters to the user (an outcome-unknown mutation). */
  operationId?: string;
  /** The request may or may not have taken effect on the server: the client lost contact before it learnt the result. */
  outcomeUnknown?: boolean;
  /** The request provably never left this process (no connection was established). */
  neverSent?: boolean;
}

/** Any failure of a Spark Connect call: gRPC code, Spark error class, SQLSTATE, parameters and the server's message. */
export class SparkConnectError extends Error {
  readonly grpcCode: GrpcStatus;
  readonly serverMessage: string;
  readonly errorClass?: string;
  readonly sqlState?: string;
  readonly messageParameters: Record<string, string>;
  readonly reason?: string;
  readonly classes: string[];
  readonly errorId?: string;
  readonly retryDelayMs?: number;
  readonly operationId?: string;
  readonly outcomeUnknown: boolean;
  readonly neverSent: boolean;

  constructor(init: SparkConnectErrorInit) {
    super(formatMessage(init));
    this.name = 'SparkConnectError';
    this.grpcCode = init.grpcCode;
    this.serverMessage = init.serverMessage;
    this.errorClass = init.errorClass;
    this.sqlState = init.sqlState;
    this.messageParameters = init.messageParameters ?? {};
    this.reason = init.reason;
    this.classes = init.classes ?? [];
    this.errorId = init.errorId;
    this.retryDelayMs = init.retryDelayMs;
    this.operationId = init.operationId;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.neverSent = init.neverSent ?? false;
  }

  /** The fields of this error, to build a variant of it (e.g. with more context in the message). */
  toInit(): SparkConnectErrorInit {
    return {
      grpcCode: this.grpcCode, serverMessage: this.serverMessage, errorClass: this.errorClass, sqlState: this.sqlState,
      messageParameters: this.messageParameters, reason: this.reason, classes: this.classes, errorId: this.errorId,
      retryDelayMs: this.retryDelayMs, operationId: this.operationId, outcomeUnknown: this.outcomeUnknown, neverSent: this.neverSent,
    };
  }

  /** The gRPC status name, e.g. UNAVAILABLE. */
  get grpcCodeName(): string {
    return GrpcStatus[this.grpcCode] ?? String(this.grpcCode);
  }

  /** True when the server said the session it knew is gone (restarted, closed or expired). */
  get isSessionLost(): boolean {
    return /^INVALID_HANDLE\.(SESSION_CHANGED|SESSION_CLOSED|SESSION_NOT_FOUND)/.test(this.errorClass ?? '') ||
      /INVALID_HANDLE\.(SESSION_CHANGED|SESSION_CLOSED|SESSION_NOT_FOUND)/.test(this.serverMessage);
  }
}

function formatMessage(init: SparkConnectErrorInit): string {
  const tags = [init.errorClass, init.sqlState ? `SQLSTATE ${init.sqlState}` : undefined].filter(Boolean).join(', ');
  const message = init.serverMessage || GrpcStatus[init.grpcCode] || 'Spark Connect call failed';
  return tags && !message.includes(`[${init.errorClass}]`) ? `[${tags}] ${message}` : message;
}

/** Turns a grpc-js error into a SparkConnectError, reading Spark's ErrorInfo from the status details trailer. */
export function fromGrpcError(err: unknown): SparkConnectError {
  if (err instanceof SparkConnectError) return err;
  const service = err as Partial<ServiceError>;
  if (typeof service?.code !== 'number') {
    const message = err instanceof Error ? err.message : String(err);
    return new SparkConnectError({ grpcCode: GrpcStatus.UNKNOWN, serverMessage: message });
  }
  const init: SparkConnectErrorInit = { grpcCode: service.code, serverMessage: service.details ?? '' };
  if (service.metadata) Object.assign(init, readStatusDetails(service.metadata));
  if (service.code === GrpcStatus.UNAVAILABLE && !init.errorClass) {
    // grpc-js's wording when no connection could be made: the call was never written to any socket.
    init.neverSent = /^No connection established/.test(init.serverMessage);
    init.serverMessage = describeUnavailable(init.serverMessage);
  }
  if (service.code === GrpcStatus.DEADLINE_EXCEEDED && !init.errorClass) {
    init.serverMessage = `The call timed out: the server did not answer in time (${init.serverMessage || 'deadline exceeded'}).`;
  }
  if (service.code === GrpcStatus.UNAUTHENTICATED || service.code === GrpcStatus.PERMISSION_DENIED) {
    init.serverMessage = `Authentication failed: ${init.serverMessage || 'the server refused the credentials'}. Check the token of this connection.`;
  }
  return new SparkConnectError(init);
}

function describeUnavailable(details: string): string {
  const cause = details.replace(/[.\s]*Resolution note:\s*$/, '').replace(/\.$/, '');
  return `The Spark Connect server is not reachable (${cause || 'connection failed'}).`;
}

function readStatusDetails(metadata: Metadata): Partial<SparkConnectErrorInit> {
  const raw = metadata.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return {};
  let status;
  try {
    status = fromBinary(StatusSchema, new Uint8Array(raw));
  } catch {
    return {};
  }
  const out: Partial<SparkConnectErrorInit> = {};
  if (status.message) out.serverMessage = status.message;
  for (const detail of status.details) {
    const typeName = detail.typeUrl.slice(detail.typeUrl.lastIndexOf('/') + 1);
    if (typeName === 'google.rpc.ErrorInfo') Object.assign(out, readErrorInfo(detail.value));
    if (typeName === 'google.rpc.RetryInfo') out.retryDelayMs = readRetryDelay(detail.value);
  }
  return out;
}

function readErrorInfo(bytes: Uint8Array): Partial<SparkConnectErrorInit> {
  const info = fromBinary(ErrorInfoSchema, bytes);
  const meta = info.metadata;
  return {
    reason: info.reason || undefined,
    errorClass: meta.errorClass || undefined,
    sqlState: meta.sqlState || undefined,
    errorId: meta.errorId || undefined,
    classes: parseJson<string[]>(meta.classes) ?? undefined,
    messageParameters: parseJson<Record<string, string>>(meta.messageParameters) ?? undefined,
  };
}

function readRetryDelay(bytes: Uint8Array): number {
  const delay = fromBinary(RetryInfoSchema, bytes).retryDelay;
  return delay ? Number(delay.seconds) * 1000 + Math.floor(delay.nanos / 1e6) : 0;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Which failures are retried and how: data, not code paths. */
export interface RetryPolicy {
  maxRetries: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
  /** gRPC codes that are always transient. */
  retryableCodes: GrpcStatus[];
  /** Server messages that mark an otherwise fatal code as transient. */
  retryableMessages: RegExp[];
}

/** The default policy: like pyspark's, UNAVAILABLE and dropped cursors, plus anything carrying RetryInfo. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  initialBackoffMs: 50,
  maxBackoffMs: 5_000,
  backoffMultiplier: 4,
  retryableCodes: [GrpcStatus.UNAVAILABLE],
  retryableMessages: [/INVALID_CURSOR\.DISCONNECTED/],
};

/** True when the policy says this error may be retried. */
export function isRetryable(err: SparkConnectError, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  if (err.isSessionLost) return false;
  if (policy.retryableCodes.includes(err.grpcCode)) return true;
  if (err.retryDelayMs !== undefined) return true;
  return policy.retryableMessages.some((re) => re.test(err.serverMessage) || re.test(err.errorClass ?? ''));
}

/** The wait before retry number `attempt` (0-based), honouring the server's RetryInfo. */
export function backoffMs(attempt: number, policy: RetryPolicy, err?: SparkConnectError): number {
  const computed = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.backoffMultiplier ** attempt);
  return Math.max(computed, err?.retryDelayMs ?? 0);
}
