import * as assert from 'node:assert/strict';
import { runFigures } from '../../src/views/runFigures';

describe('query history figures', () => {
  it('says how long a run took and how many rows it gave', () => {
    assert.equal(runFigures({ durationMs: 42.4 }), '42 ms');
    assert.equal(runFigures({ durationMs: 1234, rows: 49_999 }), '1.2 s · 49,999 rows');
    assert.equal(runFigures({ durationMs: 5, rows: 1 }), '5 ms · 1 row');
    assert.equal(runFigures({}), '', 'records from before figures were kept say nothing');
  });
});
