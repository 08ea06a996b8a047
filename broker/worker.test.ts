import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FAKE_CLIENT_ID,
  FAKE_ORIGIN,
  FAKE_REDIRECT_URI,
  type FakeTokenServer,
  fakeBrokerEnv,
  startFakeTokenServer,
} from '../test/support/fake-token-server.ts';
import worker from './worker.ts';

let upstream: FakeTokenServer;
beforeAll(async () => {
  upstream = await startFakeTokenServer();
});
afterAll(() => upstream.close());

let errors: string[];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args.map(String).join(' '));
  });
});

function refreshRequest(refreshToken: string, headers: Record<string, string> = {}): Request {
  return new Request('https://broker.example/token', {
    method: 'POST',
    headers: { Origin: FAKE_ORIGIN, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
}

describe('the Workers entry', () => {
  it('serves token requests with the configuration from the env binding', async () => {
    const env = fakeBrokerEnv(upstream.url);

    const response = await worker.fetch(refreshRequest(upstream.issueRefreshToken()), env);

    expect(response.status).toBe(200);
    expect((await response.json()).access_token).toMatch(/^access-/);
  });

  it('rate-limits each CF-Connecting-IP address on its own, across requests to the same isolate', async () => {
    const env = fakeBrokerEnv(upstream.url, { BROKER_RATE_LIMIT_PER_ADDRESS: '1' });
    const from = (address: string) =>
      refreshRequest(upstream.issueRefreshToken(), { 'CF-Connecting-IP': address });

    const first = await worker.fetch(from('203.0.113.1'), env);
    const again = await worker.fetch(from('203.0.113.1'), env);
    const other = await worker.fetch(from('203.0.113.2'), env);

    expect(first.status).toBe(200);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('60');
    expect(other.status).toBe(200);
  });

  it('answers 500 without details when the binding lacks the secret, and logs which variable', async () => {
    const env = {
      HL_CLIENT_ID: FAKE_CLIENT_ID,
      BROKER_ALLOWED_ORIGINS: FAKE_ORIGIN,
      BROKER_REDIRECT_URIS: FAKE_REDIRECT_URI,
    };

    const response = await worker.fetch(refreshRequest('refresh-x'), env);

    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: 'server_error',
      error_description: 'The token broker is not configured.',
    });
    expect(errors.join('\n')).toContain('HL_CLIENT_SECRET is not set');
  });
});
