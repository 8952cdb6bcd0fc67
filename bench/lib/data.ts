// Synthetic results shaped like the end-to-end query (10 columns: 4 bigint, 3 double, 2 int, 1 string) and the
// ExecutePlanResponse messages Spark would send for them.
import { create, toBinary } from '@bufbuild/protobuf';
import { Float64, Int32, Int64, makeData, RecordBatch, Schema, Field, Struct, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { ExecutePlanResponseSchema } from '../../src/client/gen/spark/connect/base_pb';

export const TEN_COLUMNS = new Schema([
  new Field('id', new Int64(), false), new Field('a', new Int64(), true), new Field('b', new Int64(), true), new Field('c', new Int64(), true),
  new Field('x', new Float64(), true), new Field('y', new Float64(), true), new Field('z', new Float64(), true),
  new Field('i', new Int32(), true), new Field('j', new Int32(), true), new Field('s', new Utf8(), true),
]);

/** One batch of `n` rows starting at row `start`. */
export function tenColumnBatch(start: number, n: number): RecordBatch {
  const ids = BigInt64Array.from({ length: n }, (_v, k) => BigInt(start + k));
  const long = (m: number) => makeData({ type: new Int64(), length: n, data: BigInt64Array.from(ids, (v) => v * BigInt(m)) });
  const dbl = (d: number) => makeData({ type: new Float64(), length: n, data: Float64Array.from({ length: n }, (_v, k) => (start + k) / d) });
  const int = (m: number) => makeData({ type: new Int32(), length: n, data: Int32Array.from({ length: n }, (_v, k) => ((start + k) * m) | 0) });
  const str = vectorFromArray(Array.from({ length: n }, (_v, k) => `r${(start + k) % 100000}`), new Utf8()).data[0];
  const children = [makeData({ type: new Int64(), length: n, data: ids }), long(2), long(3), long(7), dbl(3), dbl(7), dbl(11), int(3), int(5), str];
  return new RecordBatch(TEN_COLUMNS, makeData({ type: new Struct(TEN_COLUMNS.fields), length: n, nullCount: 0, children }));
}

/** Arrow IPC streams (schema + one batch each) of `rows` rows, `perMessage` rows per stream, as Spark frames them. */
export function sparkFramedIpc(rows: number, perMessage: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < rows; start += perMessage) {
    out.push(tableToIPC(new Table([tenColumnBatch(start, Math.min(perMessage, rows - start))]), 'stream'));
  }
  return out;
}

/** Serialized ExecutePlanResponse messages carrying the IPC streams, ending with result_complete. */
export function responseMessages(ipc: Uint8Array[]): Uint8Array[] {
  const ids = { sessionId: '6f2c3a4e-0d1b-4a57-9d55-2b8c1f0e7a11', serverSideSessionId: 'c0ffee00-1234-4abc-8def-001122334455', operationId: 'a1b2c3d4-e5f6-4789-8abc-def012345678' };
  let offset = 0n;
  const msgs = ipc.map((data, k) => {
    const m = toBinary(ExecutePlanResponseSchema, create(ExecutePlanResponseSchema, {
      ...ids, responseId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      responseType: { case: 'arrowBatch', value: { rowCount: 0n, data, startOffset: offset } },
    }));
    offset += 1n;
    return m;
  });
  msgs.push(toBinary(ExecutePlanResponseSchema, create(ExecutePlanResponseSchema, { ...ids, responseId: 'end', responseType: { case: 'resultComplete', value: {} } })));
  return msgs;
}

/** A message as grpc-js hands it to the deserializer: Buffer.concat([5-byte prefix, message]).subarray(5). */
export function asGrpcJsDelivers(message: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafeSlow(message.byteLength + 5);
  framed.set(message, 5);
  return framed.subarray(5);
}
