/**
 * History-API routing for the demo CRMs: same-origin link clicks and `navigate()` push a new entry and render
 * the matching view without a page load; back/forward re-render. A view gets an AbortSignal that aborts when
 * the next navigation starts, so a slow fetch never paints over a newer page.
 */

export interface RouteContext {
  params: Record<string, string>;
  path: string;
  signal: AbortSignal;
}

export interface Route {
  /** `/contacts/:id/edit`: `:name` segments become params. */
  path: string;
  view: (context: RouteContext) => void | Promise<void>;
}

export interface Router {
  navigate(to: string, options?: { replace?: boolean }): void;
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

export function startRouter(routes: readonly Route[], notFound: Route['view']): Router {
  const compiled = routes.map(compile);
  const listeners = new AbortController();
  let current: AbortController | null = null;

  const refresh = () => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const path = location.pathname;
    for (const route of compiled) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      void route.view({ params, path, signal: controller.signal });
      return;
    }
    void notFound({ params: {}, path, signal: controller.signal });
  };

  const navigate = (to: string, options: { replace?: boolean } = {}) => {
    const url = new URL(to, location.href);
    if (options.replace) history.replaceState(null, '', url);
    else if (url.href !== location.href) history.pushState(null, '', url);
    document.scrollingElement?.scrollTo?.({ top: 0 });
    refresh();
  };

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
  window.addEventListener('popstate', refresh, { signal: listeners.signal });

  return {
    navigate,
    refresh,
    stop: () => {
      listeners.abort();
      current?.abort();
    },
  };
}
