/**
 * Access tokens for the background's API client. One place decides which token a location's requests carry,
 * refreshes OAuth tokens ahead of expiry or after a rejection, and does so once at a time for every caller in
 * every extension context (an in-memory promise, plus a Web Lock across contexts). HighLevel's refresh tokens
 * are single use and rotate: the new pair is written to the vault before anyone uses the new access token, and a
 * refresh that is refused with invalid_grant clears the connection instead of trying again.
 */
import type { Secret, Vault } from './vault';

export const REFRESH_AHEAD_MS = 5 * 60_000;

/** Refresh this long before expiry: five minutes, or a tenth of a short lifetime (never refresh in a loop). */
export function refreshMargin(issuedAt: number | undefined, expiresAt: number): number {
  if (issuedAt === undefined) return REFRESH_AHEAD_MS;
  return Math.min(REFRESH_AHEAD_MS, Math.max(0, (expiresAt - issuedAt) / 10));
}

export type CredentialErrorKind = 'auth.expired' | 'auth.config' | 'not.connected' | 'network.offline';

export class CredentialError extends Error {
  readonly kind: CredentialErrorKind;
  constructor(kind: CredentialErrorKind, message: string) {
    super(message);
    this.name = 'CredentialError';
    this.kind = kind;
  }
}

/** The token endpoint's answer, reduced to what we keep. */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  scopes: string[];
  locationId: string;
  companyId?: string;
  userId?: string;
}

/**
 * Exchanges a location's refresh token (through the broker that issued it, or directly). Rejects with
 * `invalid_grant` as `InvalidGrant`, and with a CredentialError when it will not send the token at all.
 */
export type RefreshExchange = (refreshToken: string, locationId: string) => Promise<TokenGrant>;

export class InvalidGrant extends Error {
  constructor() {
    super('The refresh token was refused (invalid_grant).');
    this.name = 'InvalidGrant';
  }
}

export interface CachedAccess {
  token: string;
  expiresAt: number;
  issuedAt?: number;
}

export interface AccessCache {
  get(locationId: string): Promise<CachedAccess | null>;
  set(locationId: string, value: CachedAccess | null): Promise<void>;
}

export interface TokenProviderDeps {
  vault: Vault;
  /** Session-scoped copy of access tokens (storage.session: trusted contexts only). */
  accessCache: AccessCache;
  refreshExchange: RefreshExchange;
  /** Called after a rotation with the new expiry; and with null when the connection had to be dropped. */
  onRotated?(
    locationId: string,
    info: { accessExpiresAt: number; scopes: string[]; userId?: string } | null,
  ): Promise<void> | void;
  now?: () => number;
  /** Cross-context mutual exclusion; defaults to navigator.locks where it exists. */
  locks?: Pick<LockManager, 'request'> | null;
}

export function createTokenProvider(deps: TokenProviderDeps) {
  const now = deps.now ?? Date.now;
  const locks = deps.locks === undefined ? (globalThis.navigator?.locks ?? null) : deps.locks;
  const inFlight = new Map<string, Promise<string>>();

  async function secretOf(locationId: string): Promise<Exclude<Secret, { kind: 'client-secret' }>> {
    const secret = await deps.vault.get(locationId);
    if (!secret || secret.kind === 'client-secret') {
      throw new CredentialError('not.connected', 'This location is not connected.');
    }
    return secret;
  }

  /** Refresh unless someone else already did (compared against the token the caller saw). */
  function refreshOnce(locationId: string, seen: string | null): Promise<string> {
    const running = inFlight.get(locationId);
    if (running) return running;
    const run = async () => {
      const work = () => refreshLocked(locationId, seen);
      return locks ? locks.request(`hl-sidebar:refresh:${locationId}`, work) : work();
    };
    const promise = run().finally(() => inFlight.delete(locationId));
    inFlight.set(locationId, promise);
    return promise;
  }

  async function refreshLocked(locationId: string, seen: string | null): Promise<string> {
    // Re-read under the lock: another context may have rotated while we waited.
    const secret = await secretOf(locationId);
    if (secret.kind !== 'oauth') throw new CredentialError('auth.expired', 'The token was refused.');
    if (secret.accessToken !== seen && isFresh(secret.accessIssuedAt, secret.accessExpiresAt)) {
      await deps.accessCache.set(locationId, cached(secret));
      return secret.accessToken;
    }
    let grant: TokenGrant;
    try {
      grant = await deps.refreshExchange(secret.refreshToken, locationId);
    } catch (error) {
      if (error instanceof CredentialError) throw error;
      if (error instanceof InvalidGrant) {
        await deps.vault.delete(locationId);
        await deps.accessCache.set(locationId, null);
        await deps.onRotated?.(locationId, null);
        throw new CredentialError('auth.expired', 'The HighLevel session ended. Connect again.');
      }
      const kind = (error as { kind?: unknown }).kind === 'auth.config' ? 'auth.config' : 'network.offline';
      throw new CredentialError(
        kind,
        kind === 'auth.config' ? 'The token service refused the app.' : 'Could not reach the token service.',
      );
    }
    const accessIssuedAt = now();
    const accessExpiresAt = accessIssuedAt + grant.expiresInSeconds * 1000;
    // The old refresh token is dead from here on: persist the new pair before anything else.
    await deps.vault.put(locationId, {
      kind: 'oauth',
      refreshToken: grant.refreshToken,
      accessToken: grant.accessToken,
      accessExpiresAt,
      accessIssuedAt,
    });
    await deps.accessCache.set(locationId, {
      token: grant.accessToken,
      expiresAt: accessExpiresAt,
      issuedAt: accessIssuedAt,
    });
    await deps.onRotated?.(locationId, {
      accessExpiresAt,
      scopes: grant.scopes,
      ...(grant.userId ? { userId: grant.userId } : {}),
    });
    return grant.accessToken;
  }

  function isFresh(issuedAt: number | undefined, expiresAt: number): boolean {
    return expiresAt - now() > refreshMargin(issuedAt, expiresAt);
  }

  function cached(secret: {
    accessToken: string;
    accessExpiresAt: number;
    accessIssuedAt?: number;
  }): CachedAccess {
    return { token: secret.accessToken, expiresAt: secret.accessExpiresAt, issuedAt: secret.accessIssuedAt };
  }

  return {
    async accessToken(locationId: string): Promise<string> {
      const hit = await deps.accessCache.get(locationId);
      if (hit && isFresh(hit.issuedAt, hit.expiresAt)) return hit.token;
      const secret = await secretOf(locationId);
      if (secret.kind === 'pit') return secret.token;
      if (isFresh(secret.accessIssuedAt, secret.accessExpiresAt)) {
        await deps.accessCache.set(locationId, cached(secret));
        return secret.accessToken;
      }
      return refreshOnce(locationId, secret.accessToken);
    },

    async renew(locationId: string, rejected: string): Promise<string> {
      const secret = await secretOf(locationId);
      if (secret.kind === 'pit') {
        throw new CredentialError('auth.expired', 'HighLevel refused the Private Integration Token.');
      }
      await deps.accessCache.set(locationId, null);
      return refreshOnce(locationId, rejected);
    },
  };
}
