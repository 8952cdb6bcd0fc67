// Runs inside code-server's extension host, against the extension installed from the .vsix (not a development
// copy) and the real server (fixtures: test/e2e/lib/fixtureSpec.cjs). Uses the real `vscode` API.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const spec = require('../lib/fixtureSpec.cjs');

const EXTENSION_ID = 'delta-connect-explorer.delta-connect-explorer';
const PREFIX = 'deltaExplorer.';
const repoPackage = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (text) => require('mocha').reporters.Base.consoleLog(`      ${text}`);

/** Polls `fn` until it returns a truthy value (or throws the last error / a timeout). */
async function until(what, fn, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) { last = err; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(200);
  }
}

suite('Delta Connect Explorer, packaged, in a real VS Code extension host', () => {
  let ext;
  let api;

  suiteSetup(() => {
    ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed; installed: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  });

  test('is the extension installed from the .vsix, not a development copy', () => {
    log(`vscode ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.env.uiKind}), node ${process.version}, extension at ${ext.extensionPath}`);
    const extDir = process.env.DCE_E2E_EXTENSIONS_DIR;
    assert.ok(extDir, 'DCE_E2E_EXTENSIONS_DIR not set by run.mjs');
    assert.ok(ext.extensionPath.startsWith(path.resolve(extDir) + path.sep), `${ext.extensionPath} is not under the profile's extensions dir ${extDir}`);
    assert.strictEqual(ext.packageJSON.version, repoPackage.version);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'dist', 'extension.js')));
    for (const absent of ['src', 'test', 'node_modules', 'proto']) assert.ok(!fs.existsSync(path.join(ext.extensionPath, absent)), `${absent}/ was installed`);
  });

  test('activates and returns its API (connections, tree, openGrids)', async () => {
    api = await ext.activate();
    assert.ok(ext.isActive);
    for (const key of ['connections', 'tree', 'openGrids']) assert.ok(api && api[key], `exports.${key} missing`);
  });

  test('every command in contributes.commands has a registered handler', async () => {
    const declared = ext.packageJSON.contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(declared.filter((c) => !registered.has(c)), [], 'declared in package.json but not registered');
    log(`${declared.length} commands declared, all registered`);
  });

  test(`every registered ${PREFIX}* command is declared in contributes.commands`, async () => {
    const declared = new Set(ext.packageJSON.contributes.commands.map((c) => c.command));
    // VS Code itself registers <viewId>.focus, .resetViewLocation, .open, .toggleVisibility, .removeView for each view
    const viewIds = Object.values(ext.packageJSON.contributes.views || {}).flat().map((v) => v.id);
    const generated = (c) => viewIds.some((id) => c.startsWith(id + '.') && /\.(focus|resetViewLocation|open|toggleVisibility|removeView)$/.test(c));
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith(PREFIX) && !generated(c));
    assert.deepStrictEqual(registered.filter((c) => !declared.has(c)), [], 'registered but not declared in package.json');
  });

  test('every command has a title in the "Delta Connect" category', () => {
    const bad = ext.packageJSON.contributes.commands.filter((c) => !c.title || c.category !== 'Delta Connect').map((c) => c.command);
    assert.deepStrictEqual(bad, []);
  });

  test(`reads the connection preset in the user settings ("${spec.CONNECTION_NAME}" = SPARK_REMOTE)`, () => {
    const config = vscode.workspace.getConfiguration('deltaExplorer');
    assert.deepStrictEqual(config.get('connections').map((c) => c.name), [spec.CONNECTION_NAME]);
    assert.strictEqual(config.get('connections')[0].url, process.env.SPARK_REMOTE);
    assert.strictEqual(config.get('defaultConnection'), spec.CONNECTION_NAME);
    assert.deepStrictEqual(api.connections.list().map((c) => c.config.name), [spec.CONNECTION_NAME]);
  });

  let connectionNode;
  test('the catalog tree provider returns the connection node', async () => {
    const roots = await api.tree.getChildren();
    assert.strictEqual(roots.length, 1, JSON.stringify(roots));
    connectionNode = roots[0];
    const item = api.tree.getTreeItem(connectionNode);
    assert.strictEqual(item.label, spec.CONNECTION_NAME);
    assert.match(item.contextValue, /^connection/);
    assert.strictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });

  let tripsNode;
  test(`expanding it connects and lists ${spec.CATALOG} › ${spec.SCHEMA} › Delta tables`, async () => {
    const find = async (parent, label) => {
      const children = await api.tree.getChildren(parent);
      const errors = children.filter((c) => c.kind === 'error').map((c) => c.message);
      assert.deepStrictEqual(errors, [], `loading children of ${JSON.stringify(parent)} failed`);
      const found = children.find((c) => api.tree.getTreeItem(c).label === label);
      assert.ok(found, `${label} not among ${children.map((c) => api.tree.getTreeItem(c).label).join(', ')}`);
      return found;
    };
    const catalog = await find(connectionNode, spec.CATALOG);
    const state = api.connections.get(spec.CONNECTION_NAME);
    assert.strictEqual(state.status, 'connected');
    log(`connected: Spark ${state.sparkVersion}, session time zone ${state.timeZone}`);
    const schema = await find(catalog, spec.SCHEMA);
    const tables = (await api.tree.getChildren(schema)).map((n) => api.tree.getTreeItem(n));
    assert.deepStrictEqual(tables.map((t) => t.label), spec.TABLES.map((t) => t.name).sort());
    for (const t of tables) {
      assert.strictEqual(t.contextValue, 'table.delta', `${t.label} is not shown as a Delta table`);
      assert.strictEqual(t.description, 'Delta');
    }
    tripsNode = await find(schema, spec.TRIPS.name);
  });

  test(`a Delta table node lists its columns (partition column marked) and its history`, async () => {
    const children = await api.tree.getChildren(tripsNode);
    const items = children.map((n) => api.tree.getTreeItem(n));
    assert.deepStrictEqual(items.filter((i) => i.contextValue === 'column').map((i) => i.label), spec.TRIPS.columns);
    assert.match(items.find((i) => i.label === 'day').description, /partition/);
    const history = children.find((n) => api.tree.getTreeItem(n).contextValue === 'history');
    assert.ok(history, 'no History node');
    const versions = (await api.tree.getChildren(history)).map((n) => api.tree.getTreeItem(n).label);
    const expected = spec.TRIPS.history.map((op, i) => `v${spec.TRIPS.latestVersion - i} ${op}`);
    assert.deepStrictEqual(versions, expected);
  });

  test('any node can be revealed in the tree (every node knows its parent)', async () => {
    const history = (await api.tree.getChildren(tripsNode)).find((n) => n.kind === 'history');
    const [latest] = await api.tree.getChildren(history);
    const path = [];
    for (let node = latest; node; node = api.tree.getParent(node)) path.unshift(api.tree.getTreeItem(node).label);
    assert.deepStrictEqual(path, [spec.CONNECTION_NAME, spec.CATALOG, spec.SCHEMA, spec.TRIPS.name, 'History', `v${spec.TRIPS.latestVersion} ${spec.TRIPS.history[0]}`]);
    await vscode.commands.executeCommand('deltaExplorer.catalog.focus');
    await api.catalogView.reveal(latest, { select: true, focus: false, expand: false });
    assert.deepStrictEqual(api.catalogView.selection.map((n) => api.tree.getTreeItem(n).id), [api.tree.getTreeItem(latest).id]);
  });

  test('executeCommand(deltaExplorer.previewTable, node) opens a result grid tab', async () => {
    const before = api.openGrids();
    await vscode.commands.executeCommand('deltaExplorer.previewTable', tripsNode);
    await until('a new result grid', () => api.openGrids() > before);
    const title = `${spec.CATALOG}.${spec.SCHEMA}.${spec.TRIPS.name}`;
    await until(`an active tab "${title}"`, () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === title, 10_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('grids closed', () => api.openGrids() === before, 10_000);
  });

  test('executeCommand(deltaExplorer.refresh) reloads the tree; filterTables/clearFilter are reflected in the tree', async () => {
    await vscode.commands.executeCommand('deltaExplorer.refresh');
    const roots = await api.tree.getChildren();
    assert.strictEqual(api.tree.getTreeItem(roots[0]).label, spec.CONNECTION_NAME);
    // clearFilter needs no input; the filter itself is set through the provider (filterTables asks in an input box)
    api.tree.setFilter('trip');
    const catalogs = await api.tree.getChildren(connectionNode);
    const schema = (await api.tree.getChildren(catalogs.find((c) => c.catalog === spec.CATALOG))).find((s) => s.schema === spec.SCHEMA);
    assert.deepStrictEqual((await api.tree.getChildren(schema)).map((n) => n.table), [spec.TRIPS.name]);
    await vscode.commands.executeCommand('deltaExplorer.clearFilter');
    assert.strictEqual(api.tree.filter, '');
    assert.deepStrictEqual((await api.tree.getChildren(schema)).map((n) => n.table), spec.TABLES.map((t) => t.name).sort());
  });

  test('executeCommand(deltaExplorer.disconnect / connect) change the connection state', async () => {
    await vscode.commands.executeCommand('deltaExplorer.disconnect', connectionNode);
    assert.strictEqual(api.connections.get(spec.CONNECTION_NAME).status, 'disconnected');
    assert.strictEqual(api.tree.getTreeItem(connectionNode).contextValue, 'connection.disconnected');
    await vscode.commands.executeCommand('deltaExplorer.connect', connectionNode);
    await until('connected again', () => api.connections.get(spec.CONNECTION_NAME).status === 'connected');
    assert.strictEqual(api.tree.getTreeItem(connectionNode).contextValue, 'connection.connected');
    assert.match(api.tree.getTreeItem(connectionNode).description, /^Spark 4\.2/);
  });
});
