/**
 * The token broker: an HTTP service that holds the HighLevel app's client secret and exchanges authorization
 * codes and refresh tokens for the extension, because HighLevel's token endpoint requires the secret and a secret
 * shipped inside an extension is public. It keeps no token; only rate-limit counts, in memory.
 *
 * Only Web APIs (Request, Response, fetch, URLSearchParams, AbortSignal) are used here so that the same app
 * runs on Node, Cloudflare Workers, Deno and other Fetch-API runtimes.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import { addressKey, type ClientAddressReader, clientAddress } from './client-address.ts';
import { grantKey, type RateLimit, RateLimiter } from './rate-limit.ts';

export const DEFAULT_TOKEN_URL = 'https://services.leadconnectorhq.com/oauth/token';
const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;
/** Codes, JWT refresh tokens and a redirect URI fit easily; anything larger is not a token request. */
export const MAX_REQUEST_BYTES = 16 * 1024;
const MAX_UPSTREAM_RESPONSE_BYTES = 64 * 1024;
const MAX_DESCRIPTION_CHARS = 300;
const MAX_REDIRECT_URI_CHARS = 2048;
/** Origin and path are client-chosen: bounded so one request cannot flood the log. */
const MAX_LOGGED_CHARS = 200;

export type UserType = 'Location' | 'Company';

export interface RateLimits {
  /** Token requests per client address (an IPv6 client by its /64). */
  perAddress: RateLimit;
  /** Exchanges of one authorization code or one refresh token. */
  perGrant: RateLimit;
  /** Addresses, and grants, tracked at most (each); the longest idle are forgotten first. */
  maxKeys: number;
}

/**
 * A legitimate extension makes one code exchange per sign-in and one refresh a day per location; codes and refresh
 * tokens are single use. These leave room for retries and for an office of agents behind one address.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddress: { limit: 10, windowSeconds: 60 },
  perGrant: { limit: 5, windowSeconds: 60 },
  maxKeys: 10_000,
};

export interface BrokerConfig {
  clientId: string;
  clientSecret: string;
  /** HighLevel's token endpoint unless set (e.g. to a local sandbox). */
  tokenUrl?: string;
  /**
   * Exact origins allowed to call `/token`, e.g. `chrome-extension://<id>`, `moz-extension://<uuid>`; the one
   * pattern, `moz-extension://*`, admits any Firefox extension origin (README.md, "Firefox").
   */
  allowedOrigins: string[];
  /**
   * The extension's redirect URIs (absolute https, as registered on the OAuth app): a code exchange naming any
   * other `redirect_uri`, compared as exact strings, is refused before HighLevel is called.
   */
  redirectUris: string[];
  fetch?: typeof fetch;
  /** Sent upstream as `user_type`; `Location` (a sub-account token) unless set. */
  userType?: UserType;
  /** Upper bound for one upstream exchange, response body included. */
  upstreamTimeoutMs?: number;
  /**
   * HighLevel's token endpoint declares no `code_verifier` and its validator rejects undeclared fields, so a
   * client's verifier is accepted but not forwarded unless this is set (for a PKCE-aware upstream).
   */
  forwardCodeVerifier?: boolean;
  /** Receives one entry per request; JSON lines on the console unless set. */
  log?: (entry: AccessLogEntry) => void;
  /** In-app rate limits on `POST /token`; each field defaults to DEFAULT_RATE_LIMITS. */
  rateLimits?: Partial<RateLimits>;
  /** Reads the client's address the runtime's way (see client-address.ts); without it all clients share one. */
  clientAddress?: ClientAddressReader;
  /**
   * Proxies of the operator's own in front of the broker, each appending to `X-Forwarded-For`; 0 (default) ignores
   * the header, which any client can write.
   */
  trustedProxyHops?: number;
  /** The rate limits' clock (ms); Date.now unless set. */
  now?: () => number;
}

/** Everything the broker ever logs: no body, no query string, no header other than Origin. */
export interface AccessLogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  origin: string | null;
}

/** The token response fields the extension needs; HighLevel's other fields are dropped. */
export interface BrokerTokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  userType?: string;
  locationId?: string;
  companyId?: string;
  userId?: string;
}

/** Every error the broker answers has this shape, the OAuth 2.0 error response (RFC 6749 §5.2). */
export interface BrokerErrorResponse {
  error: string;
  error_description: string;
}

