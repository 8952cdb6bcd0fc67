// ReleaseExecute for one reattachable operation: consumed responses are released as they are consumed, at most one
// call in flight (a newer response id replaces a pending one), and the whole operation once at the end. Every call is
// fire-and-forget: nothing waits for the server's answer, and a server that has already dropped the operation is fine.
import { create } from '@bufbuild/protobuf';
import { ReleaseExecuteRequestSchema } from './gen/spark/connect/base_pb';
import { backoffMs, fromGrpcError, isRetryable } from './errors';
import type { SessionContext } from './execution';

type Release = { case: 'releaseUntil'; value: { responseId: string } } | { case: 'releaseAll'; value: Record<string, never> };

export class ExecutionReleaser {
  private inFlight = false;
  private pendingUntil?: string;
  private allSent = false;

  constructor(private readonly ctx: SessionContext, private readonly operationId: string) {}

  /** Frees the server's buffer up to and including this response. */
  releaseUntil(responseId: string): void {
    if (!responseId || this.allSent) return;
    if (this.inFlight) {
      this.pendingUntil = responseId;
      return;
    }
    this.inFlight = true;
    void this.send({ case: 'releaseUntil', value: { responseId } }).finally(() => {
      this.inFlight = false;
      const next = this.pendingUntil;
      this.pendingUntil = undefined;
      if (next) this.releaseUntil(next);
    });
  }

  /** Frees the whole operation; later releaseUntil calls are dropped. Retried in the background per the policy. */
  releaseAll(): void {
    if (this.allSent) return;
    this.allSent = true;
    this.pendingUntil = undefined;
    void this.send({ case: 'releaseAll', value: {} }, true);
  }

  private async send(release: Release, retry = false, attempt = 0): Promise<void> {
    try {
      await this.ctx.transport.releaseExecute(create(ReleaseExecuteRequestSchema, {
        sessionId: this.ctx.sessionId,
        userContext: { userId: this.ctx.userId },
        clientType: this.ctx.clientType,
        operationId: this.operationId,
        release,
        clientObservedServerSideSessionId: this.ctx.serverSideSessionId,
      }), { timeoutMs: 30_000 });
    } catch (err) {
      const error = fromGrpcError(err);
      const policy = this.ctx.retryPolicy;
      if (!retry || attempt >= policy.maxRetries || !isRetryable(error, policy)) return;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, policy, error)).unref?.());
      return this.send(release, retry, attempt + 1);
    }
  }
}
