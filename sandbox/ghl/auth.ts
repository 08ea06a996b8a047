/**
 * Who may call the API: OAuth access tokens (JWT-shaped, like HighLevel's), rotating single-use refresh tokens,
 * authorization codes issued by the consent page, Private Integration Tokens from the fixtures, and tokens minted
 * by tests. Tokens are opaque to the sandbox's callers and are never logged.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { LOCATIONS, SANDBOX_PITS } from '../fixtures.ts';

export type UserType = 'Location' | 'Company';

export interface TokenGrant {
  kind: 'oauth' | 'pit' | 'minted';
  userType: UserType;
  /** The sub-account the token acts for; null for Company tokens. */
  locationId: string | null;
  companyId: string;
  userId: string;
  scopes: string[];
  /** Epoch ms; null = never expires (Private Integration Tokens). */
  expiresAt: number | null;
  clientId: string | null;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  locationId: string;
  companyId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
}

interface RefreshGrant {
  clientId: string;
  userType: UserType;
  locationId: string | null;
  companyId: string;
  userId: string;
  scopes: string[];
}

export type TokenCheck = { ok: true; grant: TokenGrant } | { ok: false; reason: 'unknown' | 'expired' };

export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86_399;

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export class AuthRegistry {
  private readonly accessTokens = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly spentRefreshTokens: string[] = [];
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly signingKey = randomBytes(32);
  private readonly clock: () => number;
  tokenRequests = 0;
  tokenRequestsByGrant: Record<string, number> = {};

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
    for (const pit of Object.values(SANDBOX_PITS)) {
      this.accessTokens.set(pit.token, {
        kind: 'pit',
        userType: 'Location',
        locationId: pit.locationId,
        companyId: Object.values(LOCATIONS).find((l) => l.id === pit.locationId)?.companyId ?? '',
        userId: '',
        scopes: [...pit.scopes],
        expiresAt: null,
        clientId: null,
      });
    }
  }

  check(token: string): TokenCheck {
    const grant = this.accessTokens.get(token);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.expiresAt !== null && grant.expiresAt <= this.clock()) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** A JWT-shaped access token whose claims resemble HighLevel's (no secret is in them). */
  issueAccessToken(grant: Omit<TokenGrant, 'expiresAt'>, lifetimeSeconds: number): string {
    const issuedAt = Math.floor(this.clock() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        authClass: grant.userType,
        authClassId: grant.locationId ?? grant.companyId,
        source: grant.kind === 'oauth' ? 'INTEGRATION' : 'SANDBOX',
        sourceId: grant.clientId ?? 'sandbox',
        channel: 'OAUTH',
        primaryAuthClassId: grant.locationId ?? grant.companyId,
        oauthMeta: { scopes: grant.scopes, client: grant.clientId ?? 'sandbox' },
        jti: randomBytes(12).toString('hex'),
        iat: issuedAt,
        exp: issuedAt + lifetimeSeconds,
      }),
    );
    const signature = createHmac('sha256', this.signingKey)
      .update(`${header}.${payload}`)
      .digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.accessTokens.set(token, { ...grant, expiresAt: this.clock() + lifetimeSeconds * 1000 });
    return token;
  }

  issueRefreshToken(grant: RefreshGrant): string {
    const token = randomBytes(32).toString('hex');
    this.refreshTokens.set(token, grant);
    return token;
  }

  /** Single use: the refresh token is dead from the moment it is presented. */
  consumeRefreshToken(token: string, clientId: string): RefreshGrant | null {
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientId !== clientId) return null;
    this.refreshTokens.delete(token);
    this.spentRefreshTokens.push(token);
    return grant;
  }

  issueCode(code: Omit<AuthorizationCode, 'expiresAt'>): string {
    const value = randomBytes(20).toString('hex');
    this.codes.set(value, { ...code, expiresAt: this.clock() + AUTHORIZATION_CODE_TTL_MS });
    return value;
  }

  /** Single use: the code is gone after the first attempt, whatever its outcome. */
  consumeCode(value: string): AuthorizationCode | null {
    const code = this.codes.get(value);
    if (!code) return null;
    this.codes.delete(value);
    return code.expiresAt > this.clock() ? code : null;
  }

  /** Expires a code at once (tests of the ~10 minute code lifetime). */
  expireCode(value: string): void {
    const code = this.codes.get(value);
    if (code) code.expiresAt = 0;
  }

  countTokenRequest(grantType: string): void {
    this.tokenRequests++;
    this.tokenRequestsByGrant[grantType] = (this.tokenRequestsByGrant[grantType] ?? 0) + 1;
  }

  refreshTokensAlive(): Record<string, number> {
    const alive: Record<string, number> = {};
    for (const grant of this.refreshTokens.values()) {
      const key = grant.locationId ?? grant.companyId;
      alive[key] = (alive[key] ?? 0) + 1;
    }
    return alive;
  }

  /** Every OAuth access and refresh token issued so far (not PITs), for tests that look for leaks. */
  issuedOAuthTokens(): string[] {
    const pits = new Set(Object.values(SANDBOX_PITS).map((pit) => pit.token as string));
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys(), ...this.spentRefreshTokens].filter(
      (t) => !pits.has(t),
    );
  }

  resetCounters(): void {
    this.tokenRequests = 0;
    this.tokenRequestsByGrant = {};
  }
}
