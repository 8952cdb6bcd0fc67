import * as assert from 'node:assert/strict';
import { collectGarbage } from '../../src/grid/memoryRelease';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('grid memoryRelease', () => {
  it('collects an unreachable ArrayBuffer at once, without exposing gc() to the code around it', async () => {
    let buffer: ArrayBuffer | undefined = new ArrayBuffer(1024 * 1024);
    const ref = new WeakRef(buffer);
    buffer = undefined;
    await turn(); // a WeakRef holds its target until the end of the job that made it
    assert.equal(collectGarbage(), true);
    await turn();
    assert.equal(ref.deref(), undefined, 'collected');
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
    assert.equal(collectGarbage(), true, 'and again');
  });
});
