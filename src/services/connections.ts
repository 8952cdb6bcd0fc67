// Named connections and their sessions. Connection-lifetime resources (sessions) live here, apart from
// extension-lifetime ones; every session is closed on disconnect, on settings change, and on dispose.
import * as vscode from 'vscode';
import { DELTA_DIALECT_LABELS, deltaSupport, forgetDeltaSupport, parseConnectionString, redact, retryPolicyWith, SparkConnectError, SparkConnectSession, type DeltaSupport } from '../client';
import { activeConnection } from './activeConnection';
import { registerSecret, type Logger } from './log';
import { readSettings, writeConnections, type ConnectionConfig } from './settings';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'failed' | 'lost';

/** What the UI shows about one connection. */
export interface ConnectionState {
  readonly config: ConnectionConfig;
  status: ConnectionStatus;
  sparkVersion?: string;
  timeZone?: string;
  /** How Delta operations reach this server (Delta Connect, Delta over SQL, or no Delta Lake), once known. */
  deltaSupport?: DeltaSupport;
  error?: string;
  /** True for the connection taken from SPARK_REMOTE when none is configured. */
  readonly fromEnvironment: boolean;
}

export const ENV_CONNECTION = 'SPARK_REMOTE';
const TOKEN_KEY = (name: string) => `deltaExplorer.token.${name}`;