/** A configuration the broker refuses; `field` names the setting, the message never holds a secret. */
export class BrokerConfigError extends Error {
  override name = 'BrokerConfigError';
  readonly field: string;
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field} ${detail}`);
    this.field = field;
    this.detail = detail;
  }
}

/** `scheme://host[:port]` and nothing else: what browsers put in the Origin header. */
const ORIGIN_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s*]+$/;
/**
 * Firefox gives each installation of an extension a random UUID origin, so no list can name them. Since an
 * Origin header authenticates nobody, the checks that matter are the registered redirect URI and the rate limits;
 * this pattern gives up only the exclusion of other Firefox extensions, while web pages stay refused.
 */
export const ANY_FIREFOX_EXTENSION = 'moz-extension://*';
const FIREFOX_EXTENSION_ORIGIN =
  /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function isWholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Extension redirect URIs are https (`https://<id>.chromiumapp.org/…`, `https://<hash>.extensions.allizom.org/…`). */
function isRegistrableRedirectUri(uri: string): boolean {
  if (uri.length > MAX_REDIRECT_URI_CHARS || /[\s#]/.test(uri) || !URL.canParse(uri)) return false;
  const url = new URL(uri);
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

/** Throws a BrokerConfigError for a configuration the broker must not run with. */
export function validateBrokerConfig(config: BrokerConfig): void {
  if (!config.clientId.trim()) throw new BrokerConfigError('clientId', 'is empty.');
  if (!config.clientSecret.trim()) throw new BrokerConfigError('clientSecret', 'is empty.');
  if (config.allowedOrigins.length === 0) {
    throw new BrokerConfigError('allowedOrigins', 'is empty: no extension could use the broker.');
  }
  for (const origin of config.allowedOrigins) {
    if (origin !== ANY_FIREFOX_EXTENSION && !ORIGIN_PATTERN.test(origin)) {
      throw new BrokerConfigError(
        'allowedOrigins',
        `holds ${JSON.stringify(origin)}, which is not an exact lower-case origin ` +
          `(scheme://host, no path, no wildcard but ${ANY_FIREFOX_EXTENSION}).`,
      );
    }
  }
  if (config.redirectUris.length === 0) {
    throw new BrokerConfigError('redirectUris', 'is empty: no code could be exchanged.');
  }
  for (const uri of config.redirectUris) {
    if (!isRegistrableRedirectUri(uri)) {
      throw new BrokerConfigError(
        'redirectUris',
        `holds ${JSON.stringify(uri.slice(0, MAX_LOGGED_CHARS))}, which is not an absolute https URL ` +
          '(no fragment, no spaces).',
      );
    }
  }
  const tokenUrl = config.tokenUrl ?? DEFAULT_TOKEN_URL;
  if (!URL.canParse(tokenUrl)) throw new BrokerConfigError('tokenUrl', 'is not an absolute URL.');
  const url = new URL(tokenUrl);
  // The client secret travels in this request: plain HTTP is tolerated only on the local machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new BrokerConfigError('tokenUrl', 'must use https (plain http only for a loopback host).');
  }
  const limits = { ...DEFAULT_RATE_LIMITS, ...config.rateLimits };
  for (const [field, rule] of [
    ['perAddress', limits.perAddress],
    ['perGrant', limits.perGrant],
  ] as const) {
    if (!isWholeIn(rule.limit, 1, 10_000) || !isWholeIn(rule.windowSeconds, 1, 3600)) {
      throw new BrokerConfigError(
        `rateLimits.${field}`,
        'must allow 1..10000 requests per window of 1..3600 seconds.',
      );
    }
  }
  if (!isWholeIn(limits.maxKeys, 1, 1_000_000)) {
    throw new BrokerConfigError('rateLimits.maxKeys', 'must be a whole number in 1..1000000.');
  }
  if (config.trustedProxyHops !== undefined && !isWholeIn(config.trustedProxyHops, 0, 10)) {
    throw new BrokerConfigError('trustedProxyHops', 'must be a whole number in 0..10.');
  }
  const timeout = config.upstreamTimeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0 && timeout <= 60_000)) {
    throw new BrokerConfigError('upstreamTimeoutMs', 'must be a whole number of milliseconds in 1..60000.');
  }
}

// Request body schema. Token values are OAuth VSCHAR strings (RFC 6749 Appendix A).
const tokenString = (maxLength: number) =>
  v.pipe(v.string(), v.minLength(1), v.maxLength(maxLength), v.regex(/^[\x20-\x7e]+$/));

