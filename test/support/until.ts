// Waits for a condition in a test by the clock, not by a count of polls: a slow or busy machine gets the whole
// deadline (a count of 5 ms sleeps can end long before it when each sleep oversleeps), and a condition never reached
// fails with what was awaited.
import assert from 'node:assert/strict';

export async function until(check: () => boolean, what = 'the condition', ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
