// Result chunking (Spark 4.1+, ResultChunkingOptions): the server may split one Arrow batch over several responses
// (chunk_index 0..num_chunks_in_batch-1) so a row larger than the message limit still arrives. The chunks are put
// back together into one arrow_batch response before anything decodes them.
import { create } from '@bufbuild/protobuf';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ExecutePlanResponse_ArrowBatchSchema, ExecutePlanResponseSchema, type ExecutePlanResponse } from './gen/spark/connect/base_pb';
import { SparkConnectError } from './errors';

export class ChunkAssembler {
  private parts: Uint8Array[] = [];
  private first?: ExecutePlanResponse;

  /** The response to pass on: the same response, a whole batch once its last chunk came, or undefined while a batch is incomplete. */
  add(response: ExecutePlanResponse): ExecutePlanResponse | undefined {
    const kind = response.responseType;
    // Other responses (progress reports) may come between the chunks of a batch: they pass through.
    if (kind.case !== 'arrowBatch') return response;
    const total = Number(kind.value.numChunksInBatch ?? 0n);
    const index = Number(kind.value.chunkIndex ?? 0n);
    if (total <= 1 && !this.first) return response;
    if (index !== this.parts.length) throw outOfOrder(`expected chunk ${this.parts.length} of the Arrow batch, got chunk ${index}`);
    this.first ??= response;
    this.parts.push(kind.value.data);
    if (this.parts.length < total) return undefined;
    return this.assemble();
  }

  private assemble(): ExecutePlanResponse {
    const first = this.first!;
    const batch = first.responseType.case === 'arrowBatch' ? first.responseType.value : undefined;
    const data = Buffer.concat(this.parts); // a fresh buffer: its Arrow bytes start 8-byte aligned
    this.parts = [];
    this.first = undefined;
    return create(ExecutePlanResponseSchema, {
      ...first,
      responseType: { case: 'arrowBatch', value: create(ExecutePlanResponse_ArrowBatchSchema, { rowCount: batch?.rowCount ?? 0n, startOffset: batch?.startOffset, data }) },
    });
  }
}

function outOfOrder(detail: string): SparkConnectError {
  return new SparkConnectError({ grpcCode: GrpcStatus.INTERNAL, serverAnswered: true, serverMessage: `The server sent a chunked result out of order: ${detail}.` });
}
