import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCATIONS, SANDBOX_OAUTH_CLIENT } from '../fixtures.ts';
import { type Sandbox, startSandbox } from '../server.ts';
import { handleTokenRequest } from './oauth.ts';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/oauth';
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox?.close());

function code(challenge: string | null): string {
  return sandbox.state.auth.issueCode({
    clientId: SANDBOX_OAUTH_CLIENT.clientId,
    redirectUri: REDIRECT,
    locationId: LOCATIONS.main.id,
    companyId: LOCATIONS.main.companyId,
    userId: 'installer',
    scopes: ['contacts.readonly'],
    codeChallenge: challenge,
    codeChallengeMethod: challenge ? 'S256' : null,
  });
}

function exchange(value: string, extra: Record<string, string> = {}) {
  return handleTokenRequest(
    sandbox.state,
    {
      client_id: SANDBOX_OAUTH_CLIENT.clientId,
      client_secret: SANDBOX_OAUTH_CLIENT.clientSecret,
      grant_type: 'authorization_code',
      code: value,
      redirect_uri: REDIRECT,
      ...extra,
    },
    undefined,
  );
}

describe('PKCE at the token endpoint', () => {
  it('exchanges a code without a code_verifier even when the consent carried a challenge, as HighLevel does', () => {
    const answer = exchange(code(CHALLENGE));

    expect(answer.status).toBe(200);
    expect(answer.body.access_token).toEqual(expect.any(String));
  });

  it('checks a code_verifier that is sent against the challenge', () => {
    expect(exchange(code(CHALLENGE), { code_verifier: 'w'.repeat(43) }).body.error).toBe('invalid_grant');
    expect(exchange(code(CHALLENGE), { code_verifier: VERIFIER }).status).toBe(200);
  });

  it('as an endpoint that supports PKCE, requires the verifier of a challenged consent, and only then', () => {
    sandbox.control.configure({ pkceWhenChallenged: true });
    try {
      expect(exchange(code(CHALLENGE)).body.error).toBe('invalid_grant');
      expect(exchange(code(CHALLENGE), { code_verifier: VERIFIER }).status).toBe(200);
      expect(exchange(code(null)).status).toBe(200);
    } finally {
      sandbox.control.configure({ pkceWhenChallenged: false });
    }
  });

  it('refuses a code_verifier for a consent that carried no challenge (a PKCE downgrade)', () => {
    const answer = exchange(code(null), { code_verifier: VERIFIER });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });
});
