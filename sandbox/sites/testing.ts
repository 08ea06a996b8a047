/**
 * For tests in a jsdom environment: runs a demo site's single-page app in the test's document, with its
 * fetches answered in memory by the site's Hono app. The adapters' tests use it to read the real demo markup.
 */
import { vi } from 'vitest';
import type { Fetch } from './shared/api.ts';
import type { Router } from './shared/router.ts';
import type { DemoSite } from './types.ts';

export interface MountedDemo {
  site: DemoSite;
  router: Router;
  /** Every request the app made, as "METHOD /path". */
  requests: string[];
  stop(): void;
}

/**
 * Resets the document to `path`, mounts the app there and returns once it is running (its first render may
 * still be waiting on data: wait for what the test needs to see).
 */
export function mountDemo(
  site: DemoSite,
  mount: (options: { root: HTMLElement; fetch: Fetch }) => { router: Router; stop(): void },
  path: string,
): MountedDemo {
  const requests: string[] = [];
  // The app's AbortSignals come from jsdom; the in-memory request needs none, so they are left out.
  const fetch: Fetch = async (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${input}`);
    const { signal: _signal, ...rest } = init ?? {};
    return site.app.request(input, rest);
  };
  history.replaceState(null, '', path);
  const root = document.createElement('div');
  root.id = 'app';
  document.body.replaceChildren(root);
  const app = mount({ root, fetch });
  return { site, router: app.router, requests, stop: app.stop };
}

/** Resolves with the element once `selector` is in the document (the app renders after its fetches). */
export const shown = (selector: string): Promise<HTMLElement> =>
  vi.waitFor(() => {
    const element = document.querySelector(selector);
    if (!element) throw new Error(`${selector} not shown yet`);
    return element as HTMLElement;
  });

/** A static page at `path`, for markups the demo apps do not render. */
export function staticPage(path: string, html: string): Document {
  history.replaceState(null, '', path);
  document.body.innerHTML = html;
  return document;
}

/** Sets a control's value the way an agent's typing starts: focus first (watchers snapshot forms on focus). */
export function typeInto(id: string, value: string): void {
  const control = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
  control.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  control.value = value;
}

/** Fake clocks for watchers, leaving microtasks and the app's promises real. */
export const fakeTimers = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
