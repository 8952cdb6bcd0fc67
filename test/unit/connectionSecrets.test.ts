import assert from 'node:assert/strict';
import { ConnectionStringError, parseConnectionString } from '../../src/client/connectionString';

describe('a token handed over as data (secret storage), apart from the connection string', () => {
  it('counts as a token parameter: it is kept as given and implies TLS by the same rules', () => {
    const s = parseConnectionString('sc://spark.example.com:443', { token: 'a;b=c%' });
    assert.equal(s.token, 'a;b=c%', 'kept as typed: no escaping, no splitting at ";"');
    assert.equal(s.useSsl, true);
    assert.equal(parseConnectionString('sc://localhost:1/;use_ssl=false', { token: 't' }).useSsl, false, 'loopback may stay plaintext when asked');
    assert.equal(parseConnectionString('sc://h:1/;use_ssl=false', { token: 't' }).useSsl, true, 'elsewhere a token always means TLS');
    assert.deepEqual(parseConnectionString('sc://h:1', { token: 't' }), parseConnectionString('sc://h:1/;token=t'));
  });

  it('leaves a connection without one as it is', () => {
    assert.deepEqual(parseConnectionString('sc://h:1/;user_id=u', {}), parseConnectionString('sc://h:1/;user_id=u'));
    assert.equal(parseConnectionString('sc://h:1', { token: undefined }).useSsl, false);
  });

  it('refuses a second token in the text, without quoting either', () => {
    assert.throws(() => parseConnectionString('sc://h:1/;token=secret1', { token: 'secret2' }), (err: Error) =>
      err instanceof ConnectionStringError && !err.message.includes('secret1') && !err.message.includes('secret2'));
  });
});
