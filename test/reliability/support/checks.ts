// Questions the tests ask the real server about the client's operations.
import { create } from '@bufbuild/protobuf';
import { inspect } from 'node:util';
import { ReattachExecuteRequestSchema } from '../../../src/client/gen/spark/connect/base_pb';
import { SparkConnectError } from '../../../src/client/errors';
import type { SparkConnectSession } from '../../../src/client/session';

/**
 * What the server still holds of an operation: 'released' when it no longer knows it (ReattachExecute answers
 * INVALID_HANDLE.OPERATION_NOT_FOUND), else 'held' (it would still stream responses to a reattaching client).
 * More exact than Interrupt, which lists only operations still running.
 */
export async function serverHolds(session: SparkConnectSession, operationId: string): Promise<'released' | 'held'> {
  const stream = session.transport.reattachExecute(create(ReattachExecuteRequestSchema, {
    ...session.identity(), operationId,
  }), { connectTimeoutMs: 10_000 });
  try {
    for await (const _response of stream) break;
    return 'held';
  } catch (err) {
    if (err instanceof SparkConnectError && /OPERATION_(NOT_FOUND|ABANDONED)/.test(`${err.errorClass} ${err.serverMessage}`)) return 'released';
    throw err;
  } finally {
    stream.cancel();
  }
}

/** Every text a value can turn into: message, stack, JSON, inspect (own and nested fields). */
export function allTextOf(value: unknown): string {
  const parts: string[] = [String(value)];
  if (value instanceof Error) parts.push(value.message, value.stack ?? '');
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect below covers it
  }
  parts.push(inspect(value, { depth: 10, showHidden: true, getters: true }));
  return parts.join('\n');
}

/** Polls until check() returns true, or fails after timeoutMs. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
