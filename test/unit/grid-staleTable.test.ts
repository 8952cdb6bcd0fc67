import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession } from '../../src/grid/gridSession';
import { nameParts, OpenTables, tableKey } from '../../src/grid/openTables';
import { parseHostMessage, parseWebviewMessage, type HostMessage } from '../../src/grid/shared/protocol';
import { BIG_SCHEMA, bigBatches, bigSource, testSource } from '../grid/fixtures';
import { until } from '../support/until';

describe('grid stale table: open grids know their table changed', () => {
  describe('OpenTables', () => {
    it('normalises names: backquotes, case, partial qualification, paths', () => {
      assert.deepEqual(nameParts('`Main`.`Sales`.`Orders`'), ['main', 'sales', 'orders']);
      assert.deepEqual(nameParts('main.`we``ird.name`'), ['main', 'we`ird.name']);
      assert.deepEqual(nameParts('delta.`/data/t1/`'), ['delta', '/data/t1/']);
      assert.equal(tableKey('prod', 'Main.Sales.ORDERS'), 'prod|main.sales.orders');
      assert.deepEqual(nameParts('s3://bucket/t1/'), ['s3://bucket/t1']);
    });

    it('marks the grids of the written table on that connection, not others, not fixed versions', () => {
      const tables = new OpenTables();
      const marked: string[] = [];
      tables.register({ connection: 'prod', table: '`main`.`sales`.`orders`' }, () => marked.push('preview'));
      tables.register({ connection: 'prod', table: '`main`.`sales`.`orders`', fixedVersion: true }, () => marked.push('v3'));
      tables.register({ connection: 'prod', table: '`main`.`sales`.`customers`' }, () => marked.push('customers'));
      tables.register({ connection: 'dev', table: '`main`.`sales`.`orders`' }, () => marked.push('dev'));
      const history = tables.register({ connection: 'prod', table: 'main.sales.orders' }, () => marked.push('history'));
      assert.equal(tables.tableChanged('prod', 'sales.ORDERS'), 2);
      assert.deepEqual(marked, ['preview', 'history']);
      history();
      marked.length = 0;
      assert.equal(tables.tableChanged('prod', 'Main.Sales.Orders'), 1);
      assert.deepEqual(marked, ['preview']);
      assert.equal(tables.tableChanged('prod', 'other.orders'), 0);
      assert.equal(tables.size, 4);
    });
  });

  describe('GridSession', () => {
    let tmp: string;
    let session: GridSession | undefined;
    const posted: HostMessage[] = [];
    const host: GridHost = {
      post: (m) => void posted.push(m), writeClipboard: async () => undefined, pickExportFile: async () => undefined,
      withProgress: (_t, task) => task(() => undefined, new AbortController().signal), log: () => undefined,
    };
    const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
    beforeEach(() => { posted.length = 0; tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-stale-test-')); });
    afterEach(() => { session?.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

    it('posts the stale notice, and Refresh re-runs the source and clears it', async () => {
      const source = bigSource(30, 10);
      source.requery = (opts) => { source.requeries.push(opts); return testSource('again', BIG_SCHEMA, bigBatches(5, 5)); };
      session = new GridSession({ ...source, reads: { connection: 'c', table: 't' } }, host, { rowCountIntervalMs: 1, tempDir: tmp });
      session.handle({ type: 'ready' });
      await until(() => session!.stats.status === 'complete' && session!.stats.rows === 30);
      session.markStale();
      assert.deepEqual(of('stale').at(-1), { type: 'stale', stale: true, canRefresh: true });
      session.handle({ type: 'refresh' });
      await until(() => session!.stats.status === 'complete' && session!.stats.rows === 5);
      assert.equal(source.requeries.length, 1);
      assert.equal(of('stale').at(-1)?.stale, false);
      const init = of('init').at(-1)!;
      assert.equal(of('init').length, 2, 'the refreshed result is announced with its columns');
      session.handle({ type: 'getRows', requestId: 9, viewId: init.viewId, start: 0, end: 10 });
      assert.equal(tableFromIPC(of('rows').at(-1)!.ipc).numRows, 5);
    });

    it('does not mark a fixed-version grid, and offers no Refresh without a re-query', async () => {
      session = new GridSession({ ...bigSource(3, 3), reads: { connection: 'c', table: 't', fixedVersion: true } }, host, { tempDir: tmp });
      session.handle({ type: 'ready' });
      session.markStale();
      assert.equal(of('stale').length, 0);
      session.dispose();
      session = new GridSession(bigSource(3, 3), host, { tempDir: tmp });
      session.handle({ type: 'ready' });
      await until(() => session!.stats.status === 'complete');
      session.markStale();
      assert.deepEqual(of('stale').at(-1), { type: 'stale', stale: true, canRefresh: false });
    });

    it('checks the new messages both ways', () => {
      assert.deepEqual(parseWebviewMessage({ type: 'refresh', extra: 1 }), { type: 'refresh' });
      assert.ok(parseHostMessage({ type: 'stale', stale: true, canRefresh: false }));
      assert.equal(parseHostMessage({ type: 'stale', stale: 'yes', canRefresh: false }), undefined);
    });
  });
});
