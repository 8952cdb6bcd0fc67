// What a server can be asked, by the Spark version it reports. Spark Connect protos only grow: an older server does
// not know newer fields or RPCs, so the client asks it only for what it knows, and says so where that matters.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { SparkConnectError } from './errors';

/** Features of the protocol that not every server has, with the first Spark version that has them. */
export const PROTOCOL_FEATURES = {
  /**
   * Reattachable execution (ReattachExecute, ReleaseExecute, ResultComplete, client-chosen operation ids): Spark 3.4
   * streams a result once and ends it by closing the stream.
   */
  reattachableExecute: [3, 5],
  /** Interrupt (of all operations, by tag or by operation id): Spark 3.4 has no RPC to stop a running operation. */
  interrupt: [3, 5],
  /** SQL parameters by position (`?`, SQL.pos_args): Spark 3.4 binds named parameters only. */
  positionalSqlParameters: [3, 5],
  /** SqlCommand.input and SQL.named_arguments/pos_arguments (Spark 3.5 reads only SqlCommand.sql and literal args). */
  sqlInputRelation: [4, 0],
  releaseSession: [4, 0],
  fetchErrorDetails: [4, 0],
  executionProgress: [4, 0],
  /** ResultChunkingOptions: Arrow batches larger than a message arrive in chunks. */
  resultChunking: [4, 1],
  /** GetStatus: the state of an operation, asked when its outcome is otherwise unknown. */
  getStatus: [4, 2],
} as const satisfies Record<string, readonly [number, number]>;

export type ProtocolFeature = keyof typeof PROTOCOL_FEATURES;

/** True when a server reporting this Spark version has the feature; an unknown version counts as the newest. */
export function serverHas(version: string | undefined, feature: ProtocolFeature): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [wantMajor, wantMinor] = PROTOCOL_FEATURES[feature];
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/** The error for a feature the server lacks: what is not available, and on which server. */
export function notAvailable(feature: string, what: string, version: string | undefined): SparkConnectError {
  return new SparkConnectError({
    grpcCode: GrpcStatus.UNIMPLEMENTED,
    unsupportedFeature: feature,
    serverAnswered: true,
    serverMessage: `${what} is not available on this server${version ? ` (Spark ${version})` : ''}.`,
  });
}
