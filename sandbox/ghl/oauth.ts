/**
 * `POST /oauth/token` (form-encoded, per oauth.json and the notes): client credentials checked on every call,
 * single-use authorization codes bound to client and redirect_uri (about 10 minutes), rotating single-use refresh
 * tokens, `user_type` Location (default) or Company.
 *
 * PKCE: HighLevel documents none at its token endpoint (no `code_verifier` field), so an exchange without a verifier
 * is accepted here as there, whatever the consent request carried; requiring one would fail the extension's direct
 * mode and a broker that does not forward the verifier, both of which work against HighLevel. A `code_verifier` that
 * is sent (a broker with HL_FORWARD_CODE_VERIFIER=1) is verified against the consent's `code_challenge` (S256 or
 * plain), so a broken PKCE implementation does not go unnoticed. `configure({pkceWhenChallenged: true})` makes the
 * sandbox an endpoint that supports PKCE: a code whose consent carried a challenge then needs its verifier.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { requestBodyErrors } from '../openapi.ts';
import type { RequestLogEntry } from '../requestlog.ts';
import type { SandboxState } from '../state.ts';
import type { TokenGrant, UserType } from './auth.ts';

export interface TokenAnswer {
  status: 200 | 400 | 401 | 422;
  body: Record<string, unknown>;
}

const SECRET_FIELDS = new Set(['client_secret', 'code', 'refresh_token', 'code_verifier']);

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function oauthError(status: 400 | 401, error: string, description: string): TokenAnswer {
  return {
    status,
    body: { statusCode: status, message: description, error, error_description: description },
  };
}

const invalidGrant = (description: string): TokenAnswer => oauthError(400, 'invalid_grant', description);

export function handleTokenRequest(
  state: SandboxState,
  form: Record<string, unknown>,
  record: RequestLogEntry | undefined,
): TokenAnswer {
  if (record) {
    record.body = Object.fromEntries(
      Object.entries(form).map(([key, value]) => [key, SECRET_FIELDS.has(key) ? '[redacted]' : value]),
    );
  }
  const grantType = typeof form.grant_type === 'string' ? form.grant_type : '';
  state.auth.countTokenRequest(grantType || '(none)');

  const problems = requestBodyErrors('POST', '/oauth/token', form);
  if (problems.length)
    return { status: 422, body: { statusCode: 422, message: problems, error: 'Unprocessable Entity' } };

  const clientId = String(form.client_id);
  const client = state.oauthClient;
  if (clientId !== client.clientId || !sameSecret(String(form.client_secret), client.clientSecret)) {
    return oauthError(
      401,
      'invalid_client',
      'Client authentication failed: unknown client or wrong client_secret',
    );
  }
  const lifetime = state.config.tokenLifetimeSeconds;

  if (grantType === 'authorization_code') {
    if (typeof form.code !== 'string' || !form.code)
      return oauthError(400, 'invalid_request', 'code is required');
    const code = state.auth.consumeCode(form.code);
    if (!code || code.clientId !== clientId) {
      return invalidGrant('The authorization code is invalid, expired or already used');
    }
    if (form.redirect_uri !== code.redirectUri) {
      return invalidGrant('redirect_uri does not match the one of the authorization request');
    }
    if (form.code_verifier === undefined && code.codeChallenge && state.config.pkceWhenChallenged) {
      return invalidGrant('code_verifier is required: the authorization request carried a code_challenge');
    }
    if (form.code_verifier !== undefined) {
      const verifier = typeof form.code_verifier === 'string' ? form.code_verifier : '';
      const derived =
        code.codeChallengeMethod === 'plain'
          ? verifier
          : createHash('sha256').update(verifier).digest('base64url');
      // A verifier for a consent without a challenge is refused (the PKCE downgrade check of RFC 9700 §2.1.1).
      if (!code.codeChallenge || !verifier || derived !== code.codeChallenge)
        return invalidGrant('code_verifier does not match the code_challenge');
    }
    const userType: UserType = form.user_type === 'Company' ? 'Company' : 'Location';
    return issue(
      state,
      {
        kind: 'oauth',
        userType,
        locationId: userType === 'Location' ? code.locationId : null,
        companyId: code.companyId,
        userId: code.userId,
        scopes: code.scopes,
        clientId,
      },
      lifetime,
    );
  }

  if (grantType === 'refresh_token') {
    if (typeof form.refresh_token !== 'string' || !form.refresh_token) {
      return oauthError(400, 'invalid_request', 'refresh_token is required');
    }
    const grant = state.auth.consumeRefreshToken(form.refresh_token, clientId);
    if (!grant) return invalidGrant('The refresh token is invalid or was already used');
    return issue(state, { kind: 'oauth', ...grant }, lifetime);
  }

  return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported for this app`);
}

function issue(state: SandboxState, grant: Omit<TokenGrant, 'expiresAt'>, lifetime: number): TokenAnswer {
  const accessToken = state.auth.issueAccessToken(grant, lifetime);
  const refreshToken = state.auth.issueRefreshToken({
    clientId: grant.clientId ?? '',
    userType: grant.userType,
    locationId: grant.locationId,
    companyId: grant.companyId,
    userId: grant.userId,
    scopes: grant.scopes,
  });
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: lifetime,
    refresh_token: refreshToken,
    scope: grant.scopes.join(' '),
    userType: grant.userType,
    companyId: grant.companyId,
    userId: grant.userId,
    isBulkInstallation: false,
  };
  if (grant.locationId) body.locationId = grant.locationId;
  return { status: 200, body };
}
