import { describe, expect, it } from 'vitest';
import { BURST_MAX, DAILY_MAX, RateLimiter } from './ratelimit.ts';

function limiterAt(start: number) {
  const clock = { now: start };
  return { clock, limiter: new RateLimiter(() => clock.now) };
}

describe('RateLimiter', () => {
  it('accepts 100 requests in a window and refuses the 101st', () => {
    const { limiter } = limiterAt(Date.UTC(2030, 0, 1, 12));
    for (let i = 0; i < BURST_MAX; i++) expect(limiter.take('loc').allowed).toBe(true);
    const refused = limiter.take('loc');
    expect(refused).toMatchObject({ allowed: false, exceeded: 'burst' });
    expect(refused.headers['X-RateLimit-Remaining']).toBe('0');
  });

  it('slides: capacity returns as the oldest requests leave the 10 second window', () => {
    const { clock, limiter } = limiterAt(Date.UTC(2030, 0, 1, 12));
    for (let i = 0; i < 50; i++) limiter.take('loc');
    clock.now += 6000;
    for (let i = 0; i < 50; i++) limiter.take('loc');
    expect(limiter.take('loc').allowed).toBe(false);
    clock.now += 4000;
    const after = limiter.take('loc');
    expect(after.allowed).toBe(true);
    expect(after.headers['X-RateLimit-Remaining']).toBe('49');
  });

  it('tells how long until a request would be accepted', () => {
    const { clock, limiter } = limiterAt(Date.UTC(2030, 0, 1, 12));
    for (let i = 0; i < BURST_MAX; i++) limiter.take('loc');
    clock.now += 2500;
    expect(limiter.take('loc').retryAfterSeconds).toBe(8);
  });

  it('keeps locations apart', () => {
    const { limiter } = limiterAt(Date.UTC(2030, 0, 1, 12));
    for (let i = 0; i < BURST_MAX; i++) limiter.take('a');
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('counts the day until midnight UTC, then starts over', () => {
    const { clock, limiter } = limiterAt(Date.UTC(2030, 0, 1, 23, 59));
    limiter.setDailyRemaining('loc', 1);
    expect(limiter.take('loc').headers['X-RateLimit-Daily-Remaining']).toBe('0');
    const refused = limiter.take('loc');
    expect(refused.exceeded).toBe('daily');
    expect(refused.retryAfterSeconds).toBe(60);
    clock.now = Date.UTC(2030, 0, 2, 0, 0, 30);
    expect(limiter.take('loc').headers['X-RateLimit-Daily-Remaining']).toBe(String(DAILY_MAX - 1));
  });
});
