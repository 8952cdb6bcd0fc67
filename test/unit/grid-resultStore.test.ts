import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordBatch, Table, tableFromIPC } from 'apache-arrow';
import { ResultStore } from '../../src/grid/resultStore';
import { takeTable } from '../../src/grid/rowTake';
import { measureDecodeAndFormat, measureWindow } from '../../src/grid/benchHooks';
import { formatCell } from '../../src/grid/shared/format';
import { ALL_TYPES_TEXT, ALL_TYPES_ZONE, BIG_SCHEMA, allTypesTable, bigBatches, bigRow } from '../grid/fixtures';

async function batches(rows: number, batchRows: number): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of bigBatches(rows, batchRows)) out.push(b);
  return out;
}

function ids(table: Table): string[] {
  return [...table.getChild('id')!].map(String);
}

function range(start: number, end: number): string[] {
  return Array.from({ length: end - start }, (_v, i) => String(start + i));
}

function rowTexts(table: Table, row: number): string[] {
  return table.schema.fields.map((_f, c) => formatCell(table.getChildAt(c)!, row, { timeZone: ALL_TYPES_ZONE }).text);
}

describe('grid ResultStore', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-store-test-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('answers windows across batch boundaries as small Arrow IPC streams', async () => {
    const store = new ResultStore(BIG_SCHEMA);
    for (const b of await batches(30, 10)) store.append(b);
    const window = tableFromIPC(store.window(5, 25));
    assert.deepEqual(ids(window), range(5, 25));
    assert.deepEqual([...window.getChild('label')!].slice(0, 6), ['L5', 'L6', 'L7', 'L8', 'L9', 'L0']);
    assert.deepEqual(ids(tableFromIPC(store.window(28, 100))), ['28', '29'], 'cut at the end of the result');
    assert.equal(tableFromIPC(store.window(40, 50)).numRows, 0);
    assert.ok(store.window(0, 10).byteLength < store.window(0, 30).byteLength);
  });

  it('counts rows as batches arrive and resolves waiters', async () => {
    const store = new ResultStore(BIG_SCHEMA);
    const [a, b] = await batches(20, 10);
    const waited = store.waitForRows(15);
    let resolved = false;
    void waited.then(() => (resolved = true));
    store.append(a);
    await Promise.resolve();
    assert.equal(store.rowCount, 10);
    assert.equal(resolved, false);
    store.append(b.slice(0, 0)); // empty batches are ignored
    store.append(b);
    await waited;
    assert.equal(store.rowCount, 20);
    assert.equal(store.done, false);
    store.finish();
    assert.equal(store.done, true);
    await store.waitForRows(1000); // an ended result releases every waiter
    assert.throws(() => store.append(a), /after finish/);
  });

  it('keeps memory within the budget by spilling later batches, and reads windows back exactly', async () => {
    const all = await batches(50_000, 5_000);
    const one = all[0].data.byteLength;
    const store = new ResultStore(BIG_SCHEMA, { memoryBudgetBytes: one * 3, tempDir: tmp });
    for (const b of all) store.append(b);
    store.finish();
    assert.ok(store.memoryBytes <= one * 3, `${store.memoryBytes} bytes in memory`);
    assert.ok(store.spilledBytes > 0);
    assert.equal(store.wholeResultInMemory, false);
    assert.deepEqual(ids(tableFromIPC(store.window(14_990, 15_010))), range(14_990, 15_010), 'memory → spill boundary');
    const end = tableFromIPC(store.window(49_950, 50_000));
    assert.deepEqual(ids(end), range(49_950, 50_000));
    assert.deepEqual([...end.getChild('label')!].at(-1), bigRow(49_999, 5_000)[2]);
    assert.equal(fs.readdirSync(tmp).length, 1, 'one spill folder');
    store.dispose();
    assert.equal(fs.readdirSync(tmp).length, 0, 'the spill file is deleted');
  });

  it('refuses a batch it cannot spill without losing the rows it has', async () => {
    const [a, b] = await batches(20, 10);
    const store = new ResultStore(BIG_SCHEMA, { memoryBudgetBytes: 1, tempDir: path.join(tmp, 'missing') });
    store.append(a);
    assert.throws(() => store.append(b), /ENOENT/);
    assert.equal(store.rowCount, 10);
    assert.deepEqual(ids(tableFromIPC(store.window(0, 10))), range(0, 10));
  });

  it('serves a local order by gathering rows of every Spark type exactly', () => {
    const table = allTypesTable();
    const split = [table.batches[0].slice(0, 4), table.batches[0].slice(4, 10)];
    const store = new ResultStore(table.schema);
    split.forEach((b) => store.append(b));
    store.finish();
    const order = Uint32Array.from([9, 0, 5, 3, 4, 1, 2, 8, 7, 6]);
    store.setOrder(order);
    const gathered = tableFromIPC(store.window(0, 10));
    order.forEach((source, row) => assert.deepEqual(rowTexts(gathered, row), ALL_TYPES_TEXT[source], `view row ${row}`));
    assert.equal(store.rowCount, 10);
    store.setOrder(Uint32Array.from([2, 7]));
    assert.equal(store.rowCount, 2);
    assert.deepEqual(rowTexts(tableFromIPC(store.window(1, 2)), 0), ALL_TYPES_TEXT[7]);
  });

  it('gathers from several batches into one compact batch', async () => {
    const all = await batches(30, 10);
    const picked = takeTable(BIG_SCHEMA, all, { chunk: Uint32Array.from([2, 0, 1]), row: Uint32Array.from([9, 0, 5]) });
    assert.equal(picked.batches.length, 1);
    assert.deepEqual(ids(picked), ['29', '0', '15']);
    assert.deepEqual([...picked.getChild('label')!], ['L9', 'L0', 'L5']);
  });
});

describe('grid bench hooks', () => {
  it('measure one window on the host and its decode + format in the webview', async () => {
    const store = new ResultStore(BIG_SCHEMA);
    for (const b of await batches(1000, 250)) store.append(b);
    const host = measureWindow(store, 900, 1100);
    assert.equal(host.rows, 100);
    assert.equal(host.bytes, host.ipc.byteLength);
    const page = measureDecodeAndFormat(host.ipc, { timeZone: 'UTC' });
    assert.deepEqual([page.rows, page.cells], [100, 300]);
    assert.ok(page.ms >= 0 && host.ms >= 0);
  });
});
