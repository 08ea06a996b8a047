import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_REDIRECT_URI,
  type FakeTokenServer,
  startFakeTokenServer,
} from '../test/support/fake-token-server.ts';
import { type BrokerConfig, createBroker, MAX_REQUEST_BYTES } from './app.ts';
import { nodeClientAddress } from './client-address.ts';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_ORIGIN = 'moz-extension://4b0c7e1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER_ORIGIN = 'https://evil.example';
const UNLIMITED = { limit: 10_000, windowSeconds: 1 };
const FIREFOX_REDIRECT_URI = 'https://0123456789abcdef0123456789abcdef01234567.extensions.allizom.org/oauth';
const WHITELISTED_FIELDS = [
  'access_token',
  'token_type',
  'expires_in',
  'refresh_token',
  'scope',
  'userType',
  'locationId',
  'companyId',
  'userId',
];

interface RunningBroker {
  url: string;
  close(): Promise<void>;
}

async function startBroker(
  upstreamUrl: string,
  overrides: Partial<BrokerConfig> = {},
): Promise<RunningBroker> {
  const app = createBroker({
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    tokenUrl: upstreamUrl,
    allowedOrigins: [EXTENSION_ORIGIN, FIREFOX_ORIGIN],
    redirectUris: [FAKE_REDIRECT_URI, FIREFOX_REDIRECT_URI],
    // The shared broker serves every test from one address, reusing tokens: limits are tested apart.
    rateLimits: { perAddress: UNLIMITED, perGrant: UNLIMITED },
    ...overrides,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function call(
  broker: RunningBroker,
  path: string,
  init: {
    method?: string;
    origin?: string | null;
    body?: unknown;
    rawBody?: string;
    contentType?: string;
  } = {},
): Promise<Exchange> {
  const headers: Record<string, string> = {};
  const origin = init.origin === undefined ? EXTENSION_ORIGIN : init.origin;
  if (origin !== null) headers.Origin = origin;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
  const response = await fetch(`${broker.url}${path}`, { method: init.method ?? 'POST', headers, body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // Bodies that are not JSON are asserted through `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

const postToken = (broker: RunningBroker, body: unknown, origin?: string | null) =>
  call(broker, '/token', { body, origin });

let upstream: FakeTokenServer;
let broker: RunningBroker;
let consoleOutput: string[];

beforeAll(async () => {
  upstream = await startFakeTokenServer();
  broker = await startBroker(upstream.url);
});

afterAll(async () => {
  await broker.close();
  await upstream.close();
});

beforeEach(() => {
  upstream.reset();
  consoleOutput = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map(String).join(' '));
    });
  }
});

describe('the code exchange', () => {
  it('exchanges an authorization code, sending the client credentials and user type upstream', async () => {
    const code = upstream.issueCode();

    const answer = await postToken(broker, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_REDIRECT_URI,
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86399,
      locationId: 've9EPM428h8vShlRW1KT',
    });
    expect(answer.json.access_token).toMatch(/^access-/);
    expect(answer.json.refresh_token).toMatch(/^refresh-/);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(upstream.requests[0]?.form).toEqual({
      client_id: FAKE_CLIENT_ID,
      client_secret: FAKE_CLIENT_SECRET,
      grant_type: 'authorization_code',
      user_type: 'Location',
      code,
      redirect_uri: FAKE_REDIRECT_URI,
    });
  });

  it('answers only the token fields the extension needs', async () => {
    const code = upstream.issueCode();

    const answer = await postToken(broker, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_REDIRECT_URI,
    });

    expect(Object.keys(answer.json).sort()).toEqual([...WHITELISTED_FIELDS].sort());
  });

  it('passes a spent authorization code on as a 400 invalid_grant', async () => {
    const code = upstream.issueCode();
    await postToken(broker, { grant_type: 'authorization_code', code, redirect_uri: FAKE_REDIRECT_URI });

    const answer = await postToken(broker, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_REDIRECT_URI,
    });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_grant');
  });

  it('sends the configured user type for agency (Company) tokens', async () => {
    const companyBroker = await startBroker(upstream.url, { userType: 'Company' });
    try {
      const code = upstream.issueCode();
      await postToken(companyBroker, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: FAKE_REDIRECT_URI,
      });
      expect(upstream.requests[0]?.form.user_type).toBe('Company');
    } finally {
      await companyBroker.close();
    }
  });

  it('accepts a PKCE code_verifier but does not forward it to HighLevel, which declares none', async () => {
    const code = upstream.issueCode();

    const answer = await postToken(broker, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_REDIRECT_URI,
      code_verifier: 'v'.repeat(43),
    });

    expect(answer.status).toBe(200);
    expect(upstream.requests[0]?.form).not.toHaveProperty('code_verifier');
  });

  it('forwards the code_verifier when configured to', async () => {
    const pkceBroker = await startBroker(upstream.url, { forwardCodeVerifier: true });
    try {
      const code = upstream.issueCode();
      const verifier = 'A1b2-C3d4.E5f6_G7h8~'.repeat(3);
      await postToken(pkceBroker, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: FAKE_REDIRECT_URI,
        code_verifier: verifier,
      });
      expect(upstream.requests[0]?.form.code_verifier).toBe(verifier);
    } finally {
      await pkceBroker.close();
    }
  });
});

