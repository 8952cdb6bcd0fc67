// The commands package.json declares and those the code registers are the same set, and every menu entry and key
// binding names a declared command. Plain Node: the registrations are read from the sources (every command goes
// through CommandRunner.register with its id as a string literal).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command: string }>>;
    keybindings: Array<{ command: string }>;
    viewsWelcome: Array<{ contents: string }>;
  };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Every `register('deltaExplorer.…'` of the extension's sources, with the file it is in. */
function registered(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sources(join(ROOT, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.register\(\s*'(deltaExplorer\.[\w.]+)'/g)) {
      found.set(m[1], [...(found.get(m[1]) ?? []), file]);
    }
  }
  return found;
}

describe('the command set', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const declared = manifest.contributes.commands.map((c) => c.command);

  it('declared in package.json is the set registered in code, each once', () => {
    const inCode = registered();
    assert.ok(inCode.size > 40, `only ${inCode.size} registrations found: the pattern no longer matches the code`);
    assert.deepEqual([...inCode.keys()].sort(), [...new Set(declared)].sort());
    assert.equal(declared.length, new Set(declared).size, 'a command is declared twice');
    for (const [id, files] of inCode) assert.equal(files.length, 1, `${id} is registered ${files.length} times`);
  });

  it('every menu entry, key binding and welcome-view link names a declared command', () => {
    const { menus, keybindings, viewsWelcome } = manifest.contributes;
    const used = [
      ...Object.values(menus).flat().map((m) => m.command),
      ...keybindings.map((k) => k.command),
      ...viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1])),
    ];
    for (const id of used) assert.ok(declared.includes(id), `${id} is used in package.json but not declared`);
  });
});
