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
  /**
   * The server itself answered with this error (it sent a status with details, or a code only a server sends): the
   * request reached it and it gave its verdict, as opposed to a connection that broke before any verdict.
   */
  serverAnswered?: boolean;
  /** The server does not offer this feature (an RPC or message its Spark version does not know), e.g. "FetchErrorDetails". */
  unsupportedFeature?: string;
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
  readonly serverAnswered: boolean;
  readonly unsupportedFeature?: string;

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
    this.serverAnswered = init.serverAnswered ?? false;
    this.unsupportedFeature = init.unsupportedFeature;
  }

  /** The fields of this error, to build a variant of it (e.g. with more context in the message). */
  toInit(): SparkConnectErrorInit {
    return {
      grpcCode: this.grpcCode, serverMessage: this.serverMessage, errorClass: this.errorClass, sqlState: this.sqlState,
      messageParameters: this.messageParameters, reason: this.reason, classes: this.classes, errorId: this.errorId,
      retryDelayMs: this.retryDelayMs, operationId: this.operationId, outcomeUnknown: this.outcomeUnknown, neverSent: this.neverSent,
      serverAnswered: this.serverAnswered, unsupportedFeature: this.unsupportedFeature,
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

/** JVM errors of classes that do not fit together: a jar built against another version of another jar. */
const LINKAGE_ERRORS = new Set(['java.lang.NoSuchMethodError', 'java.lang.NoClassDefFoundError', 'java.lang.AbstractMethodError', 'java.lang.IncompatibleClassChangeError']);

/** The JVM's own wording of a missing method ('void a.B.<init>(boolean)') and of a missing class (a/b/C). */
const MISSING_METHOD = /^'[\w.$<>[\], ]+ [\w.$]+\.(?:<init>|[\w$]+)\([\w.$[\], ]*\)'$/;
const MISSING_CLASS = /^[a-z][\w$]*(?:\/[\w$]+){2,}$/;

/**
 * The linkage error behind an error, if any: named in its classes, or (Spark sends a fatal JVM error with no details,
 * as a bare UNKNOWN status) recognised by the JVM's wording of its message.
 */
function linkageError(init: SparkConnectErrorInit): string | undefined {
  const named = init.classes?.find((c) => LINKAGE_ERRORS.has(c));
  if (named || init.classes?.length) return named;
  const message = init.serverMessage.trim();
  if (MISSING_METHOD.test(message)) return 'java.lang.NoSuchMethodError';
  if (MISSING_CLASS.test(message)) return 'java.lang.NoClassDefFoundError';
  return undefined;
}

function formatMessage(init: SparkConnectErrorInit): string {
  const tags = [init.errorClass, init.sqlState ? `SQLSTATE ${init.sqlState}` : undefined].filter(Boolean).join(', ');
  const linkage = linkageError(init);
  const message = linkage && init.serverMessage
    ? `The server's jars do not fit together (a library such as Delta Lake built for another Spark version): ${linkage}: ${init.serverMessage}`
    : init.serverMessage || GrpcStatus[init.grpcCode] || 'Spark Connect call failed';
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
  const details = service.metadata ? readStatusDetails(service.metadata) : undefined;
  if (details) Object.assign(init, details);
  // Spark 3.5 and Sail put the error class only into the message ("[TABLE_OR_VIEW_NOT_FOUND] …"); grpc-js never
  // writes one into an INTERNAL or UNKNOWN status (the codes Spark fails an operation with), so there it is the
  // server's verdict even when its status details are missing.
  const classInMessage = ERROR_CLASS_IN_MESSAGE.exec(init.serverMessage)?.[1];
  const serverFailure = classInMessage !== undefined && (service.code === GrpcStatus.INTERNAL || service.code === GrpcStatus.UNKNOWN);
  init.serverAnswered = details !== undefined || SERVER_ONLY_CODES.has(service.code) || serverFailure || serverUnknown(service.code, init.serverMessage);
  if (init.serverAnswered && !init.errorClass) init.errorClass = classInMessage;
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

/**
 * A mutation's error as the user should read it: when the server refused the operation (it answered, the outcome is
 * known, nothing was committed), "The server refused <what>; nothing was changed: <its message>". Anything else
 * (lost contact, cancel, a failure after the commit) is returned as it is.
 */
export function asRefusal(err: unknown, what: string): unknown {
  if (!(err instanceof SparkConnectError) || err.outcomeUnknown || err.grpcCode === GrpcStatus.CANCELLED) return err;
  if (err.errorClass === 'DELTA_POST_COMMIT_HOOK_FAILED' || /was committed/.test(err.serverMessage)) return err;
  if (!err.serverAnswered && err.errorClass === undefined && err.reason === undefined) return err;
  return new SparkConnectError({ ...err.toInit(), serverMessage: `The server refused ${what}; nothing was changed: ${err.serverMessage}` });
}

/** Error classes of a read that found a data file of the table missing (Spark's and Delta's). */
const MISSING_FILE_CLASSES = /^(FAILED_READ_FILE\.FILE_NOT_EXIST|DELTA_FILE_NOT_FOUND(_DETAILED)?)$/;
const EXPLAINED = /^(The data files of .* were removed by VACUUM|A data file this read needs no longer exists)/;
const MISSING_FILE_TEXT = /FAILED_READ_FILE\.FILE_NOT_EXIST|DELTA_FILE_NOT_FOUND|java\.io\.FileNotFoundException|FileNotFoundException/;

/** True when a read failed because a data file it needs no longer exists (e.g. a VACUUM deleted it). */
export function isMissingDataFile(err: unknown): err is SparkConnectError {
  if (!(err instanceof SparkConnectError)) return false;
  if (err.errorClass && MISSING_FILE_CLASSES.test(err.errorClass)) return true;
  return err.classes.includes('java.io.FileNotFoundException') || MISSING_FILE_TEXT.test(err.serverMessage);
}

/**
 * A missing data file in one line: "The data files of <what> were removed by VACUUM; read a later version (missing: …)".
 * `what` names what was read ("version 3 of db.t"); without it the read is not known to be time travel, so the
 * message names VACUUM as the likely cause. Any other error is returned as it is.
 */
export function explainMissingFile(err: unknown, what?: string): unknown {
  if (!isMissingDataFile(err) || EXPLAINED.test(err.serverMessage)) return err;
  const path = err.messageParameters.path ?? /(?:file|reading file) (\S+?)\.?(?:\s|$)/.exec(err.serverMessage)?.[1];
  const file = path ? ` (missing: ${path.slice(path.lastIndexOf('/') + 1)})` : '';
  const serverMessage = what
    ? `The data files of ${what} were removed by VACUUM; read a later version${file}.`
    : `A data file this read needs no longer exists, most likely removed by VACUUM (an older version read by time travel)${file}.`;
  return new SparkConnectError({ ...err.toInit(), serverMessage });
}

/** Codes grpc-js never makes up on its own: only a server that received the request answers with them. */
const SERVER_ONLY_CODES = new Set<GrpcStatus>([
  GrpcStatus.INVALID_ARGUMENT, GrpcStatus.NOT_FOUND, GrpcStatus.ALREADY_EXISTS, GrpcStatus.PERMISSION_DENIED,
  GrpcStatus.FAILED_PRECONDITION, GrpcStatus.ABORTED, GrpcStatus.OUT_OF_RANGE, GrpcStatus.UNIMPLEMENTED, GrpcStatus.UNAUTHENTICATED,
]);
/**
 * UNKNOWN with words of the server's (Spark's answer to a fatal JVM error, such as a jar built for another version).
 * grpc-js makes UNKNOWN up only for a broken HTTP exchange, in words of its own.
 */
function serverUnknown(code: GrpcStatus, details: string): boolean {
  return code === GrpcStatus.UNKNOWN && details.trim() !== '' && !/^(No status information received|Received HTTP status code|Received invalid)/i.test(details);
}
const ERROR_CLASS_IN_MESSAGE = /\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:\.[A-Z][A-Z0-9_]*)?)\]/;

