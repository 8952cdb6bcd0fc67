// Runs a corpus of connection strings through pyspark's own parser (DefaultChannelBuilder, in the project's venv) and
// through ours, and lists every difference. Only the deliberate differences below may remain; README names them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseConnectionString } from '../../src/client/connectionString';

interface Case { url: string; env?: Record<string, string> }
interface Reading {
  ok: boolean; host?: string; port?: number; transport?: 'plaintext' | 'tls'; token?: string | null; userId?: string | null;
  userAgent?: string | null; sessionId?: string | null; headers?: Record<string, string>;
}

const UUID = '9a9b6f4e-7e4e-4c1c-9a56-4e8a3c2b1d0f';
const CORPUS: Case[] = [
  { url: 'sc://localhost' },
  { url: 'sc://localhost:15002' },
  { url: 'sc://localhost:15002/' },
  { url: 'sc://spark.example.com:443/;use_ssl=true' },
  { url: 'sc://spark.example.com:443/;token=abc' },
  { url: 'sc://spark.example.com/;token=abc;use_ssl=false' },
  { url: 'sc://localhost:15002/;token=abc' },
  { url: 'sc://localhost/;token=abc;use_ssl=false' },
  { url: 'sc://localhost/;token=abc;use_ssl=true' },
  { url: 'sc://LOCALHOST/;token=abc' },
  { url: 'sc://127.0.0.1:15002/;token=abc' },
  { url: 'sc://[::1]:15002/;token=abc' },
  { url: 'sc://localhost/;use_ssl=TRUE' },
  { url: 'sc://localhost/;use_ssl=yes' },
  { url: `sc://h/;user_id=ann;user_agent=tool%2F1;session_id=${UUID}` },
  { url: `sc://h/;session_id=${UUID.toUpperCase()}` },
  { url: 'sc://h/;session_id=not-a-uuid' },
  { url: 'sc://h/;session_id=9a9b6f4e7e4e4c1c9a564e8a3c2b1d0f' },
  { url: 'sc://h/;x-team=data;x-trace=1' },
  { url: 'sc://h/;token=abc%3D%3D' },
  { url: 'sc://h/;token=abc==' },
  { url: 'sc://h/;a=1;a=2' },
  { url: 'sc://h/;a=1;' },
  { url: 'sc://h/;' },
  { url: 'sc://h/;novalue' },
  { url: 'sc://h/;grpc_max_message_size=1048576' },
  { url: 'sc://h:0' },
  { url: 'sc://h:99999' },
  { url: 'sc://h/path' },
  { url: 'sc://' },
  { url: 'http://h:15002' },
  { url: 'sc://user@h' },
  { url: 'sc://h', env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'from-env' } },
  { url: 'sc://localhost', env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'from-env' } },
  { url: 'sc://h/;token=in-string', env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'from-env' } },
  { url: 'sc://h', env: { SPARK_CONNECT_USER_AGENT: 'env-agent' } },
  { url: 'sc://h/;user_agent=mine', env: { SPARK_CONNECT_USER_AGENT: 'env-agent' } },
];

/** Differences we keep on purpose: url, the fields that differ, and why (README, "Connection strings"). */
const DELIBERATE: Array<{ url: string; fields: string[]; why: string }> = [
  { url: 'sc://127.0.0.1:15002/;token=abc', fields: ['transport'], why: 'every loopback address is local, not only the name localhost' },
  { url: 'sc://[::1]:15002/;token=abc', fields: ['transport'], why: 'every loopback address is local, not only the name localhost' },
  { url: 'sc://localhost/;use_ssl=yes', fields: ['ok'], why: 'use_ssl is true or false; pyspark reads any other word as false' },
  { url: `sc://h/;session_id=${UUID.toUpperCase()}`, fields: ['sessionId'], why: 'the session id is sent in the canonical lower-case form' },
  { url: 'sc://h/;session_id=9a9b6f4e7e4e4c1c9a564e8a3c2b1d0f', fields: ['ok'], why: 'the server accepts only canonical UUIDs (INVALID_HANDLE.FORMAT)' },
  { url: 'sc://h/;token=abc==', fields: ['ok'], why: 'a value may contain "=" (base64 tokens); pyspark wants it %-encoded' },
  { url: 'sc://h/;a=1;a=2', fields: ['ok'], why: 'a parameter given twice is an error; pyspark keeps the last' },
  { url: 'sc://h/;a=1;', fields: ['ok'], why: 'a trailing ";" is allowed' },
  { url: 'sc://h/;grpc_max_message_size=1048576', fields: ['headers'], why: 'the message size limit of Spark\'s connection string spec; pyspark 4.2 sends it as a header' },
  { url: 'sc://h:0', fields: ['ok'], why: 'port 0 is refused: no server listens there' },
  { url: 'sc://user@h', fields: ['ok'], why: 'user info is refused with a pointer to ;user_id=' },
];

const PYTHON = join(process.env.DCE_CACHE_DIR ?? join(homedir(), '.cache', 'delta-connect-explorer'),
  'venv-pyspark-4.2.0-delta-4.4.0', 'bin', 'python');

function pyspark(cases: Case[]): Reading[] {
  const run = spawnSync(PYTHON, [join(__dirname, 'fixtures', 'pyspark_channel.py')], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`pyspark_channel.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Reading[];
}

function ours(c: Case): Reading {
  try {
    const s = parseConnectionString(c.url, {}, c.env ?? {});
    return {
      ok: true, host: s.host, port: s.port, transport: s.useSsl ? 'tls' : 'plaintext', token: s.token ?? null, userId: s.userId ?? null,
      userAgent: s.userAgent ?? null, sessionId: s.sessionId ?? null, headers: s.headers,
    };
  } catch {
    return { ok: false };
  }
}

function differences(a: Reading, b: Reading): string[] {
  if (a.ok !== b.ok) return ['ok'];
  if (!a.ok) return [];
  const fields = ['host', 'port', 'transport', 'token', 'userId', 'userAgent', 'sessionId', 'headers'] as const;
  return fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

describe('connection strings, compared with pyspark\'s own parser', function () {
  this.timeout(60_000);
  before(function () {
    if (!existsSync(PYTHON)) this.skip(); // provisioning (scripts/provision-server.sh) makes the venv; npm test runs it first
  });

  it('agrees with pyspark on every string of the corpus, except for the deliberate differences', () => {
    const theirs = pyspark(CORPUS);
    const found = CORPUS.map((c, i) => ({ url: c.url + (c.env ? ` (env ${Object.keys(c.env).join(',')})` : ''), fields: differences(theirs[i], ours(c)), pyspark: theirs[i], ours: ours(c) }))
      .filter((d) => d.fields.length > 0);
    const report = found.map((d) => `${d.url}: ${d.fields.join(', ')}\n    pyspark ${JSON.stringify(d.pyspark)}\n    ours    ${JSON.stringify(d.ours)}`).join('\n');
    assert.deepEqual(found.map((d) => ({ url: d.url, fields: d.fields })), DELIBERATE.map(({ url, fields }) => ({ url, fields })), `differences:\n${report}`);
  });
});
