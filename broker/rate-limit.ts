/**
 * In-memory rate limits for the token endpoint, kept by the broker itself so that it is never an unmetered way to
 * spend the OAuth app's standing with HighLevel, whatever platform it runs on. Each limiter is the generic cell
 * rate algorithm (GCRA): one number per key, `limit` requests at once, then one more every `window / limit`.
 *
 * Memory is bounded: at most `maxKeys` keys per limiter; keys whose allowance is whole again are dropped as they
 * are met, and beyond the cap the key admitted longest ago goes first. An evicted key starts afresh, so a flood of
 * new keys weakens the limit for old ones rather than growing memory; the platform's own limit (README.md) is the
 * outer line. State lives in one process or isolate: several instances each keep their own counts.
 */

export interface RateLimit {
  /** Requests allowed at once, and per window on average. */
  limit: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  /** Key → the time (ms) at which its allowance is whole again ("theoretical arrival time"), oldest first. */
  private readonly due = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(rule: RateLimit, maxKeys: number, now: () => number = Date.now) {
    this.intervalMs = (rule.windowSeconds * 1000) / rule.limit;
    this.toleranceMs = rule.windowSeconds * 1000 - this.intervalMs;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  /** Counts one request for `key` when it is allowed; a refused request costs nothing. */
  hit(key: string): RateDecision {
    const now = this.now();
    const stored = this.due.get(key);
    const due = stored === undefined || stored < now ? now : stored;
    const excessMs = due - now - this.toleranceMs;
    if (excessMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(excessMs / 1000)) };
    // Re-inserting keeps the map in order of last admission, which is what eviction walks.
    this.due.delete(key);
    this.due.set(key, due + this.intervalMs);
    this.evict(now);
    return { allowed: true };
  }

  /** How many keys are tracked. */
  get size(): number {
    return this.due.size;
  }

  private evict(now: number): void {
    for (const [key, due] of this.due) {
      if (this.due.size <= this.maxKeys && due > now) break;
      this.due.delete(key);
    }
  }
}

/**
 * The key under which a code or refresh token is counted: its SHA-256, so the limiter never holds a token that
 * could be replayed; the grant type keeps the two kinds apart.
 */
export async function grantKey(grantType: string, value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${grantType}\n${value}`));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
