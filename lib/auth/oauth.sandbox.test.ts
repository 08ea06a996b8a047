/**
 * The extension's whole OAuth flow (consent, code exchange, refresh) against the local HighLevel sandbox over
 * TLS: the consent page is driven as a user would, and the token requests are the ones lib/auth/oauth.ts sends.
 */
import type { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxClient, type SandboxClient } from '../../sandbox/client.ts';
import { sandboxDispatcher } from '../../sandbox/dispatcher.ts';
import { LOCATIONS, SANDBOX_OAUTH_CLIENT } from '../../sandbox/fixtures.ts';
import { type Sandbox, startSandbox } from '../../sandbox/server.ts';
import { authorize, directExchange, type OAuthApp, type PendingAuth, READ_SCOPES } from './oauth';
import type { TokenGrant } from './tokens';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/oauth';
const MAIN = LOCATIONS.main.id;

let sandbox: Sandbox;
let dispatcher: Agent;
let consentClient: SandboxClient;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dispatcher = sandboxDispatcher(sandbox.port);
  consentClient = createSandboxClient(sandbox.port);
});

afterAll(async () => {
  consentClient?.close();
  await dispatcher?.close();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.control.reset();
  // ky calls the global fetch: send HighLevel's hosts to the sandbox, as --host-resolver-rules does in e2e.
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) =>
    realFetch(input, { ...init, dispatcher } as RequestInit),
  );
});

function memoryPending() {
  let value: PendingAuth | null = null;
  return {
    get: async () => value,
    set: async (next: PendingAuth | null) => {
      value = next;
    },
  };
}

/** The consent window: loads the sandbox's consent page, picks the main location, approves. */
async function approveConsent(url: string): Promise<string> {
  const page = await consentClient.send({ url });
  expect(page.status).toBe(200);
  const requestId = /name="request" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
  const consent = new URL(url);
  const answer = await consentClient.send({
    method: 'POST',
    url: `${consent.origin}${consent.pathname}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, location: MAIN, decision: 'allow' }).toString(),
  });
  expect(answer.status).toBe(302);
  return answer.headers.location ?? '';
}

function connect(
  app: OAuthApp,
  exchange: (code: string, redirectUri: string, verifier: string) => Promise<TokenGrant>,
) {
  return authorize(
    { app, redirectUri: REDIRECT, launch: approveConsent, pending: memoryPending(), exchange },
    READ_SCOPES,
  );
}

/** The token-endpoint forms the sandbox received (secret fields show as `[redacted]`). */
function tokenForms(): Record<string, unknown>[] {
  return sandbox.control
    .requests()
    .filter((entry) => entry.path === '/oauth/token')
    .map((entry) => entry.body as Record<string, unknown>);
}

describe('direct mode (client secret in the extension) against the sandbox', () => {
  const app: OAuthApp = { mode: 'direct', clientId: SANDBOX_OAUTH_CLIENT.clientId };
  const direct = () =>
    directExchange(SANDBOX_OAUTH_CLIENT.clientId, async () => SANDBOX_OAUTH_CLIENT.clientSecret);

  it('exchanges the consent code for tokens of the chosen location, sending only the fields HighLevel declares', async () => {
    const grant = await connect(app, direct().code);

    expect(grant).toMatchObject({ locationId: MAIN, scopes: READ_SCOPES });
    expect(grant.accessToken).not.toBe('');
    const [form] = tokenForms();
    expect(Object.keys(form ?? {}).sort()).toEqual(
      ['client_id', 'client_secret', 'code', 'grant_type', 'redirect_uri', 'user_type'].sort(),
    );
  });

  it('refreshes with the rotated refresh token, and the old one is dead', async () => {
    const exchange = direct();
    const first = await connect(app, exchange.code);

    const second = await exchange.refresh(first.refreshToken);

    expect(second.locationId).toBe(MAIN);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(exchange.refresh(first.refreshToken)).rejects.toMatchObject({ name: 'InvalidGrant' });
  });
});
