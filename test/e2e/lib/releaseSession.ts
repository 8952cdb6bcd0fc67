// Ends a Spark Connect session from outside, as a server restart or an administrator would: ReleaseSession for the
// given session id, under the user id the extension uses (its default: $USER). The session's owner learns of it on its
// next call (INVALID_HANDLE.SESSION_CLOSED).
//   SPARK_REMOTE=sc://127.0.0.1:PORT npx tsx test/e2e/lib/releaseSession.ts <session id> [user id]
import { create } from '@bufbuild/protobuf';
import { userInfo } from 'node:os';
import { parseConnectionString } from '../../../src/client/connectionString';
import { ReleaseSessionRequestSchema } from '../../../src/client/gen/spark/connect/base_pb';
import { CLIENT_TYPE } from '../../../src/client/session';
import { GrpcTransport } from '../../../src/client/transport';

async function main(): Promise<void> {
  const [sessionId, userId = process.env.USER || userInfo().username] = process.argv.slice(2);
  const remote = process.env.SPARK_REMOTE;
  if (!remote || !sessionId) throw new Error('usage: SPARK_REMOTE=sc://… tsx releaseSession.ts <session id> [user id]');
  const transport = new GrpcTransport(parseConnectionString(remote));
  try {
    const res = await transport.releaseSession(create(ReleaseSessionRequestSchema, { sessionId, userContext: { userId }, clientType: `e2e ${CLIENT_TYPE}` }), { timeoutMs: 20_000 });
    console.log(`released session ${res.sessionId} (server-side ${res.serverSideSessionId}) of user ${userId}`);
  } finally {
    transport.close();
  }
}

main().catch((err) => {
  console.error('[releaseSession] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
