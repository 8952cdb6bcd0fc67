import assert from 'node:assert/strict';
import { activeConnection } from '../../src/services/activeConnection';

const two = [{ name: 'prod', status: 'disconnected' }, { name: 'dev', status: 'disconnected' }];

describe('the active connection of a window', () => {
  it('is the one chosen, else the default setting, else the only one', () => {
    assert.equal(activeConnection({ connections: two, chosen: 'dev', defaultName: 'prod' }), 'dev');
    assert.equal(activeConnection({ connections: two, defaultName: 'dev' }), 'dev');
    assert.equal(activeConnection({ connections: [two[0]] }), 'prod');
  });

  it('is unknown with several connections and no choice: Run asks once', () => {
    assert.equal(activeConnection({ connections: two }), undefined);
    assert.equal(activeConnection({ connections: two, chosen: 'gone', defaultName: 'also-gone' }), undefined, 'names that no longer exist are ignored');
  });

  it('falls back to the last connection that connected, never to one that failed', () => {
    assert.equal(activeConnection({ connections: [{ name: 'prod', status: 'connected' }, two[1]], lastConnected: 'prod' }), 'prod');
    assert.equal(activeConnection({ connections: [{ name: 'prod', status: 'failed' }, two[1]], lastConnected: 'prod' }), undefined);
  });
});
