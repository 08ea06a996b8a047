/**
 * Every message into the background passes here, in this order: who sent it (sender.ts), whether its payload
 * matches the route's schema, whether the connection it targets grants the scope the route needs; only then
 * does the handler run. Handlers return values; anything they throw becomes an `internal` error without detail.
 */
import * as v from 'valibot';
import { type ErrorView, fail, type Reply } from './reply';
import { classifySender, type ExtensionIdentity, type SenderInfo, type TrustedSender } from './sender';

export type Scope = 'contacts.readonly' | 'contacts.write';

export interface Route<P, R> {
  /** Which trusted senders may send it. */
  from: ReadonlyArray<TrustedSender['kind']>;
  payload: v.GenericSchema<unknown, P>;
  /** The scope the route needs on the location `location(payload)` targets; omitted: no connection needed. */
  scope?: {
    needs: Scope;
    location: (payload: P, sender: TrustedSender) => Promise<string | null> | string | null;
  };
  /** `locationId`: the location the scope was checked on (routes with a scope), else null. */
  handle(payload: P, sender: TrustedSender, locationId: string | null): Promise<Reply<R>>;
}

export interface RouterDeps {
  self: ExtensionIdentity;
  /** The scopes granted on a location's connection, or null when there is no such connection. */
  grantedScopes(locationId: string): Promise<readonly string[] | null>;
  /** Reports a handler's unexpected failure (never with payload contents). */
  onInternalError?(type: string, error: unknown): void;
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

    const sender = classifySender(rawSender, deps.self);
    if (sender.kind === 'denied' || !route.from.includes(sender.kind)) return fail({ kind: 'sender.denied' });

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
  sender: TrustedSender,
  deps: RouterDeps,
): Promise<ErrorView | { locationId: string }> {
  const locationId = await scope.location(payload, sender);
  if (!locationId) return { kind: 'not.connected' };
  const granted = await deps.grantedScopes(locationId);
  if (!granted) return { kind: 'not.connected' };
  if (!granted.includes(scope.needs)) return { kind: 'scope.missing', scope: scope.needs };
  return { locationId };
}
