// Drives the real bundled grid webview (dist/media/grid.js + media/grid/grid.css) in Debian's Chromium under the
// same CSP as VS Code, with acquireVsCodeApi shimmed to a real GridSession + ResultStore in this Node process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { AddressInfo } from 'node:net';
import { Browser, CDPSession, Page, chromium } from 'playwright-core';
import { tableFromIPC } from 'apache-arrow';
import { gridHtml, makeNonce } from '../../src/views/grid/gridHtml';
import type { GridHost } from '../../src/grid/gridHost';
import { GridSession, GridSessionOptions } from '../../src/grid/gridSession';
import { GridSource } from '../../src/grid/gridSource';
import type { ExportFormat, HostMessage } from '../../src/grid/shared/protocol';
import { ThemeName, THEMES, themeVars } from './themes';

const ROOT = path.resolve(__dirname, '../..');
const ASSETS: Record<string, [string, string]> = {
  '/dist/media/grid.js': [path.join(ROOT, 'dist/media/grid.js'), 'text/javascript'],
  '/media/grid/grid.css': [path.join(ROOT, 'media/grid/grid.css'), 'text/css'],
};

/** A host message as logged by the harness (rows messages with their decoded size). */
export interface SentMessage {
  readonly type: HostMessage['type'];
  readonly message: HostMessage;
  /** For `rows`: bytes of Arrow IPC and rows decoded from them. */
  readonly bytes?: number;
  readonly rows?: number;
}

/** Options of one opened grid. */
export interface OpenOptions {
  readonly theme?: ThemeName;
  readonly width?: number;
  readonly height?: number;
  readonly session?: GridSessionOptions;
  /** Where exports go (pickExportFile answer). */
  readonly exportFile?: string;
}

/** One grid page bound to one GridSession. */
export class GridPage {
  /** Messages the host sent to the webview, in order. */
  readonly sent: SentMessage[] = [];
  /** Messages the webview sent to the host, in order. */
  readonly received: unknown[] = [];
  /** Texts written to the clipboard by the host. */
  readonly clipboard: string[] = [];
  /** CSP violations, page errors and console errors seen on any page of this grid. */
  readonly problems: string[] = [];
  /** Requests the page made (only the two assets are expected). */
  readonly requests: string[] = [];
  readonly session: GridSession;
  page!: Page;
  private cdp: CDPSession | undefined;
  private state: unknown;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly harness: GridHarness, source: GridSource, private readonly opts: OpenOptions) {
    this.session = new GridSession(source, this.host(), opts.session);
  }

  private host(): GridHost {
    return {
      post: (message) => this.deliver(message),
      writeClipboard: async (text) => void this.clipboard.push(text),
      pickExportFile: async (_format: ExportFormat) => this.opts.exportFile,
      withProgress: (_title, task) => task(() => undefined, new AbortController().signal),
      log: () => undefined,
    };
  }

  private deliver(message: HostMessage): void {
    const page = this.page;
    const entry: SentMessage = message.type === 'rows'
      ? { type: message.type, message, bytes: message.ipc.byteLength, rows: tableFromIPC(message.ipc).numRows }
      : { type: message.type, message };
    this.sent.push(entry);
    this.queue = this.queue.then(() => page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message)).catch(() => undefined);
  }

  /** Opens (or re-opens, as VS Code does when a hidden panel is shown again) the webview page. */
  async load(): Promise<void> {
    const theme = this.opts.theme ?? 'dark';
    const page = await this.harness.browser.newPage({ viewport: { width: this.opts.width ?? 1200, height: this.opts.height ?? 700 } });
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.text().startsWith('CSP')) this.problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      const { pathname } = new URL(r.url());
      if (pathname !== '/favicon.ico') this.requests.push(pathname);
    });
    page.setDefaultTimeout(20_000);
    await page.exposeBinding('__gridToHost', (_src, message: unknown) => {
      this.received.push(message);
      this.session.handle(message);
    });
    await page.exposeBinding('__gridSaveState', (_src, state: unknown) => void (this.state = state));
    await page.addInitScript({ content: shim({ state: this.state ?? null, theme: THEMES[theme].bodyClass, vars: themeVars(theme) }) });
    this.page = page;
    this.cdp = undefined;
    await page.goto(this.harness.url);
  }

  /** Simulates hiding and showing the panel: the page is destroyed and recreated with the saved state. */
  async hideAndShow(): Promise<void> {
    this.session.detach();
    const old = this.page;
    await this.queue;
    await old.close();
    await this.load();
  }

  /** State last saved by the webview through setState. */
  get savedState(): unknown {
    return this.state;
  }

  /** Host messages of one type. */
  sentOf<T extends HostMessage['type']>(type: T): Array<Extract<HostMessage, { type: T }>> {
    return this.sent.filter((m) => m.type === type).map((m) => m.message as Extract<HostMessage, { type: T }>);
  }

  /** Collects garbage and returns the page's used JS heap, bytes (CDP Performance.getMetrics). */
  async heapUsed(): Promise<number> {
    this.cdp ??= await this.page.context().newCDPSession(this.page);
    await this.cdp.send('Performance.enable');
    await this.cdp.send('HeapProfiler.collectGarbage');
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
  }

  /** Closes the page and the session. */
  async close(): Promise<void> {
    await this.queue;
    await this.page.close().catch(() => undefined);
    this.session.dispose();
  }
}

