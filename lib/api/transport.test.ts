import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingTokens, startTestServer, type TestServer } from '../../test/support/api-test-server.ts';
import { createHighLevelClient, type HighLevelClientOptions } from './client.ts';
import { ApiError } from './errors.ts';

const LOC = 'locA';
const CONTACT = { id: 'c1', locationId: LOC, firstName: 'Ana', email: 'ana@example.com', tags: ['vip'] };

let server: TestServer;
let tokens: ReturnType<typeof countingTokens>;

beforeEach(async () => {
  server = await startTestServer(() => ({ json: { contact: CONTACT } }));
  tokens = countingTokens();
});

afterEach(async () => {
  await server.close();
});

function client(extra: Partial<HighLevelClientOptions> = {}) {
  return createHighLevelClient({
    tokens: tokens.provider,
    baseUrl: server.origin,
    random: () => 0.5,
    ...extra,
    limits: {
      retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 40 },
      attemptTimeoutMs: 1_000,
      totalTimeoutMs: 5_000,
      ...extra.limits,
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('every request', () => {
  it('carries the Version header, the bearer token and asks for JSON at the HighLevel path', async () => {
    await client().getContact(LOC, 'c1');
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/contacts/c1');
    expect(request?.headers.version).toBe('2021-07-28');
    expect(request?.headers.authorization).toBe(`Bearer ${tokens.current}`);
    expect(request?.headers.accept).toContain('application/json');
  });

  it('refuses a hostile id before anything is sent, so it cannot reach another endpoint', async () => {
    const error = await failure(client().getContact(LOC, '../search?x=1'));
    expect(error.kind).toBe('validation');
    expect(server.requests).toHaveLength(0);
  });

  it('fails at once with permission.missing while the browser withholds the host permission, asking again each time', async () => {
    let granted = false;
    const guarded = client({ permitted: () => granted });
    const error = await failure(guarded.getContact(LOC, 'c1'));
    expect(error.kind).toBe('permission.missing');
    expect(error.transient).toBe(false);
    expect(server.requests).toHaveLength(0);
    expect(tokens.calls.accessToken).toBe(0);
    granted = true;
    await expect(guarded.getContact(LOC, 'c1')).resolves.toMatchObject({ id: 'c1' });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an empty id before anything is sent', async () => {
    const error = await failure(client().getTasks(LOC, ''));
    expect(error.kind).toBe('validation');
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a GET that keeps failing with 500 exactly maxRetries times, then reports a server error', async () => {
    server.handle(() => ({ status: 500, json: { message: 'boom' } }));
    const error = await failure(client().getContact(LOC, 'c1'));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(server.requests).toHaveLength(4);
  });

  it('backs off between attempts, growing each time', async () => {
    server.handle(() => ({ status: 503, json: {} }));
    await failure(client().getContact(LOC, 'c1'));
    const gaps = server.requests
      .slice(1)
      .map((request, index) => request.at - (server.requests[index]?.at ?? 0));
    // Steps of 10, 20, 40 ms with equal jitter at 0.5: 7.5, 15, 30 ms (minus timer slack).
    expect(gaps[0]).toBeGreaterThanOrEqual(6);
    expect(gaps[2]).toBeGreaterThanOrEqual(25);
    expect(gaps[2]).toBeGreaterThan(gaps[0] as number);
  });

  it('succeeds when a GET recovers after transient errors', async () => {
    let count = 0;
    server.handle(() => (++count < 3 ? { status: 502, json: {} } : { json: { contact: CONTACT } }));
    const contact = await client().getContact(LOC, 'c1');
    expect(contact.firstName).toBe('Ana');
    expect(server.requests).toHaveLength(3);
  });

  it('retries a PUT (idempotent) after a dropped connection', async () => {
    let count = 0;
    server.handle(() => (++count === 1 ? { drop: true } : { json: { task: { id: 't1', title: 'x' } } }));
    const task = await client().setTaskCompleted(LOC, 'c1', 't1', true);
    expect(task.id).toBe('t1');
    expect(server.requests).toHaveLength(2);
  });

  it('never retries a POST after a 500 or a dropped connection: it may have been processed', async () => {
    server.handle(() => ({ status: 500, json: {} }));
    const serverError = await failure(client().createNote(LOC, 'c1', { body: 'hello' }));
    expect(serverError.kind).toBe('server');
    expect(server.requests).toHaveLength(1);

    server.handle(() => ({ drop: true }));
    const dropped = await failure(client().createTask(LOC, 'c1', { title: 't', dueDate: new Date() }));
    expect(dropped.kind).toBe('network.offline');
    expect(server.requests).toHaveLength(2);
  });

  it('makes exactly one attempt when the caller says retry: false', async () => {
    server.handle(() => ({ status: 503, json: {} }));
    const error = await failure(client().getContact(LOC, 'c1', { retry: false }));
    expect(error.kind).toBe('server');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 4xx answer', async () => {
    server.handle(() => ({ status: 422, json: { statusCode: 422, message: ['title should not be empty'] } }));
    const error = await failure(
      client().updateTask(LOC, 'c1', 't1', { title: '', dueDate: '2024-01-01T10:00:00Z' }),
    );
    expect(error.kind).toBe('validation');
    expect(error.messages).toEqual(['title should not be empty']);
    expect(server.requests).toHaveLength(1);
  });

  it('stops retrying when the total time bound would be exceeded', async () => {
    server.handle(() => ({ status: 500, json: {}, delayMs: 100 }));
    const started = Date.now();
    const c = client({
      limits: { totalTimeoutMs: 250, retry: { maxRetries: 10, baseDelayMs: 10, maxDelayMs: 10 } },
    });
    const error = await failure(c.getContact(LOC, 'c1'));
    const elapsed = Date.now() - started;
    expect(['server', 'timeout']).toContain(error.kind);
    // Unbounded, ten retries of 100 ms each would take over a second.
    expect(elapsed).toBeLessThan(700);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('times an attempt out, retries it, and reports a timeout when all attempts hang', async () => {
    server.handle(() => ({ json: { contact: CONTACT }, delayMs: 300 }));
    const c = client({
      limits: { attemptTimeoutMs: 50, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 5 } },
    });
    const started = Date.now();
    const error = await failure(c.getContact(LOC, 'c1'));
    expect(error.kind).toBe('timeout');
    expect(server.requests).toHaveLength(2);
    // Two attempts of 50 ms, not two waits for the 300 ms answer.
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('reports network.offline when nothing listens', async () => {
    const origin = server.origin;
    await server.close();
    const c = createHighLevelClient({
      tokens: tokens.provider,
      baseUrl: origin,
      limits: { retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 5 } },
    });
    const error = await failure(c.getContact(LOC, 'c1'));
    expect(error.kind).toBe('network.offline');
    server = await startTestServer();
  });

  it('rejects with the caller’s reason when the caller aborts, without further attempts', async () => {
    server.handle(() => ({ status: 500, json: {}, delayMs: 20 }));
    const controller = new AbortController();
    const pending = client().getContact(LOC, 'c1', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 30);
    await expect(pending).rejects.toThrow('user left');
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(server.requests.length).toBe(count);
  });
});

describe('429 Too Many Requests', () => {
  it('waits for Retry-After before the next attempt', async () => {
    let count = 0;
    server.handle(() =>
      ++count === 1
        ? { status: 429, headers: { 'retry-after': '0.2' }, json: {} }
        : { json: { contact: CONTACT } },
    );
    await client().getContact(LOC, 'c1');
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(190);
  });

  it('waits out the X-RateLimit interval when there is no Retry-After', async () => {
    let count = 0;
    server.handle(() =>
      ++count === 1
        ? {
            status: 429,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-interval-milliseconds': '250',
              'x-ratelimit-max': '100',
            },
            json: {},
          }
        : { json: { contact: CONTACT } },
    );
    const c = client({ limits: { rate: { intervalMs: 100, guardMs: 0 } } });
    await c.getContact(LOC, 'c1');
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(240);
  });

  it('replays a POST after a 429, because HighLevel refused it before processing', async () => {
    let count = 0;
    server.handle(() =>
      ++count === 1
        ? { status: 429, headers: { 'retry-after': '0.05' }, json: {} }
        : { status: 201, json: { note: { id: 'n1', body: 'hello' } } },
    );
    const note = await client().createNote(LOC, 'c1', { body: 'hello' });
    expect(note.id).toBe('n1');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with rate.limited and retryAt when the wait would not fit in the time bound', async () => {
    server.handle(() => ({ status: 429, headers: { 'retry-after': '60' }, json: {} }));
    const started = Date.now();
    const error = await failure(client().getContact(LOC, 'c1'));
    expect(error.kind).toBe('rate.limited');
    expect(error.daily).toBe(false);
    expect(error.retryAt).toBeGreaterThanOrEqual(started + 59_000);
    expect(server.requests).toHaveLength(1);
  });

  it('treats X-RateLimit-Daily-Remaining: 0 as daily exhaustion and then fails fast without sending', async () => {
    server.handle(() => ({
      status: 429,
      headers: { 'x-ratelimit-daily-remaining': '0', 'x-ratelimit-limit-daily': '200000' },
      json: {},
    }));
    const c = client();
    const error = await failure(c.getContact(LOC, 'c1'));
    expect(error.kind).toBe('rate.limited');
    expect(error.daily).toBe(true);
    expect(c.rateState(LOC)).toMatchObject({ exhausted: true, dailyRemaining: 0, dailyLimit: 200_000 });
    const again = await failure(c.getTasks(LOC, 'c1'));
    expect(again.daily).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

describe('401 Unauthorized', () => {
  it('renews the token once and replays the request once with the new token', async () => {
    server.handle((request) =>
      request.headers.authorization === 'Bearer tok-0000000001'
        ? { status: 401, json: { statusCode: 401, message: 'Invalid JWT' } }
        : { json: { contact: CONTACT } },
    );
    const contact = await client().getContact(LOC, 'c1');
    expect(contact.id).toBe('c1');
    expect(tokens.calls.renew).toBe(1);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-0000000001',
      'Bearer tok-0000000002',
    ]);
  });

  it('also replays a POST after renewing, since a refused request was not processed', async () => {
    let count = 0;
    server.handle(() =>
      ++count === 1
        ? { status: 401, json: { message: 'Invalid JWT' } }
        : { status: 201, json: { note: { id: 'n1' } } },
    );
    await client().createNote(LOC, 'c1', { body: 'x' });
    expect(server.requests).toHaveLength(2);
    expect(tokens.calls.renew).toBe(1);
  });

  it('reports auth.expired when the renewed token is refused too, without renewing again', async () => {
    server.handle(() => ({ status: 401, json: { statusCode: 401, message: 'Invalid JWT' } }));
    const error = await failure(client().getContact(LOC, 'c1'));
    expect(error.kind).toBe('auth.expired');
    expect(tokens.calls.renew).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('reports scope.missing for the scope message and does not renew', async () => {
    server.handle(() => ({
      status: 401,
      json: { statusCode: 401, message: 'The token is not authorized for this scope.' },
    }));
    const error = await failure(client().createNote(LOC, 'c1', { body: 'x' }));
    expect(error.kind).toBe('scope.missing');
    expect(error.scope).toBe('contacts.write');
    expect(tokens.calls.renew).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('passes on the provider’s auth.expired when renewing fails', async () => {
    server.handle(() => ({ status: 401, json: { message: 'Invalid JWT' } }));
    const c = createHighLevelClient({
      baseUrl: server.origin,
      tokens: {
        accessToken: async () => 'tok-aaaaaaaaaa',
        renew: async () => {
          throw Object.assign(new Error('invalid_grant'), { kind: 'auth.expired' });
        },
      },
    });
    const error = await failure(c.getContact(LOC, 'c1'));
    expect(error.kind).toBe('auth.expired');
    expect(server.requests).toHaveLength(1);
  });
});

describe('errors', () => {
  it('maps HighLevel’s 400 "Contact with id … not found" to not.found, like a 404', async () => {
    server.handle(() => ({
      status: 400,
      json: { statusCode: 400, message: 'Contact with id c9 not found' },
    }));
    expect((await failure(client().getContact(LOC, 'c9'))).kind).toBe('not.found');
    server.handle(() => ({ status: 404, json: { statusCode: 404, message: 'Not Found' } }));
    expect((await failure(client().getNotes(LOC, 'c9'))).kind).toBe('not.found');
  });

  it('maps 403 to location.forbidden', async () => {
    server.handle(() => ({
      status: 403,
      json: { message: 'The token does not have access to this location' },
    }));
    expect((await failure(client().getContact(LOC, 'c1'))).kind).toBe('location.forbidden');
  });

  it('keeps the traceId from the answer for error reports', async () => {
    server.handle(() => ({ status: 422, json: { message: ['bad'], traceId: 'trace-123' } }));
    const error = await failure(client().createNote(LOC, 'c1', { body: 'x' }));
    expect(error.traceId).toBe('trace-123');
    server.handle(() => ({ status: 500, headers: { 'x-trace-id': 'trace-h' }, json: {} }));
    expect((await failure(client().createNote(LOC, 'c1', { body: 'x' }))).traceId).toBe('trace-h');
  });

  it('reports the existing contact of a duplicate create', async () => {
    server.handle(() => ({
      status: 400,
      json: {
        statusCode: 400,
        message: 'This location does not allow duplicated contacts.',
        meta: { contactId: 'dup1' },
      },
    }));
    const error = await failure(client().createContact(LOC, { email: 'a@b.co' }));
    expect(error.kind).toBe('validation');
    expect(error.existingContactId).toBe('dup1');
  });

  it('turns a malformed answer into response.invalid with the path of the bad field', async () => {
    server.handle(() => ({
      json: {
        tasks: [
          { id: 't1', title: 'ok' },
          { id: 't2', dueDate: 'next tuesday' },
        ],
      },
    }));
    const error = await failure(client().getTasks(LOC, 'c1'));
    expect(error.kind).toBe('response.invalid');
    expect(error.path).toBe('tasks.1.dueDate');
  });

  it('turns non-JSON into response.invalid at the root', async () => {
    server.handle(() => ({ raw: '<html>gateway</html>' }));
    const error = await failure(client().getContact(LOC, 'c1'));
    expect(error).toMatchObject({ kind: 'response.invalid', path: '$' });
  });

  it('never lets the token into an error, even when the server echoes it', async () => {
    server.handle((request) => ({
      status: 400,
      json: { message: `bad header ${request.headers.authorization}` },
    }));
    const error = await failure(client().getContact(LOC, 'c1'));
    const serialized = JSON.stringify(error.toJSON()) + error.message + String(error.messages);
    expect(serialized).not.toContain(tokens.current);
    expect(serialized).toContain('[redacted]');
  });
});

describe('single flight', () => {
  it('sends identical concurrent reads once and gives every caller the answer', async () => {
    server.handle(() => ({ json: { contact: CONTACT }, delayMs: 30 }));
    const c = client();
    const results = await Promise.all(Array.from({ length: 5 }, () => c.getContact(LOC, 'c1')));
    expect(server.requests).toHaveLength(1);
    expect(results.every((contact) => contact.id === 'c1')).toBe(true);
  });

  it('keeps different locations apart', async () => {
    const c = client();
    await Promise.all([c.getContact('locA', 'c1'), c.getContact('locB', 'c1')]);
    expect(server.requests).toHaveLength(2);
  });

  it('never merges writes', async () => {
    server.handle(() => ({ status: 201, json: { note: { id: 'n1', body: 'x' } } }));
    const c = client();
    await Promise.all([c.createNote(LOC, 'c1', { body: 'x' }), c.createNote(LOC, 'c1', { body: 'x' })]);
    expect(server.requests).toHaveLength(2);
  });

  it('keeps the shared request going for the others when one caller aborts', async () => {
    server.handle(() => ({ json: { contact: CONTACT }, delayMs: 50 }));
    const c = client();
    const controller = new AbortController();
    const leaving = c.getContact(LOC, 'c1', { signal: controller.signal });
    const staying = c.getContact(LOC, 'c1');
    controller.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    await expect(staying).resolves.toMatchObject({ id: 'c1' });
    expect(server.requests).toHaveLength(1);
  });
});
