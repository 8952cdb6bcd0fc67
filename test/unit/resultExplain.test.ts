import * as assert from 'node:assert/strict';
import { tableFromArrays } from 'apache-arrow';
import { tableSource, type GridSource } from '../../src/grid/gridSource';
import { resultExplain } from '../../src/grid/resultExplain';

const rows = tableFromArrays({ id: Int32Array.from([1, 2]) });

/** A source whose query plans to `plan`, counting how often it was asked. */
function planned(plan: string): { source: GridSource; asked: () => number } {
  let asked = 0;
  const source: GridSource = { ...tableSource('trips', rows), explain: async () => { asked++; return plan; } };
  return { source, asked: () => asked };
}

describe('Explain of a result grid', () => {
  it('explains a read through its source\'s plan (AnalyzePlan), asking nothing before it is chosen', async () => {
    const { source, asked } = planned('== Physical Plan ==\n* Scan parquet trips (1)');
    const choice = resultExplain({ source });
    assert.equal(asked(), 0);
    assert.equal(choice.kind, 'analyze');
    if (choice.kind !== 'analyze') return;
    assert.match(await choice.plan(), /Scan parquet trips/);
    assert.equal(asked(), 1);
  });

  it('offers no Explain for a grid a write made, even when its source could plan', () => {
    const { source, asked } = planned('plan');
    const choice = resultExplain({ source, writes: true });
    assert.equal(choice.kind, 'none');
    assert.match(choice.kind === 'none' ? choice.reason : '', /writes.*Explain Plan/);
    assert.equal(asked(), 0);
  });

  it('says why a result without a server query (history in memory) cannot be explained', () => {
    const choice = resultExplain({ source: tableSource('History: trips', rows) });
    assert.equal(choice.kind, 'none');
    assert.match(choice.kind === 'none' ? choice.reason : '', /"History: trips" has no query on the server/);
  });

  it('says so when no result grid is in front', () => {
    const choice = resultExplain(undefined);
    assert.equal(choice.kind, 'none');
    assert.match(choice.kind === 'none' ? choice.reason : '', /No result grid is in front/);
  });
});
