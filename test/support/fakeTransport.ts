// An in-process transport for fault injection in unit tests: each stream call plays a script.
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import {
  AnalyzePlanResponseSchema, ConfigResponseSchema, ExecutePlanResponseSchema, ExecutePlanResponse_ResultCompleteSchema, InterruptResponseSchema,
  ReleaseExecuteResponseSchema, ReleaseSessionResponseSchema, FetchErrorDetailsResponseSchema,
  type ExecutePlanRequest, type ExecutePlanResponse, type ReattachExecuteRequest, type ReleaseExecuteRequest, type InterruptRequest,
} from '../../src/client/gen/spark/connect/base_pb';
import { SparkConnectError } from '../../src/client/errors';
import type { ResponseStream, SparkConnectTransport } from '../../src/client/transport';

/** One step of a scripted stream: a response, or an error that ends the stream. */
export type Step = ExecutePlanResponse | SparkConnectError;

export function response(id: string, kind: ExecutePlanResponse['responseType'] = { case: undefined }, sss = 'server-1'): ExecutePlanResponse {
  return create(ExecutePlanResponseSchema, { responseId: id, serverSideSessionId: sss, responseType: kind });
}

export const complete = (id: string, sss?: string) => response(id, { case: 'resultComplete', value: create(ExecutePlanResponse_ResultCompleteSchema) }, sss);

export function unavailable(): SparkConnectError {
  return new SparkConnectError({ grpcCode: grpc.status.UNAVAILABLE, serverMessage: 'connection reset' });
}

export class FakeTransport implements SparkConnectTransport {
  executeCalls: ExecutePlanRequest[] = [];
  reattachCalls: ReattachExecuteRequest[] = [];
  releaseCalls: ReleaseExecuteRequest[] = [];
  interruptCalls: InterruptRequest[] = [];
  /** Scripts for successive ExecutePlan and ReattachExecute calls, in call order across both. */
  constructor(public scripts: Step[][]) {}

  executePlan(req: ExecutePlanRequest): ResponseStream<ExecutePlanResponse> {
    this.executeCalls.push(req);
    return this.play();
  }

  reattachExecute(req: ReattachExecuteRequest): ResponseStream<ExecutePlanResponse> {
    this.reattachCalls.push(req);
    return this.play();
  }

  async analyzePlan() {
    return create(AnalyzePlanResponseSchema, { serverSideSessionId: 'server-1', result: { case: 'sparkVersion', value: { version: '4.2.0' } } });
  }

  async config() {
    return create(ConfigResponseSchema, {});
  }

  async interrupt(req: InterruptRequest) {
    this.interruptCalls.push(req);
    return create(InterruptResponseSchema, { interruptedIds: req.interrupt.case === 'operationId' ? [req.interrupt.value] : [] });
  }

  async releaseExecute(req: ReleaseExecuteRequest) {
    this.releaseCalls.push(req);
    return create(ReleaseExecuteResponseSchema, {});
  }

  async releaseSession() {
    return create(ReleaseSessionResponseSchema, {});
  }

  async fetchErrorDetails() {
    return create(FetchErrorDetailsResponseSchema, {});
  }

  close(): void {}

  private play(): ResponseStream<ExecutePlanResponse> {
    const script = this.scripts.shift() ?? [];
    return {
      cancel: () => undefined,
      async *[Symbol.asyncIterator]() {
        for (const step of script) {
          await new Promise((r) => setImmediate(r));
          if (step instanceof SparkConnectError) throw step;
          yield step;
        }
      },
    };
  }
}
