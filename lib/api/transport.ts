/**
 * How one operation travels: every attempt waits for a slot of its location's rate limiter, carries a token
 * from the injected provider, and has its own timeout inside a total bound for the operation. Network errors,
 * timeouts, 408 and 5xx are retried with backoff only where repeating is harmless; a 429 pauses the location
 * and is replayed after the wait; a 401 "invalid token" renews once and replays once. Answers are validated.
 * Retries live here rather than in ky's own retry because each attempt must pass the limiter and the token
 * provider again; ky is the HTTP layer underneath (one instance, base URL, headers, JSON).
 */
import ky, { type KyInstance } from 'ky';
import * as v from 'valibot';
import { ApiError, type ApiErrorKind, errorFromAnswer, isScopeRejection, traceIdOf } from './errors.ts';
import { isHighLevelId } from './ids.ts';
import { type PriorityRef, type RateLimiter, readRateHeaders } from './limiter.ts';
import { backoffDelay, isRetriableStatus, type RetryPolicy, retryAfterMs, sleep } from './retry.ts';
import { issuePath } from './schemas.ts';
import { SingleFlight } from './single-flight.ts';
import type { AttemptReport, CallOptions, TokenProvider } from './types.ts';

export const HIGHLEVEL_BASE_URL = 'https://services.leadconnectorhq.com';
export const API_VERSION = '2021-07-28';

export const READ_SCOPE = 'contacts.readonly';
export const WRITE_SCOPE = 'contacts.write';

export interface Operation<TSchema extends v.GenericSchema> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `METHOD /template/:param`, for errors and reports. */
  endpoint: string;
  /** The path with ids filled in and encoded, relative to the base URL. */
  path: string;
  locationId: string;
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  schema: TSchema;
  scope: typeof READ_SCOPE | typeof WRITE_SCOPE;
  /** Safe to send again after a failure that may have reached the server (no side effects). */
  repeatable: boolean;
  /** Identical concurrent calls share one request. */
  shared: boolean;
}

export interface TransportOptions {
  tokens: TokenProvider;
  limiter: RateLimiter;
  fetch?: typeof globalThis.fetch | undefined;
  baseUrl?: string | undefined;
  now: () => number;
  random: () => number;
  attemptTimeoutMs: number;
  totalTimeoutMs: number;
  retry: RetryPolicy;
  onAttempt?: ((report: AttemptReport) => void) | undefined;
  /**
   * Whether the browser lets the extension reach HighLevel (its host permission), asked before every attempt:
   * without it an operation fails at once with `permission.missing` instead of a network error.
   */
  permitted?: (() => boolean | Promise<boolean>) | undefined;
}

export type Transport = <TSchema extends v.GenericSchema>(
  op: Operation<TSchema>,
  call?: CallOptions,
) => Promise<v.InferOutput<TSchema>>;

class AttemptTimeout extends Error {
  constructor() {
    super('attempt timed out');
    this.name = 'AttemptTimeout';
  }
}

const PROVIDER_KINDS = new Set<ApiErrorKind>(['auth.expired', 'not.connected', 'network.offline']);

/** The value, checked non-empty: an empty id would silently address another endpoint. */
export function present(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ApiError({ kind: 'validation', messages: [`${name} is required`], message: `Missing ${name}` });
  }
  return value;
}

/**
 * The value, checked to be a HighLevel id (lib/api/ids.ts): an id ends up in a path, where `..` or `/` would
 * address another endpoint. The message names the field, never the value.
 */
export function highLevelId(value: string, name: string): string {
  present(value, name);
  if (!isHighLevelId(value)) {
    throw new ApiError({
      kind: 'validation',
      messages: [`${name} is not a HighLevel id`],
      message: `Malformed ${name}`,
    });
  }
  return value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function stringQuery(query: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = String(value);
  return out;
}

/** Token provider failures arrive as ApiErrors, or as errors carrying one of our kinds (lib/auth). */
function providerError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && PROVIDER_KINDS.has(kind as ApiErrorKind)) {
    return new ApiError(
      { kind: kind as ApiErrorKind, message: 'The token provider refused' },
      { cause: error },
    );
  }
  return new ApiError({ kind: 'auth.expired', message: 'The token provider failed' }, { cause: error });
}

