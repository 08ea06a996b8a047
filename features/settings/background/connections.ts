/**
 * The connected HighLevel locations: what the UI may know about each (the settings database, no secrets), their
 * credentials (the vault), and which location each host CRM reads. The only writer of all three.
 */
import type { AccessCache, CachedAccess } from '../../../lib/auth/tokens';
import type { Vault } from '../../../lib/auth/vault';
import type { SiteId } from '../../../lib/host-page/sites/types';
import type { ConnectionInfo, OAuthIssuer } from '../../../lib/storage/items';
import { connectionsItem, siteBindingsItem } from '../../../lib/storage/settings';

export interface ConnectionsDeps {
  vault: Vault;
  accessCache: AccessCache;
  now?: () => number;
}

export function createConnections({ vault, accessCache, now = Date.now }: ConnectionsDeps) {
  // Read on every message: kept in memory. This context is their only writer (no other context can even reach
  // the database but the options page, which only reads), so what it wrote is what is there.
  let listMemo: Promise<ConnectionInfo[]> | null = null;
  let bindingsMemo: Promise<Partial<Record<SiteId, string>>> | null = null;
  const readList = () => {
    listMemo ??= connectionsItem.getValue();
    return listMemo;
  };
  const readBindings = () => {
    bindingsMemo ??= siteBindingsItem.getValue();
    return bindingsMemo;
  };
  const saveList = async (next: ConnectionInfo[]) => {
    await connectionsItem.setValue(next);
    listMemo = Promise.resolve(next);
  };
  const saveBindings = async (next: Partial<Record<SiteId, string>>) => {
    await siteBindingsItem.setValue(next);
    bindingsMemo = Promise.resolve(next);
  };

  async function upsert(info: ConnectionInfo) {
    const list = await readList();
    const next = list.filter((c) => c.locationId !== info.locationId);
    next.push(info);
    await saveList(next);
  }

  const sameIssuer = (a: OAuthIssuer, b: OAuthIssuer) =>
    a.clientId === b.clientId && (a.brokerUrl ?? null) === (b.brokerUrl ?? null);

  return {
    list: readList,

    async get(locationId: string): Promise<ConnectionInfo | null> {
      return (await readList()).find((c) => c.locationId === locationId) ?? null;
    },

    async grantedScopes(locationId: string): Promise<string[] | null> {
      const info = (await readList()).find((c) => c.locationId === locationId);
      return info ? info.scopes : null;
    },

    /** Stores a Private Integration Token, then asks `probe` what it may do; forgets it again if probing fails. */
    async addPit(
      token: string,
      locationId: string,
      probe: (locationId: string) => Promise<{ scopes: string[] }>,
      locationName?: string,
    ): Promise<ConnectionInfo> {
      const previous = await vault.get(locationId);
      await vault.put(locationId, { kind: 'pit', token });
      await accessCache.set(locationId, null);
      try {
        const { scopes } = await probe(locationId);
        const info: ConnectionInfo = {
          locationId,
          mode: 'pit',
          scopes,
          connectedAt: now(),
          ...(locationName ? { locationName } : {}),
        };
        await upsert(info);
        return info;
      } catch (error) {
        if (previous) await vault.put(locationId, previous);
        else await vault.delete(locationId);
        throw error;
      }
    },

    /** Records an OAuth connection whose tokens the caller has already put in the vault. */
    async recordOAuth(info: Omit<ConnectionInfo, 'mode' | 'connectedAt'>): Promise<ConnectionInfo> {
      const full: ConnectionInfo = { ...info, mode: 'oauth', connectedAt: now() };
      await upsert(full);
      return full;
    },

    /**
     * The admin changed the OAuth app: connections whose tokens another app issued (`before`: the app a
     * connection made before issuers were recorded came from) lose their tokens, which only the old app could
     * refresh, and are marked to connect again. Returns the locations marked.
     */
    async appChanged(now: OAuthIssuer | null, before: OAuthIssuer | null): Promise<string[]> {
      const list = await readList();
      const stale = list.filter((c) => {
        if (c.mode !== 'oauth' || c.reconnect) return false;
        const issuer = c.issuer ?? before;
        return !issuer || !now || !sameIssuer(issuer, now);
      });
      for (const c of stale) {
        await vault.delete(c.locationId);
        await accessCache.set(c.locationId, null);
      }
      if (stale.length) {
        const marked = new Set(stale.map((c) => c.locationId));
        await saveList(
          list.map((c) => (marked.has(c.locationId) ? { ...c, reconnect: 'oauth.app.changed' as const } : c)),
        );
      }
      return stale.map((c) => c.locationId);
    },

    async updateRotation(
      locationId: string,
      rotation: { accessExpiresAt: number; scopes: string[]; userId?: string } | null,
    ) {
      const list = await readList();
      if (!rotation) {
        await saveList(list.filter((c) => c.locationId !== locationId));
        return;
      }
      await saveList(
        list.map((c) =>
          c.locationId === locationId
            ? {
                ...c,
                accessExpiresAt: rotation.accessExpiresAt,
                lastRefreshAt: now(),
                scopes: rotation.scopes.length ? rotation.scopes : c.scopes,
                // Connections made before the user was recorded learn it at their next refresh.
                ...(rotation.userId ? { userId: rotation.userId } : {}),
              }
            : c,
        ),
      );
    },

    /** Disconnect: every credential and every trace of the location goes. */
    async remove(locationId: string) {
      await vault.delete(locationId);
      await accessCache.set(locationId, null);
      await saveList((await readList()).filter((c) => c.locationId !== locationId));
      const bindings = await readBindings();
      const kept = Object.fromEntries(Object.entries(bindings).filter(([, id]) => id !== locationId));
      await saveBindings(kept);
    },

    /** The location a site reads: its binding if still connected, else the only connection there is. */
    async locationForSite(site: SiteId): Promise<string | null> {
      const list = await readList();
      const bound = (await readBindings())[site];
      if (bound && list.some((c) => c.locationId === bound)) return bound;
      return list.length >= 1 ? (list[0]?.locationId ?? null) : null;
    },

    async bind(site: SiteId, locationId: string) {
      await saveBindings({ ...(await readBindings()), [site]: locationId });
    },
  };
}

export type Connections = ReturnType<typeof createConnections>;

/**
 * Access tokens in storage.session: gone when the browser closes, and not readable by content scripts. This
 * context is the only one that writes them, so what it read or wrote (or found missing: a PIT connection has no
 * access token) is kept in memory and the session store is read once per location while the worker runs.
 */
export function sessionAccessCache(area: {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}): AccessCache {
  const memory = new Map<string, CachedAccess | null>();
  const key = (locationId: string) => `auth.access.${locationId}`;
  /** Bumped by every write, so a read that started before one cannot keep what it found. */
  let version = 0;
  return {
    async get(locationId) {
      const known = memory.get(locationId);
      if (known !== undefined) return known;
      const started = version;
      const stored = ((await area.get(key(locationId)))[key(locationId)] as CachedAccess | undefined) ?? null;
      if (version === started) memory.set(locationId, stored);
      return stored;
    },
    async set(locationId, value) {
      version += 1;
      memory.set(locationId, value);
      if (value) await area.set({ [key(locationId)]: value });
      else await area.remove(key(locationId));
    },
  };
}