describe('the redirect URI check', () => {
  it('refuses a redirect_uri it is not configured with, naming the field, and never calls HighLevel', async () => {
    const code = upstream.issueCode();

    const answer = await postToken(broker, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://attacker.example/callback',
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: 'invalid_request',
      error_description: '"redirect_uri" is not registered with the token broker.',
    });
    expect(answer.text).not.toContain(code);
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    ['a trailing slash', `${FAKE_REDIRECT_URI}/`],
    ['a query', `${FAKE_REDIRECT_URI}?next=x`],
    ['another case', FAKE_REDIRECT_URI.toUpperCase().replace('HTTPS', 'https')],
    ['plain http', FAKE_REDIRECT_URI.replace('https:', 'http:')],
    ['a default port', FAKE_REDIRECT_URI.replace('.org/', '.org:443/')],
  ])('matches exactly: the registered URI with %s is another URI', async (_case, redirectUri) => {
    const answer = await postToken(broker, {
      grant_type: 'authorization_code',
      code: upstream.issueCode(),
      redirect_uri: redirectUri,
    });

    expect(answer.status).toBe(400);
    expect(upstream.requests).toHaveLength(0);
  });

  it('passes a code for any registered redirect URI (a Firefox one too) on to HighLevel', async () => {
    await postToken(broker, {
      grant_type: 'authorization_code',
      code: upstream.issueCode(),
      redirect_uri: FIREFOX_REDIRECT_URI,
    });

    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.form.redirect_uri).toBe(FIREFOX_REDIRECT_URI);
  });
});

