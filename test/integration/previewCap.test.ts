import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession } from '../../src/grid/gridSession';
import type { HostMessage } from '../../src/grid/shared/protocol';
import { previewSource } from '../../src/views/resultSources';
import { DB } from './fixtures';
import { session } from './hooks';

const TABLE = `${DB}.capped`;
const ROWS = 4999;
const LIMIT = 1000;

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

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 6000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), 'condition reached');
}

describe('capped table preview on a real server', () => {
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
});
