/**
 * The extension's whole OAuth flow (consent, code exchange, refresh) against the local HighLevel sandbox over
 * TLS: the consent page is driven as a user would, and the token requests are the ones lib/auth/oauth.ts sends.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BrokerConfig, createBroker } from '../../broker/app.ts';
import { nodeClientAddress } from '../../broker/client-address.ts';
import { createSandboxClient, type SandboxClient } from '../../sandbox/client.ts';
import { LOCATIONS, SANDBOX_OAUTH_CLIENT } from '../../sandbox/fixtures.ts';
import { memoryPending } from '../../test/support/memory-pending';
import { useSandbox } from '../../test/support/sandbox.ts';
import { authorize, brokerExchange, directExchange, type OAuthApp, READ_SCOPES, TOKEN_URL } from './oauth';
import type { TokenGrant } from './tokens';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/oauth';
const MAIN = LOCATIONS.main.id;
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

const world = useSandbox();
let consentClient: SandboxClient;
const realFetch = globalThis.fetch;

beforeAll(() => {
  consentClient = createSandboxClient(world.sandbox.port);
});

afterAll(() => consentClient?.close());

beforeEach(() => {
  world.sandbox.control.reset();
  // ky calls the global fetch: HighLevel's hosts go to the sandbox, as --host-resolver-rules does in e2e; a
  // local broker gets the Origin a browser would add to the extension's request.
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).hostname !== '127.0.0.1') return toSandbox(request);
    const headers = new Headers(request.headers);
    headers.set('Origin', EXTENSION_ORIGIN);
    return realFetch(new Request(request, { headers }));
  });
});

const toSandbox = (input: RequestInfo | URL, init?: RequestInit) =>
  realFetch(input, { ...init, dispatcher: world.dispatcher } as RequestInit);

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
  return world.sandbox.control
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

  it('connects where the token endpoint supports PKCE too: the consent asks no challenge it cannot answer', async () => {
    world.sandbox.control.configure({ pkceWhenChallenged: true });

    const grant = await connect(app, direct().code);

    expect(grant.locationId).toBe(MAIN);
    const consent = world.sandbox.control.requests().find((entry) => entry.path.endsWith('/chooselocation'));
    expect(consent?.query).not.toHaveProperty('code_challenge');
  });

  it('says the sign-in was refused when the client secret is wrong, naming neither the secret nor the code', async () => {
    const wrong = directExchange(SANDBOX_OAUTH_CLIENT.clientId, async () => 'not-the-secret-5d1e');

    const failure = await connect(app, wrong.code).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'OAuthFailure', kind: 'auth.refused' });
    expect(String((failure as Error).message)).not.toMatch(/not-the-secret|code=/);
  });

  it('says the sign-in was refused when the code was already used', async () => {
    const exchange = direct();
    let code = '';
    await connect(app, (value, redirectUri) => {
      code = value;
      return exchange.code(value, redirectUri);
    });

    await expect(exchange.code(code, REDIRECT)).rejects.toMatchObject({ kind: 'auth.refused' });
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

describe('broker mode (client secret on the token broker) against the sandbox', () => {
  const app = (brokerUrl: string): OAuthApp => ({
    mode: 'broker',
    clientId: SANDBOX_OAUTH_CLIENT.clientId,
    brokerUrl,
  });
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  /** The real broker app on a loopback port, its upstream HighLevel's token URL (answered by the sandbox). */
  async function startBroker(overrides: Partial<BrokerConfig> = {}): Promise<string> {
    const broker = createBroker({
      clientId: SANDBOX_OAUTH_CLIENT.clientId,
      clientSecret: SANDBOX_OAUTH_CLIENT.clientSecret,
      tokenUrl: TOKEN_URL,
      allowedOrigins: [EXTENSION_ORIGIN],
      redirectUris: [REDIRECT],
      clientAddress: nodeClientAddress,
      fetch: toSandbox,
      log: () => undefined,
      ...overrides,
    });
    const server = serve({ fetch: broker.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('exchanges the consent code through the broker, which by default forwards no code_verifier', async () => {
    const url = await startBroker();

    const grant = await connect(app(url), brokerExchange(url).code);

    expect(grant).toMatchObject({ locationId: MAIN, scopes: READ_SCOPES });
    expect(tokenForms()[0]).not.toHaveProperty('code_verifier');
  });

  it('refreshes through the broker with the rotated refresh token', async () => {
    const url = await startBroker();
    const exchange = brokerExchange(url);
    const first = await connect(app(url), exchange.code);

    const second = await exchange.refresh(first.refreshToken);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(exchange.refresh(first.refreshToken)).rejects.toMatchObject({ name: 'InvalidGrant' });
  });

  it('with the verifier forwarded, the sandbox checks it against the consent challenge', async () => {
    const url = await startBroker({ forwardCodeVerifier: true });
    const exchange = brokerExchange(url);

    const grant = await connect(app(url), exchange.code);
    const forged = connect(app(url), (code, redirectUri) => exchange.code(code, redirectUri, 'f'.repeat(43)));

    expect(grant.locationId).toBe(MAIN);
    expect(tokenForms()[0]).toHaveProperty('code_verifier', '[redacted]');
    // A refused code is the sign-in failing, said as such; InvalidGrant is for refresh tokens.
    await expect(forged).rejects.toMatchObject({ name: 'OAuthFailure', kind: 'auth.refused' });
  });
});