describe('the rate limits', () => {
  /** A broker on Node's address reader, called in-process from any address, with a clock the test moves. */
  function limitedBroker(overrides: Partial<BrokerConfig> = {}) {
    let clock = Date.UTC(2025, 0, 1);
    const app = createBroker({
      clientId: FAKE_CLIENT_ID,
      clientSecret: FAKE_CLIENT_SECRET,
      tokenUrl: upstream.url,
      allowedOrigins: [EXTENSION_ORIGIN],
      redirectUris: [FAKE_REDIRECT_URI],
      clientAddress: nodeClientAddress,
      now: () => clock,
      ...overrides,
    });
    const send = async (
      body: unknown,
      from = '198.51.100.7',
      headers: Record<string, string> = {},
    ): Promise<Exchange> => {
      const request = new Request('https://broker.example/token', {
        method: 'POST',
        headers: { Origin: EXTENSION_ORIGIN, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const response = await app.fetch(request, { incoming: { socket: { remoteAddress: from } } });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
    };
    return { app, send, advance: (ms: number) => (clock += ms) };
  }
  let tokens = 0;
  const refresh = () => ({ grant_type: 'refresh_token', refresh_token: `refresh-unknown-${++tokens}` });

  it('answers 100 requests in a row from one address with 10 passed on and 90 × 429, with Retry-After', async () => {
    const broker = limitedBroker();

    const answers: Exchange[] = [];
    for (let i = 0; i < 100; i++) answers.push(await broker.send(refresh()));

    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(90);
    expect(answers.slice(0, 10).every((answer) => answer.status !== 429)).toBe(true);
    expect(upstream.requests).toHaveLength(10);
    const limited = answers[10];
    expect(limited?.headers.get('retry-after')).toBe('6');
    expect(limited?.headers.get('cache-control')).toBe('no-store');
    expect(limited?.json).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'Too many token requests from this address; retry in 6 seconds.',
    });
  });

  it('lets the address in again once Retry-After has passed', async () => {
    const broker = limitedBroker({ rateLimits: { perAddress: { limit: 2, windowSeconds: 60 } } });
    await broker.send(refresh());
    await broker.send(refresh());
    const refused = await broker.send(refresh());

    broker.advance(Number(refused.headers.get('retry-after')) * 1000);
    const again = await broker.send(refresh());

    expect(refused.status).toBe(429);
    expect(again.status).toBe(400);
    expect(upstream.requests).toHaveLength(3);
  });

  it('limits each address on its own', async () => {
    const broker = limitedBroker({ rateLimits: { perAddress: { limit: 1, windowSeconds: 60 } } });
    await broker.send(refresh(), '198.51.100.7');

    expect((await broker.send(refresh(), '198.51.100.7')).status).toBe(429);
    expect((await broker.send(refresh(), '198.51.100.8')).status).toBe(400);
  });

  it('ignores X-Forwarded-For, which any client can write, unless told of a trusted proxy', async () => {
    const broker = limitedBroker({ rateLimits: { perAddress: { limit: 1, windowSeconds: 60 } } });
    await broker.send(refresh(), '198.51.100.7', { 'X-Forwarded-For': '203.0.113.1' });

    const spoofed = await broker.send(refresh(), '198.51.100.7', { 'X-Forwarded-For': '203.0.113.2' });

    expect(spoofed.status).toBe(429);
  });

  it('behind one trusted proxy, limits by the address the proxy appended, not those the client wrote', async () => {
    const broker = limitedBroker({
      trustedProxyHops: 1,
      rateLimits: { perAddress: { limit: 1, windowSeconds: 60 } },
    });
    const proxy = '10.0.0.2';
    await broker.send(refresh(), proxy, { 'X-Forwarded-For': '192.0.2.1, 203.0.113.5' });

    const sameClient = await broker.send(refresh(), proxy, { 'X-Forwarded-For': '192.0.2.99, 203.0.113.5' });
    const otherClient = await broker.send(refresh(), proxy, { 'X-Forwarded-For': '203.0.113.6' });

    expect(sameClient.status).toBe(429);
    expect(otherClient.status).toBe(400);
  });

  it('counts an IPv6 client by its /64', async () => {
    const broker = limitedBroker({ rateLimits: { perAddress: { limit: 1, windowSeconds: 60 } } });
    await broker.send(refresh(), '2001:db8:1:2::a');

    expect((await broker.send(refresh(), '2001:db8:1:2:ffff::b')).status).toBe(429);
    expect((await broker.send(refresh(), '2001:db8:1:3::a')).status).toBe(400);
  });

  it('refuses the 6th use of one refresh token a minute from any address, never logging or echoing it', async () => {
    const broker = limitedBroker();
    const token = 'refresh-tried-everywhere-4f1c2a';

    const answers: Exchange[] = [];
    for (let i = 1; i <= 6; i++) {
      answers.push(await broker.send({ grant_type: 'refresh_token', refresh_token: token }, `192.0.2.${i}`));
    }
    const other = await broker.send(refresh(), '192.0.2.7');

    expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400]);
    expect(answers[5]?.status).toBe(429);
    expect(answers[5]?.headers.get('retry-after')).toBe('12');
    expect(answers[5]?.json.error_description).toBe(
      'Too many token requests with this authorization code or refresh token; retry in 12 seconds.',
    );
    expect(other.status).toBe(400);
    expect(upstream.requests.filter((request) => request.form.refresh_token === token)).toHaveLength(5);
    for (const answer of answers) expect(answer.text).not.toContain(token);
    expect(consoleOutput.join('\n')).not.toContain(token);
  });

  it('limits the exchanges of one authorization code the same way', async () => {
    const broker = limitedBroker({ rateLimits: { perGrant: { limit: 2, windowSeconds: 60 } } });
    const code = upstream.issueCode();
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: FAKE_REDIRECT_URI };

    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) statuses.push((await broker.send(exchange, `192.0.2.${i}`)).status);

    expect(statuses).toEqual([200, 400, 429]);
    expect(upstream.requests).toHaveLength(2);
  });

  it('counts Firefox installations by address and by grant, not by their random origins', async () => {
    const broker = limitedBroker({
      allowedOrigins: ['moz-extension://*'],
      redirectUris: [FIREFOX_REDIRECT_URI],
      rateLimits: { perAddress: { limit: 3, windowSeconds: 60 }, perGrant: { limit: 2, windowSeconds: 60 } },
    });
    const installation = () => ({ Origin: `moz-extension://${crypto.randomUUID()}` });
    const code = () => ({
      grant_type: 'authorization_code',
      code: upstream.issueCode(FIREFOX_REDIRECT_URI),
      redirect_uri: FIREFOX_REDIRECT_URI,
    });
    const token = 'refresh-from-many-installations-9c2d';
    const reuse = { grant_type: 'refresh_token', refresh_token: token };

    const fromOneAddress: number[] = [];
    for (let i = 0; i < 4; i++)
      fromOneAddress.push((await broker.send(code(), '203.0.113.9', installation())).status);
    const oneGrant: number[] = [];
    for (let i = 1; i <= 3; i++)
      oneGrant.push((await broker.send(reuse, `192.0.2.${i}`, installation())).status);

    expect(fromOneAddress).toEqual([200, 200, 200, 429]);
    expect(oneGrant).toEqual([400, 400, 429]);
    expect(upstream.requests).toHaveLength(5);
  });

  it('counts neither preflights nor requests from refused origins', async () => {
    const broker = limitedBroker({ rateLimits: { perAddress: { limit: 1, windowSeconds: 60 } } });
    const env = { incoming: { socket: { remoteAddress: '198.51.100.7' } } };
    for (let i = 0; i < 3; i++) {
      await broker.app.fetch(
        new Request('https://broker.example/token', {
          method: 'OPTIONS',
          headers: { Origin: EXTENSION_ORIGIN },
        }),
        env,
      );
      await broker.send(refresh(), '198.51.100.7', { Origin: OTHER_ORIGIN });
    }

    expect((await broker.send(refresh())).status).toBe(400);
  });

  it('forgets the longest-idle address beyond its cap, so memory stays bounded', async () => {
    const broker = limitedBroker({
      rateLimits: { perAddress: { limit: 1, windowSeconds: 60 }, maxKeys: 2 },
    });
    await broker.send(refresh(), '192.0.2.1');
    expect((await broker.send(refresh(), '192.0.2.1')).status).toBe(429);

    await broker.send(refresh(), '192.0.2.2');
    await broker.send(refresh(), '192.0.2.3');

    expect((await broker.send(refresh(), '192.0.2.1')).status).toBe(400);
  });
});

