// After the last grid closes, its result is garbage but still mapped: V8 frees an ArrayBuffer's memory only when a
// garbage collection finds it unreachable, and an idle extension host allocates too little to start a full one for a
// long time. A collection asked for when the last grid has closed frees the slabs (batchSlabs.ts) at once. A plain
// full collection is not enough everywhere: measured on 250 MB of dropped 4 MiB Buffers, Node 20 came back to 54 MB
// of RSS after one, Node 24 (VS Code's newer hosts) stayed at 309 MB with a 6 MB heap until V8's memory-reducing
// "last resort" collection ran (67 MB). So a full collection is followed by that one, which also shrinks the young
// generation and hands pooled pages back.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** V8's gc(): no argument is a full collection; the options object picks the kind (V8 9 and later). */
type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'regular' | 'last-resort' }) => void;

let collector: Gc | null | undefined;

/** V8's `gc()`, fetched once from a fresh context with the flag on for that moment only; null when refused. */
function gcFunction(): Gc | null {
  if (collector !== undefined) return collector;
  try {
    v8.setFlagsFromString('--expose-gc');
    collector = vm.runInNewContext('gc') as Gc;
  } catch {
    collector = null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  return typeof collector === 'function' ? collector : (collector = null);
}

/** Runs a full garbage collection now, then a memory-reducing one; false when this runtime does not allow it. */
export function collectGarbage(): boolean {
  const gc = gcFunction();
  if (!gc) return false;
  gc();
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}
