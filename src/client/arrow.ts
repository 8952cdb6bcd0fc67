// Arrow IPC bytes from Spark → apache-arrow record batches, with no row objects.
import { RecordBatchReader, type RecordBatch, type Schema } from 'apache-arrow';

/**
 * Decodes one `arrow_batch.data` payload (a complete Arrow IPC stream: schema + batches).
 * Bytes inside a protobuf message are rarely 8-byte aligned, and apache-arrow copies every body
 * of an unaligned buffer; one aligned copy of the whole payload up front is cheaper.
 */
export function decodeArrowBatches(data: Uint8Array): { schema: Schema; batches: RecordBatch[] } {
  const bytes = data.byteOffset % 8 === 0 ? data : alignedCopy(data);
  const reader = RecordBatchReader.from(bytes);
  reader.open();
  const batches: RecordBatch[] = [];
  for (const batch of reader) batches.push(batch);
  return { schema: reader.schema, batches };
}

function alignedCopy(data: Uint8Array): Uint8Array {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}
