import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession } from '../../src/grid/gridSession';
import { PUSHED_WINDOW, type HostMessage } from '../../src/grid/shared/protocol';
import { BIG_SCHEMA, bigBatches, bigSource, gatedSource, TestSource, testSource } from '../grid/fixtures';
import { until } from '../support/until';

class FakeHost implements GridHost {
  readonly posted: HostMessage[] = [];
  readonly clipboard: string[] = [];
  readonly logs: string[] = [];
  exportFile: string | undefined;
  post(message: HostMessage): void {
    this.posted.push(message);
  }
  async writeClipboard(text: string): Promise<void> {
    this.clipboard.push(text);
  }
  async pickExportFile(): Promise<string | undefined> {
    return this.exportFile;
  }
  withProgress<T>(_title: string, task: (report: (m: string) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    return task(() => undefined, new AbortController().signal);
  }
  log(message: string): void {
    this.logs.push(message);
  }
  of<T extends HostMessage['type']>(type: T): Array<Extract<HostMessage, { type: T }>> {
    return this.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }
}

/** The windows posted in answer to getRows (not the first window of a view, sent unasked). */
const asked = (h: FakeHost) => h.of('rows').filter((r) => r.requestId !== PUSHED_WINDOW);

describe('grid GridSession', () => {
  let host: FakeHost;
  let session: GridSession | undefined;
  let tmp: string;
  beforeEach(() => {
    host = new FakeHost();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-session-test-'));
  });
  afterEach(() => {
    session?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function open(source: TestSource, opts = {}): GridSession {
    session = new GridSession(source, host, { rowCountIntervalMs: 1, tempDir: tmp, ...opts });
    return session;
  }

  it('sends nothing before ready, then init with Spark columns, then exactly the requested windows', async () => {
    const s = open(bigSource(2500, 1000));
    await until(() => s.stats.status === 'complete');
    assert.deepEqual(host.posted, []);
    s.handle({ type: 'ready' });
    const [init] = host.of('init');
    assert.deepEqual(init.columns.map((c) => `${c.name}:${c.sparkType}`), ['id:bigint', 'val:double', 'label:string']);
    assert.equal(init.rowCount, 2500);
    assert.equal(init.status, 'complete');
    // The first window goes out with init, unasked: the page paints it without a round trip.
    const [pushed] = host.of('rows');
    assert.deepEqual([pushed.requestId, pushed.viewId, pushed.start], [PUSHED_WINDOW, init.viewId, 0]);
    assert.deepEqual([...tableFromIPC(pushed.ipc).getChild('id')!].map(Number), Array.from({ length: 100 }, (_v, i) => i));
    s.handle({ type: 'getRows', requestId: 7, viewId: init.viewId, start: 990, end: 1010 });
    const [, rows] = host.of('rows');
    assert.equal(host.of('rows').length, 2);
    assert.equal(rows.requestId, 7);
    assert.equal(rows.start, 990);
    assert.deepEqual([...tableFromIPC(rows.ipc).getChild('id')!].map(Number), Array.from({ length: 20 }, (_v, i) => 990 + i));
  });

  it('caps windows at maxWindowRows and ignores stale views and invalid messages', async () => {
    const s = open(bigSource(5000, 1000), { maxWindowRows: 50 });
    await until(() => s.stats.status === 'complete');
    s.handle({ type: 'ready' });
    assert.equal(tableFromIPC(host.of('rows')[0].ipc).numRows, 50, 'the window sent unasked is capped too');
    s.handle({ type: 'getRows', requestId: 1, viewId: 1, start: 0, end: 5000 });
    assert.equal(tableFromIPC(asked(host)[0].ipc).numRows, 50);
    s.handle({ type: 'getRows', requestId: 2, viewId: 99, start: 0, end: 10 });
    for (const bad of [{ type: 'getRows', requestId: 3, viewId: 1, start: -1, end: 5 }, { type: 'getRows', requestId: 4, viewId: 1, start: 5, end: 1 }, { type: 'nope' }, null, 'ready']) s.handle(bad);
    assert.equal(asked(host).length, 1);
    assert.equal(host.logs.length, 5);
  });

  it('streams: the row count grows, and cancel reaches the source', async () => {
    const all: Parameters<typeof gatedSource>[0] = [];
    for await (const b of bigBatches(3000, 1000)) all.push(b);
    const source = gatedSource(all);
    const s = open(source);
    s.handle({ type: 'ready' });
    source.release();
    await until(() => host.of('rowCount').some((m) => m.count === 1000));
    assert.equal(host.of('rowCount').at(-1)!.done, false);
    s.handle({ type: 'cancel' });
    assert.equal(source.cancelled, 1);
    const last = host.of('rowCount').at(-1)!;
    assert.deepEqual([last.count, last.done, last.status], [1000, true, 'cancelled']);
    s.handle({ type: 'cancel' });
    assert.equal(source.cancelled, 1, 'cancel is sent once');
  });

  it('sorts locally when the result is in memory, and re-queries when it spilled', async () => {
    const local = open(bigSource(300, 100));
    await until(() => local.stats.status === 'complete');
    local.handle({ type: 'ready' });
    local.handle({ type: 'sort', sort: [{ column: 0, descending: true }] });
    await until(() => host.of('view').length === 1);
    const view = host.of('view')[0];
    assert.deepEqual([view.place, view.viewId, view.rowCount], ['local', 2, 300]);
    // The sorted view's first window follows its view message unasked, in the new order.
    const pushed = host.of('rows').filter((r) => r.requestId === PUSHED_WINDOW && r.viewId === 2);
    assert.equal(pushed.length, 1);
    assert.deepEqual([...tableFromIPC(pushed[0].ipc).getChild('id')!].slice(0, 3).map(Number), [299, 298, 297]);
    local.handle({ type: 'getRows', requestId: 1, viewId: 2, start: 0, end: 3 });
    assert.deepEqual([...tableFromIPC(asked(host)[0].ipc).getChild('id')!].map(Number), [299, 298, 297]);
    local.dispose();

    host = new FakeHost();
    const source = bigSource(3000, 1000);
    source.requery = (opts) => {
      source.requeries.push(opts);
      return testSource('again', BIG_SCHEMA, bigBatches(10, 10));
    };
    const remote = open(source, { memoryBudgetBytes: 1 });
    await until(() => remote.stats.status === 'complete');
    assert.ok(remote.stats.spilledBytes > 0);
    remote.handle({ type: 'ready' });
    remote.handle({ type: 'filter', text: ' L1 ' });
    await until(() => remote.stats.status === 'complete' && remote.stats.rows === 10);
    assert.equal(host.of('view')[0].place, 'server');
    assert.equal(source.requeries[0].where, "(instr(lower(CAST(`id` AS STRING)), 'l1') > 0 OR instr(lower(CAST(`val` AS STRING)), 'l1') > 0 OR instr(lower(CAST(`label` AS STRING)), 'l1') > 0)");
  });

  it('explains what the grid shows: its own query with an in-memory sort described, or the server re-query of a filter', async () => {
    const explained = (name: string) => async (): Promise<string> => `plan of ${name}`;
    const local = open({ ...bigSource(300, 100), explain: explained('the query') });
    await until(() => local.stats.status === 'complete');
    local.handle({ type: 'ready' });
    assert.deepEqual(local.explainView().inMemory, undefined);
    local.handle({ type: 'sort', sort: [{ column: 2, descending: true }] });
    await until(() => host.of('view').length === 1);
    const view = local.explainView();
    assert.equal(await view.source.explain!(), 'plan of the query');
    assert.equal(view.inMemory, 'sorted by label descending');
    local.dispose();

    host = new FakeHost();
    const source: TestSource = { ...bigSource(3000, 1000), explain: explained('the query') };
    source.requery = (opts) => {
      source.requeries.push(opts);
      return { ...testSource('again', BIG_SCHEMA, bigBatches(10, 10)), explain: explained(`WHERE ${opts.where}`) };
    };
    const remote = open(source, { memoryBudgetBytes: 1 });
    await until(() => remote.stats.status === 'complete');
    remote.handle({ type: 'ready' });
    remote.handle({ type: 'filter', text: 'L1' });
    await until(() => remote.stats.status === 'complete' && remote.stats.rows === 10);
    const filtered = remote.explainView();
    assert.equal(filtered.inMemory, undefined);
    assert.match(await filtered.source.explain!(), /^plan of WHERE \(instr\(lower\(CAST\(`id` AS STRING\)\), 'l1'\)/);
    assert.equal(source.requeries.length, 2, 'one re-query streamed the view, one was planned for Explain (and never streamed)');
  });

  it('refuses to sort a streaming result it cannot re-query, with a reason', async () => {
    const all: Parameters<typeof gatedSource>[0] = [];
    for await (const b of bigBatches(20, 10)) all.push(b);
    const source = gatedSource(all);
    const s = open(source);
    s.handle({ type: 'ready' });
    source.release();
    await until(() => s.stats.rows === 10);
    s.handle({ type: 'sort', sort: [{ column: 0, descending: false }] });
    await until(() => host.of('error').length === 1);
    assert.match(host.of('error')[0].message, /wait until it has loaded/);
  });

  it('copies a range from the full result and limits huge copies', async () => {
    const s = open(bigSource(3000, 1000), { maxCopyCells: 100 });
    await until(() => s.stats.status === 'complete');
    s.handle({ type: 'ready' });
    s.handle({ type: 'copy', requestId: 5, viewId: 1, format: 'csv', withHeader: true, range: { rowStart: 999, rowEnd: 1001, colStart: 1, colEnd: 3 } });
    await until(() => host.of('copied').length === 1);
    assert.deepEqual(host.clipboard, ['val,label\r\n499.5,L999\r\n0,L0']);
    assert.deepEqual(host.of('copied')[0], { type: 'copied', requestId: 5, format: 'csv', rows: 2, chars: host.clipboard[0].length });
    s.handle({ type: 'copy', requestId: 6, viewId: 1, format: 'tsv', withHeader: false, range: { rowStart: 0, rowEnd: 3000, colStart: 0, colEnd: 3 } });
    await until(() => host.of('error').length === 1);
    assert.equal(host.of('error')[0].requestId, 6);
    assert.match(host.of('error')[0].message, /9,000 cells.*Use Export/);
  });

  it('keeps what it has and stops the source when the result can be neither held nor spilled', async () => {
    const source = bigSource(3000, 1000);
    const s = open(source, { memoryBudgetBytes: 1, tempDir: path.join(tmp, 'missing') });
    s.handle({ type: 'ready' });
    await until(() => s.stats.status === 'failed');
    assert.equal(source.cancelled, 1);
    assert.equal(s.stats.rows, 1000);
    assert.match(host.of('error')[0].message, /larger than the memory budget.*first 1000 rows/);
  });

  it('re-sends init after the webview comes back, and frees everything on dispose', async () => {
    const source = bigSource(3000, 1000);
    const s = open(source, { memoryBudgetBytes: 1 });
    await until(() => s.stats.status === 'complete');
    s.handle({ type: 'ready' });
    s.detach();
    s.handle({ type: 'getRows', requestId: 1, viewId: 1, start: 0, end: 10 });
    assert.equal(asked(host).length, 0, 'nothing is posted to a hidden webview');
    assert.equal(host.of('rows').length, 1, 'only the first window, sent with the first init');
    s.handle({ type: 'ready' });
    assert.equal(host.of('init').length, 2);
    assert.equal(host.of('rows').length, 2, 'the page that came back gets its first window with init again');
    assert.equal(fs.readdirSync(tmp).length, 1);
    s.dispose();
    s.dispose();
    assert.equal(fs.readdirSync(tmp).length, 0, 'spill file deleted');
  });
});
