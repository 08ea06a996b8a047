/**
 * Code the UI benchmark runs inside the host page (Playwright serialises these functions, so they use nothing
 * from outside their own body). Times are the page's performance.now(), which the content script's isolated
 * world shares: one clock for the navigation, the sidebar's DOM and the content script's messages.
 */

export interface NavigationWait {
  /** In-app path to go to, e.g. /contacts/gt_1001. */
  path: string;
  /** The HighLevel contact whose card must show. */
  contactId: string;
  /** Also wait for the contact, tasks, notes and appointments sections to be ready. */
  allSections: boolean;
  /** Also wait for the business panel's first named row. */
  business: boolean;
  timeoutMs: number;
}

export interface NavigationTimes {
  /** performance.now() right before the navigation. */
  start: number;
  /** performance.timeOrigin: start + timeOrigin is the wall-clock time of the navigation, in ms. */
  timeOrigin: number;
  cardMs: number;
  allSectionsMs: number | null;
  /** performance.now() when the business panel first showed its count, and a named row. */
  businessCountAt: number | null;
  businessRowAt: number | null;
}

/**
 * Navigates the single-page app in place (history.pushState + popstate, as its own links do) and resolves
 * when the sidebar shows what was asked for. Each time is taken in the MutationObserver callback that first
 * sees the element in the DOM: the render is committed then, and the browser paints it in its next frame.
 */
export function navigateAndWait(wait: NavigationWait): Promise<NavigationTimes> {
  return new Promise((resolve, reject) => {
    const sections = ['contact', 'tasks', 'notes', 'appointments'];
    const watched = new WeakSet<Node>();
    let start = 0;
    let cardAt: number | null = null;
    let allAt: number | null = null;
    let countAt: number | null = null;
    let rowAt: number | null = null;
    const sidebarRoot = () => document.querySelector('highlevel-sidebar')?.shadowRoot ?? null;
    const check = () => {
      const root = sidebarRoot();
      if (!root) return;
      if (!watched.has(root)) {
        watched.add(root);
        observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
      }
      const now = performance.now();
      if (
        cardAt === null &&
        [...root.querySelectorAll('.hls-card')].some(
          (card) => card.getAttribute('data-contact-id') === wait.contactId,
        )
      )
        cardAt = now;
      if (
        cardAt !== null &&
        allAt === null &&
        sections.every((id) => root.querySelector(`[data-section="${id}"][data-state="ready"]`))
      )
        allAt = now;
      if (wait.business) {
        const panel = root.querySelector('[data-section="business"]');
        if (countAt === null && panel?.querySelector('.hls-count')?.textContent?.trim()) countAt = now;
        if (rowAt === null && panel?.querySelector('.hls-row-name')) rowAt = now;
      }
      if (cardAt === null || (wait.allSections && allAt === null) || (wait.business && rowAt === null))
        return;
      clearTimeout(timer);
      observer.disconnect();
      resolve({
        start,
        timeOrigin: performance.timeOrigin,
        cardMs: cardAt - start,
        allSectionsMs: allAt === null ? null : allAt - start,
        businessCountAt: countAt,
        businessRowAt: rowAt,
      });
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => {
      observer.disconnect();
      const root = sidebarRoot();
      const shown = root
        ? [...root.querySelectorAll('[data-section], [data-state]')]
            .map((el) => `${el.getAttribute('data-section') ?? ''}:${el.getAttribute('data-state') ?? ''}`)
            .join(' ')
        : 'no sidebar';
      reject(
        new Error(`Waited ${wait.timeoutMs} ms after opening ${wait.path}; the sidebar shows: ${shown}`),
      );
    }, wait.timeoutMs);
    observer.observe(document.documentElement, { childList: true, subtree: true });
    start = performance.now();
    history.pushState(null, '', wait.path);
    dispatchEvent(new PopStateEvent('popstate'));
    check();
  });
}

/**
 * Scrolls the business panel's list from top to bottom in `steps` jumps, a frame apart, and answers the most
 * rows the list had in the DOM at any point (placeholders included), and the first row index at the end.
 */
export async function scrollBusinessList(steps: number): Promise<{ most: number; lastIndex: number }> {
  const root = document.querySelector('highlevel-sidebar')?.shadowRoot;
  const panel = root?.querySelector('[data-section="business"]');
  const scroller = panel?.querySelector<HTMLElement>('.hls-business-scroll');
  if (!panel || !scroller) throw new Error('The business panel is not on the page.');
  const frame = () => new Promise((done) => requestAnimationFrame(() => done(null)));
  let most = panel.querySelectorAll('.hls-business-row').length;
  const bottom = scroller.scrollHeight - scroller.clientHeight;
  for (let step = 1; step <= steps; step++) {
    scroller.scrollTop = (bottom * step) / steps;
    await frame();
    await frame();
    most = Math.max(most, panel.querySelectorAll('.hls-business-row').length);
  }
  // At the bottom, wait for the last page's rows to arrive (bounded), still counting.
  const deadline = performance.now() + 10_000;
  while (!panel.querySelector('.hls-row-name') || panel.querySelector('.hls-skeleton-row')) {
    if (performance.now() > deadline) throw new Error('The last rows of the business list never arrived.');
    await frame();
    most = Math.max(most, panel.querySelectorAll('.hls-business-row').length);
  }
  most = Math.max(most, panel.querySelectorAll('.hls-business-row').length);
  const first = panel.querySelector('.hls-business-row');
  return { most, lastIndex: Number(first?.getAttribute('data-index') ?? -1) };
}

/** One message the content script sent to the background, with when it left and when its reply came. */
export interface MessageTiming {
  type: string;
  sentAt: number;
  repliedAt: number | null;
}

/**
 * Installed in the content script's isolated world: records each message the content script sends to the
 * background and when its reply arrives, by wrapping chrome.runtime.sendMessage (the polyfill looks the method
 * up on every call). Read the list back with `globalThis.__hlsBenchMessages`. An expression, for
 * Runtime.evaluate in that world.
 */
export const RECORD_MESSAGES = `(() => {
  const g = globalThis;
  g.__hlsBenchMessages ??= [];
  if (!g.__hlsBenchHooked) {
    g.__hlsBenchHooked = true;
    const runtime = chrome.runtime;
    const original = runtime.sendMessage;
    runtime.sendMessage = function (...args) {
      const entry = { type: String(args[0]?.type), sentAt: performance.now(), repliedAt: null };
      g.__hlsBenchMessages.push(entry);
      const replied = () => { entry.repliedAt = performance.now(); };
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const callback = args[last];
        args[last] = function (...reply) { replied(); return callback.apply(this, reply); };
        return original.apply(this, args);
      }
      const sent = original.apply(this, args);
      return sent && typeof sent.then === 'function' ? sent.then((reply) => { replied(); return reply; }) : sent;
    };
  }
  return true;
})()`;
