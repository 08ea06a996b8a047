/**
 * Routing for the demo CRMs, of either kind real single-page apps use. History routing (the default): same-origin
 * link clicks and `navigate()` push a new entry and render the matching view without a page load; back/forward
 * re-render. Hash routing (`hash: true`, as older AngularJS or Vue apps): the route is the URL's hash
 * (`/#/clientes/4512`); links are `#/…` and the browser changes the hash itself, `navigate()` sets it, and every
 * `hashchange` renders. A view gets an AbortSignal that aborts when the next navigation starts, so a slow fetch
 * never paints over a newer page.
 */

export interface RouteContext {
  params: Record<string, string>;
  /** The route's path: the pathname, or with hash routing the hash's path (`/clientes/4512`). */
  path: string;
  /** The route's query: the URL's search, or with hash routing the hash's (`#/clientes?cliente=4512`). */
  query: URLSearchParams;
  signal: AbortSignal;
}

export interface RouterOptions {
  /** Route by the URL's hash instead of its pathname. */
  hash?: boolean;
}

export interface Route {
  /** `/contacts/:id/edit`: `:name` segments become params. */
  path: string;
  view: (context: RouteContext) => void | Promise<void>;
}

export interface Router {
  /** Goes to an app path (`/clientes?cliente=4512`), pushed to the history or, with hash routing, to the hash. */
  navigate(to: string, options?: { replace?: boolean }): void;
  /** The href of an app path for a link: the path itself, or with hash routing `#/…`. */
  href(path: string): string;
  /** The current route's path (see RouteContext.path). */
  path(): string;
  /** Renders the current location (the first render, or again after a change of data). */
  refresh(): void;
  stop(): void;
}

interface CompiledRoute {
  pattern: RegExp;
  names: string[];
  view: Route['view'];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names, view: route.view };
}

/** Whether `path` is one of `routes` (the server uses it to answer deep links with 200 or 404). */
export function matchRoute(
  routes: readonly Pick<Route, 'path'>[],
  path: string,
): Record<string, string> | null {
  for (const route of routes) {
    const { pattern, names } = compile({ path: route.path, view: () => {} });
    const match = pattern.exec(path);
    if (match)
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
  }
  return null;
}

export function startRouter(
  routes: readonly Route[],
  notFound: Route['view'],
  options: RouterOptions = {},
): Router {
  const compiled = routes.map(compile);
  const listeners = new AbortController();
  let current: AbortController | null = null;

  /** The route as the URL has it now. */
  const where = () => {
    if (!options.hash) return { path: location.pathname, query: new URLSearchParams(location.search) };
    const route = location.hash.replace(/^#!?/, '') || '/';
    const mark = route.indexOf('?');
    return {
      path: mark < 0 ? route : route.slice(0, mark),
      query: new URLSearchParams(mark < 0 ? '' : route.slice(mark)),
    };
  };

  const refresh = () => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const { path, query } = where();
    for (const route of compiled) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      void route.view({ params, path, query, signal: controller.signal });
      return;
    }
    void notFound({ params: {}, path, query, signal: controller.signal });
  };

  const href = (path: string) => (options.hash ? `#${path}` : path);

  const navigate = (to: string, navigation: { replace?: boolean } = {}) => {
    document.scrollingElement?.scrollTo?.({ top: 0 });
    if (options.hash) {
      const target = new URL(href(to), location.href);
      // Setting the hash fires `hashchange`, which renders; replacing it (or staying) fires nothing.
      if (!navigation.replace && target.href !== location.href) {
        location.hash = target.hash;
        return;
      }
      history.replaceState(null, '', target);
      refresh();
      return;
    }
    const url = new URL(to, location.href);
    if (navigation.replace) history.replaceState(null, '', url);
    else if (url.href !== location.href) history.pushState(null, '', url);
    refresh();
  };

  // Hash routing: the browser follows `#/…` links and back/forward itself, and says so with `hashchange`.
  if (options.hash) window.addEventListener('hashchange', refresh, { signal: listeners.signal });
  else
    document.addEventListener(
      'click',
      (event) => {
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
        if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
        const url = new URL(link.href, location.href);
        if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
        event.preventDefault();
        navigate(url.pathname + url.search + url.hash);
      },
      { signal: listeners.signal },
    );
  if (!options.hash) window.addEventListener('popstate', refresh, { signal: listeners.signal });

  return {
    navigate,
    href,
    path: () => where().path,
    refresh,
    stop: () => {
      listeners.abort();
      current?.abort();
    },
  };
}
