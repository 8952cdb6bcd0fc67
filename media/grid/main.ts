// Entry point of the result grid webview (bundled by esbuild into dist/media/grid.js).
import { GridApp } from './gridApp';
import { GridInput } from './gridInput';
import { HostChannel } from './hostChannel';

const root = document.getElementById('grid-app');
if (root) {
  const app = new GridApp(root, new HostChannel());
  new GridInput(app, app.toolbar.menu, root);
}
