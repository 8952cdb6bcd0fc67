// After the last grid closes, its result is garbage but still mapped: V8 frees an ArrayBuffer's memory only when a
// garbage collection finds it unreachable, and an idle extension host allocates too little to start a full one for a
// long time. One collection, asked for when the last grid has closed, frees the slabs (batchSlabs.ts) at once.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collector: (() => void) | null | undefined;

/** V8's `gc()`, fetched once from a fresh context with the flag on for that moment only; null when refused. */
function gcFunction(): (() => void) | null {
  if (collector !== undefined) return collector;
  try {
    v8.setFlagsFromString('--expose-gc');
    collector = vm.runInNewContext('gc') as () => void;
  } catch {
    collector = null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  return typeof collector === 'function' ? collector : (collector = null);
}

/** Runs a full garbage collection now; false when this runtime does not allow it. */
export function collectGarbage(): boolean {
  const gc = gcFunction();
  gc?.();
  return gc !== null;
}
