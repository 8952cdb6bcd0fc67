import assert from 'node:assert/strict';
import { changeDataFeedEnabled, changeFeedStartVersion, fromVersionChoices, toVersionChoices, type HistoryEntry } from '../../src/client';

const entry = (version: number, operation: string, properties?: string): HistoryEntry =>
  ({ version: BigInt(version), timestamp: new Date(0), operation, operationParameters: properties === undefined ? {} : { properties }, operationMetrics: {} });

describe('change data feed', () => {
  it('is on only when delta.enableChangeDataFeed is true', () => {
    assert.equal(changeDataFeedEnabled({ 'delta.enableChangeDataFeed': 'true' }), true);
    assert.equal(changeDataFeedEnabled({ 'delta.enableChangeDataFeed': 'TRUE ' }), true);
    assert.equal(changeDataFeedEnabled({ 'delta.enableChangeDataFeed': 'false' }), false);
    assert.equal(changeDataFeedEnabled({}), false);
    assert.equal(changeDataFeedEnabled(undefined), false);
  });
  it('starts at the commit that turned it on (as Delta 4.4 writes history, newest first)', () => {
    const history = [entry(3, 'WRITE'), entry(2, 'SET TBLPROPERTIES', '{"delta.enableChangeDataFeed":"true"}'), entry(1, 'WRITE'), entry(0, 'CREATE TABLE', '{}')];
    assert.equal(changeFeedStartVersion(history), 2n);
    assert.equal(changeFeedStartVersion([entry(1, 'WRITE'), entry(0, 'CREATE TABLE', '{"delta.enableChangeDataFeed":"true"}')]), 0n);
  });
  it('starts at the oldest listed version when it was set before the listed history, and is off after a later false', () => {
    assert.equal(changeFeedStartVersion([entry(9, 'WRITE'), entry(8, 'DELETE')]), 8n);
    assert.equal(changeFeedStartVersion([entry(2, 'SET TBLPROPERTIES', '{"delta.enableChangeDataFeed":"false"}'), entry(1, 'SET TBLPROPERTIES', '{"delta.enableChangeDataFeed":"true"}')]), undefined);
  });
});

describe('version pickers', () => {
  const versions = [3n, 0n, 4n, 1n, 2n];
  it('Compare: "from" offers every version with a newer one, newest first; "to" only newer versions than the pick', () => {
    assert.deepEqual(fromVersionChoices(versions), [3n, 2n, 1n, 0n]);
    assert.deepEqual(toVersionChoices(versions, 1n), [4n, 3n, 2n]);
    assert.deepEqual(toVersionChoices(versions, 3n), [4n]);
  });
  it('change data feed: versions from where the feed starts, a single version allowed', () => {
    assert.deepEqual(fromVersionChoices(versions, { min: 2n, single: true }), [4n, 3n, 2n]);
    assert.deepEqual(toVersionChoices(versions, 3n, { min: 2n, single: true }), [4n, 3n]);
  });
});
