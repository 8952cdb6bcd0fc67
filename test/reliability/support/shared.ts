// The one server most reliability tests share: token-authenticated (so every test also shows that the token does not
// leak), started on first use and stopped by the root hook. Tests that kill it start it again on the same port.
import { randomBytes } from 'node:crypto';
import { SparkConnectSession, type SessionOptions } from '../../../src/client/session';
import { LocalServer } from './server';

/** The shared server's secret; tests scan everything the client produced for it. */
export const TOKEN = `dce-${randomBytes(18).toString('base64url')}`;

let started: Promise<LocalServer> | undefined;

/** The shared server, started on first call. */
export function sharedServer(): Promise<LocalServer> {
  started ??= LocalServer.start([`spark.connect.authenticate.token=${TOKEN}`, 'spark.sql.session.timeZone=UTC']);
  return started;
}

/** Stops the shared server if a test started it. */
export async function stopSharedServer(): Promise<void> {
  if (!started) return;
  const server = await started.catch(() => undefined);
  started = undefined;
  await server?.stop();
}

/** Connection string to 127.0.0.1:port with the token (plaintext is allowed next to a token on loopback only). */
export function urlWithToken(port: number, token = TOKEN): string {
  return `sc://127.0.0.1:${port}/;token=${token};use_ssl=false`;
}

/** A new session to the shared server, directly or through a port of ours (a proxy). */
export async function connectShared(port?: number, opts?: SessionOptions): Promise<SparkConnectSession> {
  const server = await sharedServer();
  return SparkConnectSession.connect(urlWithToken(port ?? server.port), opts);
}
