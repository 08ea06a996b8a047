import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Vault } from '../../../lib/auth/vault';
import { closeSettings } from '../../../lib/storage/settings';
import { createConnections, sessionAccessCache } from './connections';

/** A storage.session stand-in that counts reads and can hold a read until told. */
function area() {
  const items = new Map<string, unknown>();
  let reads = 0;
  let hold: Promise<void> | null = null;
  return {
    items,
    reads: () => reads,
    holdReads(until: Promise<void>) {
      hold = until;
    },
    async get(key: string) {
      reads += 1;
      const found = items.has(key) ? { [key]: items.get(key) } : {};
      if (hold) await hold;
      return found;
    },
    async set(values: Record<string, unknown>) {
      for (const [key, value] of Object.entries(values)) items.set(key, value);
    },
    async remove(key: string) {
      items.delete(key);
    },
  };
}

describe('the session copy of access tokens', () => {
  it('reads storage.session once per location, a missing token included', async () => {
    const session = area();
    const cache = sessionAccessCache(session);
    expect(await cache.get('loc')).toBeNull();
    expect(await cache.get('loc')).toBeNull();
    expect(session.reads()).toBe(1);
    session.items.set('auth.access.other', { token: 'at-1', expiresAt: 10 });
    expect(await cache.get('other')).toEqual({ token: 'at-1', expiresAt: 10 });
    expect(await cache.get('other')).toEqual({ token: 'at-1', expiresAt: 10 });
    expect(session.reads()).toBe(2);
  });

  it('answers with what was set last, and stores it', async () => {
    const session = area();
    const cache = sessionAccessCache(session);
    expect(await cache.get('loc')).toBeNull();
    await cache.set('loc', { token: 'at-2', expiresAt: 20 });
    expect(await cache.get('loc')).toEqual({ token: 'at-2', expiresAt: 20 });
    expect(session.items.get('auth.access.loc')).toEqual({ token: 'at-2', expiresAt: 20 });
    await cache.set('loc', null);
    expect(await cache.get('loc')).toBeNull();
    expect(session.items.has('auth.access.loc')).toBe(false);
  });

  it('does not keep what a read found if the token was set meanwhile', async () => {
    const session = area();
    const cache = sessionAccessCache(session);
    let release: () => void = () => undefined;
    session.holdReads(
      new Promise<void>((done) => {
        release = done;
      }),
    );
    const reading = cache.get('loc');
    await cache.set('loc', { token: 'at-3', expiresAt: 30 });
    release();
    expect(await reading).toBeNull();
    expect(await cache.get('loc')).toEqual({ token: 'at-3', expiresAt: 30 });
  });
});

describe('the connections, against what a content script can write', () => {
  beforeEach(async () => {
    await closeSettings();
    globalThis.indexedDB = new IDBFactory();
    fakeBrowser.reset();
  });

  const vault: Vault = {
    get: async () => null,
    put: async () => undefined,
    delete: async () => undefined,
    ids: async () => [],
    clear: async () => undefined,
  };
  const accessCache = { get: async () => null, set: async () => undefined };

  it('keeps a read-only connection read-only and a site bound where the admin bound it', async () => {
    const connections = createConnections({ vault, accessCache });
    await connections.addPit('pit-read-only', 'locRead', async () => ({ scopes: ['contacts.readonly'] }));
    await connections.addPit('pit-read-write', 'locWrite', async () => ({
      scopes: ['contacts.readonly', 'contacts.write'],
    }));
    await connections.bind('gleantap', 'locRead');
    await fakeBrowser.storage.local.set({
      connections: [
        {
          locationId: 'locRead',
          mode: 'pit',
          scopes: ['contacts.readonly', 'contacts.write'],
          connectedAt: 1,
        },
      ],
      siteBindings: { gleantap: 'locWrite' },
    });
    // The same context, and a later one (the worker restarted): neither takes storage.local's word.
    for (const view of [connections, createConnections({ vault, accessCache })]) {
      expect(await view.grantedScopes('locRead')).toEqual(['contacts.readonly']);
      expect(await view.locationForSite('gleantap')).toBe('locRead');
    }
  });
});
