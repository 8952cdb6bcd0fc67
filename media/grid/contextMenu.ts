// A small popup menu (cell context menu, Copy and Export drop-downs), keyboard- and mouse-operable.
import { el } from './dom';

/** One entry; null draws a separator. */
export type MenuItem = { readonly label: string; readonly shortcut?: string; readonly action: () => void } | null;

/** A popup menu shown at a point. */
export class ContextMenu {
  private readonly menu = el('div', 'context-menu');

  constructor(parent: HTMLElement) {
    this.menu.setAttribute('role', 'menu');
    this.menu.hidden = true;
    this.menu.addEventListener('keydown', (e) => this.onKey(e));
    parent.append(this.menu);
    document.addEventListener('mousedown', (e) => {
      if (!this.menu.contains(e.target as Node)) this.hide();
    });
    window.addEventListener('blur', () => this.hide());
  }

  /** True while the menu is open. */
  get open(): boolean {
    return !this.menu.hidden;
  }

  /** Opens the menu at viewport coordinates with `items`; focuses the first item. */
  show(items: readonly MenuItem[], x: number, y: number): void {
    this.menu.replaceChildren(...items.map((item) => (item ? this.entry(item) : el('div', 'menu-separator'))));
    this.menu.hidden = false;
    const { width, height } = this.menu.getBoundingClientRect();
    this.menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - width - 4))}px`;
    this.menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - height - 4))}px`;
    this.items()[0]?.focus();
  }

  /** Closes the menu. */
  hide(): void {
    this.menu.hidden = true;
  }

  private entry(item: NonNullable<MenuItem>): HTMLElement {
    const entry = el('button', 'menu-item');
    entry.type = 'button';
    entry.setAttribute('role', 'menuitem');
    entry.append(el('span', 'menu-label', item.label), el('span', 'menu-shortcut', item.shortcut ?? ''));
    entry.addEventListener('click', () => {
      this.hide();
      item.action();
    });
    return entry;
  }

  private items(): HTMLElement[] {
    return [...this.menu.querySelectorAll<HTMLElement>('.menu-item')];
  }

  private onKey(e: KeyboardEvent): void {
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') this.hide();
    else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
}
