import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession } from '../../src/grid/gridSession';
import { ResultTabs, tabTitle, tabToReplace } from '../../src/grid/resultTabs';
import { parseHostMessage, parseWebviewMessage, type HostMessage } from '../../src/grid/shared/protocol';
import { BIG_SCHEMA, bigBatches, bigSource, testSource } from '../grid/fixtures';
import { until } from '../support/until';

describe('result tabs: a new result replaces the most recent unpinned tab', () => {
  describe('tabToReplace', () => {
    it('picks the most recent unpinned tab with replace, none with newTab', () => {
      const tabs = [{ pinned: false, seq: 1 }, { pinned: false, seq: 3 }, { pinned: true, seq: 4 }, { pinned: false, seq: 2 }];
      assert.equal(tabToReplace(tabs, 'replace'), 1);
      assert.equal(tabToReplace(tabs, 'newTab'), undefined);
    });

    it('opens a new tab when there is none, or every tab is pinned', () => {
      assert.equal(tabToReplace([], 'replace'), undefined);
      assert.equal(tabToReplace([{ pinned: true, seq: 1 }, { pinned: true, seq: 2 }], 'replace'), undefined);
    });
  });

  describe('ResultTabs', () => {
    it('two results with replace: the second takes the first one\'s tab; pinned, a third opens beside it', () => {
      const tabs = new ResultTabs<string>();
      assert.equal(tabs.target('replace'), undefined);
      tabs.opened('first');
      assert.equal(tabs.target('replace'), 'first');
      tabs.opened('second');
      tabs.closed('first'); // the panel that was replaced
      assert.deepEqual(tabs.panels, ['second']);
      tabs.setPinned('second', true);
      assert.equal(tabs.isPinned('second'), true);
      assert.equal(tabs.target('replace'), undefined, 'a pinned tab is never replaced');
      tabs.opened('third');
      assert.equal(tabs.target('replace'), 'third');
      assert.equal(tabs.size, 2);
      tabs.setPinned('second', false);
      assert.equal(tabs.target('replace'), 'third', 'the most recent unpinned one');
      tabs.touched('second');
      assert.equal(tabs.target('replace'), 'second', 'Run Again makes a tab the most recent');
      assert.equal(tabs.target('newTab'), undefined);
    });

    it('finds the tab of a history entry until it closes', () => {
      const tabs = new ResultTabs<string>();
      tabs.opened('a', 'h1');
      tabs.opened('b');
      assert.equal(tabs.forHistory('h1'), 'a');
      assert.equal(tabs.forHistory('h2'), undefined);
      tabs.closed('a');
      tabs.closed('a');
      assert.equal(tabs.forHistory('h1'), undefined);
      tabs.opened('c', 'h1');
      tabs.opened('d', 'h1'); // the same entry run again: its newest tab
      tabs.closed('c');
      assert.equal(tabs.forHistory('h1'), 'd');
      tabs.setPinned('gone', true);
      assert.equal(tabs.isPinned('gone'), false);
    });

    it('marks a pinned title', () => {
      assert.equal(tabTitle('SELECT 1', true), '📌 SELECT 1');
      assert.equal(tabTitle('SELECT 1', false), 'SELECT 1');
    });
  });

  describe('GridSession: pin and Run Again', () => {
    let tmp: string;
    let session: GridSession | undefined;
    const posted: HostMessage[] = [];
    const events: string[] = [];
    const host: GridHost = {
      post: (m) => void posted.push(m), writeClipboard: async () => undefined, pickExportFile: async () => undefined,
      withProgress: (_t, task) => task(() => undefined, new AbortController().signal), log: () => undefined,
      pinChanged: (pinned) => void events.push(`pin ${pinned}`), ranAgain: () => void events.push('ranAgain'),
    };
    const tabInfos = () => posted.flatMap((m) => (m.type === 'tab' ? [m.tab] : []));
    beforeEach(() => { posted.length = 0; events.length = 0; tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-tabs-test-')); });
    afterEach(() => { session?.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

    it('tells what made the result, keeps the pin, and runs the source again into the grid', async () => {
      const source = bigSource(30, 10);
      source.requery = (opts) => { source.requeries.push(opts); return testSource('again', BIG_SCHEMA, bigBatches(5, 5)); };
      const about = { statement: 'SELECT *\nFROM <b>t</b>', connection: 'prod' };
      session = new GridSession(source, host, { rowCountIntervalMs: 1, tempDir: tmp, about, runAgain: true });
      session.handle({ type: 'ready' });
      await until(() => session!.stats.status === 'complete' && session!.stats.rows === 30);
      const first = tabInfos().at(-1)!;
      assert.deepEqual({ ...first, ranAt: 0 }, { ...about, ranAt: 0, pinned: false, canRunAgain: true });
      session.handle({ type: 'pin', pinned: true });
      assert.deepEqual(events, ['pin true']);
      assert.equal(tabInfos().at(-1)!.pinned, true);
      session.handle({ type: 'runAgain' });
      await until(() => session!.stats.status === 'complete' && session!.stats.rows === 5);
      assert.equal(source.requeries.length, 1);
      assert.deepEqual(events, ['pin true', 'ranAgain']);
      const after = tabInfos().at(-1)!;
      assert.equal(after.pinned, true, 'still pinned after Run Again');
      assert.ok(after.ranAt >= first.ranAt);
    });

    it('refuses Run Again for a source that may write (not offered), and sends nothing new', async () => {
      const source = bigSource(3, 3);
      source.requery = (opts) => { source.requeries.push(opts); return testSource('again', BIG_SCHEMA, bigBatches(1, 1)); };
      session = new GridSession(source, host, { tempDir: tmp, runAgain: false });
      session.handle({ type: 'ready' });
      await until(() => session!.stats.status === 'complete');
      assert.equal(tabInfos().at(-1)!.canRunAgain, false);
      session.handle({ type: 'runAgain' });
      await until(() => posted.some((m) => m.type === 'error'));
      const error = posted.find((m): m is Extract<HostMessage, { type: 'error' }> => m.type === 'error');
      assert.match(error?.message ?? '', /cannot be run again/);
      assert.equal(source.requeries.length, 0);
      assert.deepEqual(events, []);
    });

    it('checks the new messages both ways', () => {
      assert.deepEqual(parseWebviewMessage({ type: 'pin', pinned: true, extra: 1 }), { type: 'pin', pinned: true });
      assert.equal(parseWebviewMessage({ type: 'pin', pinned: 'yes' }), undefined);
      assert.deepEqual(parseWebviewMessage({ type: 'runAgain' }), { type: 'runAgain' });
      assert.ok(parseHostMessage({ type: 'tab', tab: { ranAt: 1, pinned: false, canRunAgain: false } }));
      assert.equal(parseHostMessage({ type: 'tab', tab: { ranAt: 1, pinned: false, canRunAgain: false, statement: 3 } }), undefined);
      assert.equal(parseHostMessage({ type: 'tab', tab: { pinned: false, canRunAgain: false } }), undefined);
    });
  });
});
