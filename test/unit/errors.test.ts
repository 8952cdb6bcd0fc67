import assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { backoffMs, DEFAULT_RETRY_POLICY, fromGrpcError, isRetryable, retryPolicyWith, SparkConnectError } from '../../src/client/errors';
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

  it('says a JVM linkage error means jars built for another version (Delta Lake 4.1.0 on Spark 4.1.4)', () => {
    const info = create(ErrorInfoSchema, {
      reason: 'java.lang.NoSuchMethodError', domain: 'org.apache.spark',
      metadata: { classes: '["java.lang.NoSuchMethodError","java.lang.IncompatibleClassChangeError","java.lang.LinkageError"]' },
    });
    const method = "'void org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter.<init>(boolean, boolean)'";
    const status = create(StatusSchema, { code: grpc.status.INTERNAL, message: method, details: [anyPack(ErrorInfoSchema, info)] });
    const err = fromGrpcError(serviceError(grpc.status.INTERNAL, method, toBinary(StatusSchema, status)));
    assert.equal(err.message, `The server's jars do not fit together (a library such as Delta Lake built for another Spark version): java.lang.NoSuchMethodError: ${method}`);
    assert.equal(err.serverMessage, method, 'the server\'s own words stay as they were');
    assert.equal(fromGrpcError(serviceError(grpc.status.INTERNAL, 'plain')).message, 'plain');
  });

  it('knows a fatal JVM error Spark sends as a bare UNKNOWN (measured on Spark 4.1.4 with Delta 4.1.0) as the server\'s answer', () => {
    const method = "'void org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter.<init>(boolean, boolean, boolean)'";
    const missingMethod = fromGrpcError(serviceError(grpc.status.UNKNOWN, method));
    assert.equal(missingMethod.serverAnswered, true, 'the server answered: not a lost contact');
    assert.match(missingMethod.message, /^The server's jars do not fit together .*java\.lang\.NoSuchMethodError: 'void org/);
    const missingClass = fromGrpcError(serviceError(grpc.status.UNKNOWN, 'org/apache/spark/sql/catalyst/plans/logical/IgnoreCachedData'));
    assert.match(missingClass.message, /java\.lang\.NoClassDefFoundError: org\/apache/);
    const transport = fromGrpcError(serviceError(grpc.status.UNKNOWN, 'No status information received'));
    assert.equal(transport.serverAnswered, false, "grpc-js's own UNKNOWN is a broken exchange");
    assert.equal(fromGrpcError(serviceError(grpc.status.UNKNOWN, 'division by zero')).message, 'division by zero', 'other messages are left alone');
  });

  it('survives garbage in the details trailer', () => {
    const err = fromGrpcError(serviceError(grpc.status.INTERNAL, 'boom', new Uint8Array([0xff, 0xff, 0xff])));
    assert.equal(err.serverMessage, 'boom');
  });
});

describe('retry policy, measured against pyspark\'s own', () => {
  const PYTHON = join(process.env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer'), 'venv-pyspark-4.2.0-delta-4.4.0', 'bin', 'python');

  it("waits as pyspark's DefaultPolicy does, attempt by attempt, with the same jitter", function () {
    this.timeout(60_000);
    if (!existsSync(PYTHON)) this.skip(); // the venv comes with provisioning, which npm test runs first
    // pyspark's next_attempt with random.uniform fixed at 37 % of its range, for 16 attempts (the last says "give up").
    const script = [
      'import random, json, warnings; warnings.simplefilter("ignore")',
      'from pyspark.sql.connect.client.retries import DefaultPolicy',
      'random.uniform = lambda a, b: a + (b - a) * 0.37',
      's = DefaultPolicy().to_state()',
      'print(json.dumps([s.next_attempt() for _ in range(16)]))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const theirs = JSON.parse(run.stdout) as Array<number | null>;
    const policy = DEFAULT_RETRY_POLICY;
    const ours = Array.from({ length: 16 }, (_, attempt) => (attempt < policy.maxRetries ? Math.floor(backoffMs(attempt, policy, undefined, () => 0.37)) : null));
    assert.deepEqual(ours, theirs);
    const total = ours.reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
    assert.ok(total > 9 * 60_000 && total < 11 * 60_000, `about ten minutes in all (${total} ms)`);
  });

  it("honours a server's RetryInfo delay up to ten minutes, and settings override the numbers", () => {
    const slow = new SparkConnectError({ grpcCode: grpc.status.UNAVAILABLE, serverMessage: 'busy', retryDelayMs: 3_600_000 });
    assert.equal(backoffMs(0, DEFAULT_RETRY_POLICY, slow, () => 0), 600_000);
    const custom = retryPolicyWith({ maxRetries: 3, maxBackoffMs: 1_000, jitterMs: -1, backoffMultiplier: Number.NaN });
    assert.equal(custom.maxRetries, 3);
    assert.equal(custom.maxBackoffMs, 1_000);
    assert.equal(custom.jitterMs, DEFAULT_RETRY_POLICY.jitterMs, 'a negative value is ignored');
    assert.equal(custom.backoffMultiplier, DEFAULT_RETRY_POLICY.backoffMultiplier, 'NaN is ignored');
  });
});

describe('who answered an error', () => {
  it('knows a server verdict from a broken connection, and reads the error class from the message when ErrorInfo lacks it', () => {
    const status = create(StatusSchema, { code: 13, message: '\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input.', details: [anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason: 'org.apache.spark.sql.catalyst.parser.ParseException' }))] });
    const spark35 = fromGrpcError(serviceError(grpc.status.INTERNAL, 'x', toBinary(StatusSchema, status)));
    assert.equal(spark35.serverAnswered, true);
    assert.equal(spark35.errorClass, 'PARSE_SYNTAX_ERROR');
    const sail = fromGrpcError(serviceError(grpc.status.INVALID_ARGUMENT, 'Table not found: [TABLE_OR_VIEW_NOT_FOUND] Table or view not found: t'));
    assert.equal(sail.serverAnswered, true);
    assert.equal(sail.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
    const cut = fromGrpcError(serviceError(grpc.status.UNAVAILABLE, 'Connection dropped [NOT_A_CLASS_FROM_SERVER]'));
    assert.equal(cut.serverAnswered, false);
    assert.equal(cut.errorClass, undefined, 'no class is read from a transport failure');
    assert.equal(fromGrpcError(serviceError(grpc.status.INTERNAL, 'Received RST_STREAM with code 2')).serverAnswered, false);
  });
});
