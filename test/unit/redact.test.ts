import assert from 'node:assert/strict';
import { errorLogText, registerSecret, scrub } from '../../src/services/redact';

describe('log redaction (scrub)', () => {
  it('hides token parameters of connection strings', () => {
    assert.equal(scrub('Connecting to sc://h:1/;token=abc123;use_ssl=false'), 'Connecting to sc://h:1/;token=***;use_ssl=false');
    assert.equal(scrub('sc://h/;TOKEN=abc "quoted" token=x&y=1'), 'sc://h/;TOKEN=*** "quoted" token=***&y=1');
  });

  it('hides bearer credentials', () => {
    assert.equal(scrub('authorization: Bearer s3cr3t-value next'), 'authorization: Bearer *** next');
    assert.equal(scrub('Authorization Bearer s3cr3t'), 'Authorization Bearer ***');
  });

  it('hides a registered secret anywhere, raw or %-encoded, and ignores values too short to be secrets', () => {
    registerSecret('tok/with+chars=');
    registerSecret('abc');
    registerSecret(undefined);
    const text = scrub('raw tok/with+chars= and encoded tok%2Fwith%2Bchars%3D; abc stays');
    assert.equal(text, 'raw *** and encoded ***; abc stays');
  });

  it('writes error lines with message and stack, scrubbed', () => {
    registerSecret('Zm9vYmFyLXNlY3JldA');
    const err = new Error('server said Zm9vYmFyLXNlY3JldA was wrong');
    const line = errorLogText('Connect failed', err);
    assert.match(line, /^Connect failed: server said \*\*\* was wrong\nError: server said \*\*\* was wrong\n\s+at /);
    assert.ok(!line.includes('Zm9vYmFyLXNlY3JldA'));
    assert.equal(errorLogText('plain'), 'plain');
    assert.equal(errorLogText('value', 'token=abc'), 'value: token=***');
  });
});
