/**
 * For tests in a jsdom environment: runs a demo site's single-page app in the test's document, with its
 * fetches answered in memory by the site's Hono app. The adapters' tests use it to read the real demo markup.
 */
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
