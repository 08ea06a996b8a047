import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAKE_CLIENT_SECRET,
  FAKE_ORIGIN,
  type FakeTokenServer,
  fakeBrokerEnv,
  startFakeTokenServer,
} from '../test/support/fake-token-server.ts';
import { type BrokerOutput, type RunningBroker, startNodeBroker } from './node-server.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function recordingOutput(): BrokerOutput & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn: (message) => lines.push(message) };
}

function baseEnv(tokenUrl: string): Record<string, string> {
  return fakeBrokerEnv(tokenUrl, { BROKER_PORT: '0' });
}

async function refresh(broker: RunningBroker, refreshToken: string): Promise<Response> {
  return fetch(`${broker.url}/token`, {
    method: 'POST',
    headers: { Origin: FAKE_ORIGIN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started<T extends { close(): Promise<void> }>(resource: Promise<T>): Promise<T> {
  const value = await resource;
  cleanups.push(() => value.close());
  return value;
}

describe('startNodeBroker', () => {
  it('listens on 127.0.0.1 by default and says where, without the secret', async () => {
    const upstream = await started(startFakeTokenServer());
    const output = recordingOutput();

    const broker = await started(startNodeBroker(baseEnv(upstream.url), output));
    const health = await fetch(`${broker.url}/health`);

    expect(broker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await health.json()).toEqual({ ok: true });
    expect(output.lines.join('\n')).toContain(`listening on ${broker.url}`);
    expect(output.lines.join('\n')).not.toContain(FAKE_CLIENT_SECRET);
  });

  it('refuses to start without credentials, origins or redirect URIs, naming every missing variable', async () => {
    await expect(startNodeBroker({ BROKER_PORT: '0' }, recordingOutput())).rejects.toThrow(
      'HL_CLIENT_ID, HL_CLIENT_SECRET, BROKER_ALLOWED_ORIGINS, BROKER_REDIRECT_URIS are not set.',
    );
  });

  it('names the variable of an invalid setting', async () => {
    const env = { ...baseEnv('http://tokens.example/oauth/token') };

    await expect(startNodeBroker(env, recordingOutput())).rejects.toThrow(/^HL_TOKEN_URL must use https/);
    await expect(
      startNodeBroker({ ...env, HL_TOKEN_URL: 'https://127.0.0.1:9/oauth/token', BROKER_PORT: '70000' }),
    ).rejects.toThrow(/BROKER_PORT/);
  });

  it('rate-limits by the socket address, with Retry-After, from BROKER_RATE_LIMIT_PER_ADDRESS', async () => {
    const upstream = await started(startFakeTokenServer());
    const env = { ...baseEnv(upstream.url), BROKER_RATE_LIMIT_PER_ADDRESS: '2' };
    const broker = await started(startNodeBroker(env, recordingOutput()));

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await refresh(broker, upstream.issueRefreshToken())).status);
    const limited = await refresh(broker, upstream.issueRefreshToken());

    expect(statuses).toEqual([200, 200, 429]);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(upstream.requests).toHaveLength(2);
  });

  it('reads X-Forwarded-For only with BROKER_TRUSTED_PROXY_HOPS', async () => {
    const upstream = await started(startFakeTokenServer());
    const limited = { ...baseEnv(upstream.url), BROKER_RATE_LIMIT_PER_ADDRESS: '1' };
    const direct = await started(startNodeBroker(limited, recordingOutput()));
    const proxied = await started(
      startNodeBroker({ ...limited, BROKER_TRUSTED_PROXY_HOPS: '1' }, recordingOutput()),
    );
    const send = (broker: RunningBroker, client: string) =>
      fetch(`${broker.url}/token`, {
        method: 'POST',
        headers: { Origin: FAKE_ORIGIN, 'Content-Type': 'application/json', 'X-Forwarded-For': client },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: upstream.issueRefreshToken() }),
      });

    const direct1 = await send(direct, '203.0.113.1');
    const direct2 = await send(direct, '203.0.113.2');
    const proxied1 = await send(proxied, '203.0.113.1');
    const proxied2 = await send(proxied, '203.0.113.2');

    expect([direct1.status, direct2.status]).toEqual([200, 429]);
    expect([proxied1.status, proxied2.status]).toEqual([200, 200]);
  });

  it('refuses BROKER_INSECURE_TLS for a token URL off this machine', async () => {
    const env = { ...baseEnv('https://services.leadconnectorhq.com/oauth/token'), BROKER_INSECURE_TLS: '1' };

    await expect(startNodeBroker(env, recordingOutput())).rejects.toThrow(/BROKER_INSECURE_TLS/);
  });

  describe('against a sandbox with a self-signed certificate', () => {
    async function tlsUpstream(): Promise<FakeTokenServer> {
      const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
        keyType: 'ec',
        algorithm: 'sha256',
      });
      return started(startFakeTokenServer({ key: pems.private, cert: pems.cert }));
    }

    it('rejects the certificate by default', async () => {
      const upstream = await tlsUpstream();
      const broker = await started(startNodeBroker(baseEnv(upstream.url), recordingOutput()));

      const answer = await refresh(broker, upstream.issueRefreshToken());

      expect(answer.status).toBe(502);
      expect(upstream.requests).toHaveLength(0);
    });

    it('accepts it with BROKER_INSECURE_TLS=1 and warns that certificates go unchecked', async () => {
      const upstream = await tlsUpstream();
      const output = recordingOutput();
      const env = { ...baseEnv(upstream.url), BROKER_INSECURE_TLS: '1' };
      const broker = await started(startNodeBroker(env, output));

      const answer = await refresh(broker, upstream.issueRefreshToken());
      const tokens = await answer.json();

      expect(answer.status).toBe(200);
      expect(tokens.access_token).toMatch(/^access-/);
      expect(upstream.requests[0]?.form.client_secret).toBe(FAKE_CLIENT_SECRET);
      expect(output.lines.join('\n')).toMatch(/WARNING: BROKER_INSECURE_TLS=1/);
    });

    it('still answers invalid_grant through the insecure transport', async () => {
      const upstream = await tlsUpstream();
      const env = { ...baseEnv(upstream.url), BROKER_INSECURE_TLS: '1' };
      const broker = await started(startNodeBroker(env, recordingOutput()));

      const answer = await refresh(broker, 'refresh-never-issued');

      expect(answer.status).toBe(400);
      expect((await answer.json()).error).toBe('invalid_grant');
    });
  });
});

