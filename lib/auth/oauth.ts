/**
 * HighLevel OAuth 2.0 (authorization code), run by the background only. The pending attempt's `state` and PKCE
 * verifier are saved before the consent window opens, consumed exactly once, and compared exactly; the code is
 * exchanged through the token broker (recommended: the client secret stays on a server) or, when an admin chose
 * it, directly with a client secret kept in the vault.
 *
 * PKCE: HighLevel documents none at its token endpoint, whose form declares no `code_verifier` (an undeclared field
 * may be answered with 422). In broker mode the consent request carries an S256 challenge, which costs nothing
 * where it is ignored, and the verifier goes to the broker, which forwards it only to a PKCE-aware endpoint. In
 * direct mode the verifier never goes to HighLevel, so the consent carries no challenge either: a challenge whose
 * verifier is never presented protects nothing, and an endpoint that supports PKCE refuses the code it was given
 * for (invalid_grant).
 *
 * A code exchange that fails is an OAuthFailure the UI can explain ('auth.refused' when the token endpoint refused
 * the app or the code), never the refresh path's InvalidGrant; its message names no code, token or secret.
 */
import ky, { HTTPError } from 'ky';
import { HIGHLEVEL_API_BASE } from '../hosts';
import { InvalidGrant, type TokenGrant } from './tokens';

export const CONSENT_URL = 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation';
export const TOKEN_URL = `${HIGHLEVEL_API_BASE}/oauth/token`;
export const READ_SCOPES = ['contacts.readonly'];
export const WRITE_SCOPES = ['contacts.readonly', 'contacts.write'];
const FLOW_TIMEOUT_MS = 5 * 60_000;
const PENDING_TTL_MS = 10 * 60_000;

export type OAuthFailureKind =
  | 'auth.cancelled'
  | 'auth.denied'
  | 'auth.state'
  | 'auth.config'
  | 'auth.refused'
  | 'auth.expired'
  | 'network.offline';

export class OAuthFailure extends Error {
  readonly kind: OAuthFailureKind;
  constructor(kind: OAuthFailureKind, message: string) {
    super(message);
    this.name = 'OAuthFailure';
    this.kind = kind;
  }
}

export interface OAuthApp {
  mode: 'broker' | 'direct';
  clientId: string;
  /** broker mode: the broker's base URL (https). */
  brokerUrl?: string;
}

export interface PendingAuth {
  state: string;
  verifier: string;
  redirectUri: string;
  createdAt: number;
}

export interface PendingStore {
  get(): Promise<PendingAuth | null>;
  set(value: PendingAuth | null): Promise<void>;
}

export type CodeExchange = (code: string, redirectUri: string, verifier: string) => Promise<TokenGrant>;

