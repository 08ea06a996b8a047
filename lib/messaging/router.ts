/**
 * Every message into the background passes here, in this order: who sent it (sender.ts) and, for the sidebar's
 * frame, whether the content script of its tab vouched for it; whether a site the payload names is the
 * sender's own; whether its payload matches the route's schema; whether the connection it targets grants the
 * scope the route needs; only then does the handler run. Handlers return values; anything they throw becomes
 * an `internal` error without detail.
 */
import * as v from 'valibot';
import type { SiteId } from '../host-page/sites/types';
import { type ErrorView, fail, type Reply } from './reply';
import { classifySender, type ExtensionIdentity, type SenderInfo, type TrustedSender } from './sender';

export type Scope = 'contacts.readonly' | 'contacts.write';

/** A sender as a handler sees it: the sidebar frame with the site of the tab that vouched for it. */
export type RoutedSender =
  | Exclude<TrustedSender, { kind: 'sidebar-frame' }>
  | (Extract<TrustedSender, { kind: 'sidebar-frame' }> & { site: SiteId | null });

export interface Route<P, R> {
  /** Which trusted senders may send it. */
  from: ReadonlyArray<TrustedSender['kind']>;
  /** A sidebar frame not (yet) vouched for may send it: only the message that attaches one. */
  unattached?: true;
  payload: v.GenericSchema<unknown, P>;
  /** The scope the route needs on the location `location(payload)` targets; omitted: no connection needed. */
  scope?: {
    needs: Scope;
    location: (payload: P, sender: RoutedSender) => Promise<string | null> | string | null;
  };
  /** `locationId`: the location the scope was checked on (routes with a scope), else null. */
  handle(payload: P, sender: RoutedSender, locationId: string | null): Promise<Reply<R>>;
}

export interface RouterDeps {
  self: ExtensionIdentity;
  /** The scopes granted on a location's connection, or null when there is no such connection. */
  grantedScopes(locationId: string): Promise<readonly string[] | null>;
  /**
   * The site of the tab whose content script vouched for this sidebar frame, or null for any other frame.
   * Without it, no frame is ever vouched for.
   */
  frameSite?(tabId: number, frameId: number): Promise<SiteId | null>;
  /** Reports a handler's unexpected failure (never with payload contents). */
  onInternalError?(type: string, error: unknown): void;
}

/** The site a payload names at its top level, if any. */
function namedSite(data: unknown): unknown {
  return data && typeof data === 'object' && 'site' in data ? (data as { site: unknown }).site : undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: a route table holds routes of every payload and result type.
export function createDispatcher(routes: Record<string, Route<any, any>>, deps: RouterDeps) {
  return async function dispatch(
    type: string,
    data: unknown,
    rawSender: SenderInfo | undefined,
  ): Promise<Reply<unknown>> {
    const route = Object.hasOwn(routes, type) ? routes[type] : undefined;
    if (!route) return fail({ kind: 'payload.invalid', path: 'type' });

    const verdict = classifySender(rawSender, deps.self);
    if (verdict.kind === 'denied' || !route.from.includes(verdict.kind))
      return fail({ kind: 'sender.denied' });
    let sender: RoutedSender;
    if (verdict.kind === 'sidebar-frame') {
      const site = (await deps.frameSite?.(verdict.tabId, verdict.frameId)) ?? null;
      if (!site && !route.unattached) return fail({ kind: 'sender.denied' });
      sender = { ...verdict, site };
    } else sender = verdict;

    // A tab's content script and its sidebar speak for their own site only, whatever the payload says.
    const site = namedSite(data);
    const own = sender.kind === 'extension-page' ? undefined : sender.site;
    if (site !== undefined && own !== undefined && site !== own) return fail({ kind: 'sender.denied' });

    const parsed = v.safeParse(route.payload, data);
    if (!parsed.success) {
      return fail({ kind: 'payload.invalid', path: v.getDotPath(parsed.issues[0]) ?? undefined });
    }

    try {
      let locationId: string | null = null;
      if (route.scope) {
        const checked = await checkScope(route.scope, parsed.output, sender, deps);
        if ('kind' in checked) return fail(checked);
        locationId = checked.locationId;
      }
      return await route.handle(parsed.output, sender, locationId);
    } catch (error) {
      deps.onInternalError?.(type, error);
      return fail({ kind: 'internal' });
    }
  };
}

async function checkScope<P>(
  scope: NonNullable<Route<P, unknown>['scope']>,
  payload: P,
  sender: RoutedSender,
  deps: RouterDeps,
): Promise<ErrorView | { locationId: string }> {
  const locationId = await scope.location(payload, sender);
  if (!locationId) return { kind: 'not.connected' };
  const granted = await deps.grantedScopes(locationId);
  if (!granted) return { kind: 'not.connected' };
  if (!granted.includes(scope.needs)) return { kind: 'scope.missing', scope: scope.needs };
  return { locationId };
}

/** A route for each message of a protocol map `M`: its payload and its Reply's value. */
export type RouteTable<M> = {
  [K in keyof M]: M[K] extends (payload: infer P) => Reply<infer R> ? Route<P, R> : never;
};
