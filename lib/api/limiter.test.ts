import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors.ts';
import { type Priority, RateLimiter, readRateHeaders } from './limiter.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

const LOC = 'loc';

/** Acquires `count` slots at `priority`, records when each was granted, and answers each after `latencyMs`. */
function burst(limiter: RateLimiter, count: number, priority: Priority = 'interactive', latencyMs = 0) {
  const granted: number[] = [];
  const all = Array.from({ length: count }, () =>
    limiter.acquire(LOC, priority).then((release) => {
      granted.push(Date.now());
      setTimeout(release, latencyMs);
    }),
  );
  return { granted, done: Promise.all(all) };
}

/** Takes a slot and answers at once. */
const take = (limiter: RateLimiter, priority: Priority | { value: Priority }, then: () => void) =>
  limiter.acquire(LOC, priority).then((release) => {
    then();
    release();
  });

/** The most grants that fell in any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('RateLimiter', () => {
  it('never lets more than 100 requests into any 10-second window, and keeps the pipe full', async () => {
    const limiter = new RateLimiter();
    const start = Date.now();
    const { granted, done } = burst(limiter, 300, 'interactive', 200);
    await vi.runAllTimersAsync();
    await done;
    expect(granted).toHaveLength(300);
    expect(busiestWindow(granted, 10_000)).toBeLessThanOrEqual(100);
    // Two full windows, each plus a round trip and the guard: no idle time beyond that.
    expect(Math.max(...granted) - start).toBe(2 * (10_000 + 200 + 100));
  });

  it('counts a request until its answer arrives, however late that is', async () => {
    const limiter = new RateLimiter({ maxPerInterval: 2, intervalMs: 1_000, guardMs: 0 });
    const first = await limiter.acquire(LOC, 'interactive');
    const second = await limiter.acquire(LOC, 'interactive');
    let third = 0;
    const waiting = take(limiter, 'interactive', () => {
      third = Date.now();
    });
    // Long past the interval, but both requests are still on their way: the server may not have counted them yet.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(third).toBe(0);
    const answeredAt = Date.now();
    first();
    second();
    await vi.advanceTimersByTimeAsync(999);
    expect(third).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(third).toBe(answeredAt + 1_000);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new RateLimiter({ maxPerInterval: 2, intervalMs: 1_000, guardMs: 0 });
    const release = await limiter.acquire(LOC, 'interactive');
    release();
    release();
    expect(limiter.state(LOC).remaining).toBe(1);
  });

  it('serves interactive requests before queued background and prefetch ones', async () => {
    const limiter = new RateLimiter({
      maxPerInterval: 2,
      intervalMs: 1_000,
      guardMs: 0,
      headroom: { background: 0, prefetch: 0 },
    });
    const order: string[] = [];
    const named = (name: string, priority: Priority) => take(limiter, priority, () => order.push(name));
    const pending = [
      named('b1', 'background'),
      named('b2', 'background'),
      named('p1', 'prefetch'),
      named('b3', 'background'),
      named('i1', 'interactive'),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(pending);
    expect(order).toEqual(['b1', 'b2', 'i1', 'b3', 'p1']);
  });

  it('keeps headroom: background and prefetch leave part of the window to the sidebar', async () => {
    const limiter = new RateLimiter();
    const background = burst(limiter, 200, 'background');
    await vi.advanceTimersByTimeAsync(0);
    expect(background.granted).toHaveLength(90);
    const interactive = burst(limiter, 10, 'interactive');
    await vi.advanceTimersByTimeAsync(0);
    expect(interactive.granted).toHaveLength(10);
    expect(limiter.state(LOC).remaining).toBe(0);
    await vi.runAllTimersAsync();
    await background.done;
  });

  it('leaves prefetch less room than background', async () => {
    const limiter = new RateLimiter();
    const prefetch = burst(limiter, 100, 'prefetch');
    await vi.advanceTimersByTimeAsync(0);
    expect(prefetch.granted).toHaveLength(70);
    await vi.runAllTimersAsync();
    await prefetch.done;
  });

  it('lets a raised priority overtake the queue', async () => {
    const limiter = new RateLimiter({
      maxPerInterval: 1,
      intervalMs: 1_000,
      guardMs: 0,
      headroom: { background: 0, prefetch: 0 },
    });
    const order: string[] = [];
    await take(limiter, 'interactive', () => undefined);
    const ref = { value: 'prefetch' as Priority };
    const late = take(limiter, ref, () => order.push('raised'));
    const early = take(limiter, 'background', () => order.push('background'));
    ref.value = 'interactive';
    limiter.reconsider(LOC);
    await vi.runAllTimersAsync();
    await Promise.all([late, early]);
    expect(order).toEqual(['raised', 'background']);
  });

  it('slows down when the headers show traffic from others on the same location', async () => {
    const limiter = new RateLimiter();
    await take(limiter, 'interactive', () => undefined);
    // The server counted 60 requests; we sent 1: 59 are someone else's.
    limiter.observe(LOC, { max: 100, remaining: 40, intervalMs: 10_000 });
    expect(limiter.state(LOC).remaining).toBe(40);
    const { granted, done } = burst(limiter, 60);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(40);
    await vi.runAllTimersAsync();
    await done;
  });

  it('adopts a stricter limit from the headers but never a looser one', () => {
    const limiter = new RateLimiter();
    limiter.observe(LOC, { max: 50, intervalMs: 5_000 });
    expect(limiter.state(LOC)).toMatchObject({ limit: 50, intervalMs: 10_000 });
    limiter.observe(LOC, { max: 500, intervalMs: 20_000 });
    expect(limiter.state(LOC)).toMatchObject({ limit: 100, intervalMs: 20_000 });
  });

  it('holds every request of a paused location until the pause ends', async () => {
    const limiter = new RateLimiter();
    const until = Date.now() + 3_000;
    limiter.pause(LOC, until);
    expect(limiter.state(LOC)).toMatchObject({ paused: true, resetsAt: until });
    const { granted, done } = burst(limiter, 2);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(granted).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(granted).toEqual([until, until]);
  });

  it('fails fast while the daily quota is exhausted, then lets one probe through after the re-check delay', async () => {
    const limiter = new RateLimiter({ dailyRecheckMs: 60_000 });
    const waiting = limiter.acquire(LOC, 'background');
    limiter.observe(LOC, { dailyRemaining: 0, dailyLimit: 200_000 });
    await waiting; // granted before the exhaustion was known
    await expect(limiter.acquire(LOC, 'interactive')).rejects.toMatchObject({
      kind: 'rate.limited',
      daily: true,
    });
    expect(limiter.state(LOC)).toMatchObject({
      exhausted: true,
      dailyRemaining: 0,
      resetsAt: Date.now() + 60_000,
    });
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(limiter.acquire(LOC, 'interactive')).resolves.toBeTypeOf('function');
    await expect(limiter.acquire(LOC, 'interactive')).rejects.toBeInstanceOf(ApiError);
    limiter.observe(LOC, { dailyRemaining: 1_000 });
    expect(limiter.state(LOC).exhausted).toBe(false);
    await expect(limiter.acquire(LOC, 'interactive')).resolves.toBeTypeOf('function');
  });

  it('rejects the queued requests when the daily quota runs out under them', async () => {
    const limiter = new RateLimiter({ maxPerInterval: 1, intervalMs: 1_000, guardMs: 0 });
    await limiter.acquire(LOC, 'interactive');
    const queued = limiter.acquire(LOC, 'interactive');
    limiter.exhaustDaily(LOC);
    await expect(queued).rejects.toMatchObject({ kind: 'rate.limited', daily: true });
  });

  it('tells subscribers when the daily quota runs out and comes back', () => {
    const limiter = new RateLimiter();
    const seen: boolean[] = [];
    limiter.subscribe((_location, state) => seen.push(state.exhausted));
    limiter.observe(LOC, { dailyRemaining: 0 });
    limiter.observe(LOC, { dailyRemaining: 10 });
    expect(seen).toEqual([true, false]);
  });

  it('forgets a waiter whose caller aborted', async () => {
    const limiter = new RateLimiter({ maxPerInterval: 1, intervalMs: 1_000, guardMs: 0 });
    await limiter.acquire(LOC, 'interactive');
    const controller = new AbortController();
    const leaving = limiter.acquire(LOC, 'interactive', controller.signal);
    controller.abort(new Error('left'));
    await expect(leaving).rejects.toThrow('left');
    expect(limiter.state(LOC).queued).toBe(0);
  });

  it('keeps locations independent', async () => {
    const limiter = new RateLimiter({ maxPerInterval: 1, intervalMs: 1_000, guardMs: 0 });
    await limiter.acquire('a', 'interactive');
    await expect(limiter.acquire('b', 'interactive')).resolves.toBeTypeOf('function');
  });
});

describe('readRateHeaders', () => {
  it('reads HighLevel’s five headers and ignores junk', () => {
    const headers = new Headers({
      'X-RateLimit-Max': '100',
      'X-RateLimit-Remaining': '97',
      'X-RateLimit-Interval-Milliseconds': '10000',
      'X-RateLimit-Limit-Daily': '200000',
      'X-RateLimit-Daily-Remaining': 'lots',
    });
    expect(readRateHeaders(headers)).toEqual({
      max: 100,
      remaining: 97,
      intervalMs: 10_000,
      dailyLimit: 200_000,
    });
  });
});
