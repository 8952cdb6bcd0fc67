// The packaged extension: `npm run package` (scripts/package.mjs: build + vsce package --no-dependencies) into a
// temp folder, then the .vsix's entry list is checked against the allow-list rules of test/e2e/lib/vsix.cjs. The
// Delta Connect server plugin jar ships in it, exactly one, built from the current server-plugin/ and proto/.
// (That every contributed command has a handler is checked inside a real extension host: test/e2e/suite.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { listZip, vsixProblems } = require('../e2e/lib/vsix.cjs') as {
  listZip(file: string): Array<{ name: string; size: number }>;
  vsixProblems(entries: Array<{ name: string; size: number }>): string[];
};
const entry = (name: string) => ({ name, size: 1 });
const BASE = ['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/dist/extension.js', 'extension/LICENSE.txt'].map(entry);
const PLUGIN = 'extension/dist/server/delta-connect-plugin-0123456789abcdef.jar';

const repo = path.resolve(__dirname, '..', '..');

describe('the .vsix package', function () {
  this.timeout(180_000);
  let dir: string;
  let names: string[] = [];
  let entries: Array<{ name: string; size: number }> = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dce-vsix-'));
    const out = path.join(dir, 'test.vsix');
    // package.mjs fails (exit 1) on the same rules checked below; run it for the .vsix and check here for clear messages.
    try {
      execFileSync(process.execPath, [path.join(repo, 'scripts', 'package.mjs'), '--out', out, '--quiet'], { cwd: repo, stdio: 'pipe', encoding: 'utf8' });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      if (!fs.existsSync(out)) throw new Error(`packaging failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    entries = listZip(out);
    names = entries.map((e) => e.name);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the manifest, package.json, the bundled extension and the license', () => {
    for (const required of ['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js', 'extension/LICENSE.txt']) {
      assert.ok(names.includes(required), `${required} missing; entries: ${names.join(', ')}`);
    }
    assert.ok(entries.find((e) => e.name === 'extension/dist/extension.js')!.size > 100_000, 'dist/extension.js looks unbundled (too small)');
    if (fs.existsSync(path.join(repo, 'README.md'))) assert.ok(names.includes('extension/readme.md'), 'README.md not packaged (vsce stores it as readme.md)');
  });

  it('holds the webview assets the result grid loads (dist/media/grid.js, media/grid/grid.css)', () => {
    for (const asset of ['extension/dist/media/grid.js', 'extension/media/grid/grid.css', 'extension/dist/media/health.js', 'extension/media/health/health.css']) assert.ok(names.includes(asset), `${asset} missing`);
  });

  it('holds every icon package.json refers to', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const icons = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && /^(\.\/)?media\/.*\.(svg|png)$/.test(v)) icons.add(v.replace(/^\.\//, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.contributes);
    if (pkg.icon) icons.add(String(pkg.icon).replace(/^\.\//, ''));
    for (const icon of icons) assert.ok(names.includes(`extension/${icon}`), `icon ${icon} is referenced by package.json but not packaged`);
  });

  it('holds the server plugin jar built from the current server-plugin/ and proto/ sources, and no other jar', () => {
    const expected = execFileSync('bash', ['-c', '. scripts/lib.sh && plugin_jar_path'], { cwd: repo, encoding: 'utf8' }).trim();
    const jars = entries.filter((e) => e.name.endsWith('.jar'));
    assert.deepEqual(jars.map((e) => e.name), [`extension/dist/server/${path.basename(expected)}`]);
    assert.equal(jars[0].size, fs.statSync(expected).size);
  });

  it('ships no sources, tests, node_modules, protos, plugin sources, maps or dot files', () => {
    assert.deepEqual(vsixProblems(entries), []);
  });

  it('ships nothing but the allow-listed kinds of files', () => {
    const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|README\.md|CHANGELOG\.md|LICENSE\.txt|dist\/extension\.js|dist\/media\/.+\.(js|css)|dist\/server\/delta-connect-plugin-[0-9a-f]{16}\.jar|media\/.+\.(css|svg|png)))$/;
    assert.deepEqual(names.filter((n) => !allowed.test(n)), []);
  });
});

describe('the .vsix rules for the server plugin jar', () => {
  it('accept exactly one plugin jar', () => {
    assert.deepEqual(vsixProblems([...BASE, entry(PLUGIN)]), []);
  });

  it('report a missing plugin jar, a second one, other jars and anything else in dist/server/', () => {
    assert.match(vsixProblems(BASE).join('\n'), /missing the server plugin jar/);
    assert.match(vsixProblems([...BASE, entry(PLUGIN), entry(PLUGIN.replace('0123', '9999'))]).join('\n'), /2 server plugin jars/);
    assert.match(vsixProblems([...BASE, entry(PLUGIN), entry('extension/dist/server/delta-spark_4.2_2.13-4.4.0.jar')]).join('\n'), /jars other than the server plugin/);
    assert.match(vsixProblems([...BASE, entry(PLUGIN), entry('extension/dist/server/notes.txt')]).join('\n'), /other files in dist\/server/);
  });
});

