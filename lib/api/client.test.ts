import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ArrivedRequest,
  countingTokens,
  type Reply,
  startTestServer,
  type TestServer,
} from '../../test/support/api-test-server.ts';
import { createMemoryStore } from './cache.ts';
import { createHighLevelClient, type HighLevelClientOptions } from './client.ts';
import { ApiError } from './errors.ts';

const LOC = 'locA';

interface World {
  contacts: Map<string, Record<string, unknown>>;
  tasks: Map<string, Record<string, unknown>[]>;
  notes: Map<string, Record<string, unknown>[]>;
  events: Map<string, Record<string, unknown>[]>;
}

function world(): World {
  return {
    contacts: new Map([['c1', { id: 'c1', locationId: LOC, firstName: 'Ana', tags: ['vip'] }]]),
    tasks: new Map([
      ['c1', [{ id: 't1', title: 'Call back', dueDate: '2024-05-01T10:00:00Z', completed: false }]],
    ]),
    notes: new Map([['c1', [{ id: 'n1', body: 'Met at the gym', dateAdded: '2024-04-01 09:00:00' }]]]),
    events: new Map([['c1', [{ id: 'a1', title: 'Assessment', startTime: '2024-05-02 09:00:00' }]]]),
  };
}

/** A small HighLevel: enough of the Contacts API for the client's higher-level behaviour. */
function highLevel(data: World, delayMs = 0) {
  let nextId = 100;
  return (request: ArrivedRequest): Reply => {
    const parts = request.path.split('/').filter(Boolean);
    const [, contactId, section, itemId] = parts;
    const reply = (json: unknown, status = 200): Reply => ({ json, status, delayMs });
    if (!contactId || !data.contacts.has(contactId)) {
      return reply({ statusCode: 400, message: `Contact with id ${contactId} not found` }, 400);
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method === 'GET') {
      if (!section) return reply({ contact: data.contacts.get(contactId) });
      if (section === 'tasks' && itemId)
        return reply({ task: data.tasks.get(contactId)?.find((t) => t.id === itemId) });
      if (section === 'tasks') return reply({ tasks: data.tasks.get(contactId) ?? [] });
      if (section === 'notes') return reply({ notes: data.notes.get(contactId) ?? [] });
      if (section === 'appointments') return reply({ events: data.events.get(contactId) ?? [] });
    }
    if (section === 'tasks' && request.method === 'POST') {
      const task = { id: `t${nextId++}`, ...body };
      data.tasks.get(contactId)?.push(task);
      return reply({ task }, 201);
    }
    if (section === 'tasks' && request.method === 'PUT') {
      const task = { ...data.tasks.get(contactId)?.find((t) => t.id === itemId), ...body };
      return reply({ task });
    }
    if (section === 'tasks' && request.method === 'DELETE') return reply({ succeded: true });
    if (section === 'tags') return reply({ tags: body.tags }, request.method === 'POST' ? 201 : 200);
    if (!section && request.method === 'DELETE') {
      data.contacts.delete(contactId);
      return reply({ succeded: true });
    }
    return reply({ statusCode: 404, message: 'Not Found' }, 404);
  };
}

let server: TestServer;
let data: World;
let clock: number;

beforeEach(async () => {
  data = world();
  clock = Date.now();
  server = await startTestServer(highLevel(data, 40));
});

afterEach(async () => {
  await server.close();
});

function client(extra: Partial<HighLevelClientOptions> = {}) {
  return createHighLevelClient({
    tokens: countingTokens().provider,
    baseUrl: server.origin,
    store: createMemoryStore(),
    now: () => clock,
    ...extra,
  });
}

