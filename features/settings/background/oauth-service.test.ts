import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type CachedAccess, CredentialError, type TokenGrant } from '../../../lib/auth/tokens';
import type { Secret, Vault } from '../../../lib/auth/vault';
import type { OAuthAppSettings } from '../../../lib/storage/items';
import { closeSettings, connectionsItem, oauthAppItem } from '../../../lib/storage/settings';
import { startTestServer, type TestServer } from '../../../test/support/api-test-server';
import { createConnections } from './connections';
import { createOAuthService } from './oauth-service';

function memoryVault(): Vault & { items: Map<string, Secret> } {
  const items = new Map<string, Secret>();
  return {
    items,
    get: async (id) => items.get(id) ?? null,
    put: async (id, secret) => void items.set(id, secret),
    delete: async (id) => void items.delete(id),
    ids: async () => [...items.keys()],
    clear: async () => items.clear(),
  };
}

/** A token broker that counts what reaches it and answers a rotated pair. */
async function startBroker(): Promise<TestServer> {
  let n = 0;
  return startTestServer(() => ({
    json: {
      access_token: `at-${++n}`,
      refresh_token: `rt-${n}`,
      expires_in: 3600,
      scope: 'contacts.readonly',
      locationId: 'loc1',
    },
  }));
}

let brokerA: TestServer;
let brokerB: TestServer;
let vault: ReturnType<typeof memoryVault>;
let access: Map<string, CachedAccess | null>;

function setup(buildApp: OAuthAppSettings | null = null) {
  const accessCache = {
    get: async (id: string) => access.get(id) ?? null,
    set: async (id: string, value: CachedAccess | null) => void access.set(id, value),
  };
  const connections = createConnections({ vault, accessCache, now: () => 1000 });
  const oauth = createOAuthService({
    vault,
    connections,
    buildApp,
    redirectUri: () => 'https://ext.chromiumapp.org/oauth',
    launch: async () => undefined,
    pending: { get: async () => null, set: async () => undefined },
  });
  return { connections, oauth };
}

const app = (broker: TestServer, clientId = 'client-1'): OAuthAppSettings => ({
  mode: 'broker',
  clientId,
  brokerUrl: `${broker.origin}/`,
});

/** An OAuth connection made through `issuer`, its tokens in the vault. */
async function connectedThrough(issuer: OAuthAppSettings | null, locationId = 'loc1') {
  vault.items.set(locationId, {
    kind: 'oauth',
    refreshToken: 'rt-0',
    accessToken: 'at-0',
    accessExpiresAt: 0,
  });
  const existing = await connectionsItem.getValue();
  await connectionsItem.setValue([
    ...existing,
    {
      locationId,
      mode: 'oauth',
      scopes: ['contacts.readonly'],
      connectedAt: 1,
      ...(issuer ? { issuer: { clientId: issuer.clientId, brokerUrl: issuer.brokerUrl } } : {}),
    },
  ]);
}

beforeEach(async () => {
  await closeSettings();
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
  brokerA = await startBroker();
  brokerB = await startBroker();
  vault = memoryVault();
  access = new Map();
});
afterEach(async () => {
  await brokerA.close();
  await brokerB.close();
});

describe('refreshing a connection’s tokens', () => {
  it('goes to the broker that issued them', async () => {
    await oauthAppItem.setValue(app(brokerA));
    await connectedThrough(app(brokerA));
    const grant: TokenGrant = await setup().oauth.refresh('rt-0', 'loc1');
    expect(grant.refreshToken).toBe('rt-1');
    expect(brokerA.requests.map((r) => r.path)).toEqual(['/token']);
    expect(brokerB.requests).toEqual([]);
  });

  it('ignores an OAuth app written to storage.local (where content scripts can write)', async () => {
    await oauthAppItem.setValue(app(brokerA));
    await connectedThrough(null);
    await fakeBrowser.storage.local.set({ oauthApp: app(brokerB) });
    const { oauth } = setup();
    await oauth.refresh('rt-0', 'loc1');
    expect(brokerB.requests).toEqual([]);
    expect(brokerA.requests).toHaveLength(1);
    expect(await oauth.view()).toMatchObject({ brokerUrl: `${brokerA.origin}/`, fromBuild: false });
  });

  it('uses the build’s app for a connection made before issuers were recorded', async () => {
    await connectedThrough(null);
    await setup(app(brokerB, 'built')).oauth.refresh('rt-0', 'loc1');
    expect(brokerB.requests).toHaveLength(1);
  });

  it('sends no token to a broker over plain http on another machine', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const elsewhere: OAuthAppSettings = {
      mode: 'broker',
      clientId: 'c',
      brokerUrl: 'http://broker.example.com/',
    };
    await oauthAppItem.setValue(elsewhere);
    await connectedThrough(elsewhere);
    const error = await setup()
      .oauth.refresh('rt-0', 'loc1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).kind).toBe('auth.config');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('an admin changing the OAuth app', () => {
  it('marks the old app’s connections to connect again, forgets their tokens, and refreshes nothing', async () => {
    await oauthAppItem.setValue(app(brokerA));
    await connectedThrough(app(brokerA));
    access.set('loc1', { token: 'at-0', expiresAt: 10_000_000 });
    const { oauth, connections } = setup();
    await oauth.setApp(app(brokerB));
    expect(await connections.get('loc1')).toMatchObject({ reconnect: 'oauth.app.changed' });
    expect(vault.items.has('loc1')).toBe(false);
    expect(access.get('loc1')).toBeNull();
    const error = await oauth.refresh('rt-0', 'loc1').catch((caught: unknown) => caught);
    expect((error as CredentialError).kind).toBe('auth.expired');
    expect(brokerA.requests).toEqual([]);
    expect(brokerB.requests).toEqual([]);
  });

  it('marks them too when only the client id changed, and so a connection made before issuers were recorded', async () => {
    await oauthAppItem.setValue(app(brokerA));
    await connectedThrough(null);
    const { oauth, connections } = setup();
    await oauth.setApp(app(brokerA, 'client-2'));
    expect(await connections.get('loc1')).toMatchObject({ reconnect: 'oauth.app.changed' });
  });

  it('keeps connections when the same app is saved again, and leaves Private Integration Tokens alone', async () => {
    await oauthAppItem.setValue(app(brokerA));
    await connectedThrough(app(brokerA));
    vault.items.set('loc2', { kind: 'pit', token: 'pit-1' });
    await connectionsItem.setValue([
      ...(await connectionsItem.getValue()),
      { locationId: 'loc2', mode: 'pit', scopes: ['contacts.readonly'], connectedAt: 1 },
    ]);
    const { oauth, connections } = setup();
    await oauth.setApp(app(brokerA));
    expect((await connections.get('loc1'))?.reconnect).toBeUndefined();
    expect(vault.items.has('loc1')).toBe(true);
    await oauth.setApp({ mode: 'direct', clientId: 'client-9' }, 'secret');
    expect((await connections.get('loc2'))?.reconnect).toBeUndefined();
    expect(vault.items.get('loc2')).toEqual({ kind: 'pit', token: 'pit-1' });
  });
});
