// The receive → decode path of a result: ExecutePlanResponse bytes as grpc-js hands them to the transport's
// deserializer (each message at an arbitrary offset in its own buffer), through ArrowResult, give exactly the
// batches apache-arrow reads from the same IPC bytes; and a long result leaves the event loop turns in between.
import assert from 'node:assert/strict';
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { Field, Float64, Int32, Int64, RecordBatch, Schema, Struct, Table, Utf8, makeData, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { ExecutePlanResponse_ArrowBatchSchema, ExecutePlanResponseSchema, type ExecutePlanResponse } from '../../src/client/gen/spark/connect/base_pb';
import { ArrowResult } from '../../src/client/result';
import { decodeExecutePlanResponse } from '../../src/client/transport';
import { ChunkAssembler } from '../../src/client/chunks';

const SCHEMA = new Schema([new Field('id', new Int64()), new Field('n', new Int32()), new Field('x', new Float64()), new Field('s', new Utf8())]);

function batch(start: number, rows: number): RecordBatch {
  const id = BigInt64Array.from({ length: rows }, (_, i) => BigInt(start + i) * 1_000_003n);
  const n = Int32Array.from({ length: rows }, (_, i) => (start + i) % 977);
  const x = Float64Array.from({ length: rows }, (_, i) => (start + i) / 3);
  const s = vectorFromArray(Array.from({ length: rows }, (_, i) => `row ${start + i}`), new Utf8()).data[0];
  const children = [makeData({ type: new Int64(), data: id }), makeData({ type: new Int32(), data: n }), makeData({ type: new Float64(), data: x }), s];
  return new RecordBatch(SCHEMA, makeData({ type: new Struct(SCHEMA.fields), length: rows, children }));
}

/** One Spark-style IPC stream (schema + batches) per message, of varied sizes. */
function ipcStreams(): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (const sizes of [[1000], [3, 500], [2500, 1, 77], [4096]]) {
    out.push(tableToIPC(new Table(sizes.map((rows) => batch((start += rows) - rows, rows))), 'stream'));
  }
  return out;
}

/** Bytes of one response as grpc-js delivers them: its own buffer, after the 5-byte gRPC prefix, plus `pad`. */
function delivered(response: ExecutePlanResponse, pad: number): Buffer {
  const bytes = toBinary(ExecutePlanResponseSchema, response);
  const framed = Buffer.alloc(bytes.byteLength + 5 + pad);
  framed.set(bytes, 5 + pad);
  return framed.subarray(5 + pad);
}

function arrowResponse(data: Uint8Array, k: number, extra: MessageInitShape<typeof ExecutePlanResponseSchema> = {}): ExecutePlanResponse {
  const r = create(ExecutePlanResponseSchema, extra);
  Object.assign(r, { sessionId: 's', operationId: 'o', responseId: `r${k}` });
  r.responseType = { case: 'arrowBatch', value: create(ExecutePlanResponse_ArrowBatchSchema, { rowCount: 0n, data, startOffset: BigInt(k) }) };
  return r;
}

async function* source(responses: ExecutePlanResponse[]): AsyncGenerator<ExecutePlanResponse> {
  for (const r of responses) yield r;
}

async function collect(responses: ExecutePlanResponse[]): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of new ArrowResult(source(responses), new AbortController(), Promise.resolve('o'))) out.push(b);
  return out;
}

/** Every value of every batch, as text (bigint, float and string columns alike). */
function values(batches: RecordBatch[]): string[] {
  return batches.flatMap((b) => Array.from({ length: b.numRows }, (_, r) => b.schema.fields.map((_f, c) => String(b.getChildAt(c)!.get(r))).join('|')));
}

function expected(ipc: Uint8Array[]): string[] {
  return values(ipc.flatMap((bytes) => tableFromIPC(bytes).batches));
}

