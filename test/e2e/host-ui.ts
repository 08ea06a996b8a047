/**
 * The sidebar's launcher tab and resize edge live in a closed shadow root on the host page: no selector of the
 * page (nor Playwright's) reaches them. The tests reach them the way only a debugger can, through the DevTools
 * protocol (it pierces closed roots), and act on them as an agent does: clicks at their place on screen, keys.
 */
import type { Locator, Page } from 'playwright-core';

type Part = 'launcher' | 'resizer';

interface DomNode {
  backendNodeId: number;
  localName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

function findPart(node: DomNode, part: Part, inClosedRoot: boolean): DomNode | null {
  const classes = node.attributes?.[node.attributes.indexOf('class') + 1] ?? '';
  if (inClosedRoot && node.attributes?.includes('class') && classes.split(' ').includes(part)) return node;
  for (const root of node.shadowRoots ?? []) {
    const found = findPart(root, part, inClosedRoot || root.shadowRootType === 'closed');
    if (found) return found;
  }
  for (const child of node.children ?? []) {
    const found = findPart(child, part, inClosedRoot);
    if (found) return found;
  }
  return null;
}

/** A part of the sidebar's host-page UI, with the few Locator methods the tests use. */
export function hostPart(page: Page, part: Part): Locator {
  const objectId = async (): Promise<string | null> => {
    const cdp = await page.context().newCDPSession(page);
    try {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
      const node = findPart(root, part, false);
      if (!node) return null;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendNodeId });
      return object.objectId ?? null;
    } finally {
      await cdp.detach();
    }
  };
  const call = async <T>(fn: string): Promise<T> => {
    const cdp = await page.context().newCDPSession(page);
    try {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
      const node = findPart(root, part, false);
      if (!node) throw new Error(`The sidebar's ${part} is not on the page.`);
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendNodeId });
      const result = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function () { return (${fn})(this); }`,
        returnByValue: true,
        awaitPromise: true,
      });
      return result.result.value as T;
    } finally {
      await cdp.detach();
    }
  };
  const shown = `(el) => !el.hidden && !el.closest('[hidden]') && el.getBoundingClientRect().width > 0`;
  const locator = {
    page: () => page,
    first: () => locator,
    toString: () => `the sidebar's ${part}`,
    count: async () => ((await objectId()) ? 1 : 0),
    evaluate: <T>(fn: (el: Element) => T) => call<T>(fn.toString()),
    getAttribute: (name: string) => call<string | null>(`(el) => el.getAttribute(${JSON.stringify(name)})`),
    isVisible: async () => (await objectId()) !== null && call<boolean>(shown),
    async waitFor(options: { state?: 'visible' | 'hidden'; timeout?: number } = {}) {
      const deadline = Date.now() + (options.timeout ?? 30_000);
      const want = (options.state ?? 'visible') === 'visible';
      while ((await locator.isVisible()) !== want) {
        if (Date.now() > deadline)
          throw new Error(`The sidebar's ${part} never became ${options.state ?? 'visible'}.`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** A click where it is on screen, as the agent's pointer does. */
    async click() {
      await locator.waitFor();
      const box = await call<{ x: number; y: number; width: number; height: number }>(
        '(el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }',
      );
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    },
    focus: () => call<void>('(el) => el.focus()'),
  };
  return locator as unknown as Locator;
}

/** Whether the agent's focus is in the sidebar (its frame, launcher or edge): the page sees its host focused. */
export function focusInSidebar(page: Page): Promise<boolean> {
  return page.evaluate(() => /^hl-[0-9a-f]{12}$/.test(document.activeElement?.localName ?? ''));
}