/** What OpenSSL says when a TLS handshake gets a plaintext (HTTP/2 without TLS) answer. */
const PLAINTEXT_ANSWER = /wrong version number|WRONG_VERSION_NUMBER|packet length too long|http request|unknown protocol/i;

function describeUnavailable(details: string): string {
  const cause = details.replace(/[.\s]*Resolution note:\s*$/, '').replace(/\.$/, '');
  if (PLAINTEXT_ANSWER.test(cause)) {
    // the advice first: a dialog or a notification shortens the message, and the advice is what a person needs
    return 'The server does not speak TLS; use use_ssl=false for a loopback server, or enable TLS on the server. The ' +
      `connection asked for TLS (use_ssl=true, or a token on a host that is not loopback) and got a plaintext answer (${cause}).`;
  }
  return `The Spark Connect server is not reachable (${cause || 'connection failed'}).`;
}

/** The google.rpc.Status a server sends with its error; undefined when there is none (or it is unreadable). */
function readStatusDetails(metadata: Metadata): Partial<SparkConnectErrorInit> | undefined {
  const raw = metadata.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return undefined;
  let status;
  try {
    status = fromBinary(StatusSchema, new Uint8Array(raw));
  } catch {
    return undefined;
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
  /** A random wait of up to this many milliseconds is added to each wait of at least minJitterThresholdMs. */
  jitterMs?: number;
  minJitterThresholdMs?: number;
  /** A server's RetryInfo delay is honoured up to this bound. */
  maxServerRetryDelayMs?: number;
  /** gRPC codes that are always transient. */
  retryableCodes: GrpcStatus[];
  /** Server messages that mark an otherwise fatal code as transient. */
  retryableMessages: RegExp[];
}

/**
 * The default policy is pyspark's (python/pyspark/sql/connect/client/retries.py, DefaultPolicy): 15 retries, waits
 * from 50 ms growing fourfold up to 60 s, half a second of jitter on waits of 2 s and more, a server's RetryInfo
 * delay honoured up to 10 minutes. Together about ten minutes before giving up, so a server that fails over or
 * restarts within that time does not end an operation. Retried: UNAVAILABLE, a dropped cursor, anything with RetryInfo.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 15,
  initialBackoffMs: 50,
  maxBackoffMs: 60_000,
  backoffMultiplier: 4,
  jitterMs: 500,
  minJitterThresholdMs: 2_000,
  maxServerRetryDelayMs: 10 * 60_000,
  retryableCodes: [GrpcStatus.UNAVAILABLE],
  retryableMessages: [/INVALID_CURSOR\.DISCONNECTED/],
};

/** The numeric fields of a retry policy that settings may override. */
export type RetryPolicyOverrides = Partial<Pick<RetryPolicy,
  'maxRetries' | 'initialBackoffMs' | 'maxBackoffMs' | 'backoffMultiplier' | 'jitterMs' | 'minJitterThresholdMs' | 'maxServerRetryDelayMs'>>;

/** The default policy with the given numbers replaced; anything that is not a finite number ≥ 0 is ignored. */
export function retryPolicyWith(overrides: RetryPolicyOverrides | undefined, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  const policy = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in RETRY_NUMBER_FIELDS) || typeof value !== 'number' || !Number.isFinite(value) || value < 0) continue;
    policy[key as keyof RetryPolicyOverrides] = key === 'maxRetries' ? Math.floor(value) : value;
  }
  return policy;
}
const RETRY_NUMBER_FIELDS: Record<keyof RetryPolicyOverrides, true> = {
  maxRetries: true, initialBackoffMs: true, maxBackoffMs: true, backoffMultiplier: true, jitterMs: true, minJitterThresholdMs: true, maxServerRetryDelayMs: true,
};

/** True when the policy says this error may be retried. */
export function isRetryable(err: SparkConnectError, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  if (err.isSessionLost) return false;
  if (policy.retryableCodes.includes(err.grpcCode)) return true;
  if (err.retryDelayMs !== undefined) return true;
  return policy.retryableMessages.some((re) => re.test(err.serverMessage) || re.test(err.errorClass ?? ''));
}

/** The wait before retry number `attempt` (0-based): exponential, capped, at least the server's bounded RetryInfo delay, plus jitter. */
export function backoffMs(attempt: number, policy: RetryPolicy, err?: SparkConnectError, random: () => number = Math.random): number {
  const computed = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.backoffMultiplier ** attempt);
  const serverDelay = Math.min(err?.retryDelayMs ?? 0, policy.maxServerRetryDelayMs ?? Infinity);
  const wait = Math.max(computed, serverDelay);
  return wait >= (policy.minJitterThresholdMs ?? 0) ? wait + random() * (policy.jitterMs ?? 0) : wait;
}