describe('the refresh', () => {
  it('rotates the refresh token: the new one works and the old one is dead', async () => {
    const first = upstream.issueRefreshToken();

    const refreshed = await postToken(broker, { grant_type: 'refresh_token', refresh_token: first });
    const second = refreshed.json.refresh_token;
    const reused = await postToken(broker, { grant_type: 'refresh_token', refresh_token: first });
    const next = await postToken(broker, { grant_type: 'refresh_token', refresh_token: second });

    expect(refreshed.status).toBe(200);
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(next.status).toBe(200);
    expect(upstream.requests.map((request) => request.form.refresh_token)).toEqual([first, first, second]);
    expect(upstream.requests[0]?.form).toMatchObject({ grant_type: 'refresh_token', user_type: 'Location' });
  });

  it('keeps invalid_grant recognisable when HighLevel answers in its NestJS error shape', async () => {
    upstream.override = () => ({
      status: 400,
      body: JSON.stringify({ statusCode: 400, message: 'Invalid refresh token', error: 'Bad Request' }),
    });

    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
  });

  it('maps a 422 with a list of messages to invalid_request with the upstream status', async () => {
    upstream.override = () => ({
      status: 422,
      body: JSON.stringify({
        statusCode: 422,
        message: ['user_type must be a valid enum value', 'x'],
        error: 'Unprocessable Entity',
      }),
    });

    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      error: 'invalid_request',
      error_description: 'user_type must be a valid enum value; x',
    });
  });

  it('reports rejected client credentials as invalid_client with the upstream 401', async () => {
    const wrongSecretBroker = await startBroker(upstream.url, { clientSecret: 'another-secret-value' });
    try {
      const answer = await postToken(wrongSecretBroker, {
        grant_type: 'refresh_token',
        refresh_token: 'refresh-x',
      });
      expect(answer.status).toBe(401);
      expect(answer.json.error).toBe('invalid_client');
    } finally {
      await wrongSecretBroker.close();
    }
  });

  it('passes a rate limit on with its Retry-After', async () => {
    upstream.override = () => ({
      status: 429,
      body: JSON.stringify({ statusCode: 429, message: 'Too many requests' }),
      headers: { 'Retry-After': '7' },
    });

    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.json.error).toBe('temporarily_unavailable');
  });
});

