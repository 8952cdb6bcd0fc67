// A Spark Connect session: identity, the transport, and every RPC the rest of the client needs.
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import {
  AnalyzePlanRequestSchema, AnalyzePlanRequest_Explain_ExplainMode as ExplainMode, ConfigRequestSchema,
  FetchErrorDetailsRequestSchema, InterruptRequestSchema, InterruptRequest_InterruptType as InterruptType, PlanSchema,
  ReleaseSessionRequestSchema,
  type AnalyzePlanResponse, type FetchErrorDetailsResponse, type Plan,
} from './gen/spark/connect/base_pb';
import type { Relation } from './gen/spark/connect/relations_pb';
import type { DataType } from './gen/spark/connect/types_pb';
import { parseConnectionString, redact, type ConnectionSettings } from './connectionString';
import { backoffMs, DEFAULT_RETRY_POLICY, isRetryable, SparkConnectError, type RetryPolicy } from './errors';
import { checkSessionId, executePlan, type ExecuteOptions, type SessionContext } from './execution';
import { ArrowResult } from './result';
import { Catalog } from './catalog';
import { DataFrame, DataFrameReader, relation, type SqlParameters } from './dataframe';
import { sqlCommandInput } from './sqlParameters';
import { CommandSchema } from './gen/spark/connect/commands_pb';
import { GrpcTransport, type SparkConnectTransport, type TlsOptions } from './transport';
import { notAvailable, serverHas, type ProtocolFeature } from './serverFeatures';
import type { RequestTrace } from './requestTrace';

export const CLIENT_TYPE = 'delta-connect-explorer/0.1 (typescript; node)';
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

/** How to open a session. */
export interface SessionOptions {
  tls?: TlsOptions;
  retryPolicy?: RetryPolicy;
  /** Use this transport instead of a gRPC channel (tests, fault injection). */
  transport?: SparkConnectTransport;
  /** Time limit of unary calls (AnalyzePlan, Config, …). */
  callTimeoutMs?: number;
  /** How long connect() and every result stream wait for a connection to the server (default 20 s). */
  connectTimeoutMs?: number;
  /** Called once for every RPC sent on the gRPC channel, with the method and a non-secret summary (trace logs). */
  trace?: RequestTrace;
  /** Told how the client adapted to the server (e.g. SQL parameters sent as literals), for the log. Never values. */
  notice?: (message: string) => void;
}

/** One session with a Spark Connect server. */
export class SparkConnectSession implements SessionContext {
  readonly transport: SparkConnectTransport;
  readonly sessionId: string;
  readonly userId: string;
  readonly clientType: string;
  readonly retryPolicy: RetryPolicy;
  readonly settings: ConnectionSettings;
  serverSideSessionId?: string;
  /** The Spark version the server reported when the session was opened (Sail reports the Spark it speaks). */
  serverVersion?: string;
  /** Set once the server lost this session (restart, expiry); every later call fails fast. */
  lostReason?: SparkConnectError;
  private readonly callTimeoutMs: number;
  private readonly notice?: (message: string) => void;
  private readonly lostListeners = new Set<(err: SparkConnectError) => void>();
  private saidNoInterrupt = false;

  constructor(settings: ConnectionSettings, opts: SessionOptions = {}) {
    this.settings = settings;
    this.transport = opts.transport ?? new GrpcTransport(settings, opts.tls, { connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS }, opts.trace);
    this.sessionId = settings.sessionId ?? randomUUID();
    this.userId = settings.userId ?? defaultUser();
    this.clientType = settings.userAgent ? `${settings.userAgent} ${CLIENT_TYPE}` : CLIENT_TYPE;
    this.retryPolicy = opts.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.callTimeoutMs = opts.callTimeoutMs ?? 60_000;
    this.notice = opts.notice;
  }

  /** Parses the connection string, opens the channel and checks that the server answers. */
  static async connect(remote: string, opts: SessionOptions = {}): Promise<SparkConnectSession> {
    return SparkConnectSession.open(parseConnectionString(remote), opts, redact(remote));
  }

