// Drives the VS Code web workbench (code-server 4.139 / VS Code 1.139) like a person, through playwright-core:
// activity bar, tree view, F1 command palette, input boxes, quick picks, dialogs, notifications and the result grid
// webview. Every step waits with a timeout and fails with a message saying what it saw instead.
// Scenario files (test/e2e/ui/scenarios.mjs) are written against this API only.
import fs from 'node:fs';
import path from 'node:path';

const SIDEBAR = '#workbench\\.parts\\.sidebar';
const QUICK_INPUT = '.quick-input-widget';
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A row of the tree's list; the sticky copies of ancestors pinned at the top while scrolling are not rows of it.
const TREE_ROW = '.monaco-list-row[role=treeitem]:not(.monaco-tree-sticky-row)';
const exactly = (s) => (s instanceof RegExp ? s : new RegExp(`^\\s*${escapeRe(s)}\\s*$`));

export class UiStepError extends Error {}

export class Driver {
  /**
   * @param page      playwright Page showing the workbench
   * @param outDir    where screenshot() writes PNGs
   * @param commands  contributes.commands of our package.json (maps command ids to palette titles)
   * @param view      default tree view name for the tree methods ("Catalog")
   */
  constructor(page, { outDir, commands = [], view = 'Catalog', timeoutMs = 30_000, log = console.log } = {}) {
    this.page = page;
    this.view = view; // the tree view (its name) the tree methods act on unless told otherwise
    this.outDir = outDir;
    this.commands = commands;
    this.timeoutMs = timeoutMs;
    this.log = log;
    this.prefix = '';
    this.shots = [];
    this.count = 0;
    page.setDefaultTimeout(20_000); // every wait below has its own timeout; this bounds playwright's implicit ones
  }

  /** Names the screenshots of the next steps `<prefix>-NN-<name>.png`. */
  beginScenario(prefix) {
    this.prefix = prefix;
    this.count = 0;
  }

  // ---- workbench ---------------------------------------------------------------------------------------------
  /** Waits for the workbench DOM (after page.goto). */
  async waitForWorkbench(timeoutMs = 90_000) {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  }

