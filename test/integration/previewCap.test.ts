import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession } from '../../src/grid/gridSession';
import type { HostMessage } from '../../src/grid/shared/protocol';
import { dataFrameSource, previewSource } from '../../src/views/resultSources';
import { DB } from './fixtures';
import { session } from './hooks';
import { until as waitUntil } from '../support/until';

const TABLE = `${DB}.capped`;
const ROWS = 4999;
const LIMIT = 1000;
const MANY = 300_000;

function recordingHost(posted: HostMessage[], titles: string[]): GridHost {
  return {
    post: (m) => void posted.push(m),
    writeClipboard: async () => undefined,
    pickExportFile: async () => undefined,
    withProgress: (_t, task) => task(() => undefined, new AbortController().signal),
    log: () => undefined,
    setTitle: (t) => void titles.push(t),
  };
}

/** The real server's queries may take a while on a busy machine: a minute, as before. */
const until = (check: () => boolean) => waitUntil(check, 'the condition', 60_000);

describe('result grid on a real server: a capped preview, a result that spills', () => {
  let tmp: string;
  let grid: GridSession | undefined;
  before(async () => {
    await session().sql(`DROP TABLE IF EXISTS ${TABLE}`);
    await session().sql(`CREATE TABLE ${TABLE} USING delta AS SELECT id FROM range(${ROWS})`);
  });
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cap-it-')); });
  afterEach(() => {
    grid?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('says first 1,000 of 4,999 rows, sorts the whole table on the server, and Load all brings every row', async () => {
    const posted: HostMessage[] = [];
    const titles: string[] = [];
    const source = previewSource(session().table(TABLE), LIMIT, 'capped', 'UTC', `all rows of ${TABLE}`);
    const g = (grid = new GridSession(source, recordingHost(posted, titles), { tempDir: tmp, rowCountIntervalMs: 1 }));
    g.handle({ type: 'ready' });
    await until(() => g.stats.status === 'complete' && titles.includes('capped (first 1,000 of 4,999 rows)'));
    assert.equal(g.stats.rows, LIMIT);

    g.handle({ type: 'sort', sort: [{ column: 0, descending: true }] });
    await until(() => posted.some((m) => m.type === 'view') && g.stats.status === 'complete');
    const view = posted.find((m): m is Extract<HostMessage, { type: 'view' }> => m.type === 'view')!;
    assert.equal(view.place, 'server');
    g.handle({ type: 'getRows', requestId: 1, viewId: view.viewId, start: 0, end: 1 });
    const rows = posted.filter((m): m is Extract<HostMessage, { type: 'rows' }> => m.type === 'rows').at(-1)!;
    assert.equal(Number(tableFromIPC(rows.ipc).getChild('id')!.get(0)), ROWS - 1, 'the largest id of the table, not of the first rows');
    assert.equal(g.stats.rows, LIMIT, 'the sorted answer is capped again');

    g.handle({ type: 'loadAll' });
    await until(() => g.stats.status === 'complete' && g.stats.rows === ROWS);
    assert.equal(titles.at(-1), 'capped');
  });

  it('spills a result beyond its memory budget as the bytes it arrived as, and reads every row back from disk', async () => {
    const posted: HostMessage[] = [];
    // ≈ 9 MB of Arrow: more than one of the server's (4 MiB) Arrow batches
    const query = await session().sql(`SELECT id, id * 3 AS tripled, concat('row ', CAST(id AS STRING)) AS label FROM range(${MANY})`);
    const source = dataFrameSource(query, 'spilled', 'UTC');
    const kept: number[] = [];
    const ipcOf = source.ipcOf!;
    const g = (grid = new GridSession({ ...source, ipcOf: (b) => { const bytes = ipcOf(b); if (bytes) kept.push(bytes.byteLength); return bytes; } },
      recordingHost(posted, []), { tempDir: tmp, rowCountIntervalMs: 1, memoryBudgetBytes: 1, maxWindowRows: MANY }));
    g.handle({ type: 'ready' });
    await until(() => g.stats.status === 'complete');
    assert.equal(g.stats.rows, MANY);
    assert.ok(kept.length > 1, `the server's batches kept their received bytes (${kept.length})`);
    // everything after the first batch spilled, as the bytes received (their sizes add up to the file's)
    assert.equal(g.stats.spilledBytes, kept.slice(1).reduce((a, b) => a + b, 0));
    g.handle({ type: 'getRows', requestId: 1, viewId: 1, start: 0, end: MANY });
    await until(() => posted.some((m) => m.type === 'rows' && m.requestId === 1));
    const rows = tableFromIPC(posted.find((m): m is Extract<HostMessage, { type: 'rows' }> => m.type === 'rows' && m.requestId === 1)!.ipc);
    const ids = [...rows.getChild('id')!].map(Number).sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: MANY }, (_, i) => i));
    for (let r = 0; r < rows.numRows; r += 997) {
      const id = Number(rows.getChild('id')!.get(r));
      assert.deepEqual([Number(rows.getChild('tripled')!.get(r)), rows.getChild('label')!.get(r)], [id * 3, `row ${id}`]);
    }
  });
});
