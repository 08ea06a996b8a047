/**
 * HighLevel's limits per location: a burst of 100 requests per 10 seconds and 200,000 per day.
 *
 * The burst window is SLIDING (any 10 s span holds at most 100 accepted requests). HighLevel calls its window a
 * burst window without saying whether it is fixed; a sliding window is never more lenient than a fixed one, so a
 * client that stays under it here stays under it there. The daily count resets at midnight UTC. Rejected (429)
 * requests do not count.
 */

export const BURST_MAX = 100;
export const BURST_INTERVAL_MS = 10_000;
export const DAILY_MAX = 200_000;

export interface RateDecision {
  allowed: boolean;
  /** Which limit refused the request. */
  exceeded: 'burst' | 'daily' | null;
  headers: Record<string, string>;
  /** Seconds until a request would be accepted again (for the optional Retry-After). */
  retryAfterSeconds: number;
}

interface LocationCounters {
  /** Accept times within the current window, oldest first. */
  accepted: number[];
  day: string;
  dailyUsed: number;
}

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export class RateLimiter {
  private readonly counters = new Map<string, LocationCounters>();
  private readonly clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
  }

  /** Counts the request if allowed, and answers the headers to send either way. */
  take(locationId: string): RateDecision {
    const now = this.clock();
    const counters = this.countersFor(locationId, now);
    let exceeded: RateDecision['exceeded'] = null;
    if (counters.dailyUsed >= DAILY_MAX) exceeded = 'daily';
    else if (counters.accepted.length >= BURST_MAX) exceeded = 'burst';
    if (!exceeded) {
      counters.accepted.push(now);
      counters.dailyUsed++;
    }
    let retryAfterSeconds = 0;
    if (exceeded === 'daily') {
      retryAfterSeconds = Math.ceil((Date.parse(`${counters.day}T00:00:00.000Z`) + 86_400_000 - now) / 1000);
    } else if (exceeded === 'burst') {
      retryAfterSeconds = Math.max(
        1,
        Math.ceil(((counters.accepted[0] ?? now) + BURST_INTERVAL_MS - now) / 1000),
      );
    }
    return {
      allowed: exceeded === null,
      exceeded,
      retryAfterSeconds,
      headers: {
        'X-RateLimit-Max': String(BURST_MAX),
        'X-RateLimit-Remaining': String(Math.max(0, BURST_MAX - counters.accepted.length)),
        'X-RateLimit-Interval-Milliseconds': String(BURST_INTERVAL_MS),
        'X-RateLimit-Limit-Daily': String(DAILY_MAX),
        'X-RateLimit-Daily-Remaining': String(Math.max(0, DAILY_MAX - counters.dailyUsed)),
      },
    };
  }

  /** Sets how many requests the location has left today (tests of daily exhaustion). */
  setDailyRemaining(locationId: string, remaining: number): void {
    const counters = this.countersFor(locationId, this.clock());
    counters.dailyUsed = Math.min(DAILY_MAX, Math.max(0, DAILY_MAX - Math.floor(remaining)));
  }

  reset(): void {
    this.counters.clear();
  }

  private countersFor(locationId: string, now: number): LocationCounters {
    let counters = this.counters.get(locationId);
    const day = utcDay(now);
    if (!counters) {
      counters = { accepted: [], day, dailyUsed: 0 };
      this.counters.set(locationId, counters);
    }
    if (counters.day !== day) {
      counters.day = day;
      counters.dailyUsed = 0;
    }
    const cutoff = now - BURST_INTERVAL_MS;
    let expired = 0;
    while (expired < counters.accepted.length && (counters.accepted[expired] ?? 0) <= cutoff) expired++;
    if (expired) counters.accepted.splice(0, expired);
    return counters;
  }
}
