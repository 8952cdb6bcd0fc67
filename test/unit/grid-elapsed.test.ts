import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GridSession } from '../../src/grid/gridSession';
import { parseHostMessage, type HostMessage } from '../../src/grid/shared/protocol';
import { elapsedText } from '../../media/grid/toolbar';
import { bigSource } from '../grid/fixtures';
import { until } from '../support/until';

describe('grid elapsed time', () => {
  it('says how long the result took once it ended, and nothing while it streams', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-elapsed-'));
    const posted: HostMessage[] = [];
    const session = new GridSession(bigSource(3000, 1000), {
      post: (m) => void posted.push(m), writeClipboard: async () => undefined, pickExportFile: async () => undefined,
      withProgress: (_t, task) => task(() => undefined, new AbortController().signal), log: () => undefined,
    }, { rowCountIntervalMs: 1, tempDir: tmp });
    try {
      session.handle({ type: 'ready' });
      await until(() => posted.some((m) => m.type === 'rowCount' && m.done), 'the closing row count');
      const counts = posted.filter((m): m is Extract<HostMessage, { type: 'rowCount' }> => m.type === 'rowCount');
      const last = counts.at(-1)!;
      assert.equal(last.done, true);
      assert.equal(typeof last.elapsedMs, 'number');
      assert.ok(counts.filter((m) => !m.done).every((m) => m.elapsedMs === undefined));
      assert.ok(parseHostMessage(last), 'the message passes the webview validator');
      assert.equal(parseHostMessage({ ...last, elapsedMs: -1 }), undefined);
    } finally {
      session.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('formats milliseconds, seconds and minutes', () => {
    assert.equal(elapsedText(340.4), '340 ms');
    assert.equal(elapsedText(4210), '4.2 s');
    assert.equal(elapsedText(125_000), '2 min 5 s');
  });
});
