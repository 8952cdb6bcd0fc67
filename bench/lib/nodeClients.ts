// The Node clients of the transport figure, all receiving the yardstick's stream.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { ExecutePlanRequestSchema, ExecutePlanResponseSchema } from '../../src/client/gen/spark/connect/base_pb';
import { GrpcTransport, DEFAULT_CHANNEL_TUNING } from '../../src/client/transport';
import { parseConnectionString } from '../../src/client/connectionString';
import { LeanH2Channel } from './leanH2';

export const EXECUTE_PLAN = '/spark.connect.SparkConnectService/ExecutePlan';

export function benchRequest(messageBytes: number, totalBytes: number) {
  return create(ExecutePlanRequestSchema, {
    sessionId: '00000000-0000-0000-0000-000000000000',
    userContext: { userId: 'bench' },
    tags: [`bytes=${messageBytes}`, `total=${totalBytes}`],
  });
}

/** One measured receive. */
export interface Receive {
  seconds: number;
  bytes: number;
  messages: number;
  cpu: number;
  /** Arrow payloads whose bytes start 8-byte aligned (decode needs no copy). */
  aligned: number;
}

export interface StreamClient {
  readonly name: string;
  receive(messageBytes: number, totalBytes: number): Promise<Receive>;
  close(): void;
}

async function measure(run: (count: (data: Uint8Array) => void) => Promise<number>): Promise<Receive> {
  let bytes = 0;
  let aligned = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const messages = await run((data) => {
    bytes += data.byteLength;
    if (data.byteOffset % 8 === 0) aligned++;
  });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { seconds, bytes, messages, cpu: (c.user + c.system) / 1e6, aligned };
}

/** Our client: src/client's GrpcTransport (grpc-js with the project's channel tuning, protobuf-es decoding). */
export function oursClient(target: string): StreamClient {
  const transport = new GrpcTransport(parseConnectionString(`sc://${target}`));
  return {
    name: 'ours (GrpcTransport)',
    receive: (size, total) => measure(async (count) => {
      let n = 0;
      for await (const r of transport.executePlan(benchRequest(size, total))) {
        if (r.responseType.case === 'arrowBatch') count(r.responseType.value.data);
        n++;
      }
      return n;
    }),
    close: () => transport.close(),
  };
}

/** grpc-js alone: a bare Client with the given options, raw bytes (no protobuf). */
export function grpcJsRawClient(target: string, name: string, options: grpc.ChannelOptions): StreamClient {
  const client = new grpc.Client(target, grpc.credentials.createInsecure(), options);
  const req = Buffer.from(toBinary(ExecutePlanRequestSchema, benchRequest(0, 0)));
  return {
    name,
    receive: (size, total) => measure(async (count) => {
      const body = Buffer.from(toBinary(ExecutePlanRequestSchema, benchRequest(size, total)));
      const call = client.makeServerStreamRequest(EXECUTE_PLAN, (b: Buffer) => b, (b: Buffer) => b, body, new grpc.Metadata(), {});
      let n = 0;
      for await (const m of call as AsyncIterable<Buffer>) {
        count(m);
        n++;
      }
      return n;
    }),
    close: () => client.close(),
  };
  void req;
}

/** The lean node:http2 path (bench/lib/leanH2.ts), messages parsed with protobuf-es as ours does. */
export function leanClient(target: string, name: string, opts: ConstructorParameters<typeof LeanH2Channel>[1] = {}): StreamClient {
  const channel = new LeanH2Channel(target, opts);
  return {
    name,
    receive: (size, total) => measure(async (count) => {
      let n = 0;
      const body = toBinary(ExecutePlanRequestSchema, benchRequest(size, total));
      for await (const m of channel.serverStream(EXECUTE_PLAN, body)) {
        const r = fromBinary(ExecutePlanResponseSchema, m, { readUnknownFields: false });
        if (r.responseType.case === 'arrowBatch') count(r.responseType.value.data);
        n++;
      }
      return n;
    }),
    close: () => channel.close(),
  };
}

export const GRPC_JS_DEFAULTS: grpc.ChannelOptions = { 'grpc.max_receive_message_length': 128 * 1024 * 1024 };
export const GRPC_JS_TUNED: grpc.ChannelOptions = { ...GRPC_JS_DEFAULTS, 'grpc-node.flow_control_window': DEFAULT_CHANNEL_TUNING.flowControlWindow };
