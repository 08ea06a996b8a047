import { describe, expect, it } from 'vitest';
import { grantKey, RateLimiter } from './rate-limit.ts';

function limiter(limit: number, windowSeconds: number, maxKeys = 100) {
  let clock = 0;
  const rate = new RateLimiter({ limit, windowSeconds }, maxKeys, () => clock);
  return { rate, advance: (ms: number) => (clock += ms) };
}

describe('RateLimiter', () => {
  it('allows `limit` at once, then one per window / limit, and says when', () => {
    const { rate, advance } = limiter(3, 60);

    expect([rate.hit('a'), rate.hit('a'), rate.hit('a')].every((d) => d.allowed)).toBe(true);
    expect(rate.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    advance(19_000);
    expect(rate.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1_000);
    expect(rate.hit('a').allowed).toBe(true);
    expect(rate.hit('a').allowed).toBe(false);
  });

  it('does not charge a refused request', () => {
    const { rate, advance } = limiter(1, 10);
    rate.hit('a');
    for (let i = 0; i < 50; i++) rate.hit('a');

    advance(10_000);

    expect(rate.hit('a').allowed).toBe(true);
  });

  it('keeps keys apart', () => {
    const { rate } = limiter(1, 60);
    rate.hit('a');

    expect(rate.hit('a').allowed).toBe(false);
    expect(rate.hit('b').allowed).toBe(true);
  });

  it('never tracks more than maxKeys, forgetting the longest idle first', () => {
    const { rate } = limiter(1, 60, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) rate.hit(key);

    expect(rate.size).toBe(3);
    expect(rate.hit('e').allowed).toBe(false);
    expect(rate.hit('a').allowed).toBe(true);
  });

  it('drops keys whose allowance is whole again as it goes', () => {
    const { rate, advance } = limiter(2, 60);
    rate.hit('a');
    rate.hit('b');
    advance(60_000);

    rate.hit('c');

    expect(rate.size).toBe(1);
  });
});

describe('grantKey', () => {
  it('is a SHA-256 digest: the token itself is not in it, and each kind of grant has its own', async () => {
    const token = 'refresh-abc-123';
    const key = await grantKey('refresh_token', token);

    expect(key).not.toContain(token);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await grantKey('refresh_token', token)).toBe(key);
    expect(await grantKey('authorization_code', token)).not.toBe(key);
  });
});
