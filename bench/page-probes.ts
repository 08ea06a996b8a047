/**
 * Code the UI benchmark runs in the host page and in the sidebar's frame (Playwright serialises these functions,
 * so they use nothing from outside their own body). The two documents have their own clocks; every time here is
 * the machine's wall clock in ms (performance.timeOrigin + performance.now()), one axis for the navigation in
 * the page, the sidebar's DOM in its frame, both worlds' messages, and the sandbox's request log.
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

/** When the sidebar (in its frame) first showed each thing, wall clock ms. */
export interface SidebarTimes {
  cardAt: number;
  allSectionsAt: number | null;
  businessCountAt: number | null;
  businessRowAt: number | null;
}

export interface NavigationTimes {
  /** Wall clock ms right before the navigation. */
  start: number;
  /** 0: `start` and every other time are already wall clock (kept for the timeline's arithmetic). */
  timeOrigin: number;
  cardMs: number;
  allSectionsMs: number | null;
  /** Wall clock ms when the business panel first showed its count, and a named row. */
  businessCountAt: number | null;
  businessRowAt: number | null;
}

/** In the host page: navigates the single-page app in place (history.pushState + popstate, as its links do). */
export function startNavigation(path: string): number {
  const start = performance.timeOrigin + performance.now();
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
  return start;
}

/**
 * In the sidebar's frame: resolves when the sidebar shows what was asked for. Each time is taken in the
 * MutationObserver callback that first sees the element in the DOM: the render is committed then, and the
 * browser paints it in its next frame. Installed before the navigation when the frame is already there, else as
 * soon as the frame appears (its first check then sees what it already shows).
 */
export function watchSidebar(wait: NavigationWait): Promise<SidebarTimes> {
  return new Promise((resolve, reject) => {
    const sections = ['contact', 'tasks', 'notes', 'appointments'];
    const clock = () => performance.timeOrigin + performance.now();
    let cardAt: number | null = null;
    let allAt: number | null = null;
    let countAt: number | null = null;
    let rowAt: number | null = null;
    const root = document;
    const check = () => {
      const now = clock();
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
      resolve({ cardAt, allSectionsAt: allAt, businessCountAt: countAt, businessRowAt: rowAt });
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => {
      observer.disconnect();
      const shown = [...root.querySelectorAll('[data-section], [data-state]')]
        .map((el) => `${el.getAttribute('data-section') ?? ''}:${el.getAttribute('data-state') ?? ''}`)
        .join(' ');
      reject(
        new Error(`Waited ${wait.timeoutMs} ms for ${wait.path}; the sidebar shows: ${shown || 'nothing'}`),
      );
    }, wait.timeoutMs);
    observer.observe(root.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
    check();
  });
}

/** The page's start and the frame's times, as one record of ms from the navigation. */
export function navigationTimes(start: number, times: SidebarTimes): NavigationTimes {
  return {
    start,
    timeOrigin: 0,
    cardMs: times.cardAt - start,
    allSectionsMs: times.allSectionsAt === null ? null : times.allSectionsAt - start,
    businessCountAt: times.businessCountAt,
    businessRowAt: times.businessRowAt,
  };
}

/**
 * In the sidebar's frame: scrolls the business panel's list from top to bottom in `steps` jumps, a frame apart,
 * and answers the most rows the list had in the DOM at any point (placeholders included), and the first row
 * index at the end.
 */
export async function scrollBusinessList(steps: number): Promise<{ most: number; lastIndex: number }> {
  const panel = document.querySelector('[data-section="business"]');
  const scroller = panel?.querySelector<HTMLElement>('.hls-business-scroll');
  if (!panel || !scroller) throw new Error('The business panel is not in the sidebar.');
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

/** One message the content script or the sidebar's frame sent to the background, with when it left and when its reply came (wall clock ms). */
export interface MessageTiming {
  type: string;
  sentAt: number;
  repliedAt: number | null;
}

/**
 * Installed in the content script's isolated world and in the sidebar's frame: records each message either sends
 * to the background and when its reply arrives, by wrapping chrome.runtime.sendMessage (the polyfill looks the method
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
      const clock = () => performance.timeOrigin + performance.now();
      const entry = { type: String(args[0]?.type), sentAt: clock(), repliedAt: null };
      g.__hlsBenchMessages.push(entry);
      const replied = () => { entry.repliedAt = clock(); };
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
