import * as assert from 'node:assert/strict';
import { Data, RecordBatch, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { BatchSlabs, SLAB_BYTES } from '../../src/grid/batchSlabs';
import { ResultStore } from '../../src/grid/resultStore';
import { formatCell } from '../../src/grid/shared/format';
import { ALL_TYPES_TEXT, ALL_TYPES_ZONE, allTypesTable, bigBatches } from '../grid/fixtures';

function texts(table: Table): string[][] {
  return Array.from({ length: table.numRows }, (_r, row) =>
    table.schema.fields.map((_f, c) => formatCell(table.getChildAt(c)!, row, { timeZone: ALL_TYPES_ZONE }).text));
}

/** Every buffer of a batch's data, its children's included. */
function buffersOf(data: Data): ArrayBufferView[] {
  const own = [data.valueOffsets, data.values, data.nullBitmap, data.typeIds].filter((b) => b && b.byteLength > 0) as ArrayBufferView[];
  return [...own, ...data.children.flatMap(buffersOf)];
}

describe('grid BatchSlabs', () => {
  it('a copied batch reads as the original, every type (nulls, strings, decimals, lists, structs) included', () => {
    const table = allTypesTable();
    const slabs = new BatchSlabs();
    const copied = new Table(table.schema, table.batches.map((b) => slabs.copy(b)));
    assert.deepEqual(texts(copied), ALL_TYPES_TEXT.map((r) => [...r]));
    assert.deepEqual(texts(tableFromIPC(tableToIPC(copied, 'stream'))), ALL_TYPES_TEXT.map((r) => [...r]), 'and encodes to the same IPC');
  });

  it('puts every buffer into slabs of SLAB_BYTES, 8-byte aligned, none of them the original memory', async () => {
    const slabs = new BatchSlabs();
    const originals: RecordBatch[] = [];
    for await (const b of bigBatches(50_000, 10_000)) originals.push(b);
    const copies = originals.map((b) => slabs.copy(b));
    const sources = new Set(originals.flatMap((b) => buffersOf(b.data).map((v) => v.buffer)));
    for (const view of copies.flatMap((b) => buffersOf(b.data))) {
      assert.equal(view.buffer.byteLength, SLAB_BYTES);
      assert.equal(view.byteOffset % 8, 0);
      assert.ok(!sources.has(view.buffer), 'not the memory the batch arrived in');
    }
    const held = originals.reduce((n, b) => n + b.data.byteLength, 0);
    assert.equal(slabs.allocatedBytes, Math.ceil(held / SLAB_BYTES) * SLAB_BYTES, `${held} bytes fit in the fewest slabs`);
    assert.deepEqual(copies.map((b) => b.numRows), originals.map((b) => b.numRows));
  });

  it('a ResultStore keeps the batches it holds in memory in slabs; spilled ones are not copied', async () => {
    const originals: RecordBatch[] = [];
    for await (const b of bigBatches(30_000, 10_000)) originals.push(b);
    const store = new ResultStore(originals[0].schema, { memoryBudgetBytes: originals[0].data.byteLength * 2 });
    try {
      originals.forEach((b) => store.append(b));
      assert.ok(store.spilledBytes > 0, 'the third batch spilled');
      assert.deepEqual([0, 1].map((k) => store.batch(k).data.children[0].values.buffer.byteLength), [SLAB_BYTES, SLAB_BYTES]);
      assert.notEqual(store.batch(2).data.children[0].values.buffer.byteLength, SLAB_BYTES, 'read back from the spill file as it was');
      assert.deepEqual([...store.slice(9_998, 10_002).getChild('id')!].map(String), ['9998', '9999', '10000', '10001']);
    } finally {
      store.dispose();
    }
  });
});
