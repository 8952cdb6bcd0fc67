// Result chunking proved with a 200 MiB binary cell (one row larger than the 128 MiB message limit): without chunking
// the server's one message is refused (RESOURCE_EXHAUSTED); with chunking (Spark 4.1+) it arrives whole. Heavy, so only
// where the runner asks for it (DCE_MATRIX_BIG_CELL=1, on our own server).
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { SparkConnectError } from '../../src/client/errors';
import type { ExecutionStats } from '../../src/client/execution';
import { feature, server, session } from './hooks';

const MIB = 1024 * 1024;
const QUERY = `SELECT CAST(repeat('ab', ${100 * MIB}) AS BINARY) AS blob`;

describe(`matrix: ${server.id} a 200 MiB cell`, function () {
  before(function () {
    if (process.env.DCE_MATRIX_BIG_CELL !== '1') this.skip();
  });

  it('arrives whole in chunks', () => feature('result chunking', async () => {
    const stats: ExecutionStats = { operationId: '', reattaches: 0, responses: 0 };
    const table = await (await session().sql(QUERY)).collect({ stats });
    const blob = table.getChild('blob')!.get(0) as Uint8Array;
    assert.equal(blob.byteLength, 200 * MIB);
    assert.equal(String.fromCharCode(blob[0], blob[1], blob[200 * MIB - 2], blob[200 * MIB - 1]), 'abab');
    assert.equal(stats.chunkedBatches, 1);
  }));

  it('fails as one message over the limit without chunking', async () => {
    const err = await (await session().sql(QUERY)).collect({ resultChunking: false }).catch((e) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.grpcCode, grpc.status.RESOURCE_EXHAUSTED, err.message);
  });
});
