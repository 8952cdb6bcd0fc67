import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession } from '../../src/grid/gridSession';
import type { RequeryOptions } from '../../src/grid/gridSource';
import { capText, isCutShort } from '../../src/grid/shared/previewCap';
import { parseHostMessage, parseWebviewMessage, type HostMessage } from '../../src/grid/shared/protocol';
import { BIG_SCHEMA, bigBatches, testSource, type TestSource } from '../grid/fixtures';
import { describeView } from '../../media/grid/gridApp';
import { until } from '../support/until';

class CapHost implements GridHost {
  readonly posted: HostMessage[] = [];
  readonly titles: string[] = [];
  post(message: HostMessage): void {
    this.posted.push(message);
  }
  async writeClipboard(): Promise<void> {}
  async pickExportFile(): Promise<string | undefined> {
    return undefined;
  }
  withProgress<T>(_t: string, task: (r: (m: string) => void, s: AbortSignal) => Promise<T>): Promise<T> {
    return task(() => undefined, new AbortController().signal);
  }
  log(): void {}
  setTitle(title: string): void {
    this.titles.push(title);
  }
  of<T extends HostMessage['type']>(type: T): Array<Extract<HostMessage, { type: T }>> {
    return this.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }
}

/** A preview of the first `limit` rows of a `total`-row table, recording what it was asked to run. */
function preview(limit: number, total: number, calls: { requery: RequeryOptions[]; all: RequeryOptions[] }): TestSource {
  const source = testSource('orders', BIG_SCHEMA, bigBatches(Math.min(limit, total), 1000));
  return Object.assign(source, {
    cap: {
      limit,
      totalRows: async () => total,
      all: (opts: RequeryOptions) => { calls.all.push(opts); return testSource('orders', BIG_SCHEMA, bigBatches(total, 1000)); },
    },
    requery: (opts: RequeryOptions) => { calls.requery.push(opts); return preview(limit, total, calls); },
  });
}

const firstIds = (host: CapHost, viewId: number, s: GridSession): number[] => {
  s.handle({ type: 'getRows', requestId: 9, viewId, start: 0, end: 3 });
  return [...tableFromIPC(host.of('rows').at(-1)!.ipc).getChild('id')!].map(Number);
};

describe('grid capped preview', () => {
  let session: GridSession | undefined;
  let tmp: string;
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-cap-test-')); });
  afterEach(() => {
    session?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('says how many rows it shows of how many', () => {
    assert.equal(capText({ limit: 10_000, total: 49_999 }), 'first 10,000 of 49,999 rows');
    assert.equal(capText({ limit: 10_000 }), 'first 10,000 rows (the table has more)');
    assert.equal(isCutShort({ limit: 100, total: 499 }, 100, true), true);
    assert.equal(isCutShort({ limit: 100, total: 100 }, 100, true), false, 'a table exactly the size of the cap is whole');
    assert.equal(isCutShort({ limit: 100 }, 40, true), false, 'fewer rows than the cap: the whole table');
    assert.equal(isCutShort({ limit: 100 }, 100, true), true, 'a full cap with an unknown total may be cut short');
    assert.equal(isCutShort({ limit: 100 }, 10, false), false, 'while streaming, only a known bigger total says so');
    assert.deepEqual(parseWebviewMessage({ type: 'loadAll' }), { type: 'loadAll' });
    assert.deepEqual(parseHostMessage({ type: 'cap', cap: { limit: 5, total: 9 } }), { type: 'cap', cap: { limit: 5, total: 9 } });
    assert.equal(parseHostMessage({ type: 'cap', cap: { limit: -1 } }), undefined);
  });

  it('titles a cut-short preview, sorts it on the server over the whole table, and Load all streams every row', async () => {
    const host = new CapHost();
    const calls = { requery: [] as RequeryOptions[], all: [] as RequeryOptions[] };
    const s = (session = new GridSession(preview(1000, 4999, calls), host, { rowCountIntervalMs: 1, tempDir: tmp }));
    await until(() => s.stats.status === 'complete');
    s.handle({ type: 'ready' });
    await until(() => host.of('cap').some((m) => m.cap?.total === 4999));
    assert.equal(host.titles.at(-1), 'orders (first 1,000 of 4,999 rows)');

    s.handle({ type: 'sort', sort: [{ column: 0, descending: true }] });
    await until(() => host.of('view').length === 1 && s.stats.status === 'complete');
    const view = host.of('view')[0];
    assert.equal(view.place, 'server', 'the rows held are not the table: the sort runs on the server');
    assert.deepEqual(calls.requery.map((o) => o.orderBy), [[{ name: 'id', descending: true }]]);
    assert.ok(describeView(view.view, view.place, [{ name: 'id', sparkType: 'bigint', kind: 'number' }], true).includes('over the whole table'));

    s.handle({ type: 'loadAll' });
    await until(() => s.stats.status === 'complete' && s.stats.rows === 4999);
    assert.deepEqual(calls.all.map((o) => o.orderBy), [[{ name: 'id', descending: true }]], 'Load all keeps the sort');
    assert.equal(host.of('cap').at(-1)!.cap, undefined);
    assert.equal(host.titles.at(-1), 'orders');
    s.handle({ type: 'sort', sort: [{ column: 0, descending: false }] });
    await until(() => host.of('view').length === 3);
    assert.equal(host.of('view')[2].place, 'local', 'after Load all the whole table is in memory');
    assert.deepEqual(firstIds(host, host.of('view')[2].viewId, s), [0, 1, 2]);
  });

  it('treats a table smaller than the cap as whole: no cap shown, sorting in memory', async () => {
    const host = new CapHost();
    const calls = { requery: [] as RequeryOptions[], all: [] as RequeryOptions[] };
    const s = (session = new GridSession(preview(1000, 300, calls), host, { rowCountIntervalMs: 1, tempDir: tmp }));
    await until(() => s.stats.status === 'complete');
    s.handle({ type: 'ready' });
    await until(() => host.titles.length > 0);
    assert.ok(host.of('cap').every((m) => m.cap === undefined));
    s.handle({ type: 'sort', sort: [{ column: 0, descending: true }] });
    await until(() => host.of('view').length === 1);
    assert.equal(host.of('view')[0].place, 'local');
    assert.deepEqual(calls.requery, []);
    assert.deepEqual(firstIds(host, host.of('view')[0].viewId, s), [299, 298, 297]);
  });
});