export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(byteLength = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function consentUrl(
  app: OAuthApp,
  redirectUri: string,
  scopes: string[],
  state: string,
  /** S256 PKCE challenge, or null when its verifier will not be presented at the token endpoint. */
  challenge: string | null,
): string {
  const url = new URL(CONSENT_URL);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    state,
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  return url.href;
}

export interface AuthorizeDeps {
  app: OAuthApp | null;
  redirectUri: string;
  launch: (url: string) => Promise<string | undefined>;
  pending: PendingStore;
  exchange: CodeExchange;
  now?: () => number;
  timeoutMs?: number;
}

/** Runs consent and returns the token grant; every failure is an OAuthFailure with a kind the UI explains. */
export async function authorize(deps: AuthorizeDeps, scopes: string[]): Promise<TokenGrant> {
  const now = deps.now ?? Date.now;
  if (!deps.app?.clientId || (deps.app.mode === 'broker' && !deps.app.brokerUrl)) {
    throw new OAuthFailure('auth.config', 'The HighLevel app is not configured.');
  }
  const state = randomToken(32);
  const verifier = randomToken(48);
  await deps.pending.set({ state, verifier, redirectUri: deps.redirectUri, createdAt: now() });
  // Only the broker can present the verifier (see PKCE at the top).
  const challenge = deps.app.mode === 'broker' ? await pkceChallenge(verifier) : null;
  const url = consentUrl(deps.app, deps.redirectUri, scopes, state, challenge);

  let responseUrl: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    responseUrl = await Promise.race([
      deps.launch(url),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new OAuthFailure('auth.cancelled', 'The consent window timed out.')),
          deps.timeoutMs ?? FLOW_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    await deps.pending.set(null);
    if (error instanceof OAuthFailure) throw error;
    throw new OAuthFailure('auth.cancelled', 'The consent window was closed.');
  } finally {
    clearTimeout(timer);
  }
  return completeAuthorization(deps, responseUrl);
}

/** Checks the redirect against the saved attempt (consuming it), then exchanges the code. */
export async function completeAuthorization(
  deps: Pick<AuthorizeDeps, 'pending' | 'exchange' | 'now'>,
  responseUrl: string | undefined,
): Promise<TokenGrant> {
  const now = deps.now ?? Date.now;
  const pending = await deps.pending.get();
  // Single use: whatever happens next, this attempt's state cannot be presented again.
  await deps.pending.set(null);
  if (!responseUrl) throw new OAuthFailure('auth.cancelled', 'No answer from the consent window.');
  let answer: URL;
  try {
    answer = new URL(responseUrl);
  } catch {
    throw new OAuthFailure('auth.state', 'The consent answer was not a URL.');
  }
  if (!pending || now() - pending.createdAt > PENDING_TTL_MS) {
    throw new OAuthFailure('auth.state', 'No sign-in attempt is waiting for this answer.');
  }
  const expected = new URL(pending.redirectUri);
  if (answer.origin !== expected.origin || answer.pathname !== expected.pathname) {
    throw new OAuthFailure('auth.state', 'The consent answer came back to an unexpected address.');
  }
  const params = answer.searchParams;
  if (params.get('state') !== pending.state)
    throw new OAuthFailure('auth.state', 'The sign-in answer does not match.');
  const error = params.get('error');
  if (error) {
    throw new OAuthFailure(
      error === 'access_denied' ? 'auth.denied' : 'auth.cancelled',
      'Consent was not given.',
    );
  }
  const code = params.get('code');
  if (!code) throw new OAuthFailure('auth.state', 'The consent answer carries no code.');
  return deps.exchange(code, pending.redirectUri, pending.verifier);
}

interface TokenBody {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  locationId?: unknown;
  companyId?: unknown;
  userId?: unknown;
}

export function toGrant(body: TokenBody): TokenGrant {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const accessToken = text(body.access_token);
  const refreshToken = text(body.refresh_token);
  const locationId = text(body.locationId);
  if (!accessToken || !refreshToken || !locationId) {
    throw new OAuthFailure(
      'auth.config',
      'The token answer lacks a token or a location (is the app a sub-account app?).',
    );
  }
  const expires = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 86_399;
  return {
    accessToken,
    refreshToken,
    expiresInSeconds: expires,
    scopes: (text(body.scope) ?? '').split(/\s+/).filter(Boolean),
    locationId,
    companyId: text(body.companyId),
    userId: text(body.userId),
  };
}

/**
 * Posts a token request and reads the grant. `grant` says which: a refused refresh token (invalid_grant) ends the
 * session (InvalidGrant, handled by the token provider); a refused code exchange is the sign-in failing, which the
 * one connecting is told in a sentence (the code expired or was used, the redirect URI or the client secret is not
 * the app's).
 */
async function postForGrant(
  grant: 'code' | 'refresh',
  request: () => Promise<Response>,
): Promise<TokenGrant> {
  let response: Response;
  try {
    response = await request();
  } catch (error) {
    if (error instanceof OAuthFailure) throw error;
    if (error instanceof HTTPError) {
      // ky has already read the body into `data`.
      const body = (error.data ?? {}) as { error?: string };
      const status = error.response.status;
      if (grant === 'code' && status >= 400 && status < 500 && status !== 429) {
        throw new OAuthFailure('auth.refused', `The token service refused the sign-in (${status}).`);
      }
      // Only a refused grant ends the session; invalid_client and the like are the app's setup, not the user's.
      if (body.error === 'invalid_grant') throw new InvalidGrant();
      throw new OAuthFailure('auth.config', `The token service answered ${status}.`);
    }
    throw new OAuthFailure('network.offline', 'Could not reach the token service.');
  }
  let body: TokenBody;
  try {
    body = (await response.json()) as TokenBody;
  } catch {
    throw new OAuthFailure('auth.config', 'The token service did not answer with a token.');
  }
  return toGrant(body ?? {});
}

/** Exchanges through the token broker, which adds the client secret server-side. */
export function brokerExchange(brokerUrl: string) {
  const endpoint = new URL('token', brokerUrl.endsWith('/') ? brokerUrl : `${brokerUrl}/`).href;
  const post = (json: Record<string, string>) => () =>
    ky.post(endpoint, { json, retry: 0, timeout: 15_000, credentials: 'omit' });
  return {
    code: (code: string, redirectUri: string, verifier: string) =>
      postForGrant(
        'code',
        post({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
      ),
    refresh: (refreshToken: string) =>
      postForGrant('refresh', post({ grant_type: 'refresh_token', refresh_token: refreshToken })),
  };
}

/** Exchanges with HighLevel directly; the secret comes from the vault at call time and is never returned. */
export function directExchange(clientId: string, clientSecret: () => Promise<string | null>) {
  const post = (fields: Record<string, string>) => async () => {
    const secret = await clientSecret();
    if (!secret) throw new OAuthFailure('auth.config', 'No client secret is configured.');
    return ky.post(TOKEN_URL, {
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: secret,
        user_type: 'Location',
        ...fields,
      }),
      retry: 0,
      timeout: 15_000,
      credentials: 'omit',
    });
  };
  return {
    // No code_verifier, and no challenge in the consent: HighLevel's token endpoint declares none (see PKCE at the top).
    code: (code: string, redirectUri: string) =>
      postForGrant('code', post({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })),
    refresh: (refreshToken: string) =>
      postForGrant('refresh', post({ grant_type: 'refresh_token', refresh_token: refreshToken })),
  };
}