  /**
   * Opens the channel for settings given as data (a token among them) and checks that the server answers.
   * `address` names the server in errors; it must hold no secret (default sc://host:port).
   */
  static async open(settings: ConnectionSettings, opts: SessionOptions = {}, address = `sc://${settings.host}:${settings.port}`): Promise<SparkConnectSession> {
    const session = new SparkConnectSession(settings, opts);
    const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    try {
      // One attempt, no retries: a wrong address or a server that is down should say so at once.
      const res = await session.transport.analyzePlan(create(AnalyzePlanRequestSchema, {
        ...session.identity(), analyze: { case: 'sparkVersion', value: {} },
      }), { timeoutMs });
      session.observe(res.serverSideSessionId);
      if (res.result.case === 'sparkVersion') session.serverVersion = res.result.value.version;
    } catch (err) {
      session.transport.close();
      if (err instanceof SparkConnectError && err.grpcCode === GrpcStatus.DEADLINE_EXCEEDED) {
        throw new SparkConnectError({
          ...err.toInit(),
          serverMessage: `Could not connect to ${address}: timed out, no answer within ${Math.round(timeoutMs / 1000)} s. ` +
            'Is a Spark Connect server listening there, and does use_ssl match its TLS setting?',
        });
      }
      throw withContext(err, `Could not connect to ${address}`);
    }
    return session;
  }

  /** Whether the server knows a protocol feature (by the Spark version it reported; unknown versions have all). */
  has(feature: ProtocolFeature): boolean {
    return serverHas(this.serverVersion, feature);
  }

  /** Large Arrow batches may arrive in chunks (Spark 4.1+). */
  get resultChunking(): boolean {
    return this.has('resultChunking');
  }

  /** Results can be resumed after a cut stream (Spark 3.5+); Spark 3.4 streams each result once. */
  get reattachableExecute(): boolean {
    return this.has('reattachableExecute');
  }

