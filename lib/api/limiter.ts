/**
 * Client-side rate limiting per location. HighLevel allows 100 requests per 10 seconds per app and location
 * (every agent running the extension on that location shares it) and 200,000 a day. We keep a sliding log of
 * our own requests in which a request counts from the moment it leaves until one interval after its answer
 * came back: the server counted it somewhere in between, so however late a request reaches HighLevel (a slow
 * TLS handshake, a congested link) a burst never exceeds the server's window. We read the X-RateLimit headers
 * to notice traffic from others and to adopt a stricter limit, and serve waiting requests by priority, keeping
 * headroom free for the interactive sidebar. A 429 pauses the whole location.
 */
import { ApiError } from './errors.ts';

export type Priority = 'interactive' | 'background' | 'prefetch';

/** A priority that can be raised while the request waits (a sidebar joining a prefetch already queued). */
export interface PriorityRef {
  value: Priority;
}

const RANK: Record<Priority, number> = { interactive: 0, background: 1, prefetch: 2 };

export function higherPriority(a: Priority, b: Priority): Priority {
  return RANK[a] <= RANK[b] ? a : b;
}

export interface RateLimits {
  /** Requests per interval the client allows itself; HighLevel's burst limit is 100. */
  maxPerInterval: number;
  intervalMs: number;
  /** Extra width of the sliding window, for timer and clock granularity. */
  guardMs: number;
  /** Share of the window that lower priorities leave free for higher ones. */
  headroom: { background: number; prefetch: number };
  /** After the daily quota ran out, how long before a single probe request may test whether it reset. */
  dailyRecheckMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  maxPerInterval: 100,
  intervalMs: 10_000,
  guardMs: 100,
  headroom: { background: 0.1, prefetch: 0.3 },
  dailyRecheckMs: 15 * 60_000,
};

/** What the UI may show about a location's quota. */
export interface RateState {
  /** Requests per interval in force (the stricter of ours and the server's). */
  limit: number;
  intervalMs: number;
  /** Requests an interactive caller could send right now. */
  remaining: number;
  /** Requests waiting for a slot. */
  queued: number;
  dailyLimit: number | null;
  dailyRemaining: number | null;
  /** When capacity comes back: the next free slot, the end of a 429 pause, or the daily re-check. */
  resetsAt: number | null;
  /** The daily quota is exhausted: requests fail at once with rate.limited (daily). */
  exhausted: boolean;
  /** A 429 paused this location until resetsAt. */
  paused: boolean;
}

/** The rate headers of one answer. */
export interface RateHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
  dailyLimit?: number;
  dailyRemaining?: number;
}

