// Parses Spark Connect connection strings: sc://host[:port]/;param=value;...
// Follows Spark's rules, with pyspark's DefaultChannelBuilder as the reference: default port 15002, a token implies
// TLS except on a loopback host (there the token travels in plaintext, as with pyspark's local channel credentials),
// `session_id` must be a UUID, unknown parameters travel as gRPC metadata headers, and the environment supplies
// the token (SPARK_CONNECT_AUTHENTICATE_TOKEN) and the user agent (SPARK_CONNECT_USER_AGENT) the string leaves out.
// The deliberate differences from pyspark are listed in README (Connection strings) and checked by
// test/unit/connectionStringPyspark.test.ts.

export const DEFAULT_PORT = 15002;
export const DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;

/** Everything a connection string says, normalised. */
export interface ConnectionSettings {
  host: string;
  port: number;
  useSsl: boolean;
  token?: string;
  userId?: string;
  userAgent?: string;
  sessionId?: string;
  maxMessageSize: number;
  /** Parameters Spark does not know: sent as metadata headers on every call. */
  headers: Record<string, string>;
}

/** Thrown for a malformed connection string; the message says what is wrong and never contains the token. */
export class ConnectionStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionStringError';
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6_RE = /^\[[0-9A-Fa-f:.]+\]$/;
const HEADER_NAME_RE = /^[a-z0-9][a-z0-9_.-]*$/;
const KNOWN = new Set(['token', 'use_ssl', 'user_id', 'user_agent', 'session_id', 'grpc_max_message_size']);

/** What a connection string leaves out on purpose: the token, kept in secret storage and handed over as data. */
export interface ConnectionSecrets {
  token?: string;
}

/**
 * Parses a `sc://` connection string. Throws ConnectionStringError with a clear message. A token given in `secrets`
 * counts as if it were a `token` parameter (TLS unless the host is loopback), without ever being written into the
 * text. `env` supplies pyspark's defaults (SPARK_CONNECT_AUTHENTICATE_TOKEN, SPARK_CONNECT_USER_AGENT).
 */
export function parseConnectionString(input: string, secrets: ConnectionSecrets = {}, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new ConnectionStringError('The connection string is empty. Expected sc://host[:port]/;param=value');
  }
  const text = input.trim();
  if (!text.startsWith('sc://')) {
    throw new ConnectionStringError(`A Spark Connect connection string starts with "sc://" (got "${fragment(redact(text))}").`);
  }
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    throw new ConnectionStringError('The connection string contains spaces or control characters.');
  }
  const rest = text.slice('sc://'.length);
  const semi = rest.indexOf(';');
  const authorityAndPath = semi < 0 ? rest : rest.slice(0, semi);
  const paramText = semi < 0 ? '' : rest.slice(semi + 1);
  const slash = authorityAndPath.indexOf('/');
  const authority = slash < 0 ? authorityAndPath : authorityAndPath.slice(0, slash);
  const path = slash < 0 ? '' : authorityAndPath.slice(slash);
  if (path !== '' && path !== '/') {
    throw new ConnectionStringError(`The connection string must not have a path ("${fragment(path)}"); parameters follow "/;".`);
  }
  const { host, port } = parseAuthority(authority);
  const params = parseParams(paramText);
  if (secrets.token !== undefined) {
    if (params.has('token')) throw new ConnectionStringError('The connection string has a token, and another one was given apart from it.');
    params.set('token', secrets.token);
  }
  return buildSettings(host, port, params, env);
}

function parseAuthority(authority: string): { host: string; port: number } {
  if (authority === '') throw new ConnectionStringError('The connection string has no host: expected sc://host[:port]');
  if (authority.includes('@')) throw new ConnectionStringError('User info ("user@host") is not supported; use ;user_id=… instead.');
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) throw new ConnectionStringError('Unterminated IPv6 address in the connection string.');
    host = authority.slice(0, end + 1);
    const after = authority.slice(end + 1);
    if (after !== '' && !after.startsWith(':')) throw new ConnectionStringError(`Unexpected text after the IPv6 address: "${fragment(after)}".`);
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const parts = authority.split(':');
    if (parts.length > 2) throw new ConnectionStringError(`Invalid host "${fragment(authority)}" (IPv6 addresses go in brackets).`);
    host = parts[0];
    portText = parts[1];
  }
  if (!(HOST_RE.test(host) || IPV6_RE.test(host))) throw new ConnectionStringError(`Invalid host name "${fragment(host)}".`);
  // Host names are case-insensitive; pyspark lowercases them too (so LOCALHOST counts as loopback).
  return { host: host.toLowerCase(), port: portText === undefined ? DEFAULT_PORT : parsePort(portText) };
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new ConnectionStringError(`Invalid port "${fragment(text)}": expected a number from 1 to 65535.`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new ConnectionStringError(`Invalid port ${port}: expected a number from 1 to 65535.`);
  return port;
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const piece of text.split(';')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) throw new ConnectionStringError(`Parameter "${fragment(redactParam(piece))}" must look like name=value.`);
    const name = piece.slice(0, eq);
    const value = decode(piece.slice(eq + 1), name);
    if (params.has(name)) throw new ConnectionStringError(`Parameter "${fragment(name)}" is given twice.`);
    params.set(name, value);
  }
  return params;
}