describe('result decode: the transport deserializer + ArrowResult against apache-arrow', () => {
  it('gives the same rows for messages at every offset grpc-js may leave them', async () => {
    const ipc = ipcStreams();
    for (let pad = 0; pad < 8; pad++) {
      const responses = ipc.map((data, k) => decodeExecutePlanResponse(delivered(arrowResponse(data, k), pad + k)));
      assert.deepEqual(values(await collect(responses)), expected(ipc), `offset ${pad}`);
    }
  });

  it('gives the same rows when responses carry other fields (schema, metrics, observed metrics)', async () => {
    const ipc = ipcStreams();
    const extras: Array<MessageInitShape<typeof ExecutePlanResponseSchema>> = [
      { schema: { kind: { case: 'null', value: {} } } as never },
      { metrics: { metrics: [{ name: 'scan', planId: 1n, parent: 0n, executionMetrics: {} }] } as never },
      { observedMetrics: [{ name: 'obs', values: [{ literalType: { case: 'long', value: 42n } }], keys: ['k'], planId: 2n }] } as never,
      { serverSideSessionId: 'x' },
    ];
    const responses = ipc.map((data, k) => decodeExecutePlanResponse(delivered(arrowResponse(data, k, extras[k]), 3)));
    assert.equal(responses[2].observedMetrics[0].name, 'obs', 'other fields decode too');
    assert.deepEqual(values(await collect(responses)), expected(ipc));
  });

  it('gives the same rows for a batch that arrived in chunks, each chunk at its own offset', async () => {
    const ipc = ipcStreams();
    const whole = ipc[2];
    const cuts = [0, 13, 1001, whole.byteLength];
    const assembler = new ChunkAssembler();
    const responses: ExecutePlanResponse[] = [];
    cuts.slice(0, -1).forEach((from, i) => {
      const chunk = create(ExecutePlanResponseSchema, {
        responseId: `c${i}`,
        responseType: { case: 'arrowBatch', value: { rowCount: 2578n, data: whole.slice(from, cuts[i + 1]), chunkIndex: BigInt(i), numChunksInBatch: 3n } },
      });
      const out = assembler.add(decodeExecutePlanResponse(delivered(chunk, i + 1)));
      if (out) responses.push(out);
    });
    assert.equal(responses.length, 1);
    assert.deepEqual(values(await collect(responses)), expected([whole]));
  });

  it('lets the event loop turn between Arrow batches that are all ready at once', async () => {
    const ipc = Array.from({ length: 6 }, (_, k) => tableToIPC(new Table([batch(k * 10, 10)]), 'stream'));
    const responses = ipc.map((data, k) => decodeExecutePlanResponse(delivered(arrowResponse(data, k), 1)));
    let seen = 0;
    let seenWhenImmediateRan = -1;
    setImmediate(() => (seenWhenImmediateRan = seen));
    for await (const _b of new ArrowResult(source(responses), new AbortController(), Promise.resolve('o'))) seen++;
    assert.equal(seen, 6);
    assert.ok(seenWhenImmediateRan >= 1 && seenWhenImmediateRan < 6, `an immediate scheduled before the result ran after batch ${seenWhenImmediateRan}`);
  });

  it('keeps the bytes a batch arrived as when its response carried only it, and they decode to the same rows', async () => {
    const ipc = ipcStreams();
    const responses = ipc.map((data, k) => decodeExecutePlanResponse(delivered(arrowResponse(data, k), 3)));
    const result = new ArrowResult(source(responses), new AbortController(), Promise.resolve('o'));
    const kept: Array<[RecordBatch, Uint8Array | undefined]> = [];
    for await (const b of result) kept.push([b, result.ipcOf(b)]);
    // messages 1 and 4 hold one batch each; 2 and 3 hold several, which share their bytes and keep none
    assert.deepEqual(kept.map(([, bytes]) => bytes !== undefined), [true, false, false, false, false, false, true]);
    for (const [b, bytes] of kept.filter(([, bytes]) => bytes)) {
      assert.deepEqual(values(tableFromIPC(bytes!).batches), values([b]));
    }
  });
});