  /** Presses Escape a few times and closes every editor: a clean slate between scenarios. */
  async reset() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await this.runPaletteCommand('View: Close All Editors', { optional: true });
    await this.dismissNotifications();
    if (await this.tree().count()) await this.viewTitleAction('Collapse All', { optional: true });
  }

  /** Clears all notifications (toasts and the notification center). */
  async dismissNotifications() {
    await this.runPaletteCommand('Notifications: Clear All Notifications', { optional: true });
  }

  // ---- activity bar and views --------------------------------------------------------------------------------
  /**
   * Opens the activity bar container titled `title` (clicks it unless it is showing already). When the container
   * has several views, expands `view` and collapses the others (so its tree gets the height).
   */
  async openView(title = 'Delta Connect', { view = this.view, solo = true, timeoutMs = 90_000 } = {}) {
    const item = this.page.locator(`.activitybar .action-item:has(.action-label[aria-label^="${title}"])`).first();
    await this.step(`activity bar item "${title}"`, () => item.waitFor({ timeout: timeoutMs }));
    const header = this.page.locator(`${SIDEBAR} .composite.title .title-label`);
    const showing = async () => (await header.count()) > 0 && (await header.first().textContent() ?? '').toLowerCase().startsWith(title.toLowerCase());
    if (!(await showing())) await item.click();
    await this.waitUntil(`the side bar to show "${title}"`, showing, 10_000);
    const headers = this.page.locator(`${SIDEBAR} .pane-header[aria-label$=" Section"]`);
    if (view && (await headers.count()) > 1) {
      for (const h of await headers.all()) {
        const name = (await h.getAttribute('aria-label')).replace(/ Section$/, '');
        const expanded = (await h.getAttribute('aria-expanded')) === 'true';
        if ((name === view && !expanded) || (solo && name !== view && expanded)) await h.locator('h3.title').click();
      }
      await this.waitUntil(`the "${view}" section to be expanded`, async () => (await this.paneHeader(view).getAttribute('aria-expanded')) === 'true', 10_000);
    }
  }

  /** The header of a view's section (when its container shows several views). */
  paneHeader(view = this.view) {
    return this.page.locator(`${SIDEBAR} .pane-header[aria-label="${view} Section"]`);
  }

  /** A tree view (by its name, e.g. "Catalog", "Query History") in the side bar. */
  tree(view = this.view) {
    return this.page.locator(`${SIDEBAR} .monaco-list[role=tree][aria-label="${view}"]`).first();
  }

  /** The rendered tree row whose label is exactly `name` (string or RegExp). `level`: aria-level (1 = roots). */
  treeItem(name, { level, view = this.view } = {}) {
    let rows = this.tree(view).locator(`${TREE_ROW}${level ? `[aria-level="${level}"]` : ''}`);
    rows = rows.filter({ has: this.page.locator('.label-name', { hasText: exactly(name) }) });
    return rows.first();
  }

  /** Labels, descriptions, levels and expansion of the tree rows currently rendered (the list is virtualized). */
  async treeItems({ view = this.view } = {}) {
    return this.tree(view).locator(TREE_ROW).evaluateAll((rows) => rows.map((r) => ({
      label: r.querySelector('.label-name')?.textContent ?? '',
      description: r.querySelector('.label-description')?.textContent ?? '',
      level: Number(r.getAttribute('aria-level')),
      expanded: r.getAttribute('aria-expanded'),
      top: parseFloat(r.style.top) || 0,
    })).sort((a, b) => a.top - b.top));
  }

  /** Scrolls a tree with the mouse wheel by `dy` pixels (its rows are virtualized: only visible ones exist). */
  async scrollTree(dy, { view = this.view } = {}) {
    const box = await this.tree(view).boundingBox();
    if (!box) return;
    await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
    await this.page.mouse.wheel(0, dy);
    await this.page.waitForTimeout(100);
  }

  /** Scrolls so that `row` is at the top of its tree (its children then show below it). */
  async scrollRowToTop(row, { view = this.view } = {}) {
    const [rb, tb] = [await row.boundingBox(), await this.tree(view).boundingBox()];
    if (rb && tb && rb.y - tb.y > tb.height / 3) await this.scrollTree(rb.y - tb.y, { view });
  }

  /** Waits for a tree item (scrolling the virtualized tree to find it), failing with the rows that are there. */
  async waitForTreeItem(name, { level, view = this.view, timeoutMs = this.timeoutMs } = {}) {
    const row = this.treeItem(name, { level, view });
    let polls = 0;
    try {
      await this.waitUntil(`tree item "${name}"`, async () => {
        if (await row.count()) return true;
        // not rendered: maybe scrolled out of view. Sweep the tree: top, then down a screen at a time.
        const box = await this.tree(view).boundingBox();
        if (box) await this.scrollTree(polls++ % 8 === 0 ? -100_000 : box.height * 0.8, { view });
        return false;
      }, timeoutMs);
      await row.scrollIntoViewIfNeeded();
    } catch {
      const rows = await this.treeItems({ view }).catch(() => []);
      throw new UiStepError(`tree item "${name}" did not appear in "${view}" within ${timeoutMs} ms; rendered rows: ${rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label}${r.description ? ` (${r.description})` : ''}`).join(' | ') || '(none)'}`);
    }
    return row;
  }

  /**
   * Expands a tree item (clicking its twistie, so an item's own command does not run) and waits until its
   * children are rendered. Returns the labels of the children rendered (scrolled to show as many as fit).
   */
  async expandTreeItem(name, { level, view = this.view, timeoutMs = this.timeoutMs } = {}) {
    const row = await this.waitForTreeItem(name, { level, view, timeoutMs });
    await this.scrollRowToTop(row, { view });
    const myLevel = Number(await row.getAttribute('aria-level'));
    // children: the next rows with a deeper aria-level (loaded lazily, possibly from the server)
    const children = () => this.subtreeChildren(name, myLevel, { view });
    // Click the twistie while the row is collapsed. A refresh of the whole tree racing the first click (e.g. right
    // after adding a connection) can collapse it again; a person would click again, and so do we.
    return this.waitUntil(`children of "${name}"`, async () => {
      if ((await row.getAttribute('aria-expanded')) === 'false') {
        await row.locator('.monaco-tl-twistie').click();
        await this.waitUntil('aria-expanded', async () => (await row.getAttribute('aria-expanded')) === 'true', 2000).catch(() => {});
        return undefined;
      }
      const c = await children();
      return c.length ? c : undefined;
    }, timeoutMs);
  }

  /**
   * The labels of the direct children of the expanded row `name` (at `level`). The tree renders only the rows in
   * view, so when the subtree runs past the last rendered row, it scrolls on and gathers rows by their position in
   * the list until the subtree ends or the list does.
   */
  async subtreeChildren(name, level, { view = this.view } = {}) {
    const seen = new Map();
    let scrolled = 0;
    const gather = async () => {
      for (let pass = 0; pass < 20; pass++) {
        const rendered = await this.treeItems({ view });
        for (const r of rendered) seen.set(r.top, r);
        const rows = [...seen.values()].sort((x, y) => x.top - y.top);
        const i = rows.findIndex((r) => r.level === level && exactly(name).test(r.label));
        if (i < 0) return [];
        const out = [];
        let j = i + 1;
        for (; j < rows.length && rows[j].level > level; j++) if (rows[j].level === level + 1) out.push(rows[j].label);
        if (j < rows.length || !out.length) return out;
        const box = await this.tree(view).boundingBox();
        const dy = (box?.height ?? 200) * 0.6;
        await this.scrollTree(dy, { view });
        scrolled += dy;
        const after = await this.treeItems({ view });
        if (after.at(-1)?.top === rendered.at(-1)?.top) return out;
      }
      return [];
    };
    try {
      return await gather();
    } finally {
      // back where it was, so the rows above stay rendered (not only as sticky headers) for the next step
      if (scrolled) await this.scrollTree(-scrolled, { view });
    }
  }

  /** Clicks a tree item (selects it, runs its command if it has one). */
  async clickTreeItem(name, opts = {}) {
    const row = await this.waitForTreeItem(name, opts);
    await row.scrollIntoViewIfNeeded();
    await row.locator('.label-name').click();
  }

  /** Right-clicks a tree item and picks `label` from its context menu. */
  async treeItemContextMenu(name, label, opts = {}) {
    const row = await this.waitForTreeItem(name, opts);
    await row.scrollIntoViewIfNeeded();
    await row.click({ button: 'right' });
    await this.pickContextMenu(label);
  }

  /** Clicks the inline action `label` (aria-label) shown on a tree row on hover. */
  async treeItemAction(name, label, opts = {}) {
    const row = await this.waitForTreeItem(name, opts);
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label="${label}"]`);
    await this.step(`inline action "${label}" on "${name}"`, () => action.waitFor({ timeout: 5000 }));
    await action.click();
  }

  /**
   * Clicks a view's title action (toolbar icon, e.g. "Add Connection", "Collapse All") by its label. With several
   * views in the container the actions sit in the view's section header and show on hover.
   */
  async viewTitleAction(label, { view = this.view, optional = false } = {}) {
    const header = this.paneHeader(view);
    let action;
    if (await header.count()) {
      await header.hover();
      action = header.locator(`.actions .action-label[aria-label^="${label}"]`).first();
    } else {
      action = this.page.locator(`${SIDEBAR} .composite.title .title-actions .action-label[aria-label^="${label}"]`).first();
    }
    try {
      await action.waitFor({ timeout: optional ? 2000 : 10_000 });
    } catch (e) {
      if (optional) return false;
      throw new UiStepError(`view action "${label}" of "${view}" not found: ${String(e.message).split('\n')[0]}`);
    }
    await action.click();
    return true;
  }

  /** Picks an entry of the open context menu. */
  async pickContextMenu(label) {
    const menu = this.page.locator('.context-view .monaco-menu');
    await this.step('a context menu', () => menu.first().waitFor({ timeout: 10_000 }));
    const entry = menu.locator('.action-menu-item', { has: this.page.locator('.action-label', { hasText: exactly(label) }) }).first();
    if (!(await entry.count())) {
      const labels = await menu.locator('.action-label').allTextContents();
      throw new UiStepError(`context menu has no "${label}"; it has: ${labels.filter(Boolean).join(' | ')}`);
    }
    await entry.hover();
    await entry.click();
    // a click that lands while the menu is still settling is sometimes dropped (the item stays highlighted):
    // the hovered item has the focus then, so Enter runs it
    const closed = () => menu.first().waitFor({ state: 'hidden', timeout: 2500 }).then(() => true, () => false);
    if (!(await closed())) {
      await this.page.keyboard.press('Enter');
      if (!(await closed())) throw new UiStepError(`the context menu did not run "${label}" (still open)`);
    }
  }

  // ---- command palette, input boxes, quick picks -------------------------------------------------------------
  /** "Category: Title" of one of our commands, from package.json. */
  paletteTitle(idOrTitle) {
    const c = this.commands.find((x) => x.command === idOrTitle);
    if (!c) return idOrTitle;
    return c.category ? `${c.category}: ${c.title}` : c.title;
  }

  /** Runs a SQL statement typed into the box of Run SQL… (deltaExplorer.runSqlInput), as a person would. */
  async runSqlInput(statement) {
    await this.runPaletteCommand('deltaExplorer.runSqlInput');
    await this.answerInputBox(statement, { prompt: 'SQL statement' });
  }

  /**
   * Runs a command from the F1 palette: by our command id (title looked up in package.json) or by its palette
   * title ("View: Close All Editors"). optional: no error when the palette does not offer it; shot: screenshot
   * name taken while the palette shows the command.
   */
  async runPaletteCommand(idOrTitle, { optional = false, shot } = {}) {
    const title = this.paletteTitle(idOrTitle);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    await this.step('the command palette', () => input.waitFor({ timeout: 10_000 }));
    await input.fill(`>${title}`);
    const row = this.page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      const offered = await this.quickItems();
      await this.page.keyboard.press('Escape');
      if (optional) return false;
      throw new UiStepError(`the command palette does not offer "${title}"; it offers: ${offered.slice(0, 10).join(' | ') || '(nothing)'}`);
    }
    if (shot) await this.screenshot(shot);
    await row.click();
    // the palette closes (or turns into the command's own prompt) before the next step may look at the quick input
    await this.waitUntil(`the palette to close after "${title}"`, async () => !(await input.isVisible()) || (await input.inputValue()) !== `>${title}`, 10_000);
    return true;
  }

  /** Labels of the rows in the open quick input list. */
  async quickItems() {
    return this.page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).evaluateAll((rows) => rows.map((r) => r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? ''));
  }

  /** The visible quick input right now: { visible, title, message, placeholder, value } (no waiting). */
  async quickInputSnapshot() {
    return this.page.evaluate((sel) => {
      const el = [...document.querySelectorAll(sel)].find((w) => w.offsetParent !== null && getComputedStyle(w).display !== 'none');
      if (!el) return { visible: false };
      return {
        visible: true,
        title: el.querySelector('.quick-input-title')?.textContent ?? '',
        message: el.querySelector('.quick-input-message')?.textContent ?? '',
        placeholder: el.querySelector('.quick-input-box input')?.getAttribute('placeholder') ?? '',
        value: el.querySelector('.quick-input-box input')?.value ?? '',
      };
    }, QUICK_INPUT);
  }

  /** Waits for a visible quick input and returns its title, prompt/message, placeholder and value. */
  async quickInputState({ timeoutMs = 10_000 } = {}) {
    return this.waitUntil('a quick input', async () => { const q = await this.quickInputSnapshot(); return q.visible ? q : undefined; }, timeoutMs);
  }

  /**
   * Answers an input box (showInputBox): waits for it (optionally for its title/prompt/placeholder to match
   * `prompt`), replaces the value with `text`, presses Enter and waits until the box closed or moved on to the next
   * prompt. Returns the box's title and prompt.
   */
  async answerInputBox(text, { prompt, timeoutMs = this.timeoutMs } = {}) {
    const state = await this.waitUntil(prompt ? `an input box asking ${prompt}` : 'an input box', async () => {
      const q = await this.quickInputSnapshot();
      return q.visible && (!prompt || matches(prompt, `${q.title}\n${q.message}\n${q.placeholder}`)) ? q : undefined;
    }, timeoutMs).catch(async (e) => { throw new UiStepError(`${e.message}; the quick input shows ${JSON.stringify(await this.quickInputSnapshot())}`); });
    const input = this.page.locator(`${QUICK_INPUT}:visible .quick-input-box input`).first();
    await input.fill(text);
    // validation messages are shown asynchronously; give it a moment, then Enter
    await this.page.waitForTimeout(150);
    await input.press('Enter');
    await this.waitUntil('the input box to close (is the value valid?)', async () => {
      const q = await this.quickInputSnapshot();
      return !q.visible || q.value !== text || q.title !== state.title;
    }, 10_000).catch(async (e) => { throw new UiStepError(`${e.message}; it shows ${JSON.stringify(await this.quickInputSnapshot())}`); });
    return state;
  }

  /** Picks the quick pick item labelled `label` (exact, or a RegExp). */
  async pickQuickItem(label, { timeoutMs = this.timeoutMs } = {}) {
    const row = this.page.locator(`${QUICK_INPUT}:visible .quick-input-list .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) }).first();
    try {
      await row.waitFor({ timeout: timeoutMs });
    } catch {
      throw new UiStepError(`quick pick item "${label}" not offered; items: ${(await this.quickItems().catch(() => [])).join(' | ') || '(none)'}`);
    }
    await row.click();
  }

  /** Opens a workspace file by name with Quick Open (Ctrl+P) and waits for its editor tab. */
  async openFile(name) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    await this.step('Quick Open', () => input.waitFor({ timeout: 10_000 }));
    await input.fill(name);
    const row = this.page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(name) }) }).first();
    await this.step(`"${name}" in Quick Open`, () => row.waitFor({ timeout: 15_000 }));
    await row.click();
    const tab = this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`);
    await this.step(`the editor tab of "${name}"`, () => tab.first().waitFor({ timeout: 15_000 }));
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
  }

  // ---- dialogs and notifications -----------------------------------------------------------------------------
  /** The text of the open modal dialog (message + detail), or undefined. */
  async dialogText() {
    const box = this.page.locator('.monaco-dialog-box');
    if (!(await box.count())) return undefined;
    return (await box.first().innerText()).trim();
  }

  /** Waits for a modal dialog (optionally with text matching `expect`) and presses `button`. Returns its text. */
  async confirmDialog(button, { expect, timeoutMs = this.timeoutMs } = {}) {
    const box = this.page.locator('.monaco-dialog-box');
    await this.step('a dialog', () => box.first().waitFor({ timeout: timeoutMs }));
    const text = await this.dialogText();
    if (expect && !matches(expect, text)) throw new UiStepError(`the dialog says "${text}", expected ${expect}`);
    const btn = box.locator('.dialog-buttons .monaco-button', { hasText: exactly(button) }).first();
    if (!(await btn.count())) {
      throw new UiStepError(`the dialog has no "${button}" button; it has: ${(await box.locator('.dialog-buttons .monaco-button').allTextContents()).join(' | ')}`);
    }
    await btn.click();
    await box.first().waitFor({ state: 'detached', timeout: 10_000 });
    return text;
  }

  /** Waits for a notification toast whose text matches `expect` (string: substring; RegExp). Returns its text. */
  async waitForNotification(expect, { timeoutMs = this.timeoutMs } = {}) {
    const toasts = this.page.locator('.notification-toast .notification-list-item-message');
    return this.waitUntil(`a notification ${expect}`, async () => (await toasts.allInnerTexts()).find((t) => matches(expect, t)), timeoutMs)
      .catch(async (e) => { throw new UiStepError(`${e.message}; notifications shown: ${(await toasts.allInnerTexts()).join(' | ') || '(none)'}`); });
  }

  /** Clicks `button` on the notification toast matching `expect`. */
  async clickNotificationButton(expect, button, opts = {}) {
    await this.waitForNotification(expect, opts);
    const toast = this.page.locator('.notification-toast', { has: this.page.locator('.notification-list-item-message', { hasText: typeof expect === 'string' ? expect : expect }) }).first();
    await toast.locator('.monaco-button', { hasText: exactly(button) }).first().click();
  }

  /** Error notifications currently shown (texts). */
  async errorNotifications() {
    return this.page.locator('.notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts();
  }

  // ---- editors and the result grid webview -------------------------------------------------------------------
  /** Waits for the active editor tab to be titled `title` (exact or RegExp). */
  async waitForActiveTab(title, { timeoutMs = this.timeoutMs } = {}) {
    const tab = this.page.locator('.tabs-container .tab.active', { has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    try {
      await tab.first().waitFor({ timeout: timeoutMs });
    } catch {
      const tabs = await this.page.locator('.tabs-container .tab .label-name').allTextContents();
      throw new UiStepError(`no active tab "${title}"; tabs: ${tabs.join(' | ') || '(none)'}; errors: ${(await this.errorNotifications()).join(' | ') || '(none)'}`);
    }
  }

  /** The visible webview's content frame (iframe.webview > iframe#active-frame). */
  webview() {
    return this.page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  }

  /**
   * Reads the result grid in the visible webview once its rendered rows have loaded and the result is complete:
   * { columns: [names], rows: [[cell texts]], rowCount: toolbar text }. Waits for at least `minRows` rows.
   */
  async readGridCells({ minRows = 1, timeoutMs = this.timeoutMs } = {}) {
    const frame = this.webview();
    const grid = frame.locator('[role=grid]');
    await this.step('a result grid in the active webview', () => grid.first().waitFor({ timeout: timeoutMs }));
    const read = () => grid.first().evaluate((g) => {
      const columns = [...g.querySelectorAll('[role=columnheader]')].filter((h) => !h.hidden && !h.closest('[hidden]'))
        .map((h) => (h.querySelector('.hname') ?? h).textContent.trim());
      const rows = [...g.querySelectorAll('[role=row]')].filter((r) => !r.hidden && r.querySelector('[role=gridcell]'))
        .sort((a, b) => (Number(a.dataset.row ?? 0) - Number(b.dataset.row ?? 0)))
        .map((r) => [...r.querySelectorAll('[role=gridcell]')].map((c) => c.textContent));
      const loading = g.querySelectorAll('[role=gridcell].loading').length;
      const doc = g.ownerDocument;
      return { columns, rows, loading, rowCount: doc.querySelector('.row-count')?.textContent ?? '', status: doc.querySelector('.status-message')?.textContent ?? '' };
    });
    let last;
    try {
      return await this.waitUntil(`${minRows}+ loaded grid rows`, async () => {
        last = await read();
        // complete: no cell still loading, and the result no longer streaming (the count says "N rows · loading…" until then)
        if (last.loading === 0 && !/loading…/.test(last.rowCount) && last.rows.length >= minRows && last.columns.length) return { columns: last.columns, rows: last.rows, rowCount: last.rowCount, status: last.status };
        return undefined;
      }, timeoutMs);
    } catch (e) {
      throw new UiStepError(`${e.message}; the grid shows ${JSON.stringify(last)}`);
    }
  }

  /** Text of the visible webview's body (for non-grid webviews or diagnostics). */
  async webviewText() {
    return this.webview().locator('body').innerText();
  }

  // ---- evidence ----------------------------------------------------------------------------------------------
  /** Saves a PNG of the whole window as <outDir>/<scenario>-NN-<name>.png and returns its path. */
  async screenshot(name) {
    fs.mkdirSync(this.outDir, { recursive: true });
    const file = path.join(this.outDir, `${this.prefix ? this.prefix + '-' : ''}${String(++this.count).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.page.screenshot({ path: file });
    this.shots.push(file);
    return file;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------
  async step(what, fn) {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof UiStepError) throw e;
      throw new UiStepError(`waiting for ${what}: ${String(e.message ?? e).split('\n')[0]}`);
    }
  }

  /** Polls `fn` until it returns a truthy value; throws after timeoutMs. */
  async waitUntil(what, fn, timeoutMs = this.timeoutMs) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn().catch(() => undefined);
      if (v) return v;
      if (Date.now() > end) throw new UiStepError(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await this.page.waitForTimeout(150);
    }
  }
}

function matches(expect, text) {
  if (text === undefined || text === null) return false;
  return expect instanceof RegExp ? expect.test(text) : text.includes(expect);
}