/** Owns the configured connections and one session per connected one. */
export class ConnectionManager implements vscode.Disposable {
  private readonly states = new Map<string, ConnectionState>();
  private readonly sessions = new Map<string, SparkConnectSession>();
  private readonly pending = new Map<string, Promise<SparkConnectSession>>();
  private readonly changeEmitter = new vscode.EventEmitter<ConnectionState | undefined>();
  /** Fires with the connection that changed, or undefined when the list changed. */
  readonly onDidChange = this.changeEmitter.event;
  /** The connection that last connected successfully in this window. */
  private lastConnected?: string;
  /** The connection chosen in this window (status bar, or the pick of a Run). */
  private chosenName?: string;
  /** Connections that live only while VS Code runs (the local server's): never written to settings. */
  private readonly transient = new Map<string, ConnectionConfig>();

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Logger, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.reload();
  }

  /** The connections, in settings order (or the SPARK_REMOTE one when none is configured). */
  list(): ConnectionState[] {
    return [...this.states.values()];
  }

  get(name: string): ConnectionState | undefined {
    return this.states.get(name);
  }

  /**
   * The connection commands act on when none is named (activeConnection.ts): chosen, else the default setting, else the
   * only one, else the last that connected; undefined when not known (Run then asks once).
   */
  get active(): ConnectionState | undefined {
    const name = activeConnection({
      connections: this.list().map((c) => ({ name: c.config.name, status: c.status })),
      chosen: this.chosenName, defaultName: readSettings().defaultConnection, lastConnected: this.lastConnected,
    });
    return name === undefined ? undefined : this.states.get(name);
  }

  /** Makes `name` the window's active connection (a choice in the status bar, or the answer to Run's question). */
  choose(name: string): void {
    if (!this.states.has(name)) throw new Error(`No connection named "${name}".`);
    this.chosenName = name;
    this.changeEmitter.fire(this.states.get(name));
  }

  /** Re-reads settings. Connections whose settings changed are disconnected; returns their names. */
  reload(): string[] {
    const configs = readSettings().connections;
    const remote = this.env.SPARK_REMOTE?.trim();
    if (configs.length === 0 && remote) configs.push({ name: ENV_CONNECTION, url: remote });
    configs.push(...[...this.transient.values()].filter((t) => !configs.some((c) => c.name === t.name)));
    const changed: string[] = [];
    const next = new Map<string, ConnectionState>();
    for (const config of configs) {
      const old = this.states.get(config.name);
      if (old && sameConfig(old.config, config)) {
        next.set(config.name, old);
        continue;
      }
      if (old && old.status === 'connected') changed.push(config.name);
      next.set(config.name, { config, status: 'disconnected', fromEnvironment: config.name === ENV_CONNECTION && !readSettings().connections.length });
    }
    for (const name of this.states.keys()) if (!next.has(name) || changed.includes(name)) this.closeSession(name);
    this.states.clear();
    for (const [k, v] of next) this.states.set(k, v);
    this.changeEmitter.fire(undefined);
    return changed;
  }

  /** The session of a connection, connecting (or reconnecting after a lost session) when needed. */
  async session(name: string): Promise<SparkConnectSession> {
    const current = this.sessions.get(name);
    if (current && !current.lostReason) return current;
    const inFlight = this.pending.get(name);
    if (inFlight) return inFlight;
    const attempt = this.open(name).finally(() => this.pending.delete(name));
    this.pending.set(name, attempt);
    return attempt;
  }

  async connect(name: string): Promise<ConnectionState> {
    await this.session(name);
    return this.states.get(name)!;
  }

  async disconnect(name: string): Promise<void> {
    this.closeSession(name);
    const state = this.states.get(name);
    if (state) this.update(state, { status: 'disconnected', error: undefined });
  }

  /** Adds or replaces a connection in user settings, and stores its token in SecretStorage. */
  async save(config: ConnectionConfig, token: string | undefined, previousName?: string): Promise<void> {
    parseConnectionString(config.url);
    if (/;\s*token=/i.test(config.url)) throw new Error('Put the token in the token box, not in the URL.');
    const list = readSettings().connections.filter((c) => c.name !== (previousName ?? config.name) && c.name !== config.name);
    list.push(config);
    if (previousName && previousName !== config.name) await this.secrets.delete(TOKEN_KEY(previousName));
    if (token !== undefined) {
      if (token === '') await this.secrets.delete(TOKEN_KEY(config.name));
      else await this.secrets.store(TOKEN_KEY(config.name), token);
    }
    await writeConnections(list);
    this.reload();
  }

  /**
   * Opens a throwaway session with these settings (and this token, else the stored one of `storedTokenOf`), asks the
   * Spark version and closes it: what Add/Edit Connection checks before saving. Throws the connection's error.
   */
  async test(config: ConnectionConfig, token: string | undefined, storedTokenOf?: string): Promise<string> {
    const secret = token === undefined && storedTokenOf ? await this.secrets.get(TOKEN_KEY(storedTokenOf)) : token;
    registerSecret(secret || undefined);
    const settings = parseConnectionString(config.url, { token: secret || undefined });
    const session = await SparkConnectSession.open(settings, {
      tls: { caFile: config.caFile, certFile: config.certFile, keyFile: config.keyFile },
      retryPolicy: retryPolicyWith(readSettings().retryPolicy),
      trace: (method, summary) => this.log.trace(`${method} ${summary} [test of ${config.name}]`),
    }, redact(config.url));
    try {
      return await session.sparkVersion();
    } finally {
      await session.close().catch((err: unknown) => this.log.warn(`Closing the test session of "${config.name}": ${String(err)}`));
    }
  }

  /** Adds (or replaces) a connection kept only for this VS Code session, and makes it the active one. */
  addTransient(config: ConnectionConfig): void {
    this.transient.set(config.name, config);
    this.chosenName = config.name;
    this.reload();
  }

  /** Removes a transient connection and closes its session. */
  removeTransient(name: string): void {
    if (!this.transient.delete(name)) return;
    this.reload();
  }

  async remove(name: string): Promise<void> {
    this.closeSession(name);
    await this.secrets.delete(TOKEN_KEY(name));
    await writeConnections(readSettings().connections.filter((c) => c.name !== name));
    this.reload();
  }

  async hasToken(name: string): Promise<boolean> {
    return (await this.secrets.get(TOKEN_KEY(name))) !== undefined;
  }

  dispose(): void {
    for (const name of [...this.sessions.keys()]) this.closeSession(name);
    this.changeEmitter.dispose();
  }

  private async open(name: string): Promise<SparkConnectSession> {
    const state = this.states.get(name);
    if (!state) throw new Error(`No connection named "${name}".`);
    this.closeSession(name);
    this.update(state, { status: 'connecting', error: undefined });
    try {
      const token = (await this.secrets.get(TOKEN_KEY(name))) || undefined;
      registerSecret(token);
      // The token goes to the client as data, next to the parsed URL: it is never spliced into connection text.
      const settings = parseConnectionString(state.config.url, { token });
      const address = redact(state.config.url);
      this.log.info(`Connecting "${name}" to ${address}${token ? ' with a token' : ''}`);
      const session = await SparkConnectSession.open(settings, {
        tls: { caFile: state.config.caFile, certFile: state.config.certFile, keyFile: state.config.keyFile },
        retryPolicy: retryPolicyWith(readSettings().retryPolicy),
        trace: (method, summary) => this.log.trace(`${method} ${summary} [${name}]`),
        notice: (message) => this.log.info(`${message} [${name}]`),
      }, address);
      const version = await session.sparkVersion();
      const tz = (await session.conf.get(['spark.sql.session.timeZone']))['spark.sql.session.timeZone'];
      const delta = await this.deltaSupportOf(name, session);
      session.onSessionLost((err) => this.onLost(name, session, err));
      this.sessions.set(name, session);
      this.lastConnected = name;
      this.update(state, { status: 'connected', sparkVersion: version, timeZone: tz || 'UTC', deltaSupport: delta });
      this.log.info(`Connected "${name}": Spark ${version}, session ${session.sessionId}${delta ? `, Delta operations: ${DELTA_DIALECT_LABELS[delta]}` : ''}`);
      return session;
    } catch (err) {
      this.update(state, { status: 'failed', error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  /** The Delta dialect setting changed: every connected session takes it now (found out again for "auto"). */
  async applyDeltaDialect(): Promise<void> {
    for (const [name, session] of this.sessions) {
      forgetDeltaSupport(session);
      const delta = await this.deltaSupportOf(name, session);
      const state = this.states.get(name);
      if (state && this.sessions.get(name) === session) this.update(state, { deltaSupport: delta });
      if (delta) this.log.info(`Delta operations on "${name}": ${DELTA_DIALECT_LABELS[delta]} (setting: ${readSettings().deltaDialect})`);
    }
  }

  /** Finds out once per session how Delta operations reach the server (or takes the setting); a failed probe is retried by the first Delta operation. */
  private async deltaSupportOf(name: string, session: SparkConnectSession): Promise<DeltaSupport | undefined> {
    const setting = readSettings().deltaDialect;
    try {
      return await deltaSupport(session, setting);
    } catch (err) {
      this.log.warn(`Could not find out how "${name}" takes Delta operations: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private onLost(name: string, session: SparkConnectSession, err: SparkConnectError): void {
    if (this.sessions.get(name) !== session) return;
    this.sessions.delete(name);
    this.log.warn(`Session of "${name}" lost: ${err.message}`);
    const state = this.states.get(name);
    if (state) this.update(state, { status: 'lost', error: 'The server lost this session (restarted or expired). The next action reconnects.' });
  }

  private closeSession(name: string): void {
    const session = this.sessions.get(name);
    this.sessions.delete(name);
    if (session) void session.close().catch((err) => this.log.warn(`Closing "${name}": ${String(err)}`));
  }

  private update(state: ConnectionState, patch: Partial<ConnectionState>): void {
    Object.assign(state, patch);
    this.changeEmitter.fire(state);
  }
}

function sameConfig(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return a.url === b.url && a.caFile === b.caFile && a.certFile === b.certFile && a.keyFile === b.keyFile;
}
