/**
 * Building DOM for the demo CRMs' single-page apps. Data only ever becomes text nodes or attribute values,
 * never markup, so a contact named `<img onerror=…>` shows as those characters.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

export type Props = Record<string, string | number | boolean | null | undefined | ((event: never) => void)>;

/** Appends children: nodes as they are, strings and numbers as text, nested arrays flattened, falsy skipped. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string' || typeof child === 'number')
      parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child as Node);
  }
}

/**
 * `h('a', {href: '/x', class: 'link', onclick: (e: MouseEvent) => …}, 'text')`: props become attributes
 * (true → present, false/null/undefined → absent) and `on…` functions become event listeners.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function')
      element.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Replaces everything inside `parent`. */
export function render(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The initials of a name, for avatars: "Ana García" → "AG". */
export function initials(...names: string[]): string {
  return names
    .map((name) => Array.from(name.trim())[0] ?? '')
    .join('')
    .toUpperCase();
}

/** `tel:` href for a phone as stored: digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
