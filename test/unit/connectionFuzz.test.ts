// Fuzzes the sc:// parser and the connection settings with generated malformed input: every input gets either a
// clear ConnectionStringError or settings that dial exactly the host written in the string — never a crash, never
// another host, never the token in a message.
import assert from 'node:assert/strict';
import { ConnectionStringError, parseConnectionString, targetOf } from '../../src/client/connectionString';
import { sanitizeConnections } from '../../src/services/connectionConfig';
import { mulberry32 as rng } from '../support/rng';

const SECRET = 'S3cr3t-T0ken-0123456789abcdef';
const SEEDS = [
  'sc://localhost', 'sc://localhost:15002', 'sc://spark.example.com:443/;use_ssl=true', `sc://h:1/;token=${SECRET};user_id=a`,
  'sc://[::1]:15002/;session_id=9a9b6f4e-7e4e-4c1c-9a56-4e8a3c2b1d0f', 'sc://10.0.0.1:80/;x-header=v;user_agent=me',
];
const NASTY = ['@', ':', '/', ';', '=', '%', '%zz', '[', ']', ' ', '\t', '\n', '\u0000', '\u202e', 'é', '😀', '..', '//', '#', '?', '\\', 'evil.com', '@evil.com', ':99999', ';token=', ';session_id=x', '"', "'", '`', '\u00a0'];

function mutate(base: string, next: () => number): string {
  let s = base;
  const steps = 1 + Math.floor(next() * 4);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(next() * (s.length + 1));
    const op = Math.floor(next() * 4);
    const piece = NASTY[Math.floor(next() * NASTY.length)];
    if (op === 0) s = s.slice(0, at) + piece + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 5));
    else if (op === 2) s = s.slice(0, at) + piece + s.slice(at + piece.length);
    else s = s.repeat(1 + Math.floor(next() * 2));
  }
  return s;
}

/** The host text a string literally names: between "sc://" and the first of ":/;" after it (brackets kept). */
function literalHost(input: string): string {
  const rest = input.trim().slice('sc://'.length);
  if (rest.startsWith('[')) return rest.slice(0, rest.indexOf(']') + 1);
  return rest.split(/[:/;]/)[0];
}

describe('connection string fuzzing', () => {
  const next = rng(20261126);
  const inputs: string[] = [];
  for (let i = 0; i < 1500; i++) inputs.push(mutate(SEEDS[i % SEEDS.length], next));
  for (let i = 0; i < 200; i++) inputs.push(Array.from({ length: Math.floor(next() * 40) }, () => String.fromCharCode(Math.floor(next() * 0x3000))).join(''));

  it(`gives a clear error or the literal host for each of ${inputs.length} generated inputs`, () => {
    let rejected = 0;
    for (const input of inputs) {
      let settings;
      try {
        settings = parseConnectionString(input);
      } catch (err) {
        assert.ok(err instanceof ConnectionStringError, `unexpected ${String(err)} for ${JSON.stringify(input)}`);
        assert.ok(err.message.length > 10, `terse message for ${JSON.stringify(input)}`);
        assert.ok(!err.message.includes(SECRET), `token leaked for ${JSON.stringify(input)}`);
        rejected++;
        continue;
      }
      assert.equal(settings.host, literalHost(input), `dials another host for ${JSON.stringify(input)}`);
      assert.equal(targetOf(settings), `${settings.host}:${settings.port}`);
      assert.ok(settings.port >= 1 && settings.port <= 65535);
      for (const [k, v] of Object.entries(settings.headers)) {
        assert.match(k, /^[a-z0-9][a-z0-9_.-]*$/);
        assert.match(v, /^[\x20-\x7e]*$/);
      }
    }
    assert.ok(rejected > inputs.length / 2, `most generated inputs are malformed (rejected ${rejected})`);
  });

  it('keeps only well-formed connection entries from hand-edited settings', () => {
    const junk: unknown[] = [null, 3, 'x', [], {}, { name: '' , url: 'sc://a' }, { name: 'a' }, { name: 'a', url: 5 }, { name: 'ok', url: 'sc://h', caFile: 7 }, { name: 'ok', url: 'sc://dup' }];
    for (let i = 0; i < 300; i++) junk.push({ name: mutate('conn', next), url: mutate(SEEDS[i % SEEDS.length], next), caFile: next() < 0.5 ? '' : '/ca.pem' });
    const kept = sanitizeConnections(junk);
    assert.deepEqual(kept[0], { name: 'ok', url: 'sc://h', caFile: undefined, certFile: undefined, keyFile: undefined });
    assert.equal(new Set(kept.map((c) => c.name)).size, kept.length, 'names are unique');
    assert.deepEqual(sanitizeConnections('not a list'), []);
    for (const c of kept) assert.ok(typeof c.url === 'string' && c.name.trim() !== '');
  });
});
