import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Table, tableFromIPC } from 'apache-arrow';
import { exportToFile, storeBatches } from '../../src/grid/exporter';
import { ResultStore } from '../../src/grid/resultStore';
import { GridSession } from '../../src/grid/gridSession';
import { formatCell } from '../../src/grid/shared/format';
import type { HostMessage } from '../../src/grid/shared/protocol';
import { ALL_TYPES_TEXT, ALL_TYPES_ZONE, BIG_SCHEMA, allTypesTable, bigBatches, bigRow, bigSource } from '../grid/fixtures';
import { until } from '../support/until';

async function* once(table: Table): AsyncGenerator<import('apache-arrow').RecordBatch> {
  yield* table.batches;
}

describe('grid export', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-export-test-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes CSV with the grid formatter, NULL as an empty field and "" for the empty string', async () => {
    const file = path.join(tmp, 'out.csv');
    const table = allTypesTable().selectAt([3, 6, 7, 11]);
    const rows = await exportToFile(once(table), table.schema, 'csv', file, { timeZone: ALL_TYPES_ZONE });
    assert.equal(rows, 10);
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines[0], 'i64,dec,str,ts');
    assert.equal(lines[1], '9007199254740993,12345678901234567890.123456789012345678,hello,2023-12-31 19:00:00.123456');
    assert.equal(lines[2], '-9223372036854775808,-0.000000000000000001,"",1969-12-31 19:00:00');
    assert.equal(lines[3], '9223372036854775807,0.000000000000000000,,1969-12-31 18:59:59.999999');
    assert.ok(lines[6].startsWith(`1,0.000000000000000001,${'x'.repeat(990)}END-OF-LONG,`), 'full values, not the grid cut');
    assert.equal(lines[10], ',,,');
  });

  it('writes JSON lines with exact numbers and nested values', async () => {
    const file = path.join(tmp, 'out.jsonl');
    const table = allTypesTable().selectAt([3, 13, 14, 15]);
    await exportToFile(once(table), table.schema, 'jsonl', file, { timeZone: ALL_TYPES_ZONE });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 11);
    assert.equal(lines[0], '{"i64":9007199254740993,"arr":[1,2,3],"m":{"a":1,"b":null},"st":{"x":9007199254740993,"y":"a\\"b","z":123.45}}');
    assert.equal(lines[9], '{"i64":null,"arr":null,"m":null,"st":null}');
    assert.equal(lines[10], '');
    assert.deepEqual(JSON.parse(lines[1]), { i64: -9223372036854775808, arr: [], m: {}, st: { x: -1, y: null, z: -0.05 } });
  });

  it('writes an Arrow IPC file that reads back bit for bit', async () => {
    const file = path.join(tmp, 'out.arrow');
    const table = allTypesTable();
    await exportToFile(once(table), table.schema, 'arrow', file, { timeZone: 'UTC' });
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 6).toString(), 'ARROW1');
    const back = tableFromIPC(bytes);
    ALL_TYPES_TEXT.forEach((expected, row) => {
      assert.deepEqual(back.schema.fields.map((_f, c) => formatCell(back.getChildAt(c)!, row, { timeZone: ALL_TYPES_ZONE }).text), expected);
    });
  });

  it('streams a store that is still filling, in view order, with progress', async () => {
    const store = new ResultStore(BIG_SCHEMA);
    const file = path.join(tmp, 'big.csv');
    const progress: number[] = [];
    const done = exportToFile(storeBatches(store), BIG_SCHEMA, 'csv', file, { timeZone: 'UTC', onProgress: (n) => progress.push(n) });
    for await (const b of bigBatches(25_000, 5_000)) {
      store.append(b);
      await new Promise((r) => setImmediate(r));
    }
    store.finish();
    assert.equal(await done, 25_000);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 25_001);
    assert.equal(lines[25_000], bigRow(24_999, 5_000).join(','));
    assert.equal(progress.at(-1), 25_000);
    assert.ok(progress.length >= 3);
  });

  it('runs from the session: the host picks the file, progress and completion reach the webview', async () => {
    const posted: HostMessage[] = [];
    const file = path.join(tmp, 'session.arrow');
    const session = new GridSession(bigSource(12_000, 4_000), {
      post: (m) => posted.push(m), writeClipboard: async () => undefined, pickExportFile: async () => file,
      withProgress: (_t, task) => task(() => undefined, new AbortController().signal), log: () => undefined,
    });
    session.handle({ type: 'ready' });
    session.handle({ type: 'export', format: 'arrow' });
    await until(() => posted.some((m) => m.type === 'exportProgress' && m.done), 'the export to end');
    const last = posted.filter((m) => m.type === 'exportProgress').at(-1);
    assert.deepEqual(last, { type: 'exportProgress', format: 'arrow', rows: 12_000, done: true, file });
    assert.equal(tableFromIPC(fs.readFileSync(file)).numRows, 12_000);
    session.dispose();
  });
});