describe('loadContactBundle', () => {
  it('loads contact, tasks, notes and appointments with four requests sent together', async () => {
    // The server holds every answer until four requests are waiting (or two seconds passed): only requests sent
    // together, in one round trip, all arrive before the first answer.
    const normal = highLevel(data);
    let waiting = 0;
    let together = false;
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const timeout = setTimeout(open, 2_000);
    server.handle(async (request) => {
      if (++waiting === 4) {
        together = true;
        open();
      }
      await gate;
      return normal(request);
    });
    const { bundle, revalidated } = await client().loadContactBundle(LOC, 'c1');
    clearTimeout(timeout);
    expect(together).toBe(true);
    expect(server.requests.map((request) => request.path).sort()).toEqual([
      '/contacts/c1',
      '/contacts/c1/appointments',
      '/contacts/c1/notes',
      '/contacts/c1/tasks',
    ]);
    expect(bundle.contact.data.firstName).toBe('Ana');
    expect(bundle.tasks).toMatchObject({ ok: true, stale: false, data: [{ id: 't1' }] });
    expect(bundle.notes).toMatchObject({ ok: true, data: [{ dateAdded: '2024-04-01T09:00:00' }] });
    expect(bundle.appointments).toMatchObject({ ok: true, data: [{ startTime: '2024-05-02T09:00:00' }] });
    expect(revalidated).toBeUndefined();
  });

  it('serves a second open from fresh cache without any request', async () => {
    const c = client();
    await c.loadContactBundle(LOC, 'c1');
    const before = server.requests.length;
    const started = Date.now();
    const { bundle } = await c.loadContactBundle(LOC, 'c1');
    expect(server.requests.length).toBe(before);
    expect(Date.now() - started).toBeLessThan(50);
    expect(bundle.tasks).toMatchObject({ ok: true, stale: false });
  });

  it('shares the requests of five tabs opening the same contact at once', async () => {
    const c = client();
    await Promise.all(Array.from({ length: 5 }, () => c.loadContactBundle(LOC, 'c1')));
    expect(server.requests).toHaveLength(4);
  });

  it('serves stale sections at once and revalidates them in the background', async () => {
    const c = client();
    await c.loadContactBundle(LOC, 'c1');
    clock += 61_000;
    data.tasks.get('c1')?.push({ id: 't2', title: 'New', completed: false });
    const before = server.requests.length;
    const { bundle, revalidated } = await c.loadContactBundle(LOC, 'c1');
    expect(server.requests.length).toBe(before);
    expect(bundle.tasks).toMatchObject({ ok: true, stale: true });
    expect(bundle.tasks.ok && bundle.tasks.data).toHaveLength(1);
    const fresh = await revalidated;
    expect(fresh?.tasks).toMatchObject({ ok: true, stale: false });
    expect(fresh?.tasks.ok && fresh.tasks.data).toHaveLength(2);
    expect(server.requests.length).toBe(before + 4);
  });

  it('fetches only the sections the cache lacks', async () => {
    const c = client();
    await c.getContact(LOC, 'c1');
    await c.loadContactBundle(LOC, 'c1');
    expect(server.requests.filter((request) => request.path === '/contacts/c1')).toHaveLength(1);
    expect(server.requests).toHaveLength(4);
  });

  it('reports a failed section on its own and still shows the rest', async () => {
    const normal = highLevel(data);
    server.handle((request) =>
      request.path.endsWith('/notes')
        ? { status: 500, json: { statusCode: 500, message: 'boom' } }
        : normal(request),
    );
    const c = client({ limits: { retry: { maxRetries: 0 } } });
    const { bundle } = await c.loadContactBundle(LOC, 'c1');
    expect(bundle.notes).toMatchObject({ ok: false, error: { kind: 'server' } });
    expect(bundle.tasks.ok).toBe(true);
  });

  it('rejects with not.found for an unknown contact', async () => {
    await expect(client().loadContactBundle(LOC, 'nobody')).rejects.toMatchObject({ kind: 'not.found' });
  });

  it('asks HighLevel again when the caller wants fresh data', async () => {
    const c = client();
    await c.loadContactBundle(LOC, 'c1');
    await c.loadContactBundle(LOC, 'c1', { fresh: true });
    expect(server.requests).toHaveLength(8);
  });
});

