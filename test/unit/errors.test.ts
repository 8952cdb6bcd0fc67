import assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { DEFAULT_RETRY_POLICY, fromGrpcError, isRetryable, SparkConnectError } from '../../src/client/errors';
import { ErrorInfoSchema, RetryInfoSchema } from '../../src/client/gen/google/rpc/error_details_pb';
import { StatusSchema } from '../../src/client/gen/google/rpc/status_pb';

function serviceError(code: grpc.status, details: string, status?: Uint8Array): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (status) metadata.set('grpc-status-details-bin', Buffer.from(status));
  return Object.assign(new Error(details), { code, details, metadata });
}

describe('fromGrpcError', () => {
  it("reads Spark's ErrorInfo: error class, SQLSTATE, parameters, classes, error id", () => {
    const info = create(ErrorInfoSchema, {
      reason: 'org.apache.spark.sql.AnalysisException',
      domain: 'org.apache.spark',
      metadata: {
        errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
        sqlState: '42P01',
        messageParameters: '{"relationName":"`nope`"}',
        classes: '["org.apache.spark.sql.AnalysisException"]',
        errorId: 'e-1',
      },
    });
    const status = create(StatusSchema, { code: 13, message: '[TABLE_OR_VIEW_NOT_FOUND] The table `nope` cannot be found.', details: [anyPack(ErrorInfoSchema, info)] });
    const err = fromGrpcError(serviceError(grpc.status.INTERNAL, 'short', toBinary(StatusSchema, status)));
    assert.ok(err instanceof SparkConnectError);
    assert.equal(err.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
    assert.equal(err.sqlState, '42P01');
    assert.deepEqual(err.messageParameters, { relationName: '`nope`' });
    assert.deepEqual(err.classes, ['org.apache.spark.sql.AnalysisException']);
    assert.equal(err.errorId, 'e-1');
    assert.equal(err.grpcCodeName, 'INTERNAL');
    assert.match(err.message, /The table `nope` cannot be found/);
    assert.equal(isRetryable(err), false);
  });

  it('treats RetryInfo and UNAVAILABLE as transient, session loss as final', () => {
    const retry = create(StatusSchema, { code: 13, message: 'busy', details: [anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: { seconds: 2n, nanos: 0 } }))] });
    const withRetryInfo = fromGrpcError(serviceError(grpc.status.INTERNAL, 'busy', toBinary(StatusSchema, retry)));
    assert.equal(withRetryInfo.retryDelayMs, 2000);
    assert.equal(isRetryable(withRetryInfo), true);
    const down = fromGrpcError(serviceError(grpc.status.UNAVAILABLE, 'No connection established'));
    assert.equal(isRetryable(down), true);
    assert.match(down.message, /not reachable/);
    const lost = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'INVALID_HANDLE.SESSION_CHANGED', serverMessage: 'changed' });
    assert.equal(lost.isSessionLost, true);
    assert.equal(isRetryable(lost, DEFAULT_RETRY_POLICY), false);
  });

  it('words authentication failures clearly', () => {
    const err = fromGrpcError(serviceError(grpc.status.UNAUTHENTICATED, 'Invalid authentication token'));
    assert.match(err.message, /^Authentication failed/);
  });

  it('survives garbage in the details trailer', () => {
    const err = fromGrpcError(serviceError(grpc.status.INTERNAL, 'boom', new Uint8Array([0xff, 0xff, 0xff])));
    assert.equal(err.serverMessage, 'boom');
  });
});