const AuthorizationCodeRequest = v.strictObject({
  grant_type: v.literal('authorization_code'),
  code: tokenString(4096),
  redirect_uri: v.pipe(
    v.string(),
    v.maxLength(MAX_REDIRECT_URI_CHARS),
    v.check((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)),
  ),
  // RFC 7636 §4.1.
  code_verifier: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._~-]{43,128}$/))),
});

const RefreshTokenRequest = v.strictObject({
  grant_type: v.literal('refresh_token'),
  refresh_token: tokenString(8192),
});

const TokenRequest = v.variant('grant_type', [AuthorizationCodeRequest, RefreshTokenRequest]);
type TokenRequest = v.InferOutput<typeof TokenRequest>;

const FIELDS_BY_GRANT: Record<TokenRequest['grant_type'], readonly string[]> = {
  authorization_code: Object.keys(AuthorizationCodeRequest.entries),
  refresh_token: Object.keys(RefreshTokenRequest.entries),
};

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; description: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field names only, never values: a client may have put a secret where it does not belong. */
function fieldName(key: string): string {
  return /^[A-Za-z0-9_.-]{1,40}$/.test(key) ? `"${key}"` : 'a field with an unusual name';
}

function parseTokenRequest(body: unknown): Parsed<TokenRequest> {
  if (!isPlainObject(body)) {
    return { ok: false, error: 'invalid_request', description: 'The request body must be a JSON object.' };
  }
  const grantType = body.grant_type;
  if (typeof grantType !== 'string' || grantType === '') {
    return { ok: false, error: 'invalid_request', description: '"grant_type" is required.' };
  }
  if (!Object.hasOwn(FIELDS_BY_GRANT, grantType)) {
    return {
      ok: false,
      error: 'unsupported_grant_type',
      description: '"grant_type" must be "authorization_code" or "refresh_token".',
    };
  }
  const result = v.safeParse(TokenRequest, body);
  if (result.success) return { ok: true, value: result.output };
  const known = FIELDS_BY_GRANT[grantType as TokenRequest['grant_type']];
  const problems = new Set<string>();
  for (const issue of result.issues) {
    const key = issue.path?.[0]?.key;
    if (typeof key !== 'string') continue;
    if (!known.includes(key)) problems.add(`${fieldName(key)} is not allowed`);
    else if (!Object.hasOwn(body, key)) problems.add(`"${key}" is required`);
    else problems.add(`"${key}" is malformed`);
  }
  const description = problems.size > 0 ? [...problems].slice(0, 5).join('; ') : 'The request is malformed';
  return { ok: false, error: 'invalid_request', description: `${description}.` };
}

const TOKEN_STRING_FIELDS = [
  'access_token',
  'token_type',
  'refresh_token',
  'scope',
  'userType',
  'locationId',
  'companyId',
  'userId',
] as const;

function pickTokenFields(body: Record<string, unknown>): BrokerTokenResponse | null {
  if (typeof body.access_token !== 'string' || body.access_token === '') return null;
  const picked: Record<string, string | number> = {};
  for (const field of TOKEN_STRING_FIELDS) {
    const value = body[field];
    if (typeof value === 'string') picked[field] = value;
  }
  const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn)) picked.expires_in = expiresIn;
  return picked as unknown as BrokerTokenResponse;
}

/** Upstream statuses with a meaning for a token endpoint; any other answer is the gateway's problem. */
const PASSED_THROUGH_STATUSES = new Set([400, 401, 403, 422, 429, 500, 502, 503, 504]);
const OAUTH_ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
// HighLevel answers either OAuth-style ({error, error_description}) or NestJS-style ({statusCode, message,
// error: 'Bad Request'}); a dead code or refresh token must come out as `invalid_grant` in both cases.
const DEAD_GRANT =
  /invalid[\s_-]?grant|(refresh[\s_-]?token|authori[sz]ation[\s_-]?code)\b.*\b(invalid|expired|revoked|used|not found)|\b(invalid|expired|revoked)\b.*(refresh[\s_-]?token|authori[sz]ation[\s_-]?code)/i;

function describeUpstreamError(status: number, body: Record<string, unknown> | null): BrokerErrorResponse {
  const rawError = typeof body?.error === 'string' ? body.error : undefined;
  const message = body?.message;
  const messageText =
    typeof message === 'string'
      ? message
      : Array.isArray(message)
        ? message.filter((part) => typeof part === 'string').join('; ')
        : undefined;
  const description =
    (typeof body?.error_description === 'string' ? body.error_description : undefined) ||
    messageText ||
    rawError ||
    `HighLevel's token endpoint answered with status ${status}.`;
  if (rawError && OAUTH_ERROR_CODE.test(rawError)) return { error: rawError, error_description: description };
  let error: string;
  if (DEAD_GRANT.test(description)) error = 'invalid_grant';
  else if (status === 401) error = 'invalid_client';
  else if (status === 403) error = 'access_denied';
  else if (status === 429 || status === 503) error = 'temporarily_unavailable';
  else if (status >= 500) error = 'server_error';
  else error = 'invalid_request';
  return { error, error_description: description };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : null;
  } catch {
    return null;
  }
}