describe('contactSection', () => {
  it('answers from cache with its age, then from HighLevel when asked for fresh data', async () => {
    const c = client();
    const first = await c.contactSection(LOC, 'c1', 'tasks');
    expect(first).toMatchObject({ stale: false, fetchedAt: clock });
    clock += 120_000;
    expect(await c.contactSection(LOC, 'c1', 'tasks')).toMatchObject({
      stale: true,
      fetchedAt: first.fetchedAt,
    });
    expect(server.requests).toHaveLength(1);
    expect(await c.contactSection(LOC, 'c1', 'tasks', { fresh: true })).toMatchObject({
      stale: false,
      fetchedAt: clock,
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('writes keep the cache right', () => {
  it('adds a created task to the cached list, without asking again', async () => {
    const c = client();
    await c.contactSection(LOC, 'c1', 'tasks');
    const task = await c.createTask(LOC, 'c1', { title: 'Send plan', dueDate: '2024-06-01T09:00:00Z' });
    const before = server.requests.length;
    const { data: tasks } = await c.contactSection(LOC, 'c1', 'tasks');
    expect(tasks.map((item) => item.id)).toEqual(['t1', task.id]);
    expect(server.requests.length).toBe(before);
  });

  it('replaces a completed task and removes a deleted one', async () => {
    const c = client();
    await c.contactSection(LOC, 'c1', 'tasks');
    await c.setTaskCompleted(LOC, 'c1', 't1', true);
    expect((await c.contactSection(LOC, 'c1', 'tasks')).data[0]?.completed).toBe(true);
    await c.deleteTask(LOC, 'c1', 't1');
    expect((await c.contactSection(LOC, 'c1', 'tasks')).data).toEqual([]);
  });

  it('adds and removes tags on the cached contact without replacing the others', async () => {
    const c = client();
    await c.getContact(LOC, 'c1');
    await c.addTags(LOC, 'c1', ['member']);
    expect((await c.contactSection(LOC, 'c1', 'contact')).data.tags).toEqual(['vip', 'member']);
    await c.removeTags(LOC, 'c1', ['VIP']);
    expect((await c.contactSection(LOC, 'c1', 'contact')).data.tags).toEqual(['member']);
    expect(server.requests.find((request) => request.path.endsWith('/tags'))?.body).toEqual({
      tags: ['member'],
    });
  });

  it('forgets every section of a deleted contact', async () => {
    const c = client();
    await c.loadContactBundle(LOC, 'c1');
    await c.deleteContact(LOC, 'c1');
    await expect(c.contactSection(LOC, 'c1', 'tasks')).rejects.toMatchObject({ kind: 'not.found' });
  });

  it('resends the title and due date it knows when a task update leaves them out', async () => {
    const c = client();
    await c.contactSection(LOC, 'c1', 'tasks');
    await c.updateTask(LOC, 'c1', 't1', { body: 'Details' });
    const put = server.requests.find((request) => request.method === 'PUT');
    expect(put?.body).toEqual({ title: 'Call back', dueDate: '2024-05-01T10:00:00Z', body: 'Details' });
  });

  it('fetches the task first when nothing is cached to fill title and due date', async () => {
    await client().updateTask(LOC, 'c1', 't1', { completed: true });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /contacts/c1/tasks/t1',
      'PUT /contacts/c1/tasks/t1',
    ]);
    expect(server.requests[1]?.body).toMatchObject({ title: 'Call back', dueDate: '2024-05-01T10:00:00Z' });
  });

  it('does not let a list fetched before a write overwrite that write', async () => {
    const c = client();
    await c.contactSection(LOC, 'c1', 'tasks');
    const before = structuredClone(data.tasks.get('c1'));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const normal = highLevel(data);
    server.handle(async (request) => {
      if (request.method !== 'GET' || !request.path.endsWith('/tasks')) return normal(request);
      await held;
      return { json: { tasks: before } };
    });
    const refresh = c.getTasks(LOC, 'c1');
    while (
      !server.requests.some((request) => request.method === 'GET' && server.requests.indexOf(request) > 0)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await c.createTask(LOC, 'c1', { title: 'Quick', dueDate: new Date() });
    release();
    expect((await refresh).map((task) => task.title)).toEqual(['Call back']);
    const { data: tasks } = await c.contactSection(LOC, 'c1', 'tasks');
    expect(tasks.map((task) => task.title)).toEqual(['Call back', 'Quick']);
  });
});

describe('rate limiting over HTTP', () => {
  /** Answers 429 like HighLevel whenever more than `max` requests arrive within `windowMs`. */
  function enforcing(max: number, windowMs: number) {
    const accepted: number[] = [];
    const rejected: number[] = [];
    const handler = (request: ArrivedRequest): Reply => {
      const now = Date.now();
      while (accepted.length && (accepted[0] as number) <= now - windowMs) accepted.shift();
      if (accepted.length >= max) {
        rejected.push(now);
        return { status: 429, json: { statusCode: 429, message: 'Too many requests' } };
      }
      accepted.push(now);
      const id = request.path.split('/')[2] ?? 'x';
      return {
        json: { contact: { id } },
        headers: {
          'x-ratelimit-max': String(max),
          'x-ratelimit-remaining': String(max - accepted.length),
          'x-ratelimit-interval-milliseconds': String(windowMs),
          'x-ratelimit-daily-remaining': '1000',
          'x-ratelimit-limit-daily': '2000',
        },
      };
    };
    return { handler, rejected };
  }

  // HighLevel's 100 per 10 s, scaled down; the guard covers the time from our send to the server's count.
  const small = { maxPerInterval: 10, intervalMs: 500, guardMs: 150 };

  it('sends a burst three times the limit without a single 429', async () => {
    const { handler, rejected } = enforcing(10, 500);
    server.handle(handler);
    const c = client({ now: Date.now, limits: { rate: small } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, index) => c.getContact(LOC, `c${index}`)));
    expect(rejected).toHaveLength(0);
    expect(server.requests).toHaveLength(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(c.rateState(LOC)).toMatchObject({ dailyRemaining: 1000, dailyLimit: 2000, exhausted: false });
  });

  it('lets an interactive read overtake a queued background burst', async () => {
    const { handler } = enforcing(10, 500);
    server.handle(handler);
    const c = client({ now: Date.now, limits: { rate: small } });
    const done: string[] = [];
    const background = Array.from({ length: 20 }, (_, index) =>
      c.getContact(LOC, `b${index}`, { priority: 'background' }).then(() => done.push(`b${index}`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = Date.now();
    await c.getContact(LOC, 'sidebar', { priority: 'interactive' }).then(() => done.push('sidebar'));
    const waited = Date.now() - asked;
    await Promise.all(background);
    // Background took 9 of 10 slots; the sidebar got the one left at once instead of waiting for the next
    // window (650 ms), so it finished before any of the 11 queued background reads.
    expect(waited).toBeLessThan(400);
    expect(done.indexOf('sidebar')).toBeLessThanOrEqual(9);
  });

  it('rate state shows the quota the server reported', async () => {
    server.handle(() => ({
      json: { contact: { id: 'c1' } },
      headers: { 'x-ratelimit-daily-remaining': '0', 'x-ratelimit-limit-daily': '200000' },
    }));
    const c = client({ now: Date.now });
    await c.getContact(LOC, 'c1');
    expect(c.rateState(LOC)).toMatchObject({ exhausted: true, dailyRemaining: 0 });
    await expect(c.getContact(LOC, 'c2')).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('paging', () => {
  it('walks a business’s contacts with skip and limit until the last page', async () => {
    const all = Array.from({ length: 25 }, (_, index) => ({ id: `p${index}` }));
    server.handle((request) => {
      const skip = Number(request.query.skip);
      const limit = Number(request.query.limit);
      return { json: { contacts: all.slice(skip, skip + limit), count: all.length } };
    });
    const ids: string[] = [];
    for await (const contact of client().iterateBusinessContacts(LOC, 'biz1', { pageSize: 10 }))
      ids.push(contact.id);
    expect(ids).toHaveLength(25);
    expect(server.requests.map((request) => request.query)).toEqual([
      { locationId: LOC, limit: '10', skip: '0' },
      { locationId: LOC, limit: '10', skip: '10' },
      { locationId: LOC, limit: '10', skip: '20' },
    ]);
  });
});
