import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordBatch, Schema, Table, tableToIPC } from 'apache-arrow';
import { SpillFile } from '../../src/grid/spillFile';
import { BIG_SCHEMA, bigBatches } from '../grid/fixtures';

async function batches(rows: number, per: number): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of bigBatches(rows, per)) out.push(b);
  return out;
}

const ids = (b: RecordBatch): number[] => [...b.getChild('id')!].map(Number);

describe('grid SpillFile', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-test-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes asynchronously: a batch reads from memory until its bytes are on disk, then from the file', async () => {
    const all = await batches(3000, 1000);
    const spill = new SpillFile(BIG_SCHEMA, tmp);
    const entries = all.map((b) => spill.write(b));
    assert.ok(spill.backlog > 0, 'nothing was written synchronously');
    assert.equal(spill.read(entries[1]), all[1], 'read while being written: the batch itself');
    await spill.whenBacklogBelow(0);
    assert.equal(spill.backlog, 0);
    assert.equal(fs.statSync(spill.file!).size, spill.bytes);
    entries.forEach((e, k) => {
      const back = spill.read(e);
      assert.notEqual(back, all[k], 'read back from the file');
      assert.deepEqual(ids(back), ids(all[k]));
    });
    spill.dispose();
  });

  it('writes the bytes a batch arrived as, unchanged, instead of encoding it again', async () => {
    const [b] = await batches(500, 500);
    // as a server would send it: its schema carries metadata that encoding the batch again would not write
    const sent = new Schema(BIG_SCHEMA.fields, new Map([['sent.by', 'the server']]));
    const received = tableToIPC(new Table(sent, [new RecordBatch(sent, b.data)]), 'stream');
    assert.notDeepEqual(received, tableToIPC(new Table(BIG_SCHEMA, [b]), 'stream'));
    const spill = new SpillFile(BIG_SCHEMA, tmp);
    const entry = spill.write(b, received);
    await spill.whenBacklogBelow(0);
    assert.deepEqual(new Uint8Array(fs.readFileSync(spill.file!)), received);
    assert.deepEqual(ids(spill.read(entry)), ids(b));
    spill.dispose();
  });

  it('deletes its file at once when disposed during writes, refuses later writes, and releases waiters', async () => {
    const all = await batches(4000, 1000);
    const spill = new SpillFile(BIG_SCHEMA, tmp);
    all.forEach((b) => spill.write(b));
    const waiting = spill.whenBacklogBelow(0);
    spill.dispose();
    assert.deepEqual(fs.readdirSync(tmp), [], 'the spill folder is gone');
    await waiting;
    assert.throws(() => spill.write(all[0]), /closed/);
    spill.dispose();
  });
});
