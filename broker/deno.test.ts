/** The Deno entry, run under Node with a stand-in for the `Deno` global: what `deno serve` would call. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FAKE_ORIGIN,
  type FakeTokenServer,
  fakeBrokerEnv,
  startFakeTokenServer,
} from '../test/support/fake-token-server.ts';

let upstream: FakeTokenServer;
beforeAll(async () => {
  upstream = await startFakeTokenServer();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await upstream.close();
});

describe('the Deno entry', () => {
  it('rate-limits by info.remoteAddr, the peer Deno hands to fetch', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const env = fakeBrokerEnv(upstream.url, { BROKER_RATE_LIMIT_PER_ADDRESS: '1' });
    vi.stubGlobal('Deno', { env: { toObject: () => env } });
    const entry = (await import('./deno.ts')).default;
    const send = (hostname: string) =>
      entry.fetch(
        new Request('https://broker.example/token', {
          method: 'POST',
          headers: { Origin: FAKE_ORIGIN, 'Content-Type': 'application/json' },
          body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: upstream.issueRefreshToken() }),
        }),
        { remoteAddr: { hostname, port: 50_000, transport: 'tcp' } },
      );

    const first = await send('203.0.113.1');
    const again = await send('203.0.113.1');
    const other = await send('203.0.113.2');

    expect([first.status, again.status, other.status]).toEqual([200, 429, 200]);
  });
});