describe('the origin check', () => {
  it('refuses another origin with 403 and never calls HighLevel', async () => {
    const answer = await postToken(
      broker,
      { grant_type: 'refresh_token', refresh_token: 'refresh-x' },
      OTHER_ORIGIN,
    );

    expect(answer.status).toBe(403);
    expect(answer.json.error).toBe('origin_not_allowed');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a request without an Origin with 403 and never calls HighLevel', async () => {
    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-x' }, null);

    expect(answer.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('matches origins exactly, not by prefix', async () => {
    const answer = await postToken(
      broker,
      { grant_type: 'refresh_token', refresh_token: 'refresh-x' },
      `${EXTENSION_ORIGIN}x`,
    );

    expect(answer.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers a preflight from an allowed origin with CORS headers and no upstream call', async () => {
    const response = await fetch(`${broker.url}/token`, {
      method: 'OPTIONS',
      headers: {
        Origin: FIREFOX_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FIREFOX_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a preflight from another origin with 403', async () => {
    const response = await fetch(`${broker.url}/token`, {
      method: 'OPTIONS',
      headers: { Origin: OTHER_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('with moz-extension://* for Firefox, whose origins are random per installation', () => {
    let firefoxBroker: RunningBroker;
    beforeAll(async () => {
      firefoxBroker = await startBroker(upstream.url, {
        allowedOrigins: [EXTENSION_ORIGIN, 'moz-extension://*'],
      });
    });
    afterAll(() => firefoxBroker.close());

    it('admits any Firefox installation, which exchanges a code for its registered redirect URI', async () => {
      const installation = `moz-extension://${crypto.randomUUID()}`;
      const preflight = await fetch(`${firefoxBroker.url}/token`, {
        method: 'OPTIONS',
        headers: { Origin: installation, 'Access-Control-Request-Method': 'POST' },
      });

      const answer = await postToken(
        firefoxBroker,
        {
          grant_type: 'authorization_code',
          code: upstream.issueCode(FIREFOX_REDIRECT_URI),
          redirect_uri: FIREFOX_REDIRECT_URI,
        },
        installation,
      );

      expect(answer.status).toBe(200);
      expect(answer.json).toHaveProperty('access_token');
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(installation);
      expect(upstream.requests).toHaveLength(1);
      expect(answer.headers.get('access-control-allow-origin')).toBe(installation);
    });

    it('still refuses a foreign redirect URI from a Firefox origin', async () => {
      const answer = await postToken(
        firefoxBroker,
        {
          grant_type: 'authorization_code',
          code: upstream.issueCode(),
          redirect_uri: 'https://evil.example/cb',
        },
        `moz-extension://${crypto.randomUUID()}`,
      );

      expect(answer.status).toBe(400);
      expect(upstream.requests).toHaveLength(0);
    });

    it.each([
      ['a web page', OTHER_ORIGIN],
      ['a moz-extension origin that is no installation UUID', 'moz-extension://evil.example'],
      ['the pattern itself', 'moz-extension://*'],
      ['an upper-case UUID', 'moz-extension://4B0C7E1A-2F3D-4E5F-8A9B-0C1D2E3F4A5B'],
      ['another Chrome extension', 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba'],
    ])('refuses %s', async (_case, origin) => {
      const answer = await postToken(
        firefoxBroker,
        { grant_type: 'refresh_token', refresh_token: 'refresh-x' },
        origin,
      );

      expect(answer.status).toBe(403);
      expect(upstream.requests).toHaveLength(0);
    });
  });

  it('lets an allowed origin read the answer, errors included', async () => {
    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-unknown' });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
  });
});

describe('the request validation', () => {
  it('rejects an unknown field with 400, naming it, and never calls HighLevel', async () => {
    const answer = await postToken(broker, {
      grant_type: 'refresh_token',
      refresh_token: 'refresh-x',
      client_secret: 'attacker-chosen',
    });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
    expect(answer.json.error_description).toContain('"client_secret" is not allowed');
    expect(answer.text).not.toContain('attacker-chosen');
    expect(upstream.requests).toHaveLength(0);
  });

  it.each(['client_credentials', 'password', 'implicit'])(
    'rejects the %s grant as unsupported_grant_type without calling HighLevel',
    async (grantType) => {
      const answer = await postToken(broker, { grant_type: grantType, refresh_token: 'refresh-x' });

      expect(answer.status).toBe(400);
      expect(answer.json.error).toBe('unsupported_grant_type');
      expect(upstream.requests).toHaveLength(0);
    },
  );

  it.each([
    ['a missing grant_type', { refresh_token: 'refresh-x' }, '"grant_type" is required'],
    [
      'a missing code',
      { grant_type: 'authorization_code', redirect_uri: FAKE_REDIRECT_URI },
      '"code" is required',
    ],
    [
      'a missing redirect_uri',
      { grant_type: 'authorization_code', code: 'c-1' },
      '"redirect_uri" is required',
    ],
    [
      'a redirect_uri that is no http(s) URL',
      { grant_type: 'authorization_code', code: 'c-1', redirect_uri: 'javascript:alert(1)' },
      '"redirect_uri" is malformed',
    ],
    [
      'an empty refresh_token',
      { grant_type: 'refresh_token', refresh_token: '' },
      '"refresh_token" is malformed',
    ],
    [
      'a numeric refresh_token',
      { grant_type: 'refresh_token', refresh_token: 42 },
      '"refresh_token" is malformed',
    ],
    [
      'a short code_verifier',
      {
        grant_type: 'authorization_code',
        code: 'c-1',
        redirect_uri: FAKE_REDIRECT_URI,
        code_verifier: 'short',
      },
      '"code_verifier" is malformed',
    ],
    [
      'a code field on a refresh',
      { grant_type: 'refresh_token', refresh_token: 'refresh-x', code: 'c-1' },
      '"code" is not allowed',
    ],
    ['an array body', [{ grant_type: 'refresh_token' }], 'must be a JSON object'],
  ])('rejects %s with 400 invalid_request and no upstream call', async (_case, body, description) => {
    const answer = await postToken(broker, body);

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
    expect(answer.json.error_description).toContain(description);
    expect(upstream.requests).toHaveLength(0);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const answer = await call(broker, '/token', { rawBody: '{"grant_type":' });

    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(0);
  });

  it('rejects a form-encoded body with 415', async () => {
    const answer = await call(broker, '/token', {
      rawBody: 'grant_type=refresh_token&refresh_token=refresh-x',
      contentType: 'application/x-www-form-urlencoded',
    });

    expect(answer.status).toBe(415);
    expect(upstream.requests).toHaveLength(0);
  });

  it('rejects a body over the size limit with 413 and no upstream call', async () => {
    const answer = await postToken(broker, {
      grant_type: 'refresh_token',
      refresh_token: 'r'.repeat(MAX_REQUEST_BYTES),
    });

    expect(answer.status).toBe(413);
    expect(answer.json.error).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(0);
  });

  it('rejects other methods on /token with 405', async () => {
    const answer = await call(broker, '/token', { method: 'GET' });

    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toContain('POST');
  });
});

describe('an unhealthy upstream', () => {
  it('answers 502 with a clear message when HighLevel cannot be reached', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await startBroker(`http://127.0.0.1:${port}/oauth/token`);
    try {
      const answer = await postToken(orphan, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

      expect(answer.status).toBe(502);
      expect(answer.json).toEqual({
        error: 'upstream_unreachable',
        error_description: "HighLevel's token endpoint could not be reached.",
      });
    } finally {
      await orphan.close();
    }
  });

  it('gives up on a slow upstream after the timeout with 504', async () => {
    const impatient = await startBroker(upstream.url, { upstreamTimeoutMs: 150 });
    upstream.override = () => ({ status: 200, body: '{}', delayMs: 3000 });
    try {
      const started = performance.now();
      const answer = await postToken(impatient, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

      expect(answer.status).toBe(504);
      expect(answer.json.error).toBe('upstream_timeout');
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      await impatient.close();
    }
  });

  it('answers 502 when HighLevel answers success without an access token', async () => {
    upstream.override = () => ({ status: 200, body: '<html>maintenance</html>' });

    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

    expect(answer.status).toBe(502);
    expect(answer.json.error).toBe('upstream_invalid_response');
  });

  it('does not follow an upstream redirect, which would carry the secret elsewhere', async () => {
    upstream.override = () => ({
      status: 307,
      body: '',
      headers: { Location: 'https://elsewhere.example/t' },
    });

    const answer = await postToken(broker, { grant_type: 'refresh_token', refresh_token: 'refresh-x' });

    expect(answer.status).toBe(502);
    expect(answer.json.error).toBe('upstream_invalid_response');
    expect(upstream.requests).toHaveLength(1);
  });

  it('redacts the secret and the submitted token when HighLevel echoes them in an error', async () => {
    upstream.override = (form) => ({
      status: 400,
      body: JSON.stringify({
        error: 'invalid_grant',
        error_description: `bad pair ${form.get('client_secret')} / ${form.get('refresh_token')}`,
      }),
    });

    const answer = await postToken(broker, {
      grant_type: 'refresh_token',
      refresh_token: 'refresh-echoed-1',
    });

    expect(answer.status).toBe(400);
    expect(answer.json.error_description).toBe('bad pair [redacted] / [redacted]');
  });
});

describe('secrecy and logging', () => {
  it('never shows the client secret or any token in a response header, body, or log line', async () => {
    const code = upstream.issueCode();
    const bodies = [
      { grant_type: 'authorization_code', code, redirect_uri: FAKE_REDIRECT_URI },
      { grant_type: 'refresh_token', refresh_token: upstream.issueRefreshToken() },
      { grant_type: 'refresh_token', refresh_token: 'refresh-dead' },
      { grant_type: 'refresh_token', refresh_token: 'refresh-x', client_secret: FAKE_CLIENT_SECRET },
      { grant_type: 'client_credentials', client_secret: FAKE_CLIENT_SECRET },
    ];
    const answers: Exchange[] = [];
    for (const body of bodies) answers.push(await postToken(broker, body));
    answers.push(await postToken(broker, bodies[1], OTHER_ORIGIN));
    answers.push(await call(broker, '/health', { method: 'GET' }));
    answers.push(await call(broker, '/nowhere', { method: 'GET' }));

    expect(answers[0]?.status).toBe(200);
    for (const answer of answers) {
      expect(answer.text).not.toContain(FAKE_CLIENT_SECRET);
      for (const [name, value] of answer.headers)
        expect(`${name}: ${value}`).not.toContain(FAKE_CLIENT_SECRET);
    }
    expect(consoleOutput).toHaveLength(answers.length);
    const logged = consoleOutput.join('\n');
    expect(logged).not.toContain(FAKE_CLIENT_SECRET);
    for (const token of upstream.issuedTokens) expect(logged).not.toContain(token);
  });

  it('logs one JSON line per request with only method, path, status, duration and origin', async () => {
    await call(broker, '/token?code=leaked-code-in-query', { body: { grant_type: 'password' } });

    expect(consoleOutput).toHaveLength(1);
    const entry = JSON.parse(consoleOutput[0] ?? '');
    expect(Object.keys(entry).sort()).toEqual(['method', 'ms', 'origin', 'path', 'status']);
    expect(entry).toMatchObject({ method: 'POST', path: '/token', status: 400, origin: EXTENSION_ORIGIN });
    expect(consoleOutput[0]).not.toContain('leaked-code-in-query');
  });

  it('marks every answer, success or error, as not to be stored', async () => {
    const success = await postToken(broker, {
      grant_type: 'refresh_token',
      refresh_token: upstream.issueRefreshToken(),
    });
    const refused = await postToken(
      broker,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      OTHER_ORIGIN,
    );
    const invalid = await postToken(broker, { grant_type: 'nope' });

    for (const answer of [success, refused, invalid]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(success.status).toBe(200);
  });
});

describe('the health check', () => {
  it('answers ok without an Origin, for monitors', async () => {
    const answer = await call(broker, '/health', { method: 'GET', origin: null });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed origin read it, to test the connection from the extension', async () => {
    const answer = await call(broker, '/health', { method: 'GET' });

    expect(answer.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
  });
});

describe('the configuration', () => {
  const valid: BrokerConfig = {
    clientId: 'id',
    clientSecret: 'secret-value',
    allowedOrigins: [EXTENSION_ORIGIN],
    redirectUris: [FAKE_REDIRECT_URI],
  };

  it.each([
    ['a wildcard origin', { allowedOrigins: ['*'] }, /allowedOrigins/],
    ['an origin with a wildcard host', { allowedOrigins: ['chrome-extension://*'] }, /allowedOrigins/],
    ['an origin with a path', { allowedOrigins: [`${EXTENSION_ORIGIN}/`] }, /allowedOrigins/],
    ['no origins', { allowedOrigins: [] }, /allowedOrigins/],
    ['no redirect URIs', { redirectUris: [] }, /redirectUris/],
    ['a plain-http redirect URI', { redirectUris: ['http://abc.chromiumapp.org/oauth'] }, /redirectUris/],
    ['a relative redirect URI', { redirectUris: ['/oauth'] }, /redirectUris/],
    ['a redirect URI with a fragment', { redirectUris: [`${FAKE_REDIRECT_URI}#x`] }, /redirectUris/],
    ['an empty secret', { clientSecret: ' ' }, /clientSecret/],
    [
      'a plain-http token URL off this machine',
      { tokenUrl: 'http://tokens.example/oauth/token' },
      /tokenUrl/,
    ],
    ['an unbounded timeout', { upstreamTimeoutMs: 0 }, /upstreamTimeoutMs/],
    [
      'a rate limit of nothing',
      { rateLimits: { perAddress: { limit: 0, windowSeconds: 60 } } },
      /rateLimits\.perAddress/,
    ],
    ['a fractional proxy count', { trustedProxyHops: 1.5 }, /trustedProxyHops/],
  ])('refuses %s', (_case, override, message) => {
    expect(() => createBroker({ ...valid, ...override })).toThrow(message);
  });

  it('names no secret in a configuration error', () => {
    expect(() => createBroker({ ...valid, allowedOrigins: ['*'] })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-value') }),
    );
  });

  it('accepts plain http to a loopback token URL, for local tests', () => {
    expect(() => createBroker({ ...valid, tokenUrl: 'http://127.0.0.1:9/oauth/token' })).not.toThrow();
  });
});

afterEach(() => {
  upstream.override = null;
});
