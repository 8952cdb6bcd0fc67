// A table without a change data feed is recognised before anything is read; enabling it is one ALTER TABLE, and the
// feed then starts at that commit.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { CHANGE_DATA_FEED_PROPERTY, DeltaTable, changeDataFeedEnabled, changeFeedStartVersion, fromVersionChoices } from '../../src/client';

describe('change data feed: told before, enabled on request', () => {
  const t = `${DB}.cdf_offer`;
  after(async () => { await session().sql(`DROP TABLE IF EXISTS ${t}`); });
  it('sees the feed off, turns it on with one ALTER TABLE, and offers versions from that commit on', async () => {
    const s = session();
    await s.sql(`DROP TABLE IF EXISTS ${t}`);
    await s.sql(`CREATE TABLE ${t} (id INT) USING delta`);
    await s.sql(`INSERT INTO ${t} VALUES (1)`);
    const table = DeltaTable.forName(s, t);
    assert.equal(changeDataFeedEnabled((await table.detailRow()).properties), false);
    await s.sql(`ALTER TABLE ${t} SET TBLPROPERTIES ('${CHANGE_DATA_FEED_PROPERTY}' = 'true')`);
    await s.sql(`INSERT INTO ${t} VALUES (2), (3)`);
    assert.equal(changeDataFeedEnabled((await table.detailRow()).properties), true);
    const history = await table.historyEntries(200);
    const start = changeFeedStartVersion(history);
    assert.equal(start, 2n);
    assert.deepEqual(fromVersionChoices(history.map((h) => h.version), { min: start, single: true }), [3n, 2n]);
    const changes = await table.changes(start!, 3n).collect();
    assert.equal(changes.numRows, 2);
  });
});
