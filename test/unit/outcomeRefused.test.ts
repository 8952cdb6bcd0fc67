import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { parseConnectionString } from '../../src/client/connectionString';
import { asRefusal, fromGrpcError, SparkConnectError } from '../../src/client/errors';
import { PlanSchema } from '../../src/client/gen/spark/connect/base_pb';
import { SparkConnectSession } from '../../src/client/session';
import { FakeTransport, response } from '../support/fakeTransport';

const plan = create(PlanSchema, { opType: { case: 'root', value: { relType: { case: 'range', value: { end: 10n, step: 1n } } } } });
const noRetries = { maxRetries: 0, initialBackoffMs: 1, maxBackoffMs: 2, backoffMultiplier: 2, retryableCodes: [grpc.status.UNAVAILABLE], retryableMessages: [] };
const restore = { operation: 'RESTORE', table: '`db`.`t`' };
const VACUUMED = 'Not all files from version 1 are available in file system. Please use more recent version or timestamp for restoring.';

async function failureOf(error: SparkConnectError): Promise<SparkConnectError> {
  const t = new FakeTransport([[response('r1'), error]]);
  const session = new SparkConnectSession(parseConnectionString('sc://localhost'), { transport: t, retryPolicy: noRetries });
  return session.execute(plan, { mutation: restore }).drain().then(() => assert.fail('the mutation succeeded'), (e: SparkConnectError) => e);
}

describe('a mutation the server refused', () => {
  it('is a refusal with the server\'s message when the server named the exception, not an unknown outcome', async () => {
    const err = await failureOf(new SparkConnectError({ grpcCode: grpc.status.INTERNAL, serverMessage: VACUUMED, reason: 'java.lang.IllegalArgumentException' }));
    assert.equal(err.outcomeUnknown, false);
    assert.match(err.message, /Not all files from version 1/);
    assert.doesNotMatch(err.message, /lost contact|unknown/);
  });

  it('reads an error class in the message as the server\'s verdict, even without status details', () => {
    const err = fromGrpcError(Object.assign(new Error('x'), { code: grpc.status.INTERNAL, details: '[FAILED_READ_FILE.FILE_NOT_EXIST] File file:/w/t/part-0.parquet does not exist', metadata: new grpc.Metadata() }));
    assert.equal(err.serverAnswered, true);
    assert.equal(err.errorClass, 'FAILED_READ_FILE.FILE_NOT_EXIST');
    const reset = fromGrpcError(Object.assign(new Error('x'), { code: grpc.status.INTERNAL, details: 'Received RST_STREAM with code 2 triggered by internal client error', metadata: new grpc.Metadata() }));
    assert.equal(reset.serverAnswered, false, 'grpc-js\'s own INTERNAL is a transport loss');
  });

  it('stays unknown when only the transport broke (a stream reset by grpc-js)', async () => {
    const err = await failureOf(new SparkConnectError({ grpcCode: grpc.status.INTERNAL, serverMessage: 'Received RST_STREAM with code 2' }));
    assert.equal(err.outcomeUnknown, true);
    assert.match(err.message, /outcome of RESTORE on `db`\.`t` is unknown/);
  });
});

describe('a refusal as the user reads it', () => {
  it('says the server refused and nothing changed, with its message; a lost contact stays as it was', () => {
    const refused = asRefusal(new SparkConnectError({ grpcCode: grpc.status.INTERNAL, serverMessage: VACUUMED, reason: 'java.lang.IllegalArgumentException' }), 'to restore db.t to version 1');
    assert.ok(refused instanceof SparkConnectError);
    assert.match(refused.message, /^The server refused to restore db\.t to version 1; nothing was changed: Not all files from version 1/);
    const unknown = new SparkConnectError({ grpcCode: grpc.status.UNAVAILABLE, serverMessage: 'x', outcomeUnknown: true });
    assert.equal(asRefusal(unknown, 'it'), unknown);
    const cancelled = new SparkConnectError({ grpcCode: grpc.status.CANCELLED, serverMessage: 'x', serverAnswered: true });
    assert.equal(asRefusal(cancelled, 'it'), cancelled);
  });
});
