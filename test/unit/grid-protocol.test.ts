import * as assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage, type HostMessage } from '../../src/grid/shared/protocol';
import { gridCsp, gridHtml, makeNonce } from '../../src/views/grid/gridHtml';
import { exportName } from '../../src/grid/gridExport';

describe('grid protocol and webview shell', () => {
  it('accepts well-formed webview messages', () => {
    const ok = [
      { type: 'ready' }, { type: 'cancel' },
      { type: 'getRows', requestId: 1, viewId: 1, start: 0, end: 100 },
      { type: 'sort', sort: [{ column: 2, descending: true }] },
      { type: 'filter', text: 'abc' },
      { type: 'export', format: 'jsonl' },
      { type: 'copy', requestId: 3, viewId: 1, format: 'sql-in', withHeader: false, range: { rowStart: 0, rowEnd: 2, colStart: 1, colEnd: 2 } },
    ];
    for (const m of ok) assert.deepEqual(parseWebviewMessage(m), m);
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: '<script>' }), { type: 'ready' }, 'unknown fields are dropped');
  });

  it('rejects malformed or unknown messages', () => {
    const bad: unknown[] = [
      null, 42, 'ready', {}, { type: 'eval' },
      { type: 'getRows', requestId: 1, viewId: 1, start: 5, end: 1 },
      { type: 'getRows', requestId: 1, viewId: 1, start: 0.5, end: 2 },
      { type: 'getRows', requestId: -1, viewId: 1, start: 0, end: 2 },
      { type: 'sort', sort: [{ column: 'a', descending: true }] },
      { type: 'filter', text: 5 },
      { type: 'export', format: 'xlsx' },
      { type: 'copy', requestId: 3, viewId: 1, format: 'html', withHeader: false, range: { rowStart: 0, rowEnd: 1, colStart: 0, colEnd: 1 } },
      { type: 'copy', requestId: 3, viewId: 1, format: 'tsv', withHeader: false, range: { rowStart: 2, rowEnd: 1, colStart: 0, colEnd: 1 } },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });

  const view = { sort: [{ column: 0, descending: false }], filter: 'x' };
  const hostMessages: HostMessage[] = [
    {
      type: 'init', title: 'T', columns: [{ name: 'id', sparkType: 'bigint', kind: 'number' }], timeZone: 'UTC', maxWindowRows: 1000,
      viewId: 1, view, rowCount: 0, status: 'streaming', canCancel: true, canProfile: false, profileOpen: false,
    },
    { type: 'rows', requestId: 1, viewId: 1, start: 0, ipc: new Uint8Array([1, 2]) },
    { type: 'rowCount', viewId: 1, count: 5, done: true, status: 'complete' },
    { type: 'view', viewId: 2, view, place: 'local', rowCount: 3, status: 'complete' },
    { type: 'copied', requestId: 2, format: 'csv', rows: 1, chars: 4 },
    { type: 'exportProgress', format: 'arrow', rows: 10, done: true, file: '/tmp/x.arrow' },
    { type: 'profile', requestId: 3, outcome: { kind: 'failed', message: 'no', errorClass: 'X' } },
    {
      type: 'profile', requestId: 4, outcome: {
        kind: 'done', scope: 'all rows', filter: '', columns: [{
          name: 'a', sparkType: 'int', rows: 2, nulls: 0, distinct: 2, min: '1', max: '2',
          top: [{ value: null, count: 1 }], histogram: [{ label: '1', count: 1 }],
        }],
      },
    },
    { type: 'error', message: 'boom' },
  ];

  it('accepts well-formed host messages in the webview', () => {
    for (const m of hostMessages) assert.equal(parseHostMessage(m), m, m.type);
  });

  it('rejects malformed or unknown host messages in the webview', () => {
    const [init, rows, rowCount, , copied, , failed] = hostMessages;
    const bad: unknown[] = [
      null, 'init', { type: 'eval' }, { type: 'toString' },
      { ...init, columns: [{ name: 'id', sparkType: 'bigint', kind: 'html' }] },
      { ...init, view: { sort: [{ column: -1, descending: false }], filter: '' } },
      { ...init, status: 'done' },
      { ...rows, ipc: [1, 2] },
      { ...rows, start: 1.5 },
      { ...rowCount, done: 'yes' },
      { ...copied, format: 'html' },
      { ...failed, outcome: { kind: 'failed' } },
      { type: 'profile', requestId: 1, outcome: { kind: 'done', scope: 's', filter: '', columns: [{ name: 'a' }] } },
      { type: 'error', message: 5 },
    ];
    for (const m of bad) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
  });

  it('builds a strict CSP and an HTML shell with no data and one nonce script', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(makeNonce(), nonce);
    assert.equal(gridCsp('https://x.vscode-cdn.net', 'N'),
      "default-src 'none'; script-src 'nonce-N'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net");
    const html = gridHtml({ cspSource: 'https://x', nonce, scriptUri: 'https://x/grid.js?a="b"', styleUri: 'https://x/grid.css' });
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/grid.js?a=&quot;b&quot;"></script>`));
    assert.ok(html.includes(`content="default-src 'none'; script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(html, /\sstyle=|\son\w+=/);
  });

  it('suggests safe export file names', () => {
    assert.equal(exportName('SELECT * FROM sales.orders', 'csv'), 'SELECT_FROM_sales.orders.csv');
    assert.equal(exportName('../../etc/passwd', 'arrow'), '.._.._etc_passwd.arrow');
    assert.equal(exportName('***', 'jsonl'), 'result.jsonl');
  });
});
