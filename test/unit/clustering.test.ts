import assert from 'node:assert/strict';
import { clusterByStatement, clusteringColumnNames } from '../../src/client/delta';

describe('clusterByStatement', () => {
  it('quotes each column and keeps their order', () => {
    assert.equal(clusterByStatement('`db`.`t`', ['day', 'user id']), 'ALTER TABLE `db`.`t` CLUSTER BY (`day`, `user id`)');
    assert.equal(clusterByStatement('t', ['a`b']), 'ALTER TABLE t CLUSTER BY (`a``b`)');
  });
  it('stops clustering with NONE when no column is given', () => {
    assert.equal(clusterByStatement('`db`.`t`', []), 'ALTER TABLE `db`.`t` CLUSTER BY NONE');
  });
  it('refuses empty or repeated columns and a missing table name', () => {
    assert.throws(() => clusterByStatement('t', ['a', ' ']), /empty/);
    assert.throws(() => clusterByStatement('t', ['a', 'A']), /named twice/);
    assert.throws(() => clusterByStatement(' ', ['a']), /table name/);
  });
});

describe('clusteringColumnNames', () => {
  it('unquotes the names DESCRIBE DETAIL quotes and keeps plain ones', () => {
    assert.deepEqual(clusteringColumnNames(['id', '`event-day`', '`a``b`', 'info.city']), ['id', 'event-day', 'a`b', 'info.city']);
  });
});