  /** Registers a listener for the loss of this session; returns a function that removes it. */
  onSessionLost(listener: (err: SparkConnectError) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  observe(serverSideSessionId: string): void {
    if (!serverSideSessionId) return;
    if (this.serverSideSessionId === undefined) {
      this.serverSideSessionId = serverSideSessionId;
    } else if (this.serverSideSessionId !== serverSideSessionId) {
      throw this.markLost(new SparkConnectError({
        grpcCode: GrpcStatus.FAILED_PRECONDITION,
        errorClass: 'INVALID_HANDLE.SESSION_CHANGED',
        serverMessage: 'The server session changed (the server was restarted): a new session is needed.',
      }));
    }
  }

  /** Runs a plan; the result streams Arrow batches. */
  execute(plan: Plan, opts: ExecuteOptions = {}): ArrowResult {
    const abort = new AbortController();
    if (opts.signal) chainAbort(opts.signal, abort);
    let resolveId!: (id: string) => void;
    const operationId = new Promise<string>((resolve) => (resolveId = resolve));
    const responses = this.guard(executePlan(this, plan, {
      ...opts,
      signal: abort.signal,
      onOperationId: (id) => {
        resolveId(id);
        opts.onOperationId?.(id);
      },
    }));
    return new ArrowResult(responses, abort, operationId);
  }

  /** Runs a relation as the root of a plan. */
  executeRelation(relation: Relation, opts?: ExecuteOptions): ArrowResult {
    return this.execute(create(PlanSchema, { opType: { case: 'root', value: relation } }), opts);
  }

  /** The catalog API. */
  readonly catalog: Catalog = new Catalog(this);

  /**
   * Runs a SQL statement now (so DDL and DML run exactly once) and returns its result as a DataFrame:
   * the inline rows of a command, or the query to stream.
   */
  async sql(query: string, params?: SqlParameters, opts?: ExecuteOptions): Promise<DataFrame> {
    // Spark 3.5 reads only the SQL text and literal arguments of a SqlCommand; newer servers take the relation.
    const legacy = !this.has('sqlInputRelation');
    // Bound where the server binds parameters; else exact typed literals in the text (found out once per session).
    const input = await sqlCommandInput(this, query, params, this.notice, legacy);
    const sqlCommand = legacy && input.relType.case === 'sql'
      ? { sql: input.relType.value.query, args: input.relType.value.args, posArgs: input.relType.value.posArgs }
      : { input };
    const command = create(CommandSchema, { commandType: { case: 'sqlCommand', value: sqlCommand } });
    const mutation = opts?.mutation ?? sqlMutation(query);
    const result = this.execute(create(PlanSchema, { opType: { case: 'command', value: command } }), { ...opts, mutation });
    try {
      await result.drain();
    } catch (err) {
      throw params ? explainUnboundParameters(err) : err;
    }
    const returned = result.sqlCommandResult;
    if (!returned) throw new SparkConnectError({ grpcCode: GrpcStatus.INTERNAL, serverMessage: 'The server sent no result for the SQL command.' });
    // A query comes back as a bare SQL relation without its parameters: keep ours, which carries them.
    return new DataFrame(this, returned.relType.case === 'sql' ? input : returned);
  }

  /** A table or view by name. */
  table(name: string): DataFrame {
    return this.read.table(name);
  }

  /** A reader of files and tables. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** The numbers start, start+step, … below end, as column `id`. */
  range(start: bigint | number, end: bigint | number, step: bigint | number = 1, numPartitions?: number): DataFrame {
    return new DataFrame(this, relation({ case: 'range', value: { start: BigInt(start), end: BigInt(end), step: BigInt(step), numPartitions } }));
  }

  /** A DataFrame over any relation. */
  dataFrame(rel: Relation): DataFrame {
    return new DataFrame(this, rel);
  }

  /** The server's Spark version, e.g. "4.2.0". */
  async sparkVersion(timeoutMs?: number): Promise<string> {
    const res = await this.analyze({ case: 'sparkVersion', value: {} }, timeoutMs);
    return res.result.case === 'sparkVersion' ? res.result.value.version : '';
  }

  /** The schema of a relation, without running it. Never use it on Delta mutations: they run while planned. */
  async schemaOf(relation: Relation): Promise<DataType | undefined> {
    const res = await this.analyze({ case: 'schema', value: { plan: rootPlan(relation) } });
    return res.result.case === 'schema' ? res.result.value.schema : undefined;
  }

  /** The plan explained by the server. */
  async explain(relation: Relation, mode: 'simple' | 'extended' | 'codegen' | 'cost' | 'formatted' = 'simple'): Promise<string> {
    const modes = { simple: ExplainMode.SIMPLE, extended: ExplainMode.EXTENDED, codegen: ExplainMode.CODEGEN, cost: ExplainMode.COST, formatted: ExplainMode.FORMATTED };
    const res = await this.analyze({ case: 'explain', value: { plan: rootPlan(relation), explainMode: modes[mode] } });
    return res.result.case === 'explain' ? res.result.value.explainString : '';
  }

  /** Parses a DDL string ("a INT, b STRING") into a Spark type. */
  async parseDdl(ddl: string): Promise<DataType | undefined> {
    const res = await this.analyze({ case: 'ddlParse', value: { ddlString: ddl } });
    return res.result.case === 'ddlParse' ? res.result.value.parsed : undefined;
  }

  /** Session configuration. */
  readonly conf = {
    get: async (keys: string[]): Promise<Record<string, string | undefined>> => toRecord(await this.config({ case: 'getOption', value: { keys } })),
    getAll: async (prefix?: string): Promise<Record<string, string | undefined>> => toRecord(await this.config({ case: 'getAll', value: { prefix } })),
    set: async (pairs: Record<string, string>): Promise<void> => {
      await this.config({ case: 'set', value: { pairs: Object.entries(pairs).map(([key, value]) => ({ key, value })) } });
    },
    unset: async (keys: string[]): Promise<void> => {
      await this.config({ case: 'unset', value: { keys } });
    },
  };

  /** Interrupts one operation; returns the ids the server interrupted. */
  async interruptOperation(operationId: string): Promise<string[]> {
    return this.interrupt(InterruptType.OPERATION_ID, { case: 'operationId', value: operationId });
  }

  /** Interrupts every operation carrying a tag. */
  async interruptTag(tag: string): Promise<string[]> {
    return this.interrupt(InterruptType.TAG, { case: 'operationTag', value: tag });
  }

  /** Interrupts every operation of this session. */
  async interruptAll(): Promise<string[]> {
    return this.interrupt(InterruptType.ALL, { case: undefined });
  }

  /** The full error chain behind an errorId of a SparkConnectError. */
  async fetchErrorDetails(errorId: string): Promise<FetchErrorDetailsResponse> {
    const unavailable = () => notAvailable('FetchErrorDetails', 'The full error chain (FetchErrorDetails)', this.serverVersion);
    if (!this.has('fetchErrorDetails')) throw unavailable();
    try {
      return await this.call(() => this.transport.fetchErrorDetails(create(FetchErrorDetailsRequestSchema, {
        ...this.identity(), errorId,
      }), { timeoutMs: this.callTimeoutMs }));
    } catch (err) {
      throw err instanceof SparkConnectError && err.grpcCode === GrpcStatus.UNIMPLEMENTED ? unavailable() : err;
    }
  }

  /** Releases the server session and closes the channel. Safe to call twice. */
  async close(): Promise<void> {
    try {
      // No server-side session id seen: the server never answered, so there is no session there to release.
      // Spark 3.5 has no ReleaseSession: its sessions expire on their own.
      if (!this.lostReason && this.serverSideSessionId !== undefined && this.has('releaseSession')) {
        await this.transport.releaseSession(create(ReleaseSessionRequestSchema, {
          sessionId: this.sessionId, userContext: { userId: this.userId }, clientType: this.clientType,
        }), { timeoutMs: 5_000 });
      }
    } catch {
      // The server may already be gone; closing must still succeed.
    } finally {
      this.lostReason ??= new SparkConnectError({ grpcCode: GrpcStatus.CANCELLED, errorClass: 'INVALID_HANDLE.SESSION_CLOSED', serverMessage: 'The session was closed.' });
      this.transport.close();
    }
  }

  /** Who is asking: the fields every request carries. */
  identity() {
    return {
      sessionId: this.sessionId,
      userContext: { userId: this.userId },
      clientType: this.clientType,
      clientObservedServerSideSessionId: this.serverSideSessionId,
    };
  }

  private async analyze(analyze: MessageInitShape<typeof AnalyzePlanRequestSchema>['analyze'], timeoutMs?: number): Promise<AnalyzePlanResponse> {
    const res = await this.call(() => this.transport.analyzePlan(create(AnalyzePlanRequestSchema, { ...this.identity(), analyze }), { timeoutMs: timeoutMs ?? this.callTimeoutMs }));
    checkSessionId(res, this.sessionId);
    this.observe(res.serverSideSessionId);
    return res;
  }

  private async config(opType: NonNullable<MessageInitShape<typeof ConfigRequestSchema>['operation']>['opType']) {
    const res = await this.call(() => this.transport.config(create(ConfigRequestSchema, { ...this.identity(), operation: { opType } }), { timeoutMs: this.callTimeoutMs }));
    checkSessionId(res, this.sessionId);
    this.observe(res.serverSideSessionId);
    return res;
  }

  private async interrupt(interruptType: InterruptType, interrupt: { case: 'operationId' | 'operationTag'; value: string } | { case: undefined }): Promise<string[]> {
    if (!this.has('interrupt')) {
      // Nothing is sent: Spark 3.4 has no Interrupt RPC. A cancelled execution still closes its stream.
      if (!this.saidNoInterrupt) {
        this.saidNoInterrupt = true;
        this.notice?.(`This server (Spark ${this.serverVersion}) cannot interrupt an operation (no Interrupt before Spark 3.5): ` +
          'a cancelled or abandoned result only closes its stream, and the server may finish the running job (said once per session).');
      }
      throw notAvailable('Interrupt', 'Interrupting an operation on the server (Interrupt)', this.serverVersion);
    }
    const res = await this.call(() => this.transport.interrupt(create(InterruptRequestSchema, { ...this.identity(), interruptType, interrupt }), { timeoutMs: this.callTimeoutMs }));
    return res.interruptedIds;
  }

  /** Runs a unary call; transient failures (UNAVAILABLE, e.g. while a restarted server comes back) are retried per the policy. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.lostReason) throw this.lostReason;
      try {
        return await fn();
      } catch (err) {
        const error = this.noteFailure(err);
        if (!(error instanceof SparkConnectError) || attempt >= this.retryPolicy.maxRetries || !isRetryable(error, this.retryPolicy)) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, this.retryPolicy, error)));
      }
    }
  }

  private async *guard<T>(inner: AsyncGenerator<T>): AsyncGenerator<T> {
    if (this.lostReason) throw this.lostReason;
    try {
      yield* inner;
    } catch (err) {
      throw this.noteFailure(err);
    }
  }

  private noteFailure(err: unknown): unknown {
    if (err instanceof SparkConnectError && err.isSessionLost) return this.markLost(err);
    return err;
  }

  private markLost(err: SparkConnectError): SparkConnectError {
    if (!this.lostReason) {
      this.lostReason = err;
      for (const listener of this.lostListeners) listener(err);
    }
    return err;
  }
}

/** SQL statements run eagerly; all but plain reads may change data, and say so if their outcome is unknown. */
function sqlMutation(query: string): { operation: string } | undefined {
  const code = query.replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))*/, '');
  const keyword = /^[\s(]*([A-Za-z]+)/.exec(code)?.[1]?.toUpperCase();
  if (keyword && NO_TABLE_CHANGES.has(keyword)) return undefined;
  return { operation: keyword ? `SQL ${keyword}` : 'SQL statement' };
}

