// Tiny DOM helpers. Text goes in through textContent only: data never becomes HTML.

/** Creates an element with a class and optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Creates a button with a label, a tooltip and a click handler. */
export function button(label: string, title: string, onClick: () => void, className = 'tool-button'): HTMLButtonElement {
  const node = el('button', className, label);
  node.type = 'button';
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

/** Sets textContent only when it changed (keeps re-renders cheap). */
export function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets className only when it changed. */
export function setClass(node: HTMLElement, className: string): void {
  if (node.className !== className) node.className = className;
}

/** Sets a pixel style property through the CSSOM (allowed by the CSP, unlike style attributes). */
export function setPx(node: HTMLElement, property: 'left' | 'top' | 'width' | 'height', px: number): void {
  const value = `${px}px`;
  if (node.style[property] !== value) node.style[property] = value;
}

/** "1,234,567". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
