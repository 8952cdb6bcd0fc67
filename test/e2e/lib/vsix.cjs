// What a .vsix holds, without unzip: a .vsix is a zip; its central directory lists every entry.
// Used by test/unit/vsix.test.ts and scripts/package.mjs.
'use strict';
const fs = require('node:fs');

/** Entry names (and uncompressed sizes) of a zip file, read from its central directory. */
function listZip(file) {
  const buf = fs.readFileSync(file);
  // End of central directory record: signature 0x06054b50, at most 22 + 65535 (comment) bytes before the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry #${n}`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Entries the packaged extension must have. */
const REQUIRED = ['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/dist/extension.js', 'extension/LICENSE.txt'];

/** The Delta Connect server plugin, built from server-plugin/ + proto/ and named by their hash: exactly one ships. */
const PLUGIN_JAR = /^extension\/dist\/server\/delta-connect-plugin-[0-9a-f]{16}\.jar$/;

/** Rules for what must never be shipped: [description, test(name)]. */
const FORBIDDEN = [
  ['jars other than the server plugin', (n) => n.endsWith('.jar') && !PLUGIN_JAR.test(n)],
  ['other files in dist/server/', (n) => n.startsWith('extension/dist/server/') && !PLUGIN_JAR.test(n)],
  ['TypeScript sources (.ts)', (n) => /\.(c|m)?ts$/.test(n) && !n.endsWith('.d.ts')],
  ['type declarations (.d.ts)', (n) => n.endsWith('.d.ts')],
  ['source maps (.map)', (n) => n.endsWith('.map')],
  ['tests (test/)', (n) => /(^|\/)test\//.test(n)],
  ['node_modules/', (n) => n.includes('node_modules/')],
  ['proto/ definitions', (n) => /^extension\/proto\//.test(n) || n.endsWith('.proto')],
  ['the server plugin (server-plugin/)', (n) => n.startsWith('extension/server-plugin/')],
  ['src/', (n) => n.startsWith('extension/src/')],
  ['scripts/', (n) => n.startsWith('extension/scripts/')],
  ['bench/', (n) => n.startsWith('extension/bench/')],
  ['CI files (.ci/)', (n) => n.startsWith('extension/.ci/')],
  ['dot files', (n) => /(^|\/)\.[^/]+$/.test(n) && !n.endsWith('/.vsixmanifest')],
  ['nested .vsix files', (n) => n.endsWith('.vsix')],
  ['test artifacts', (n) => n.includes('test-artifacts/')],
];

/** Problems with a .vsix's entry list (empty when it is fine). */
function vsixProblems(entries) {
  const names = entries.map((e) => e.name);
  const problems = [];
  for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing ${r}`);
  const plugins = names.filter((n) => PLUGIN_JAR.test(n));
  if (plugins.length === 0) problems.push('missing the server plugin jar (extension/dist/server/delta-connect-plugin-<sha>.jar)');
  if (plugins.length > 1) problems.push(`ships ${plugins.length} server plugin jars, one expected: ${plugins.join(', ')}`);
  for (const [what, test] of FORBIDDEN) {
    const bad = names.filter(test);
    if (bad.length) problems.push(`ships ${what}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` (+${bad.length - 5} more)` : ''}`);
  }
  return problems;
}

module.exports = { listZip, vsixProblems, REQUIRED, FORBIDDEN, PLUGIN_JAR };