describe('a broker configured for Firefox, as its README says', () => {
  /** What Firefox's identity.getRedirectURL('oauth') answers: the same for every installation of the add-on. */
  const FIREFOX_REDIRECT_URI =
    'https://d2454b568d26e3472b71993ae9bf9c056050b9eb.extensions.allizom.org/oauth';
  /** A Firefox installation: its origin is random, chosen when the add-on is installed. */
  const installation = () => `moz-extension://${crypto.randomUUID()}`;
  const firefoxEnv = (tokenUrl: string, extra: Record<string, string> = {}) => ({
    ...baseEnv(tokenUrl),
    BROKER_ALLOWED_ORIGINS: 'moz-extension://*',
    BROKER_REDIRECT_URIS: FIREFOX_REDIRECT_URI,
    ...extra,
  });
  const exchange = (
    broker: RunningBroker,
    origin: string,
    code: string,
    redirectUri = FIREFOX_REDIRECT_URI,
  ) =>
    fetch(`${broker.url}/token`, {
      method: 'POST',
      headers: { Origin: origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    });

  it('exchanges the code of any installation, whose origin it has never seen, for the add-on’s redirect URI', async () => {
    const upstream = await started(startFakeTokenServer());
    const broker = await started(startNodeBroker(firefoxEnv(upstream.url), recordingOutput()));
    const origin = installation();

    const preflight = await fetch(`${broker.url}/token`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    const answer = await exchange(broker, origin, upstream.issueCode(FIREFOX_REDIRECT_URI));

    expect(preflight.status).toBe(204);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(await answer.json()).toHaveProperty('access_token');
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.form.redirect_uri).toBe(FIREFOX_REDIRECT_URI);
  });

  it.each([
    ['a foreign site', 'https://attacker.example/oauth'],
    [
      'another add-on’s Firefox redirect URI',
      'https://0000000000000000000000000000000000000000.extensions.allizom.org/oauth',
    ],
    ['the add-on’s, with a trailing slash', `${FIREFOX_REDIRECT_URI}/`],
  ])('refuses a code for %s with 400, without calling HighLevel', async (_case, redirectUri) => {
    const upstream = await started(startFakeTokenServer());
    const broker = await started(startNodeBroker(firefoxEnv(upstream.url), recordingOutput()));
    const code = upstream.issueCode();

    const answer = await exchange(broker, installation(), code, redirectUri);
    const text = await answer.text();

    expect(answer.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: 'invalid_request' });
    expect(text).not.toContain(code);
    expect(upstream.requests).toHaveLength(0);
  });

  it('rate-limits by address: a new random origin for each request escapes nothing', async () => {
    const upstream = await started(startFakeTokenServer());
    const env = firefoxEnv(upstream.url, { BROKER_RATE_LIMIT_PER_ADDRESS: '2' });
    const broker = await started(startNodeBroker(env, recordingOutput()));

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await exchange(broker, installation(), upstream.issueCode(FIREFOX_REDIRECT_URI))).status,
      );

    expect(statuses).toEqual([200, 200, 429]);
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('node broker/main.ts', () => {
  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    });
    return { child, output: () => ({ stdout, stderr }) };
  }

  it('exits with status 1 and names the missing variable, never printing the secret', async () => {
    const { child, output } = run({ HL_CLIENT_ID: 'id', HL_CLIENT_SECRET: FAKE_CLIENT_SECRET });

    const [code] = await once(child, 'exit');

    expect(code).toBe(1);
    expect(output().stderr).toContain('BROKER_ALLOWED_ORIGINS, BROKER_REDIRECT_URIS are not set');
    expect(`${output().stdout}${output().stderr}`).not.toContain(FAKE_CLIENT_SECRET);
  });

  it('serves until SIGTERM, then exits cleanly', async () => {
    const upstream = await started(startFakeTokenServer());
    const { child, output } = run(baseEnv(upstream.url));
    while (!/listening on (\S+) /.test(output().stdout)) {
      if (child.exitCode !== null) throw new Error(`broker exited: ${output().stderr}`);
      await once(child.stdout, 'data');
    }
    const url = /listening on (\S+) /.exec(output().stdout)?.[1];

    const health = await fetch(`${url}/health`);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');

    expect(health.status).toBe(200);
    expect(code).toBe(0);
  });
});
