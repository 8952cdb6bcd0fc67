// Streams a whole result to CSV, JSON lines or an Arrow IPC file, batch by batch, with backpressure, so memory
// stays at about one batch whatever the result size. Values print exactly as in the grid (untruncated).
import { once } from 'node:events';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { RecordBatch, RecordBatchFileWriter, Schema, Table } from 'apache-arrow';
import { csvField, fullText, jsonObject, tableRows, uniqueNames } from './copyText';
import { FormatOptions } from './shared/format';
import type { ExportFormat } from './shared/protocol';
import type { ResultStore } from './resultStore';

/** Options of one export. */
export interface ExportOptions extends FormatOptions {
  /** Called after each batch with the rows written so far. */
  readonly onProgress?: (rows: number) => void;
  /** Stops the export between batches. */
  readonly signal?: AbortSignal;
}

/** Rows per chunk read from the store (bounds the text built at once). */
const CHUNK_ROWS = 10_000;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, 'drain');
}

/** The rows of a store's current view as batches, waiting for rows still streaming in. */
export async function* storeBatches(store: ResultStore): AsyncGenerator<RecordBatch> {
  let next = 0;
  for (;;) {
    await store.waitForRows(next + 1);
    if (next >= store.rowCount) return; // waitForRows resolved because the result ended
    const end = Math.min(store.rowCount, next + CHUNK_ROWS);
    yield* store.rows(next, end).batches;
    next = end;
  }
}

/** Writes every batch to `out` in `format`; resolves with the number of rows written. Does not end `out`. */
export async function exportBatches(
  batches: AsyncIterable<RecordBatch>, schema: Schema, format: ExportFormat, out: Writable, opts: ExportOptions,
): Promise<number> {
  if (format === 'arrow') return exportArrow(batches, schema, out, opts);
  const keys = uniqueNames(schema.fields.map((f) => f.name));
  if (format === 'csv') out.write(keys.map((_k, i) => csvField(schema.fields[i].name)).join(',') + '\r\n');
  let rows = 0;
  for await (const batch of batches) {
    opts.signal?.throwIfAborted();
    const lines: string[] = [];
    for (const row of tableRows(new Table(schema, [batch]))) {
      lines.push(format === 'csv'
        ? row.map((c) => csvField(fullText(c.data, c.index, opts))).join(',') + '\r\n'
        : jsonObject(row, keys, opts) + '\n');
    }
    out.write(lines.join(''));
    rows += batch.numRows;
    opts.onProgress?.(rows);
    await drained(out);
  }
  return rows;
}

async function exportArrow(batches: AsyncIterable<RecordBatch>, schema: Schema, out: Writable, opts: ExportOptions): Promise<number> {
  const writer = new RecordBatchFileWriter();
  const pump = (async () => {
    for await (const chunk of writer) out.write(chunk);
  })();
  writer.reset(undefined, schema);
  let rows = 0;
  try {
    for await (const batch of batches) {
      opts.signal?.throwIfAborted();
      writer.write(batch);
      rows += batch.numRows;
      opts.onProgress?.(rows);
      await tick(); // lets the pump hand the batch's bytes to `out` before checking its backlog
      await drained(out);
    }
  } finally {
    writer.finish();
    await pump;
  }
  return rows;
}

/** Exports to a file at `file` (created or replaced); resolves with the rows written. */
export async function exportToFile(
  batches: AsyncIterable<RecordBatch>, schema: Schema, format: ExportFormat, file: string, opts: ExportOptions,
): Promise<number> {
  const out = fs.createWriteStream(file);
  try {
    const rows = await exportBatches(batches, schema, format, out, opts);
    out.end();
    await once(out, 'finish');
    return rows;
  } catch (e) {
    out.destroy();
    throw e;
  }
}
