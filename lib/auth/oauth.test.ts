import { describe, expect, it, vi } from 'vitest';
import { memoryPending } from '../../test/support/memory-pending';
import { authorize, completeAuthorization, pkceChallenge } from './oauth';
import type { TokenGrant } from './tokens';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/oauth';
const APP = { mode: 'broker' as const, clientId: 'client-1', brokerUrl: 'https://broker.example' };
const GRANT: TokenGrant = {
  accessToken: 'at',
  refreshToken: 'rt',
  expiresInSeconds: 86399,
  scopes: ['contacts.readonly'],
  locationId: 'L',
};

/** A consent window that approves: it answers the redirect with the state it was given. */
function approvingLaunch(extra: (url: URL) => Record<string, string> = () => ({ code: 'code-1' })) {
  return vi.fn(async (url: string) => {
    const consent = new URL(url);
    const answer = new URL(consent.searchParams.get('redirect_uri') ?? '');
    answer.searchParams.set('state', consent.searchParams.get('state') ?? '');
    for (const [k, v] of Object.entries(extra(consent))) answer.searchParams.set(k, v);
    return answer.href;
  });
}

describe('OAuth authorization', () => {
  it('sends a 128-bit-plus state and an S256 challenge, and exchanges the code with the saved verifier', async () => {
    const pending = memoryPending();
    const exchange = vi.fn(async () => GRANT);
    const launch = approvingLaunch();
    const grant = await authorize({ app: APP, redirectUri: REDIRECT, launch, pending, exchange }, [
      'contacts.readonly',
    ]);
    expect(grant).toBe(GRANT);
    const consent = new URL(launch.mock.calls[0]?.[0] ?? '');
    expect(consent.origin + consent.pathname).toBe(
      'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
    );
    expect(consent.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    const [code, redirect, verifier] = exchange.mock.calls[0] as unknown as [string, string, string];
    expect([code, redirect]).toEqual(['code-1', REDIRECT]);
    expect(await pkceChallenge(verifier)).toBe(consent.searchParams.get('code_challenge'));
    expect(pending.peek()).toBeNull();
  });

  it('asks no PKCE challenge in direct mode, whose exchange never presents the verifier', async () => {
    const launch = approvingLaunch();
    await authorize(
      {
        app: { mode: 'direct', clientId: 'client-1' },
        redirectUri: REDIRECT,
        launch,
        pending: memoryPending(),
        exchange: vi.fn(async () => GRANT),
      },
      ['contacts.readonly'],
    );
    const consent = new URL(launch.mock.calls[0]?.[0] ?? '');
    expect(consent.searchParams.has('code_challenge')).toBe(false);
    expect(consent.searchParams.has('code_challenge_method')).toBe(false);
    expect(consent.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
  });

  it('makes no token request when the state is wrong', async () => {
    const exchange = vi.fn(async () => GRANT);
    const launch = approvingLaunch(() => ({ code: 'c', state: 'forged' }));
    await expect(
      authorize({ app: APP, redirectUri: REDIRECT, launch, pending: memoryPending(), exchange }, [
        'contacts.readonly',
      ]),
    ).rejects.toMatchObject({ kind: 'auth.state' });
    expect(exchange).not.toHaveBeenCalled();
  });

  it('makes no token request when an answer is replayed', async () => {
    const pending = memoryPending();
    const exchange = vi.fn(async () => GRANT);
    let answered = '';
    const launch = vi.fn(async (url: string) => {
      answered = await approvingLaunch()(url);
      return answered;
    });
    await authorize({ app: APP, redirectUri: REDIRECT, launch, pending, exchange }, ['contacts.readonly']);
    await expect(completeAuthorization({ pending, exchange }, answered)).rejects.toMatchObject({
      kind: 'auth.state',
    });
    expect(exchange).toHaveBeenCalledTimes(1);
  });

  it('rejects an answer that comes back to another address', async () => {
    const exchange = vi.fn(async () => GRANT);
    const launch = vi.fn(async (url: string) => {
      const state = new URL(url).searchParams.get('state');
      return `https://evil.example/oauth?code=c&state=${state}`;
    });
    await expect(
      authorize({ app: APP, redirectUri: REDIRECT, launch, pending: memoryPending(), exchange }, [
        'contacts.readonly',
      ]),
    ).rejects.toMatchObject({ kind: 'auth.state' });
    expect(exchange).not.toHaveBeenCalled();
  });

  it('reports a denial, a closed window and a timeout, each with its own kind and no token request', async () => {
    const exchange = vi.fn(async () => GRANT);
    const deny = approvingLaunch(() => ({ error: 'access_denied' }));
    await expect(
      authorize({ app: APP, redirectUri: REDIRECT, launch: deny, pending: memoryPending(), exchange }, [
        'contacts.readonly',
      ]),
    ).rejects.toMatchObject({ kind: 'auth.denied' });
    const closed = vi.fn(async () => {
      throw new Error('The user did not approve access.');
    });
    await expect(
      authorize({ app: APP, redirectUri: REDIRECT, launch: closed, pending: memoryPending(), exchange }, [
        'contacts.readonly',
      ]),
    ).rejects.toMatchObject({ kind: 'auth.cancelled' });
    const never = vi.fn(() => new Promise<string>(() => undefined));
    const pending = memoryPending();
    await expect(
      authorize({ app: APP, redirectUri: REDIRECT, launch: never, pending, exchange, timeoutMs: 20 }, [
        'contacts.readonly',
      ]),
    ).rejects.toMatchObject({ kind: 'auth.cancelled' });
    expect(pending.peek()).toBeNull();
    expect(exchange).not.toHaveBeenCalled();
  });

  it('asks for configuration when no app is set up', async () => {
    const launch = vi.fn();
    await expect(
      authorize({ app: null, redirectUri: REDIRECT, launch, pending: memoryPending(), exchange: vi.fn() }, [
        'contacts.readonly',
      ]),
    ).rejects.toMatchObject({ kind: 'auth.config' });
    expect(launch).not.toHaveBeenCalled();
  });
});
