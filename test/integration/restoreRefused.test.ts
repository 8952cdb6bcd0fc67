import assert from 'node:assert/strict';
import { asRefusal, SparkConnectError } from '../../src/client/errors';
import { DeltaTable } from '../../src/client/delta';
import { DB } from './fixtures';
import { session } from './hooks';

describe('a RESTORE to a version whose files were vacuumed', () => {
  it('is refused by the server with its message: a known outcome, not a lost contact', async () => {
    const s = session();
    const name = `${DB}.vacuumed`;
    await s.sql(`DROP TABLE IF EXISTS ${name}`);
    await s.sql(`CREATE TABLE ${name} (id INT) USING delta`);                 // v0
    await s.sql(`INSERT INTO ${name} VALUES (1), (2)`);                       // v1
    await s.sql(`INSERT OVERWRITE ${name} VALUES (5)`);                       // v2: v1's files are no longer in the table
    await s.conf.set({ 'spark.databricks.delta.retentionDurationCheck.enabled': 'false' });
    try {
      await s.sql(`VACUUM ${name} RETAIN 0 HOURS`);
    } finally {
      await s.conf.set({ 'spark.databricks.delta.retentionDurationCheck.enabled': 'true' });
    }
    const [before] = await DeltaTable.forName(s, name).historyEntries(1); // VACUUM itself commits (VACUUM START / END)
    const err = await DeltaTable.forName(s, name).restoreToVersion(1n).then(() => assert.fail('restored'), (e: unknown) => e);
    assert.ok(err instanceof SparkConnectError, String(err));
    assert.equal(err.outcomeUnknown, false);
    const shown = asRefusal(err, `to restore ${name} to version 1`) as Error;
    assert.match(shown.message, /^The server refused to restore .* nothing was changed: .*files from version 1/s);
    assert.doesNotMatch(shown.message, /lost contact/);
    const [latest] = await DeltaTable.forName(s, name).historyEntries(1);
    assert.equal(latest.version, before.version, 'nothing was committed');
  });
});
