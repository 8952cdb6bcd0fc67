// What the preview and first-rows figures share: a transport that notes its first Arrow response, and a GridSession
// driven as the webview drives it until the first 100-row window is posted.
import { GrpcTransport, type ResponseStream } from '../../src/client/transport';
import type { ExecutePlanResponse } from '../../src/client/gen/spark/connect/base_pb';
import { GridSession } from '../../src/grid/gridSession';
import type { GridSource } from '../../src/grid/gridSource';
import type { HostMessage } from '../../src/grid/shared/protocol';

/** A transport that notes when the first ExecutePlan response with Arrow data comes out (Spark 4 sends
 * execution_progress responses while the query runs, long before any row). */
export class TimedTransport extends GrpcTransport {
  firstAt = 0;
  override executePlan(...args: Parameters<GrpcTransport['executePlan']>): ResponseStream<ExecutePlanResponse> {
    const inner = super.executePlan(...args);
    const mark = (): void => {
      if (!this.firstAt) this.firstAt = performance.now();
    };
    return {
      cancel: () => inner.cancel(),
      async *[Symbol.asyncIterator]() {
        for await (const m of inner) {
          if (m.responseType.case === 'arrowBatch') mark();
          yield m;
        }
      },
    };
  }
}

/** A grid over `source`, driven as the webview drives it; resolves when its first 100-row window is posted (the host
 * sends it unasked with the first row count). */
export async function firstWindow(source: GridSource): Promise<{ grid: GridSession; initAt: number; rowsAt: number }> {
  let initAt = 0;
  let grid!: GridSession;
  const rowsAt = await new Promise<number>((resolve, reject) => {
    grid = new GridSession(source, {
      post: (m: HostMessage) => {
        if (m.type === 'init') initAt ||= performance.now();
        if (m.type === 'rows' && m.start === 0) resolve(performance.now());
        if (m.type === 'error') reject(new Error(m.message));
      },
      writeClipboard: async () => undefined,
      pickExportFile: async () => undefined,
      withProgress: (_t, task) => task(() => undefined, new AbortController().signal),
      log: () => undefined,
    });
    grid.handle({ type: 'ready' });
  });
  return { grid, initAt, rowsAt };
}
