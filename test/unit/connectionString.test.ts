import assert from 'node:assert/strict';
import { ConnectionStringError, parseConnectionString, redact, resolveRemote } from '../../src/client/connectionString';

describe('parseConnectionString', () => {
  it('applies the Spark defaults', () => {
    const s = parseConnectionString('sc://localhost');
    assert.equal(s.host, 'localhost');
    assert.equal(s.port, 15002);
    assert.equal(s.useSsl, false);
    assert.equal(s.token, undefined);
    assert.equal(s.maxMessageSize, 128 * 1024 * 1024);
    assert.deepEqual(s.headers, {});
  });

  it('reads every known parameter and sends unknown ones as headers', () => {
    const id = '9a9b6f4e-7e4e-4c1c-9a56-4e8a3c2b1d0f';
    const s = parseConnectionString(`sc://spark.example.com:443/;token=abc%3D;user_id=ann;session_id=${id};user_agent=me;x-team=data;grpc_max_message_size=2048`);
    assert.equal(s.host, 'spark.example.com');
    assert.equal(s.port, 443);
    assert.equal(s.token, 'abc=');
    assert.equal(s.useSsl, true, 'a token implies TLS');
    assert.equal(s.userId, 'ann');
    assert.equal(s.userAgent, 'me');
    assert.equal(s.sessionId, id);
    assert.equal(s.maxMessageSize, 2048);
    assert.deepEqual(s.headers, { 'x-team': 'data' });
  });

  it('uses TLS when asked and keeps plaintext with a token only on loopback when asked', () => {
    assert.equal(parseConnectionString('sc://h/;use_ssl=true').useSsl, true);
    assert.equal(parseConnectionString('sc://127.0.0.1/;token=t;use_ssl=false').useSsl, false);
    assert.equal(parseConnectionString('sc://remote.host/;token=t;use_ssl=false').useSsl, true);
  });

  it('accepts bracketed IPv6 hosts', () => {
    const s = parseConnectionString('sc://[::1]:15003');
    assert.equal(s.host, '[::1]');
    assert.equal(s.port, 15003);
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['http://localhost:15002', /starts with "sc:\/\/"/],
    ['sc://', /no host/],
    ['sc://host:0', /Invalid port/],
    ['sc://host:65536', /Invalid port/],
    ['sc://host:12ab', /Invalid port/],
    ['sc://host/path', /must not have a path/],
    ['sc://ho st', /spaces/],
    ['sc://host/;session_id=nope', /must be a UUID/],
    ['sc://host/;use_ssl=maybe', /true or false/],
    ['sc://host/;token', /name=value/],
    ['sc://host/;user_id=a;user_id=b', /given twice/],
    ['sc://user@host', /User info/],
    ['sc://a:b:c', /IPv6/],
    ['sc://host/;grpc-timeout=1', /cannot be sent as a header/],
    ['sc://host/;x-bin=1', /cannot be sent as a header/],
    ['sc://host/;x=%zz', /invalid %-escape/],
    ['sc://-bad-.host', /Invalid host/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)} with a clear message`, () => {
      assert.throws(() => parseConnectionString(input), (err: unknown) => err instanceof ConnectionStringError && message.test(err.message));
    });
  }

  it('never puts the token into an error message', () => {
    assert.throws(() => parseConnectionString('https://h/;token=s3cret'), (err: Error) => !err.message.includes('s3cret'));
    assert.equal(redact('sc://h/;token=s3cret;user_id=a'), 'sc://h/;token=***;user_id=a');
  });
});

describe('resolveRemote', () => {
  it('prefers the explicit string, then SPARK_REMOTE, then the local default', () => {
    assert.equal(resolveRemote('sc://a', { SPARK_REMOTE: 'sc://b' }), 'sc://a');
    assert.equal(resolveRemote(undefined, { SPARK_REMOTE: 'sc://b' }), 'sc://b');
    assert.equal(resolveRemote('', {}), 'sc://localhost:15002');
  });
});
