/** Contracts the client is built on: injected credentials, per-call options, and what cached reads return. */
import type { ApiError } from './errors.ts';
import type { Priority } from './limiter.ts';

export interface TokenProvider {
  /** A valid access token for this location (refresh ahead of expiry is the provider's job). */
  accessToken(locationId: string): Promise<string>;
  /** After a 401 "invalid token": single-flight renew; resolves the new token or rejects with ApiError auth.expired. */
  renew(locationId: string, rejected: string): Promise<string>;
}

export interface CallOptions {
  /** Who is waiting: the open sidebar ('interactive', default), an automation ('background'), or a guess ('prefetch'). */
  priority?: Priority;
  signal?: AbortSignal;
  /**
   * false: one attempt only; failures come back as they are (rate.limited carries retryAt). For the outbox,
   * which owns write retries. A 401 is still renewed and replayed once: the server did not process it.
   */
  retry?: boolean;
}

export interface SectionResult<T> {
  data: T;
  /** When HighLevel said this (epoch ms). */
  fetchedAt: number;
  /** Served from cache past its fresh period. */
  stale: boolean;
}

/** One section of a bundle: its data, or why it failed (with the last cached copy, if any). */
export type SectionOutcome<T> =
  | ({ ok: true } & SectionResult<T>)
  | { ok: false; error: ApiError; cached?: SectionResult<T> };

/** One attempt that reached the network, reported for diagnostics and the benchmark. No token, no body. */
export interface AttemptReport {
  method: string;
  endpoint: string;
  locationId: string;
  /** HTTP status, or 0 when no answer came (network error, timeout). */
  status: number;
  durationMs: number;
  /** 0 for the first attempt of an operation. */
  attempt: number;
  traceId?: string;
}
