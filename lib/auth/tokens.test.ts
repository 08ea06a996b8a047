import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { CredentialError, createTokenProvider, InvalidGrant, type TokenGrant } from './tokens';
import { createVault } from './vault';

function memoryCache() {
  const map = new Map<string, { token: string; expiresAt: number }>();
  return {
    get: async (id: string) => map.get(id) ?? null,
    set: async (id: string, value: { token: string; expiresAt: number } | null) => {
      if (value) map.set(id, value);
      else map.delete(id);
    },
  };
}

/** A token server stand-in with single-use rotating refresh tokens, as HighLevel's. */
function rotatingServer() {
  let current = 'rt-0';
  let n = 0;
  const calls: string[] = [];
  const exchange = vi.fn(async (refreshToken: string): Promise<TokenGrant> => {
    calls.push(refreshToken);
    await new Promise((r) => setTimeout(r, 5));
    if (refreshToken !== current) throw new InvalidGrant();
    n += 1;
    current = `rt-${n}`;
    return {
      accessToken: `at-${n}`,
      refreshToken: current,
      expiresInSeconds: 86399,
      scopes: ['contacts.readonly'],
      locationId: 'L',
    };
  });
  return { exchange, calls };
}

/** A Web Locks stand-in shared by several providers, as two extension contexts share navigator.locks. */
function sharedLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request: (async (name: string, work: () => Promise<unknown>) => {
      const previous = tails.get(name) ?? Promise.resolve();
      const next = previous.then(work, work);
      tails.set(
        name,
        next.catch(() => undefined),
      );
      return next;
    }) as unknown as LockManager['request'],
  };
}

describe('the token provider', () => {
  it('refreshes an expired access token exactly once for 25 concurrent callers', async () => {
    const vault = createVault();
    await vault.put('L', {
      kind: 'oauth',
      refreshToken: 'rt-0',
      accessToken: 'at-old',
      accessExpiresAt: Date.now() - 1000,
    });
    const server = rotatingServer();
    const provider = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks: null,
    });
    const tokens = await Promise.all(Array.from({ length: 25 }, () => provider.accessToken('L')));
    expect(new Set(tokens)).toEqual(new Set(['at-1']));
    expect(server.exchange).toHaveBeenCalledTimes(1);
    expect(await vault.get('L')).toMatchObject({ refreshToken: 'rt-1', accessToken: 'at-1' });
  });

  it('refreshes once across two contexts sharing the vault and the lock', async () => {
    const vault = createVault();
    await vault.put('L2', {
      kind: 'oauth',
      refreshToken: 'rt-0',
      accessToken: 'at-old',
      accessExpiresAt: Date.now() - 1000,
    });
    const server = rotatingServer();
    const locks = sharedLocks();
    const a = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks,
    });
    const b = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks,
    });
    const tokens = await Promise.all([
      a.accessToken('L2'),
      b.accessToken('L2'),
      a.renew('L2', 'at-old'),
      b.renew('L2', 'at-old'),
    ]);
    expect(new Set(tokens)).toEqual(new Set(['at-1']));
    expect(server.calls).toEqual(['rt-0']);
  });

  it('uses a fresh token without asking the token server', async () => {
    const vault = createVault();
    await vault.put('L3', {
      kind: 'oauth',
      refreshToken: 'rt-0',
      accessToken: 'at-live',
      accessExpiresAt: Date.now() + 3_600_000,
    });
    const server = rotatingServer();
    const provider = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks: null,
    });
    expect(await provider.accessToken('L3')).toBe('at-live');
    expect(server.exchange).not.toHaveBeenCalled();
  });

  it('clears the connection on invalid_grant and does not try again', async () => {
    const vault = createVault();
    await vault.put('L4', {
      kind: 'oauth',
      refreshToken: 'rt-dead',
      accessToken: 'at-old',
      accessExpiresAt: 0,
    });
    const server = rotatingServer();
    const onRotated = vi.fn();
    const provider = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks: null,
      onRotated,
    });
    await expect(provider.accessToken('L4')).rejects.toMatchObject({ kind: 'auth.expired' });
    expect(await vault.get('L4')).toBeNull();
    expect(onRotated).toHaveBeenCalledWith('L4', null);
    await expect(provider.accessToken('L4')).rejects.toBeInstanceOf(CredentialError);
    expect(server.exchange).toHaveBeenCalledTimes(1);
  });

  it('never refreshes a Private Integration Token, and reports its rejection as expired', async () => {
    const vault = createVault();
    await vault.put('P', { kind: 'pit', token: 'pit-abc' });
    const server = rotatingServer();
    const provider = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks: null,
    });
    expect(await provider.accessToken('P')).toBe('pit-abc');
    await expect(provider.renew('P', 'pit-abc')).rejects.toMatchObject({ kind: 'auth.expired' });
    expect(server.exchange).not.toHaveBeenCalled();
  });

  it('says not connected for an unknown location', async () => {
    const provider = createTokenProvider({
      vault: createVault(),
      accessCache: memoryCache(),
      refreshExchange: rotatingServer().exchange,
      locks: null,
    });
    await expect(provider.accessToken('nope')).rejects.toMatchObject({ kind: 'not.connected' });
  });
});

describe('refresh timing', () => {
  it('refreshes short-lived tokens near their end, not on every call', async () => {
    const vault = createVault();
    let clock = 1_000_000;
    await vault.put('S', {
      kind: 'oauth',
      refreshToken: 'rt-0',
      accessToken: 'at-old',
      accessExpiresAt: clock - 1,
      accessIssuedAt: clock - 2001,
    });
    const server = rotatingServer();
    server.exchange.mockImplementation(async () => ({
      accessToken: 'at-short',
      refreshToken: 'rt-1',
      expiresInSeconds: 2,
      scopes: [],
      locationId: 'S',
    }));
    const provider = createTokenProvider({
      vault,
      accessCache: memoryCache(),
      refreshExchange: server.exchange,
      locks: null,
      now: () => clock,
    });
    expect(await provider.accessToken('S')).toBe('at-short');
    clock += 1000;
    expect(await provider.accessToken('S')).toBe('at-short');
    expect(server.exchange).toHaveBeenCalledTimes(1);
  });
});
