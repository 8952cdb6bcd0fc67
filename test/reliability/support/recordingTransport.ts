// The real gRPC transport, recording the operation ids of the ExecutePlan and ReattachExecute calls it makes.
import type { ExecutePlanRequest, ReattachExecuteRequest } from '../../../src/client/gen/spark/connect/base_pb';
import { parseConnectionString } from '../../../src/client/connectionString';
import { GrpcTransport, type CallOptions } from '../../../src/client/transport';

export class RecordingTransport extends GrpcTransport {
  readonly executePlans: string[] = [];
  readonly reattaches: string[] = [];

  constructor(url: string) {
    super(parseConnectionString(url));
  }

  override executePlan(req: ExecutePlanRequest, opts?: CallOptions) {
    this.executePlans.push(req.operationId ?? '');
    return super.executePlan(req, opts);
  }

  override reattachExecute(req: ReattachExecuteRequest, opts?: CallOptions) {
    this.reattaches.push(req.operationId);
    return super.reattachExecute(req, opts);
  }
}