/**
 * Runs in the page before any script: the VS Code webview API, the theme, and CSP/XSS tripwires. Kept as source
 * text because tsx would wrap a compiled function with helpers that do not exist in the page.
 */
function shim(init: { state: unknown; theme: string; vars: Record<string, string> }): string {
  return `(() => {
  const init = ${JSON.stringify(init)};
  let state = init.state;
  window.__csp = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__gridToHost(m),
    getState: () => state,
    setState: (s) => { state = s; window.__gridSaveState(s); },
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
    console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  document.addEventListener('DOMContentLoaded', () => {
    document.body.classList.add(init.theme);
    for (const [name, value] of Object.entries(init.vars)) document.documentElement.style.setProperty(name, value);
  });
})();`;
}

/** One HTTP server and one Chromium for a test file. */
export class GridHarness {
  private constructor(readonly browser: Browser, private readonly server: http.Server, readonly url: string) {}

  /** Starts the asset server and Chromium. Requires `npm run build` first. */
  static async start(): Promise<GridHarness> {
    for (const [file] of Object.values(ASSETS)) {
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
    }
    const server = http.createServer((req, res) => serve(req, res, origin));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    return new GridHarness(browser, server, `${origin}/`);
  }

  /** Opens a grid over `source` and waits for the webview to have rendered its header. */
  async open(source: GridSource, opts: OpenOptions = {}): Promise<GridPage> {
    const grid = new GridPage(this, source, opts);
    await grid.load();
    return grid;
  }

  /** Stops Chromium and the server. */
  async stop(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function serve(req: http.IncomingMessage, res: http.ServerResponse, origin: string): void {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname === '/') {
    const html = gridHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/media/grid.js`, styleUri: `${origin}/media/grid/grid.css` });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end(); // Chromium asks on its own; not a request of the page
    return;
  }
  const asset = ASSETS[url.pathname];
  if (!asset) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': asset[1] }).end(fs.readFileSync(asset[0]));
}

/** What `gridSuite()` gives a describe body. */
export interface GridSuite {
  /** Opens a grid page; it is closed after the test that opened it. */
  open(source: GridSource, opts?: OpenOptions): Promise<GridPage>;
}

/**
 * The hooks of a suite of grid pages, called in a describe body: one Chromium for the suite, every page a test opened
 * closed after it, and a test that passed must have left no CSP violation, page error or console error on them.
 */
export function gridSuite(): GridSuite {
  let harness: GridHarness | undefined;
  const opened: GridPage[] = [];
  before(async () => (harness = await GridHarness.start()));
  after(async () => harness?.stop());
  afterEach(async function () {
    const pages = opened.splice(0);
    await Promise.all(pages.map((p) => p.close()));
    if (this.currentTest?.state === 'passed') assert.deepEqual(pages.flatMap((p) => p.problems), [], 'no CSP violations, page errors or console errors');
  });
  return {
    open: async (source, opts) => {
      if (!harness) throw new Error('gridSuite(): open a page inside a test');
      const page = await harness.open(source, opts);
      opened.push(page);
      return page;
    },
  };
}
