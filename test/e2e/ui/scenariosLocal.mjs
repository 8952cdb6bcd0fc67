// UI scenario for the embedded local server: "Start Local Delta Server" from the palette starts a second, real
// Spark Connect + Delta server on this machine (Spark 4.2 and the Delta jars from the project cache, the plugin jar
// from the installed .vsix or the cache), connects to it; "Stop Local Delta Server" ends it.
// It runs last-but-one (it adds a connection and a JVM): see scenarios.mjs.
import assert from 'node:assert/strict';
import net from 'node:net';

const LOCAL = 'Local Delta Server';

/** True when something accepts TCP connections on 127.0.0.1:port. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export const localScenarios = [
  {
    slug: 'local-server',
    name: '"Start Local Delta Server" starts a server on 127.0.0.1, connects and browses; "Stop Local Delta Server" stops it',
    timeoutMs: 360_000,
    async run(d) {
      await d.openView('Delta Connect');
      await d.runPaletteCommand('deltaExplorer.startLocalServer', { shot: 'palette' });
      const started = await d.waitForNotification(/^The local Delta server runs at sc:\/\/127\.0\.0\.1:\d+/, { timeoutMs: 300_000 });
      await d.screenshot('started');
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(started)[1]);
      assert.ok(await listening(port), `nothing listens on 127.0.0.1:${port}`);
      assert.notEqual(`sc://127.0.0.1:${port}`, process.env.SPARK_REMOTE, 'it connected to the test server instead of starting its own');
      // the row of the new connection says which Spark it runs
      const row = await d.waitUntil(`the "${LOCAL}" row`, async () => {
        const r = (await d.treeItems()).find((x) => x.level === 1 && x.label === LOCAL);
        return r && /^Spark 4\.2/.test(r.description ?? '') ? r : undefined;
      }, 60_000);
      assert.match(row.description, /^Spark 4\.2/);
      // it browses (its own, empty warehouse); Create Sample Data is tested on the shared server (scenariosFeatures.mjs)
      await d.expandTreeItem(LOCAL, { level: 1, timeoutMs: 60_000 });
      assert.ok((await d.expandTreeItem('spark_catalog', { level: 2 })).includes('default'));
      await d.screenshot('browsing');
      // stop: the connection leaves the tree and the port closes
      await d.runPaletteCommand('deltaExplorer.stopLocalServer');
      await d.waitForNotification(/local Delta server was stopped/);
      await d.waitUntil(`"${LOCAL}" to leave the tree`, async () => !(await d.treeItems()).some((r) => r.level === 1 && r.label === LOCAL), 15_000);
      await d.waitUntil(`127.0.0.1:${port} to close`, async () => !(await listening(port)), 60_000);
      await d.screenshot('stopped');
    },
  },
];