export function createTransport(options: TransportOptions): Transport {
  const { now, random, limiter, attemptTimeoutMs, totalTimeoutMs } = options;
  const retryPolicy = options.retry;
  const flights = new SingleFlight();
  const api: KyInstance = ky.create({
    prefix: options.baseUrl ?? HIGHLEVEL_BASE_URL,
    headers: { Version: API_VERSION, Accept: 'application/json' },
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function token(locationId: string): Promise<string> {
    try {
      return await options.tokens.accessToken(locationId);
    } catch (error) {
      throw providerError(error);
    }
  }

  async function renewed(locationId: string, rejected: string): Promise<string> {
    try {
      return await options.tokens.renew(locationId, rejected);
    } catch (error) {
      throw providerError(error);
    }
  }

  type Sent =
    | { ok: true; response: Response; text: string; durationMs: number }
    | { ok: false; error: ApiError; durationMs: number };

  /** One attempt: the request and its whole answer within attemptTimeoutMs (and what is left of the total). */
  async function send<TSchema extends v.GenericSchema>(
    op: Operation<TSchema>,
    accessToken: string,
    budgetMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Sent> {
    const started = now();
    const timer = new AbortController();
    const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, budgetMs));
    const handle = setTimeout(() => timer.abort(new AttemptTimeout()), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      const response = await api(op.path, {
        method: op.method,
        ...(op.query ? { searchParams: op.query } : {}),
        ...(op.body ? { json: op.body } : {}),
        headers: { Authorization: `Bearer ${accessToken}` },
        signal: combined,
      });
      const text = await response.text();
      return { ok: true, response, text, durationMs: now() - started };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const durationMs = now() - started;
      if (timer.signal.aborted) {
        return {
          ok: false,
          durationMs,
          error: new ApiError({
            kind: 'timeout',
            endpoint: op.endpoint,
            message: `${op.endpoint} timed out after ${timeoutMs} ms`,
          }),
        };
      }
      return {
        ok: false,
        durationMs,
        error: new ApiError(
          {
            kind: 'network.offline',
            endpoint: op.endpoint,
            message: `${op.endpoint} could not reach HighLevel`,
          },
          { cause: error },
        ),
      };
    } finally {
      clearTimeout(handle);
    }
  }

  async function execute<TSchema extends v.GenericSchema>(
    op: Operation<TSchema>,
    priority: PriorityRef,
    signal: AbortSignal | undefined,
    retry: boolean,
  ): Promise<v.InferOutput<TSchema>> {
    let accessToken: string | undefined;
    let renewedOnce = false;
    let retries = 0;
    let deadline: number | undefined;
    const secrets: string[] = [];
    for (let attempt = 0; ; attempt++) {
      if (options.permitted && !(await options.permitted())) {
        throw new ApiError({
          kind: 'permission.missing',
          endpoint: op.endpoint,
          message: `${op.endpoint} was not sent: the browser withholds the host permission for HighLevel`,
        });
      }
      const release = await limiter.acquire(op.locationId, priority, signal);
      let sent: Sent;
      try {
        // The total bound starts at the first send: time queued behind the rate limit is the limiter's business.
        deadline ??= now() + totalTimeoutMs;
        accessToken ??= await token(op.locationId);
        secrets.push(accessToken);
        sent = await send(op, accessToken, deadline - now(), signal);
      } finally {
        release();
      }

      if (!sent.ok) {
        options.onAttempt?.({
          method: op.method,
          endpoint: op.endpoint,
          locationId: op.locationId,
          status: 0,
          durationMs: sent.durationMs,
          attempt,
        });
        if (retry && op.repeatable && retries < retryPolicy.maxRetries) {
          const delay = backoffDelay(retries + 1, retryPolicy, random);
          if (now() + delay < deadline) {
            retries++;
            await sleep(delay, signal);
            continue;
          }
        }
        throw sent.error;
      }

      const { response } = sent;
      const parsed = parseJson(sent.text);
      const body = parsed.ok ? parsed.value : undefined;
      const traceId =
        response.headers.get('x-trace-id') ?? response.headers.get('traceid') ?? traceIdOf(body);
      const rate = readRateHeaders(response.headers);
      limiter.observe(op.locationId, rate);
      options.onAttempt?.({
        method: op.method,
        endpoint: op.endpoint,
        locationId: op.locationId,
        status: response.status,
        durationMs: sent.durationMs,
        attempt,
        ...(traceId ? { traceId } : {}),
      });
      const facts = { endpoint: op.endpoint, status: response.status, ...(traceId ? { traceId } : {}) };
      const failure = (rate429?: { daily: boolean; retryAt: number }) =>
        errorFromAnswer({
          status: response.status,
          body,
          endpoint: op.endpoint,
          requiredScope: op.scope,
          secrets,
          ...(traceId ? { traceId } : {}),
          ...(rate429 ? { rate: rate429 } : {}),
        });

      if (response.ok) {
        if (!parsed.ok) {
          throw new ApiError({
            ...facts,
            kind: 'response.invalid',
            path: '$',
            message: `${op.endpoint} answered non-JSON`,
          });
        }
        const result = v.safeParse(op.schema, body);
        if (!result.success) {
          const path = issuePath(result.issues);
          throw new ApiError({
            ...facts,
            kind: 'response.invalid',
            path,
            message: `${op.endpoint} answered an unexpected shape at ${path}: ${result.issues[0]?.message ?? ''}`,
          });
        }
        return result.output;
      }

      const status = response.status;
      if (status === 401 && !renewedOnce && !isScopeRejection(status, body)) {
        // The server did not process a request it refused: renewing and replaying once is safe for any method.
        renewedOnce = true;
        accessToken = await renewed(op.locationId, accessToken);
        continue;
      }

      if (status === 429) {
        if (rate.dailyRemaining === 0) {
          limiter.exhaustDaily(op.locationId);
          const retryAt = limiter.dailyRetryAt(op.locationId);
          throw failure({ daily: true, retryAt: retryAt ?? now() });
        }
        const waitMs =
          retryAfterMs(response.headers, now()) ?? rate.intervalMs ?? limiter.state(op.locationId).intervalMs;
        const retryAt = now() + waitMs;
        limiter.pause(op.locationId, retryAt);
        // A 429 was refused before processing, so even a POST may go again once the pause is over.
        if (retry && retries < retryPolicy.maxRetries && retryAt < deadline) {
          retries++;
          continue;
        }
        throw failure({ daily: false, retryAt });
      }

      if (retry && op.repeatable && isRetriableStatus(status) && retries < retryPolicy.maxRetries) {
        const hinted = retryAfterMs(response.headers, now()) ?? 0;
        const delay = Math.max(hinted, backoffDelay(retries + 1, retryPolicy, random));
        if (now() + delay < deadline) {
          retries++;
          await sleep(delay, signal);
          continue;
        }
      }
      throw failure();
    }
  }

  return function request<TSchema extends v.GenericSchema>(
    op: Operation<TSchema>,
    call: CallOptions = {},
  ): Promise<v.InferOutput<TSchema>> {
    highLevelId(op.locationId, 'locationId');
    const priority = call.priority ?? 'interactive';
    const retry = call.retry ?? true;
    if (!op.shared) return execute(op, { value: priority }, call.signal, retry);
    const query = op.query ? new URLSearchParams(stringQuery(op.query)).toString() : '';
    const key = `${op.locationId} ${op.method} ${op.path}?${query} ${op.body ? JSON.stringify(op.body) : ''}`;
    return flights.run(key, (flight) => execute(op, flight.priority, flight.signal, retry), {
      priority,
      signal: call.signal,
      onRaise: () => limiter.reconsider(op.locationId),
    });
  };
}