/** Statements that read, or change only the session: nothing to look up in a table history. */
const NO_TABLE_CHANGES = new Set(['SELECT', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'VALUES', 'TABLE', 'LIST', 'SET', 'RESET', 'USE', 'CACHE', 'UNCACHE', 'CLEAR', 'REFRESH']);

function rootPlan(relation: Relation): Plan {
  return create(PlanSchema, { opType: { case: 'root', value: relation } });
}

function toRecord(res: { pairs: { key: string; value?: string }[] }): Record<string, string | undefined> {
  return Object.fromEntries(res.pairs.map((p) => [p.key, p.value]));
}

function chainAbort(from: AbortSignal, to: AbortController): void {
  if (from.aborted) to.abort();
  else from.addEventListener('abort', () => to.abort(), { once: true });
}

function defaultUser(): string {
  try {
    return process.env.USER || userInfo().username || 'spark';
  } catch {
    return 'spark';
  }
}

function withContext(err: unknown, context: string): unknown {
  if (!(err instanceof SparkConnectError)) return err;
  return new SparkConnectError({ ...err.toInit(), serverMessage: `${context}: ${err.serverMessage || err.grpcCodeName}` });
}

/** A server whose SQL parser drops parameters reports them unbound: say so instead of blaming the query. */
function explainUnboundParameters(err: unknown): unknown {
  if (!(err instanceof SparkConnectError) || err.errorClass !== 'UNBOUND_SQL_PARAMETER') return err;
  return new SparkConnectError({
    ...err.toInit(),
    serverMessage: `${err.serverMessage}\nThe parameters were sent, but the server's SQL parser did not bind them. Delta 4.4's SQL extension on Spark 4.2 drops parameters; the local server of this project adds a fix for that (see server-plugin/README.md).`,
  });
}