function decode(value: string, name: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ConnectionStringError(`Parameter "${fragment(name)}" has an invalid %-escape.`);
  }
}

function buildSettings(host: string, port: number, params: Map<string, string>, env: NodeJS.ProcessEnv): ConnectionSettings {
  if (params.get('token') === '') throw new ConnectionStringError('Parameter "token" is empty.');
  const token = params.get('token') ?? (env.SPARK_CONNECT_AUTHENTICATE_TOKEN || undefined);
  const useSslText = params.get('use_ssl');
  if (useSslText !== undefined && !/^(true|false)$/i.test(useSslText)) {
    throw new ConnectionStringError(`Parameter "use_ssl" must be true or false (got "${fragment(useSslText)}").`);
  }
  const sessionId = params.get('session_id');
  if (sessionId !== undefined && !UUID_RE.test(sessionId)) {
    throw new ConnectionStringError(`Parameter "session_id" must be a UUID (got "${fragment(sessionId)}").`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of params) {
    if (KNOWN.has(name)) continue;
    const lower = name.toLowerCase();
    if (!HEADER_NAME_RE.test(lower) || lower.endsWith('-bin') || lower.startsWith('grpc-') || lower === 'authorization') {
      throw new ConnectionStringError(`Parameter "${fragment(name)}" cannot be sent as a header.`);
    }
    if (/[^\x20-\x7e]/.test(value)) throw new ConnectionStringError(`Parameter "${fragment(name)}" has a value that cannot be sent as a header.`);
    headers[lower] = value;
  }
  return {
    host,
    port,
    // A token implies TLS, except on a loopback host: there it is sent in plaintext, as pyspark's local channel
    // credentials do (how Spark's local server with spark.connect.authenticate.token is used).
    useSsl: useSslText?.toLowerCase() === 'true' || (token !== undefined && !isLoopback(host)),
    token,
    userId: params.get('user_id'),
    userAgent: params.get('user_agent') ?? (env.SPARK_CONNECT_USER_AGENT || undefined),
    sessionId: sessionId?.toLowerCase(),
    maxMessageSize: parseMaxMessageSize(params.get('grpc_max_message_size')),
    headers,
  };
}

function parseMaxMessageSize(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_MESSAGE_SIZE;
  if (!/^\d{1,10}$/.test(text) || Number(text) < 1024 || Number(text) > 2 ** 31 - 1) {
    throw new ConnectionStringError(`Parameter "grpc_max_message_size" must be a byte count from 1024 to 2147483647 (got "${fragment(text)}").`);
  }
  return Number(text);
}

/** True for hosts that never leave this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/** The connection string to use: the explicit one, else SPARK_REMOTE, else the local default. */
export function resolveRemote(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit && explicit.trim() !== '') return explicit.trim();
  const fromEnv = env.SPARK_REMOTE;
  if (fromEnv && fromEnv.trim() !== '') return fromEnv.trim();
  return `sc://localhost:${DEFAULT_PORT}`;
}

/** The connection string with the token value hidden, safe for logs and messages. */
export function redact(text: string): string {
  return text.replace(/(;\s*token=)[^;]*/gi, '$1***');
}

/**
 * User text quoted in an error, cut to a few characters: a mistyped string may hold a token anywhere,
 * and error messages travel to logs and screens.
 */
function fragment(text: string): string {
  return text.length > 16 ? `${text.slice(0, 12)}…` : text;
}

function redactParam(piece: string): string {
  return /^token/i.test(piece) ? 'token=***' : piece;
}

/** The address grpc-js dials. */
export function targetOf(settings: ConnectionSettings): string {
  return `${settings.host}:${settings.port}`;
}

/** The connection string with a token parameter added (tokens are kept apart from stored URLs). */
export function withToken(url: string, token: string | undefined): string {
  if (!token) return url;
  const base = url.includes(';') ? url.replace(/;+$/, '') : url.replace(/\/?$/, '/');
  return `${base};token=${encodeURIComponent(token)}`;
}
