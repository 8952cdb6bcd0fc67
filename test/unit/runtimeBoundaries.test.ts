// The tsconfig projects keep each runtime's code to what that runtime has: a file that crosses a boundary (the
// webview importing host code, the client using vscode or the DOM) does not compile. Checked with the TypeScript
// compiler on the projects' own tsconfig files, with one probe file added to a project at a time.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
/** The last program of each project: the next probe reuses its parsed files. */
const previous = new Map<string, ts.Program>();

/** The diagnostic codes a project reports for `probe` (source text) placed at `at` (repo-relative). */
function compileProbe(project: string, at: string, probe: string): number[] {
  const configFile = path.join(ROOT, project);
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) });
  assert.ok(parsed, `${project} does not parse`);
  const probePath = path.join(ROOT, at);
  const host = ts.createCompilerHost(parsed.options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => path.resolve(f) === probePath || fileExists.call(host, f);
  host.readFile = (f) => (path.resolve(f) === probePath ? probe : readFile.call(host, f));
  host.getSourceFile = (f, lang, onError, create) => (path.resolve(f) === probePath
    ? ts.createSourceFile(f, probe, lang) : getSourceFile.call(host, f, lang, onError, create));
  const program = ts.createProgram({
    rootNames: [...parsed.fileNames, probePath], options: parsed.options, host, projectReferences: parsed.projectReferences,
    oldProgram: previous.get(project),
  });
  previous.set(project, program);
  const source = program.getSourceFile(probePath);
  assert.ok(source, 'the probe is part of the program');
  const diagnostics = [
    ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source),
  ];
  return diagnostics.map((d) => d.code);
}

const NOT_IN_PROJECT = 6307; // "File '…' is not listed within the file list of project '…'"
const NOT_A_MODULE = 2306; // 'vscode' resolves to types/vscode-is-not-here.d.ts
const NO_DOM = 2584; // "Cannot find name 'document'. … include 'dom'"

describe('runtime boundaries (tsconfig projects checked by tsc -b)', function () {
  this.timeout(120_000);

  it('compiles a probe that stays inside its runtime (the checks below can pass and fail)', () => {
    assert.deepEqual(compileProbe('tsconfig.webview.json', 'media/grid/probe.ts', "import { formatCell } from '../../src/grid/shared/format';\nexport const f = formatCell;\nexport const b = document.body;\n"), []);
    assert.deepEqual(compileProbe('tsconfig.node.json', 'src/client/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"), []);
  });

  it('refuses host code, the grid engine and vscode in the webview', () => {
    assert.ok(compileProbe('tsconfig.webview.json', 'media/grid/probe.ts', "import { GridSession } from '../../src/grid/gridSession';\nexport const s = GridSession;\n").includes(NOT_IN_PROJECT));
    assert.ok(compileProbe('tsconfig.webview.json', 'media/grid/probe.ts', "import { gridHtml } from '../../src/views/grid/gridHtml';\nexport const h = gridHtml;\n").includes(NOT_IN_PROJECT));
    assert.ok(compileProbe('tsconfig.webview.json', 'media/grid/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n").includes(NOT_A_MODULE));
  });

  it('refuses the engine in code shared with the webview', () => {
    assert.ok(compileProbe('tsconfig.webview.json', 'src/grid/shared/probe.ts', "import { ResultStore } from '../resultStore';\nexport const s = ResultStore;\n").includes(NOT_IN_PROJECT));
  });

  it('refuses vscode, the DOM and the extension\'s other rooms in the client, the grid engine and the local server installer', () => {
    assert.ok(compileProbe('tsconfig.node.json', 'src/client/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n").includes(NOT_A_MODULE));
    assert.ok(compileProbe('tsconfig.node.json', 'src/client/probe.ts', 'export const t = document.title;\n').includes(NO_DOM));
    assert.ok(compileProbe('tsconfig.node.json', 'src/grid/probe.ts', "import { Logger } from '../services/log';\nexport const l = Logger;\n").includes(NOT_IN_PROJECT));
    assert.ok(compileProbe('tsconfig.node.json', 'src/grid/shared/probe.ts', 'export const t = document.title;\n').includes(NO_DOM));
    assert.ok(compileProbe('tsconfig.node.json', 'src/localServer/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n").includes(NOT_A_MODULE));
  });
});