export function readRateHeaders(headers: Headers): RateHeaders {
  const num = (name: string): number | undefined => {
    const raw = headers.get(name);
    if (raw === null || raw.trim() === '') return undefined;
    const value = Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const out: RateHeaders = {};
  const fields: [keyof RateHeaders, string][] = [
    ['max', 'x-ratelimit-max'],
    ['remaining', 'x-ratelimit-remaining'],
    ['intervalMs', 'x-ratelimit-interval-milliseconds'],
    ['dailyLimit', 'x-ratelimit-limit-daily'],
    ['dailyRemaining', 'x-ratelimit-daily-remaining'],
  ];
  for (const [key, name] of fields) {
    const value = num(name);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

interface Waiter {
  priority: PriorityRef;
  seq: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  cleanup: () => void;
}

/** Given to the request that got a slot: call it when its answer arrived (or it failed), exactly once. */
export type Release = () => void;

interface Bucket {
  /** When our answered requests came back, ascending. */
  sent: number[];
  /** Requests on their way: they count as current until answered. */
  inFlight: number;
  max: number;
  intervalMs: number;
  /** Slots others used in the server's current window, as last inferred; valid until externalUntil. */
  external: number;
  externalUntil: number;
  pausedUntil: number;
  dailyLimit: number | null;
  dailyRemaining: number | null;
  /** While the daily quota is exhausted: when the next probe may go. */
  dailyProbeAt: number | null;
  queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
  timerAt: number;
}

export type RateListener = (locationId: string, state: RateState) => void;

export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #listeners = new Set<RateListener>();
  #seq = 0;

  constructor(limits: Partial<RateLimits> = {}, now: () => number = Date.now) {
    this.#limits = { ...DEFAULT_RATE_LIMITS, ...limits };
    this.#now = now;
  }

  /**
   * Resolves when a request for this location may be sent, and counts it from then on; the request calls the
   * returned release when its answer arrives. Rejects at once with rate.limited (daily) while the daily quota
   * is exhausted, or with the signal's reason when aborted.
   */
  acquire(locationId: string, priority: PriorityRef | Priority, signal?: AbortSignal): Promise<Release> {
    const bucket = this.#bucket(locationId);
    const now = this.#now();
    if (bucket.dailyProbeAt !== null) {
      if (now < bucket.dailyProbeAt) return Promise.reject(this.#dailyError(bucket));
      // One request probes whether the quota has reset; the next probe waits another interval.
      bucket.dailyProbeAt = now + this.#limits.dailyRecheckMs;
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    const ref = typeof priority === 'string' ? { value: priority } : priority;
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        priority: ref,
        seq: this.#seq++,
        resolve: () => resolve(this.#release(locationId, bucket)),
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = () => {
        const index = bucket.queue.indexOf(waiter);
        if (index >= 0) bucket.queue.splice(index, 1);
        reject(signal?.reason);
        this.#pump(locationId, bucket);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      bucket.queue.push(waiter);
      this.#pump(locationId, bucket);
    });
  }

  /** Re-evaluates the queue, e.g. after a waiter's priority was raised. */
  reconsider(locationId: string): void {
    const bucket = this.#buckets.get(locationId);
    if (bucket) this.#pump(locationId, bucket);
  }

  /** Learns from an answer's rate headers. */
  observe(locationId: string, rate: RateHeaders): void {
    const bucket = this.#bucket(locationId);
    const now = this.#now();
    const wasExhausted = bucket.dailyProbeAt !== null;
    if (rate.max !== undefined && rate.max > 0) bucket.max = Math.min(this.#limits.maxPerInterval, rate.max);
    if (rate.intervalMs !== undefined && rate.intervalMs > 0) {
      bucket.intervalMs = Math.max(this.#limits.intervalMs, rate.intervalMs);
    }
    if (rate.remaining !== undefined) {
      // What the server counted beyond our own sends is someone else's traffic on this location. Our count
      // includes requests still on their way, so this errs towards assuming less foreign traffic, never more.
      this.#prune(bucket, now);
      const serverUsed = (rate.max ?? bucket.max) - rate.remaining;
      const external = Math.max(0, serverUsed - bucket.sent.length - bucket.inFlight);
      bucket.external = external;
      bucket.externalUntil = external > 0 ? now + bucket.intervalMs : 0;
    }
    if (rate.dailyLimit !== undefined) bucket.dailyLimit = rate.dailyLimit;
    if (rate.dailyRemaining !== undefined) {
      bucket.dailyRemaining = rate.dailyRemaining;
      if (rate.dailyRemaining === 0) this.#exhaust(bucket, now);
      else bucket.dailyProbeAt = null;
    }
    if (wasExhausted !== (bucket.dailyProbeAt !== null)) this.#emit(locationId);
    this.#pump(locationId, bucket);
  }

  /** After a 429: nothing leaves for this location before `until`. */
  pause(locationId: string, until: number): void {
    const bucket = this.#bucket(locationId);
    if (until <= bucket.pausedUntil) return;
    bucket.pausedUntil = until;
    this.#emit(locationId);
    this.#pump(locationId, bucket);
  }

  /** Marks the daily quota exhausted (a 429 with X-RateLimit-Daily-Remaining: 0). */
  exhaustDaily(locationId: string): void {
    const bucket = this.#bucket(locationId);
    this.#exhaust(bucket, this.#now());
    this.#emit(locationId);
  }

  /** When a daily-limited request may be tried again. */
  dailyRetryAt(locationId: string): number | undefined {
    return this.#buckets.get(locationId)?.dailyProbeAt ?? undefined;
  }

  state(locationId: string): RateState {
    const bucket = this.#bucket(locationId);
    const now = this.#now();
    this.#prune(bucket, now);
    const capacity = this.#capacity(bucket, 'interactive', now);
    const remaining = Math.max(0, capacity - bucket.sent.length - bucket.inFlight);
    const exhausted = bucket.dailyProbeAt !== null;
    const paused = bucket.pausedUntil > now;
    let resetsAt: number | null = null;
    if (exhausted) resetsAt = bucket.dailyProbeAt;
    else if (paused) resetsAt = bucket.pausedUntil;
    else if (remaining === 0) resetsAt = this.#freeAt(bucket, capacity, now);
    return {
      limit: bucket.max,
      intervalMs: bucket.intervalMs,
      remaining,
      queued: bucket.queue.length,
      dailyLimit: bucket.dailyLimit,
      dailyRemaining: bucket.dailyRemaining,
      resetsAt,
      exhausted,
      paused,
    };
  }

  /** Called on quota transitions (daily exhaustion and recovery, 429 pauses). */
  subscribe(listener: RateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #bucket(locationId: string): Bucket {
    let bucket = this.#buckets.get(locationId);
    if (!bucket) {
      bucket = {
        sent: [],
        inFlight: 0,
        max: this.#limits.maxPerInterval,
        intervalMs: this.#limits.intervalMs,
        external: 0,
        externalUntil: 0,
        pausedUntil: 0,
        dailyLimit: null,
        dailyRemaining: null,
        dailyProbeAt: null,
        queue: [],
        timer: undefined,
        timerAt: 0,
      };
      this.#buckets.set(locationId, bucket);
    }
    return bucket;
  }

  #window(bucket: Bucket): number {
    return bucket.intervalMs + this.#limits.guardMs;
  }

  #prune(bucket: Bucket, now: number): void {
    const horizon = now - this.#window(bucket);
    let drop = 0;
    while (drop < bucket.sent.length && (bucket.sent[drop] as number) <= horizon) drop++;
    if (drop > 0) bucket.sent.splice(0, drop);
  }

  #capacity(bucket: Bucket, priority: Priority, now: number): number {
    const external = now < bucket.externalUntil ? bucket.external : 0;
    const share = priority === 'interactive' ? 0 : this.#limits.headroom[priority];
    const own = priority === 'interactive' ? bucket.max : Math.max(1, Math.floor(bucket.max * (1 - share)));
    return own - external;
  }

  /**
   * When fewer than `capacity` requests will count, if not already; null when that waits for answers still on
   * their way (their release will look again).
   */
  #freeAt(bucket: Bucket, capacity: number, now: number): number | null {
    const excess = bucket.sent.length + bucket.inFlight - Math.max(0, capacity);
    if (excess < 0) return now;
    const oldest = bucket.sent[excess];
    let at = oldest === undefined ? Number.POSITIVE_INFINITY : oldest + this.#window(bucket);
    // Foreign traffic stops counting when its window ends.
    if (now < bucket.externalUntil && bucket.externalUntil < at) at = bucket.externalUntil;
    return Number.isFinite(at) ? Math.max(at, now + 1) : null;
  }

  #release(locationId: string, bucket: Bucket): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bucket.inFlight--;
      // Answers arrive in time order, so appending keeps the log sorted.
      bucket.sent.push(this.#now());
      this.#pump(locationId, bucket);
    };
  }

  #pump(locationId: string, bucket: Bucket): void {
    const now = this.#now();
    if (bucket.pausedUntil > now) {
      this.#wakeAt(locationId, bucket, bucket.pausedUntil);
      return;
    }
    this.#prune(bucket, now);
    while (bucket.queue.length > 0) {
      const next = this.#best(bucket);
      const capacity = this.#capacity(bucket, next.priority.value, now);
      if (bucket.sent.length + bucket.inFlight >= capacity) {
        // Capacities shrink with priority, so nobody behind the best waiter could go either.
        const at = this.#freeAt(bucket, capacity, now);
        if (at !== null) this.#wakeAt(locationId, bucket, at);
        return;
      }
      bucket.queue.splice(bucket.queue.indexOf(next), 1);
      bucket.inFlight++;
      next.cleanup();
      next.resolve();
    }
  }

  #best(bucket: Bucket): Waiter {
    let best = bucket.queue[0] as Waiter;
    for (const waiter of bucket.queue) {
      const rank = RANK[waiter.priority.value] - RANK[best.priority.value];
      if (rank < 0 || (rank === 0 && waiter.seq < best.seq)) best = waiter;
    }
    return best;
  }

  #wakeAt(locationId: string, bucket: Bucket, at: number): void {
    if (bucket.timer !== undefined && bucket.timerAt <= at) return;
    if (bucket.timer !== undefined) clearTimeout(bucket.timer);
    bucket.timerAt = at;
    bucket.timer = setTimeout(
      () => {
        bucket.timer = undefined;
        this.#pump(locationId, bucket);
      },
      Math.max(0, at - this.#now()),
    );
  }

  #exhaust(bucket: Bucket, now: number): void {
    bucket.dailyRemaining = 0;
    if (bucket.dailyProbeAt === null || bucket.dailyProbeAt < now) {
      bucket.dailyProbeAt = now + this.#limits.dailyRecheckMs;
    }
    const error = this.#dailyError(bucket);
    for (const waiter of bucket.queue.splice(0)) {
      waiter.cleanup();
      waiter.reject(error);
    }
  }

  #dailyError(bucket: Bucket): ApiError {
    return new ApiError({
      kind: 'rate.limited',
      daily: true,
      ...(bucket.dailyProbeAt !== null ? { retryAt: bucket.dailyProbeAt } : {}),
      message: "HighLevel's daily request quota for this location is exhausted",
    });
  }

  #emit(locationId: string): void {
    if (this.#listeners.size === 0) return;
    const state = this.state(locationId);
    for (const listener of this.#listeners) listener(locationId, state);
  }
}
