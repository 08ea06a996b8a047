/**
 * Every failure of the HighLevel client is an ApiError with a kind the UI can act on. The fields match the
 * messaging layer's ErrorView (lib/messaging/reply.ts), so `error.toJSON()` crosses the message boundary as is.
 * Nothing here ever carries a token: server messages are redacted before they are kept.
 */

export type ApiErrorKind =
  | 'auth.expired'
  | 'not.connected'
  | 'scope.missing'
  | 'location.forbidden'
  | 'not.found'
  | 'validation'
  | 'rate.limited'
  | 'server'
  | 'network.offline'
  | 'timeout'
  | 'response.invalid'
  /** The browser withholds the extension's host permission for HighLevel: nothing was sent. */
  | 'permission.missing';

export interface ApiErrorData {
  kind: ApiErrorKind;
  /** Developer-facing English detail, for logs and bug reports; the UI says it with lib/ui/errors.ts. */
  message: string;
  status?: number;
  traceId?: string;
  /** The operation, as `METHOD /path/:template` (no ids, no query). */
  endpoint?: string;
  /** scope.missing: the scope the token lacks. */
  scope?: string;
  /** validation: the server's messages (a 422 answers an array). */
  messages?: string[];
  /** validation on contact create: HighLevel's id of the contact that already has this email or phone. */
  existingContactId?: string;
  /** rate.limited: the daily quota is exhausted (not a 10-second burst). */
  daily?: boolean;
  /** rate.limited: when a new attempt may succeed (epoch ms). */
  retryAt?: number;
  /** response.invalid: where the answer broke the schema, e.g. `contact.dateAdded` or `tasks.2.title`. */
  path?: string;
}

/** What an ApiError carries over a message or into storage (its `toJSON`). */
const DATA_FIELDS = [
  'kind',
  'message',
  'status',
  'traceId',
  'endpoint',
  'scope',
  'messages',
  'existingContactId',
  'daily',
  'retryAt',
  'path',
] as const satisfies readonly (keyof ApiErrorData)[];

export class ApiError extends Error implements ApiErrorData {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly traceId?: string;
  readonly endpoint?: string;
  readonly scope?: string;
  readonly messages?: string[];
  readonly existingContactId?: string;
  readonly daily?: boolean;
  readonly retryAt?: number;
  readonly path?: string;

  constructor(data: ApiErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'ApiError';
    this.kind = data.kind;
    // Only defined fields are set, so toJSON() and structured clones stay minimal.
    if (data.status !== undefined) this.status = data.status;
    if (data.traceId !== undefined) this.traceId = data.traceId;
    if (data.endpoint !== undefined) this.endpoint = data.endpoint;
    if (data.scope !== undefined) this.scope = data.scope;
    if (data.messages !== undefined) this.messages = data.messages;
    if (data.existingContactId !== undefined) this.existingContactId = data.existingContactId;
    if (data.daily !== undefined) this.daily = data.daily;
    if (data.retryAt !== undefined) this.retryAt = data.retryAt;
    if (data.path !== undefined) this.path = data.path;
  }

  /** Worth trying again later without the user changing anything. */
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }

  toJSON(): ApiErrorData {
    const fields = DATA_FIELDS.map((field) => [field, this[field]] as const);
    return Object.fromEntries(fields.filter(([, value]) => value !== undefined)) as unknown as ApiErrorData;
  }
}

const TRANSIENT = new Set<ApiErrorKind>(['rate.limited', 'server', 'network.offline', 'timeout']);

export function isApiError(value: unknown, kind?: ApiErrorKind): value is ApiError {
  return value instanceof ApiError && (kind === undefined || value.kind === kind);
}

const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const PIT = /\bpit-[0-9a-f-]{8,}/gi;
const BEARER = /\bBearer\s+[\w.~+/=-]+/gi;

/** Removes anything shaped like a credential, and the given secrets verbatim. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out.replace(BEARER, 'Bearer [redacted]').replace(JWT, '[redacted]').replace(PIT, '[redacted]');
}

/** What the client knows about a failed answer when it turns it into an ApiError. */
export interface FailedAnswer {
  status: number;
  /** The parsed JSON body, if any. */
  body: unknown;
  traceId?: string;
  endpoint: string;
  /** The scope the operation needs, named in scope.missing. */
  requiredScope: string;
  /** Credentials in play, removed from any server text we keep. */
  secrets: readonly string[];
  /** 429 only: the limiter's reading of the rate headers. */
  rate?: { daily: boolean; retryAt: number };
}

const SCOPE_MESSAGE = /not authori[sz]ed for this scope/i;
const NOT_FOUND_MESSAGE = /not found|does not exist|no (?:contact|task|note) found/i;

/** The server's message(s): a string for 400/401/403, an array for 422. */
export function serverMessages(body: unknown, secrets: readonly string[] = []): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as Record<string, unknown>;
  const raw = record.message ?? record.msg ?? record.error;
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .map((item) => redact(String(item), secrets).slice(0, 500))
    .filter((item) => item.length > 0);
}

/** HighLevel's answer to a token that lacks the operation's scope: not a reason to refresh. */
export function isScopeRejection(status: number, body: unknown): boolean {
  return status === 401 && serverMessages(body).some((message) => SCOPE_MESSAGE.test(message));
}

export function traceIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>).traceId;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function errorFromAnswer(answer: FailedAnswer): ApiError {
  const { status, body, endpoint } = answer;
  const messages = serverMessages(body, answer.secrets);
  const base = { status, endpoint, ...(answer.traceId ? { traceId: answer.traceId } : {}) };
  const said = messages.length ? `: ${messages.join('; ')}` : '';
  if (status === 401) {
    if (messages.some((message) => SCOPE_MESSAGE.test(message))) {
      return new ApiError({
        ...base,
        kind: 'scope.missing',
        scope: answer.requiredScope,
        message: `${endpoint} needs the ${answer.requiredScope} scope`,
      });
    }
    return new ApiError({ ...base, kind: 'auth.expired', message: `${endpoint} was refused (401)${said}` });
  }
  if (status === 403) {
    return new ApiError({
      ...base,
      kind: 'location.forbidden',
      message: `${endpoint} is forbidden (403)${said}`,
    });
  }
  if (status === 404 || (status === 400 && messages.some((message) => NOT_FOUND_MESSAGE.test(message)))) {
    return new ApiError({
      ...base,
      kind: 'not.found',
      message: `${endpoint} found nothing (${status})${said}`,
    });
  }
  if (status === 408) {
    return new ApiError({ ...base, kind: 'timeout', message: `${endpoint} timed out on the server (408)` });
  }
  if (status === 429) {
    const daily = answer.rate?.daily ?? false;
    return new ApiError({
      ...base,
      kind: 'rate.limited',
      daily,
      ...(answer.rate ? { retryAt: answer.rate.retryAt } : {}),
      message: `${endpoint} was rate limited (${daily ? 'daily quota' : 'burst'})`,
    });
  }
  if (status >= 500) {
    return new ApiError({
      ...base,
      kind: 'server',
      message: `${endpoint} failed on the server (${status})${said}`,
    });
  }
  const existingContactId = duplicateOf(body);
  return new ApiError({
    ...base,
    kind: 'validation',
    messages,
    ...(existingContactId ? { existingContactId } : {}),
    message: `${endpoint} was rejected (${status})${said}`,
  });
}

function duplicateOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const meta = (body as { meta?: unknown }).meta;
  if (typeof meta !== 'object' || meta === null) return undefined;
  const id = (meta as { contactId?: unknown }).contactId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