class ResponseTooLargeError extends Error {}

async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Removes every secret the broker knows of, and control characters, from text bound for a client. */
function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  clean = clean.replace(/\p{Cc}+/gu, ' ').trim();
  return clean.length > MAX_DESCRIPTION_CHARS ? `${clean.slice(0, MAX_DESCRIPTION_CHARS - 1)}…` : clean;
}

function defaultLog(entry: AccessLogEntry): void {
  console.log(JSON.stringify(entry));
}

export function createBroker(config: BrokerConfig): Hono {
  validateBrokerConfig(config);
  const tokenUrl = config.tokenUrl ?? DEFAULT_TOKEN_URL;
  const anyFirefox = config.allowedOrigins.includes(ANY_FIREFOX_EXTENSION);
  const exactOrigins = new Set(config.allowedOrigins.filter((origin) => origin !== ANY_FIREFOX_EXTENSION));
  const isAllowedOrigin = (origin: string | undefined): origin is string =>
    origin !== undefined &&
    (exactOrigins.has(origin) || (anyFirefox && FIREFOX_EXTENSION_ORIGIN.test(origin)));
  const redirectUris = new Set(config.redirectUris);
  const timeoutMs = config.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const userType = config.userType ?? 'Location';
  const log = config.log ?? defaultLog;
  const limits = { ...DEFAULT_RATE_LIMITS, ...config.rateLimits };
  const now = config.now ?? Date.now;
  const addressLimiter = new RateLimiter(limits.perAddress, limits.maxKeys, now);
  const grantLimiter = new RateLimiter(limits.perGrant, limits.maxKeys, now);
  const trustedHops = config.trustedProxyHops ?? 0;
  // Workers throw "Illegal invocation" when fetch is called detached from the global object.
  const upstreamFetch: typeof fetch = config.fetch ?? ((input, init) => fetch(input, init));

  const fail = (
    c: Context,
    status: ContentfulStatusCode,
    error: string,
    description: string,
    secrets: readonly string[] = [],
  ) => {
    const body: BrokerErrorResponse = {
      error,
      error_description: scrub(description, [config.clientSecret, ...secrets]),
    };
    return c.json(body, status);
  };

  const tooMany = (c: Context, retryAfterSeconds: number, what: string) => {
    c.header('Retry-After', String(retryAfterSeconds));
    return fail(
      c,
      429,
      'temporarily_unavailable',
      `Too many token requests ${what}; retry in ${retryAfterSeconds} seconds.`,
    );
  };

  const app = new Hono();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Vary', 'Origin');
    const origin = c.req.header('Origin');
    log({
      method: c.req.method,
      path: c.req.path.slice(0, MAX_LOGGED_CHARS),
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      origin: origin === undefined ? null : origin.slice(0, MAX_LOGGED_CHARS),
    });
  });

  app.onError((_error, c) => fail(c, 500, 'server_error', 'The token broker failed unexpectedly.'));
  app.notFound((c) => fail(c, 404, 'not_found', 'The token broker answers POST /token and GET /health.'));

  // Health probes come from monitors without an Origin; the answer reveals nothing.
  app.use('/health', async (c, next) => {
    const origin = c.req.header('Origin');
    if (isAllowedOrigin(origin)) c.header('Access-Control-Allow-Origin', origin);
    await next();
  });
  app.get('/health', (c) => c.json({ ok: true }));
  app.all('/health', (c) => {
    c.header('Allow', 'GET, HEAD');
    return fail(c, 405, 'invalid_request', 'Use GET /health.');
  });

  // An Origin header is no authentication (any non-browser client can send one); it keeps web pages and
  // unknown extensions from using the broker through a user's browser.
  app.use('/token', async (c, next) => {
    const origin = c.req.header('Origin');
    if (!isAllowedOrigin(origin)) {
      return fail(c, 403, 'origin_not_allowed', 'This origin may not use the token broker.');
    }
    c.header('Access-Control-Allow-Origin', origin);
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Content-Type');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  });

  app.post(
    '/token',
    // Counted before the body is read, so that malformed requests are limited too.
    async (c, next) => {
      const address = clientAddress(
        config.clientAddress?.(c.req.raw, c.env),
        c.req.header('X-Forwarded-For'),
        trustedHops,
      );
      const decision = addressLimiter.hit(addressKey(address));
      if (!decision.allowed) return tooMany(c, decision.retryAfterSeconds, 'from this address');
      await next();
    },
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: (c) =>
        fail(c, 413, 'invalid_request', `The request body is larger than ${MAX_REQUEST_BYTES} bytes.`),
    }),
    async (c) => {
      const contentType = c.req.header('Content-Type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(contentType)) {
        return fail(c, 415, 'invalid_request', 'Send the request body as application/json.');
      }
      const body = parseJsonObject(await c.req.text());
      if (body === null) {
        return fail(c, 400, 'invalid_request', 'The request body must be a JSON object.');
      }
      const parsed = parseTokenRequest(body);
      if (!parsed.ok) return fail(c, 400, parsed.error, parsed.description);
      const request = parsed.value;
      // HighLevel binds a code to the redirect_uri of its consent: a code for any other client's redirect URI is
      // not the extension's, and the broker must not lend it the client secret.
      if (request.grant_type === 'authorization_code' && !redirectUris.has(request.redirect_uri)) {
        return fail(c, 400, 'invalid_request', '"redirect_uri" is not registered with the token broker.');
      }
      // A code or refresh token tried again and again, from however many addresses, is not the extension.
      const grant = await grantKey(
        request.grant_type,
        request.grant_type === 'authorization_code' ? request.code : request.refresh_token,
      );
      const decision = grantLimiter.hit(grant);
      if (!decision.allowed) {
        return tooMany(c, decision.retryAfterSeconds, 'with this authorization code or refresh token');
      }

      const form = new URLSearchParams({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        grant_type: request.grant_type,
        user_type: userType,
      });
      const requestSecrets: string[] = [];
      if (request.grant_type === 'authorization_code') {
        form.set('code', request.code);
        form.set('redirect_uri', request.redirect_uri);
        requestSecrets.push(request.code);
        if (request.code_verifier !== undefined) {
          requestSecrets.push(request.code_verifier);
          if (config.forwardCodeVerifier) form.set('code_verifier', request.code_verifier);
        }
      } else {
        form.set('refresh_token', request.refresh_token);
        requestSecrets.push(request.refresh_token);
      }

      const signal = AbortSignal.timeout(timeoutMs);
      let upstream: Response;
      let text: string;
      try {
        upstream = await upstreamFetch(tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form,
          signal,
          // A redirect would resend the client secret to wherever it points.
          redirect: 'manual',
        });
        text = await readBoundedText(upstream, MAX_UPSTREAM_RESPONSE_BYTES);
      } catch (error) {
        if (error instanceof ResponseTooLargeError) {
          return fail(
            c,
            502,
            'upstream_invalid_response',
            "HighLevel's token endpoint sent an oversized answer.",
          );
        }
        if (signal.aborted) {
          return fail(
            c,
            504,
            'upstream_timeout',
            `HighLevel's token endpoint did not answer within ${timeoutMs / 1000} seconds.`,
          );
        }
        return fail(c, 502, 'upstream_unreachable', "HighLevel's token endpoint could not be reached.");
      }

      const status = upstream.status;
      const json = parseJsonObject(text);
      if (status >= 200 && status < 300) {
        const tokens = json && pickTokenFields(json);
        if (!tokens) {
          return fail(
            c,
            502,
            'upstream_invalid_response',
            "HighLevel's token endpoint answered without an access token.",
          );
        }
        return c.json(tokens, 200);
      }
      if (!PASSED_THROUGH_STATUSES.has(status)) {
        return fail(
          c,
          502,
          'upstream_invalid_response',
          `HighLevel's token endpoint answered with unexpected status ${status}.`,
        );
      }
      const retryAfter = upstream.headers.get('Retry-After');
      if (retryAfter !== null && /^\d{1,6}$/.test(retryAfter.trim()))
        c.header('Retry-After', retryAfter.trim());
      const described = describeUpstreamError(status, json);
      return fail(
        c,
        status as ContentfulStatusCode,
        described.error,
        described.error_description,
        requestSecrets,
      );
    },
  );
  app.all('/token', (c) => {
    c.header('Allow', 'POST, OPTIONS');
    return fail(c, 405, 'invalid_request', 'Use POST /token.');
  });

  return app;
}
