// Export of a grid's result to a file the user picks: from the rows the store holds (waiting for rows still
// streaming), or — for a result cut short by Cancel or a failure — from a fresh run on the server when possible.
import { exportToFile, storeBatches } from './exporter';
import type { GridHost } from './gridHost';
import type { GridSource } from './gridSource';
import type { ResultStore } from './resultStore';
import type { ExportFormat, HostMessage, StreamStatus } from './shared/protocol';

/** What an export reads from its grid. */
export interface ExportRequest {
  readonly format: ExportFormat;
  readonly store: ResultStore;
  readonly status: StreamStatus;
  readonly title: string;
  readonly timeZone: string;
  /** Runs the grid's query again as the view shows it (ORDER BY / WHERE); absent when that is impossible. */
  readonly requery?: () => GridSource;
}

/** Asks for a file and writes the result there with progress; returns quietly when the user cancels the dialog. */
export async function exportResult(req: ExportRequest, host: GridHost, post: (message: HostMessage) => void): Promise<void> {
  const { format, store, title } = req;
  const file = await host.pickExportFile(format, exportName(title, format));
  if (!file) return;
  const fromServer = (req.status === 'cancelled' || req.status === 'failed') && req.requery !== undefined;
  const server = fromServer ? req.requery!() : undefined;
  const batches = server ? server.batches : storeBatches(store);
  const rows = await host.withProgress(`Exporting ${title}`, (report, signal) => {
    signal.addEventListener('abort', () => server?.cancel());
    return exportToFile(batches, store.schema, format, file, {
      timeZone: req.timeZone, signal,
      onProgress: (n) => {
        report(`${n.toLocaleString('en-US')} rows`);
        post({ type: 'exportProgress', format, rows: n, done: false });
      },
    });
  });
  post({ type: 'exportProgress', format, rows, done: true, file });
  host.exportFinished?.(file, rows);
}

/** A file name for an export, from the result title. */
export function exportName(title: string, format: ExportFormat): string {
  const base = title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'result';
  return `${base}.${format === 'arrow' ? 'arrow' : format}`;
}
