import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, createFakeHighLevel, type FakeHighLevel } from '../../test/support/fake-highlevel.ts';
import type { OutboxClient } from './operations.ts';
import {
  createOutbox,
  type LockManagerLike,
  OutboxError,
  type OutboxOptions,
  type OutboxPolicy,
  type OutboxService,
} from './outbox.ts';
import type { OutboxEntry, OutboxOrigin, WriteOp } from './types.ts';

const LOC = 'loc1';
const DUE = '2024-05-01T10:00:00Z';
const SIDEBAR: { origin: OutboxOrigin } = { origin: { kind: 'sidebar', site: 'gleantap' } };
const AUTOMATION: { origin: OutboxOrigin } = { origin: { kind: 'automation', ruleId: 'r1', runId: 'run1' } };

const POLICY: Partial<OutboxPolicy> = {
  concurrency: 4,
  maxAttempts: 4,
  maxAgeMs: 10 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  authWaitMs: 60_000,
  settleMs: 2_000,
  leaseMs: 30_000,
};

const taskOp = (contactId: string | { fromEntry: string }, title = 'Call back'): WriteOp => ({
  kind: 'task.create',
  locationId: LOC,
  contactId,
  input: { title, dueDate: DUE, body: 'About the renewal' },
});
const tagsOp = (contactId: string, tags = ['vip']): WriteOp => ({
  kind: 'tags.add',
  locationId: LOC,
  contactId,
  tags,
});
const noteOp = (contactId: string, body: string): WriteOp => ({
  kind: 'note.create',
  locationId: LOC,
  contactId,
  input: { body },
});

/** Web Locks for one process: callbacks of the same name run one after another. */
function memoryLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, _options, callback) {
      const run = (tails.get(name) ?? Promise.resolve()).then(() => callback(null));
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

const open: OutboxService[] = [];
const cleanups: (() => void)[] = [];
let databases = 0;

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(open.splice(0).map((outbox) => outbox.close()));
});

interface World {
  clock: { now: number };
  hl: FakeHighLevel;
  make(options?: Partial<OutboxOptions>): OutboxService;
}

function world(): World {
  const clock = { now: Date.UTC(2024, 3, 1, 9) };
  const hl = createFakeHighLevel(() => clock.now);
  const dbName = `outbox-test-${++databases}`;
  return {
    clock,
    hl,
    make(options = {}) {
      const outbox = createOutbox({
        client: hl.client,
        dbName,
        now: () => clock.now,
        random: () => 0.5,
        locks: null,
        policy: POLICY,
        ...options,
      });
      open.push(outbox);
      return outbox;
    },
  };
}

async function entry(outbox: OutboxService, id: string): Promise<OutboxEntry> {
  const found = await outbox.get(id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
}

/** Moves the clock to each next attempt and drains, until the entry settles (bounded, like the outbox). */
async function runToEnd(world: World, outbox: OutboxService, id: string): Promise<OutboxEntry> {
  for (let step = 0; step < 200; step++) {
    const current = await entry(outbox, id);
    if (current.status !== 'pending') return current;
    world.clock.now = Math.max(world.clock.now, current.nextAttemptAt ?? world.clock.now);
    await outbox.drain();
  }
  throw new Error('the entry never settled');
}

async function until(check: () => boolean): Promise<void> {
  for (let step = 0; step < 200 && !check(); step++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error('condition never held');
}

describe('enqueue', () => {
  it('stores the write durably before resolving: a second outbox over the same database sees it', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const release = w.hl.hold('createTask');
    const first = w.make();
    const queued = await first.enqueue(taskOp('c1'), SIDEBAR);

    const second = w.make({ autoStart: false });
    const seen = await second.get(queued.id);
    expect(seen).toMatchObject({
      id: queued.id,
      op: taskOp('c1'),
      origin: SIDEBAR.origin,
      attempts: expect.any(Number),
    });
    expect(['pending', 'sending']).toContain(seen?.status);

    release();
    await first.drain();
    expect((await entry(second, queued.id)).status).toBe('saved');
  });

  it('returns the existing entry for a known dedupe key, also from another instance, and sends it once', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const first = w.make();
    const a = await first.enqueue(tagsOp('c1'), { ...AUTOMATION, dedupeKey: 'r1:c1' });
    const b = await first.enqueue(tagsOp('c1'), { ...AUTOMATION, dedupeKey: 'r1:c1' });
    await first.drain();
    const second = w.make();
    const c = await second.enqueue(tagsOp('c1'), { ...AUTOMATION, dedupeKey: 'r1:c1' });
    await second.drain();

    expect(b.id).toBe(a.id);
    expect(c).toMatchObject({ id: a.id, status: 'saved' });
    expect(w.hl.count('addTags')).toBe(1);
    expect(await second.list()).toHaveLength(1);
  });

  it('refuses ops it cannot send and ContactRefs to entries that create no contact', async () => {
    const w = world();
    const outbox = w.make();
    const bad = { kind: 'tags.add', locationId: LOC, contactId: 'c1', tags: [] } as unknown as WriteOp;
    await expect(outbox.enqueue(bad, SIDEBAR)).rejects.toMatchObject({ code: 'invalid' });
    await expect(outbox.enqueue(taskOp({ fromEntry: 'nope' }), SIDEBAR)).rejects.toBeInstanceOf(OutboxError);
    w.hl.addContact({ id: 'c1' });
    const note = await outbox.enqueue(noteOp('c1', 'Hi'), SIDEBAR);
    await expect(outbox.enqueue(taskOp({ fromEntry: note.id }), SIDEBAR)).rejects.toMatchObject({
      code: 'invalid',
    });
    expect(await outbox.list()).toHaveLength(1);
  });
});

describe('order and parallelism', () => {
  it("sends one contact's writes one at a time, in enqueue order", async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.delay('createNote', 15);
    w.hl.delay('addTags', 5);
    const outbox = w.make();
    await outbox.enqueue(noteOp('c1', 'one'), SIDEBAR);
    await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    await outbox.enqueue(noteOp('c1', 'two'), SIDEBAR);
    await outbox.enqueue(noteOp('c1', 'three'), SIDEBAR);
    await outbox.drain();

    const writes = w.hl.calls.filter((call) => call.method === 'createNote' || call.method === 'addTags');
    expect(
      writes.map((call) => (call.method === 'addTags' ? 'tags' : (call.args[2] as { body: string }).body)),
    ).toEqual(['one', 'tags', 'two', 'three']);
    expect(w.hl.maxActivePerContact).toBe(1);
  });

  it('sends different contacts in parallel, up to the concurrency bound', async () => {
    const w = world();
    for (const id of ['c1', 'c2', 'c3', 'c4']) w.hl.addContact({ id });
    w.hl.delay('addTags', 60);
    const outbox = w.make({ policy: { ...POLICY, concurrency: 2 } });
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c1'])
      await outbox.enqueue(tagsOp(id, [`t-${id}`]), AUTOMATION);
    await outbox.drain();

    expect(w.hl.count('addTags')).toBe(5);
    expect(w.hl.maxActive).toBe(2);
    expect(w.hl.maxActivePerContact).toBe(1);
  });
});

describe('retries', () => {
  it('backs off exponentially on server errors and fails after the attempt bound', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('updateContact', { error: apiError('server', { status: 503 }) }, 10);
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'contact.update', locationId: LOC, contactId: 'c1', input: { city: 'Madrid' } },
      SIDEBAR,
    );
    await outbox.drain();
    const delays: number[] = [];
    for (;;) {
      const current = await entry(outbox, queued.id);
      if (current.status !== 'pending') break;
      delays.push((current.nextAttemptAt ?? 0) - w.clock.now);
      w.clock.now = current.nextAttemptAt ?? w.clock.now;
      await outbox.drain();
    }

    const final = await entry(outbox, queued.id);
    expect(final).toMatchObject({ status: 'failed', attempts: 4, error: { kind: 'server', status: 503 } });
    expect(delays).toEqual([750, 1_500, 3_000]);
    w.clock.now += 60 * 60_000;
    await outbox.drain();
    expect(w.hl.count('updateContact')).toBe(4);
  });

  it('keeps retrying while offline only until the age bound, then fails', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('addTags', { error: apiError('network.offline') }, 1_000);
    const outbox = w.make();
    const queued = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    const final = await runToEnd(w, outbox, queued.id);

    expect(final).toMatchObject({ status: 'failed', error: { kind: 'network.offline' } });
    // Offline tries do not count against the bound of 4; the age bound (10 minutes) stops them.
    expect(w.hl.count('addTags')).toBeGreaterThan(4);
    expect(final.updatedAt - final.createdAt).toBeLessThanOrEqual(10 * 60_000);
  });

  it('waits for the time a rate limit names before sending again', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const retryAt = w.clock.now + 42_000;
    w.hl.fail('addTags', { error: apiError('rate.limited', { status: 429, retryAt }) });
    const outbox = w.make();
    const queued = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({ status: 'pending', nextAttemptAt: retryAt });

    w.clock.now = retryAt - 1;
    await outbox.drain();
    expect(w.hl.count('addTags')).toBe(1);
    w.clock.now = retryAt;
    await outbox.drain();
    expect((await entry(outbox, queued.id)).status).toBe('saved');
  });

  it('fails a rejected write at once and keeps it until retried, then sends it with attempts reset', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('createNote', {
      error: apiError('validation', { status: 422, messages: ['body is required'] }),
    });
    const outbox = w.make();
    const queued = await outbox.enqueue(noteOp('c1', 'Hello'), SIDEBAR);
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { kind: 'validation', messages: ['body is required'] },
    });

    w.clock.now += 24 * 60 * 60_000;
    await outbox.drain();
    expect(w.hl.count('createNote')).toBe(1);

    const retried = await outbox.retry(queued.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    expect(retried.error).toBeUndefined();
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({ status: 'saved', attempts: 1 });
    expect(w.hl.notes.get('c1')).toHaveLength(1);
  });

  it('never sends a discarded entry, and refuses to discard a saved one', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const release = w.hl.hold('addTags');
    const outbox = w.make();
    const first = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    const second = await outbox.enqueue(noteOp('c1', 'never'), SIDEBAR);
    await until(() => w.hl.count('addTags') === 1);

    expect((await outbox.discard(second.id)).status).toBe('discarded');
    release();
    await outbox.drain();
    w.clock.now += 60 * 60_000;
    await outbox.drain();

    expect(w.hl.count('createNote')).toBe(0);
    expect((await entry(outbox, second.id)).status).toBe('discarded');
    await expect(outbox.discard(first.id)).rejects.toMatchObject({ code: 'state' });
  });

  it('waits while the connection is expired, and sends when nudged', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('addTags', { error: apiError('auth.expired', { status: 401 }) });
    const wakes: number[] = [];
    const outbox = w.make({ scheduleWake: (at) => wakes.push(at) });
    const queued = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    await outbox.drain();
    const waiting = await entry(outbox, queued.id);
    expect(waiting).toMatchObject({ status: 'pending', error: { kind: 'auth.expired' } });
    expect(waiting.nextAttemptAt).toBe(w.clock.now + 60_000);
    expect(wakes.at(-1)).toBe(waiting.nextAttemptAt);

    await outbox.drain();
    expect(w.hl.count('addTags')).toBe(1);
    await outbox.nudge();
    expect((await entry(outbox, queued.id)).status).toBe('saved');
  });

  it('stops waiting for a reconnection at the age bound', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('addTags', { error: apiError('not.connected') }, 100);
    const outbox = w.make();
    const queued = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    const final = await runToEnd(w, outbox, queued.id);

    expect(final).toMatchObject({ status: 'failed', error: { kind: 'not.connected' } });
    // Every 60 s from 0 to 600 s: the last try falls on the bound, none after it.
    expect(w.hl.count('addTags')).toBe(11);
  });

  it('retrying a waiting entry makes it due now', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('addTags', { error: apiError('server', { status: 502 }) });
    const outbox = w.make();
    const queued = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    await outbox.drain();
    expect((await entry(outbox, queued.id)).nextAttemptAt).toBeGreaterThan(w.clock.now);

    expect((await outbox.retry(queued.id)).nextAttemptAt).toBe(w.clock.now);
    await outbox.drain();
    expect((await entry(outbox, queued.id)).status).toBe('saved');
  });

  it('counts a delete that finds nothing as done', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'task.delete', locationId: LOC, contactId: 'c1', taskId: 'gone' },
      SIDEBAR,
    );
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({
      status: 'saved',
      result: { contactId: 'c1', taskId: 'gone' },
    });
  });

  it('counts an update whose answer could not be read as saved, and drops the cached contact', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('updateContact', {
      error: apiError('response.invalid', { path: 'contact.id' }),
      applied: true,
    });
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'contact.update', locationId: LOC, contactId: 'c1', input: { city: 'Sevilla' } },
      SIDEBAR,
    );
    await outbox.drain();
    expect((await entry(outbox, queued.id)).status).toBe('saved');
    expect(w.hl.count('updateContact')).toBe(1);
    expect(w.hl.calls.some((call) => call.method === 'forgetContact' && call.args[1] === 'c1')).toBe(true);
  });
});

describe('ContactRef chains', () => {
  it('creates the contact first, then the task on the new contact', async () => {
    const w = world();
    const outbox = w.make();
    const create = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { firstName: 'Eva', email: 'eva@example.com' } },
      AUTOMATION,
    );
    const task = await outbox.enqueue(taskOp({ fromEntry: create.id }, 'Welcome call'), AUTOMATION);
    await outbox.drain();

    const created = await entry(outbox, create.id);
    const contactId = created.result?.contactId ?? '';
    expect(created.status).toBe('saved');
    expect(contactId).toMatch(/^contact-/);
    const sent = await entry(outbox, task.id);
    expect(sent).toMatchObject({ status: 'saved', result: { contactId, taskId: expect.any(String) } });
    expect(w.hl.tasks.get(contactId)?.map((item) => item.title)).toEqual(['Welcome call']);
    const order = w.hl.calls.map((call) => call.method).filter((method) => method.startsWith('create'));
    expect(order).toEqual(['createContact', 'createTask']);
    expect((await outbox.list({ contactId })).map((item) => item.id)).toEqual([create.id, task.id]);
  });

  it('fails the dependent when its contact create fails, and brings it back when that create is retried', async () => {
    const w = world();
    w.hl.fail('createContact', {
      error: apiError('validation', { status: 422, messages: ['email is invalid'] }),
    });
    const outbox = w.make();
    const create = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { firstName: 'Eva', email: 'eva@example.com' } },
      AUTOMATION,
    );
    const task = await outbox.enqueue(taskOp({ fromEntry: create.id }), AUTOMATION);
    await outbox.drain();
    expect(await entry(outbox, create.id)).toMatchObject({ status: 'failed', ambiguous: true });
    expect(await entry(outbox, task.id)).toMatchObject({
      status: 'failed',
      blockedBy: create.id,
      error: { kind: 'validation' },
    });

    await outbox.retry(create.id);
    await outbox.drain();
    expect((await entry(outbox, create.id)).status).toBe('saved');
    expect((await entry(outbox, task.id)).status).toBe('saved');
    // The retried create was looked up first (HighLevel may create despite a 422), found absent, then sent.
    expect(w.hl.count('createContact')).toBe(2);
    expect(w.hl.contacts.size).toBe(1);
  });

  it('fails the dependent of a discarded create', async () => {
    const w = world();
    w.hl.fail('createContact', { error: apiError('server', { status: 500 }) });
    const outbox = w.make();
    const create = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { email: 'eva@example.com' } },
      AUTOMATION,
    );
    const task = await outbox.enqueue(taskOp({ fromEntry: create.id }), AUTOMATION);
    await outbox.drain();
    await outbox.discard(create.id);
    await outbox.drain();
    expect(await entry(outbox, task.id)).toMatchObject({ status: 'failed', blockedBy: create.id });
    expect(w.hl.count('createTask')).toBe(0);
  });
});

describe('ambiguous creates', () => {
  it('finds the task a lost answer created, and does not create it again', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('createTask', { error: apiError('timeout'), applied: true });
    const outbox = w.make();
    const queued = await outbox.enqueue(taskOp('c1'), SIDEBAR);
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({ status: 'pending', ambiguous: true });

    const final = await runToEnd(w, outbox, queued.id);
    const tasks = w.hl.tasks.get('c1') ?? [];
    expect(tasks).toHaveLength(1);
    expect(final).toMatchObject({ status: 'saved', result: { contactId: 'c1', taskId: tasks[0]?.id } });
    expect(final.ambiguous).toBeUndefined();
    expect(w.hl.count('createTask')).toBe(1);
  });

  it('sends again, once, when the check finds nothing', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('createTask', { error: apiError('network.offline') });
    const outbox = w.make();
    const queued = await outbox.enqueue(taskOp('c1'), SIDEBAR);
    const final = await runToEnd(w, outbox, queued.id);

    expect(final.status).toBe('saved');
    expect(w.hl.count('createTask')).toBe(2);
    expect(w.hl.tasks.get('c1')).toHaveLength(1);
  });

  it('does not mistake an identical task that existed before the first send for its own', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.tasks.set('c1', [
      { id: 'task-old', title: 'Call back', body: 'About the renewal', dueDate: DUE, completed: false },
    ]);
    w.hl.fail('createTask', { error: apiError('timeout') });
    const outbox = w.make();
    const queued = await outbox.enqueue(taskOp('c1'), SIDEBAR);
    const final = await runToEnd(w, outbox, queued.id);

    expect(final.status).toBe('saved');
    expect(final.result?.taskId).not.toBe('task-old');
    expect(w.hl.tasks.get('c1')).toHaveLength(2);
    expect(w.hl.count('createTask')).toBe(2);
  });

  it('finds a note a 5xx answer created', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('createNote', { error: apiError('server', { status: 502 }), applied: true });
    const outbox = w.make();
    const queued = await outbox.enqueue(noteOp('c1', 'Prefers mornings'), SIDEBAR);
    const final = await runToEnd(w, outbox, queued.id);

    expect(final).toMatchObject({ status: 'saved', result: { noteId: w.hl.notes.get('c1')?.[0]?.id } });
    expect(w.hl.notes.get('c1')).toHaveLength(1);
    expect(w.hl.count('createNote')).toBe(1);
  });

  it('finds a contact a lost answer created, by email', async () => {
    const w = world();
    w.hl.fail('createContact', { error: apiError('timeout'), applied: true });
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { firstName: 'Eva', email: 'Eva@Example.com' } },
      SIDEBAR,
    );
    const final = await runToEnd(w, outbox, queued.id);

    expect(w.hl.contacts.size).toBe(1);
    expect(final).toMatchObject({ status: 'saved', result: { contactId: [...w.hl.contacts.keys()][0] } });
    expect(w.hl.count('createContact')).toBe(1);
  });

  it("takes HighLevel's duplicate answer as its own contact when search had not caught up", async () => {
    const w = world();
    w.hl.forbidDuplicates = true;
    w.hl.searchLagMs = 60 * 60_000;
    w.hl.fail('createContact', { error: apiError('timeout'), applied: true });
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { phone: '+34600111222' } },
      SIDEBAR,
    );
    const final = await runToEnd(w, outbox, queued.id);

    expect(w.hl.contacts.size).toBe(1);
    expect(w.hl.count('createContact')).toBe(2);
    expect(final).toMatchObject({ status: 'saved', result: { contactId: [...w.hl.contacts.keys()][0] } });
  });

  it('fails a duplicate of a contact that existed before, naming it', async () => {
    const w = world();
    w.hl.forbidDuplicates = true;
    w.hl.addContact({ id: 'old', email: 'eva@example.com' });
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { email: 'eva@example.com' } },
      SIDEBAR,
    );
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({
      status: 'failed',
      duplicateOf: 'old',
      error: { kind: 'validation' },
    });
    expect(w.hl.contacts.size).toBe(1);
  });

  it('leaves a create it cannot look up to a person, and sends it when they retry', async () => {
    const w = world();
    w.hl.fail('createContact', { error: apiError('timeout') });
    const outbox = w.make();
    const queued = await outbox.enqueue(
      { kind: 'contact.create', locationId: LOC, input: { companyName: 'Acme' } },
      SIDEBAR,
    );
    await outbox.drain();
    expect(await entry(outbox, queued.id)).toMatchObject({
      status: 'failed',
      ambiguous: true,
      error: { kind: 'timeout' },
    });

    await outbox.retry(queued.id);
    await outbox.drain();
    expect((await entry(outbox, queued.id)).status).toBe('saved');
    expect(w.hl.count('createContact')).toBe(2);
  });
});

describe('crashes and other contexts', () => {
  /** A client whose createTask reaches HighLevel (or not) and then never answers: the worker died. */
  function dyingClient(hl: FakeHighLevel, lands: boolean): { client: OutboxClient; sent: () => boolean } {
    let kill: (reason: unknown) => void = () => undefined;
    let sent = false;
    const dead = new Promise<never>((_, reject) => {
      kill = reject;
    });
    cleanups.push(() => kill(new Error('worker gone')));
    const client: OutboxClient = {
      ...hl.client,
      createTask: (...args) => {
        sent = true;
        if (lands) hl.client.createTask(...args).catch(() => undefined);
        return dead;
      },
    };
    return { client, sent: () => sent };
  }

  it('leaves a live claim alone, then after its lease checks HighLevel before sending again', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const crashed = createOutbox({
      client: dyingClient(w.hl, true).client,
      dbName: `outbox-test-${databases}`,
      now: () => w.clock.now,
      locks: null,
      policy: POLICY,
    });
    open.push(crashed);
    const queued = await crashed.enqueue(taskOp('c1'), SIDEBAR);
    await until(() => (w.hl.tasks.get('c1') ?? []).length === 1);

    const wakes: number[] = [];
    const next = w.make({ scheduleWake: (at) => wakes.push(at) });
    await next.drain();
    const claimed = await entry(next, queued.id);
    expect(claimed.status).toBe('sending');
    expect(wakes.at(-1)).toBe(claimed.updatedAt + 30_000);

    w.clock.now += 30_000;
    await next.drain();
    expect(await entry(next, queued.id)).toMatchObject({
      status: 'saved',
      result: { taskId: w.hl.tasks.get('c1')?.[0]?.id },
    });
    expect(w.hl.tasks.get('c1')).toHaveLength(1);
    expect(w.hl.count('createTask')).toBe(1);
  });

  it('with Web Locks, recovers a dead worker at once and resends what never left', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const dying = dyingClient(w.hl, false);
    const crashed = createOutbox({
      client: dying.client,
      dbName: `outbox-test-${databases}`,
      now: () => w.clock.now,
      locks: null,
      policy: POLICY,
    });
    open.push(crashed);
    const queued = await crashed.enqueue(taskOp('c1'), SIDEBAR);
    await until(dying.sent);
    expect((await entry(crashed, queued.id)).status).toBe('sending');

    const next = w.make({ locks: memoryLocks() });
    w.clock.now += 2_000;
    await next.drain();
    const final = await runToEnd(w, next, queued.id);
    expect(final.status).toBe('saved');
    expect(w.hl.tasks.get('c1')).toHaveLength(1);
    // The first getTasks took the baseline; the recovering worker looked again before sending.
    // The baseline before the first send, the check after the crash, and the look for copies after saving.
    expect(w.hl.count('getTasks')).toBe(3);
  });

  it.each([
    ['without Web Locks', () => null],
    ['with Web Locks', memoryLocks],
  ])('never sends an entry twice when two instances drain the same database (%s)', async (_name, locks) => {
    const w = world();
    const contacts = ['c1', 'c2', 'c3', 'c4', 'c5'];
    for (const id of contacts) w.hl.addContact({ id });
    w.hl.delay('addTags', 3);
    w.hl.delay('createNote', 3);
    // Everything is stored first by an instance that sends nothing, so both drains start on the same backlog.
    const writer = w.make({ policy: { ...POLICY, concurrency: 0 } });
    const ids: string[] = [];
    for (let index = 0; index < 20; index++) {
      const contactId = contacts[index % contacts.length] ?? 'c1';
      const op = index % 2 ? tagsOp(contactId, [`t${index}`]) : noteOp(contactId, `note ${index}`);
      ids.push((await writer.enqueue(op, AUTOMATION)).id);
    }
    const shared = locks();
    const a = w.make({ locks: shared, autoStart: false });
    const b = w.make({ locks: shared, autoStart: false });
    await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.drain(), b.drain()]);

    const statuses = await Promise.all(ids.map(async (id) => (await entry(a, id)).status));
    expect(statuses.every((status) => status === 'saved')).toBe(true);
    expect(w.hl.count('addTags') + w.hl.count('createNote')).toBe(20);
    expect(w.hl.maxActivePerContact).toBe(1);
  });
});

describe('receipts and history', () => {
  it('tells subscribers about every change until they unsubscribe', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    const outbox = w.make();
    const seen: string[] = [];
    const unsubscribe = outbox.subscribe((item) => seen.push(item.status));
    await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    await outbox.drain();
    unsubscribe();
    await outbox.enqueue(tagsOp('c1', ['later']), SIDEBAR);
    await outbox.drain();
    expect(seen).toEqual(['pending', 'sending', 'saved']);
  });

  it('lists by status, location and contact, in enqueue order', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.addContact({ id: 'c2' });
    w.hl.fail('addTags', { error: apiError('scope.missing', { status: 401, scope: 'contacts.write' }) });
    const outbox = w.make();
    const first = await outbox.enqueue(tagsOp('c1'), SIDEBAR);
    await outbox.drain();
    const second = await outbox.enqueue(noteOp('c2', 'x'), SIDEBAR);
    const third = await outbox.enqueue(noteOp('c1', 'y'), SIDEBAR);
    await outbox.drain();

    expect((await outbox.list()).map((item) => item.id)).toEqual([first.id, second.id, third.id]);
    expect((await outbox.list({ status: ['failed'] })).map((item) => item.id)).toEqual([first.id]);
    expect((await outbox.list({ contactId: 'c1' })).map((item) => item.id)).toEqual([first.id, third.id]);
    expect(await outbox.list({ locationId: 'elsewhere' })).toEqual([]);
  });

  it('prunes old and surplus saved entries, and keeps failed ones until handled', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.fail('createNote', { error: apiError('validation', { status: 422 }) });
    const policy = { ...POLICY, retentionMs: 60_000, maxKept: 2 };
    const outbox = w.make({ policy });
    const failed = await outbox.enqueue(noteOp('c1', 'rejected'), SIDEBAR);
    const old = await outbox.enqueue(tagsOp('c1', ['old']), SIDEBAR);
    await outbox.drain();
    w.clock.now += 2 * 60_000;
    const recent: string[] = [];
    for (const tag of ['a', 'b', 'c']) {
      recent.push((await outbox.enqueue(tagsOp('c1', [tag]), SIDEBAR)).id);
      await outbox.drain();
      w.clock.now += 1_000;
    }

    const later = w.make({ policy });
    await later.drain();
    const kept = (await later.list()).map((item) => item.id);
    expect(kept).toEqual([failed.id, ...recent.slice(1)]);
    expect(kept).not.toContain(old.id);
  });
});

describe('a create that the network layer sent twice', () => {
  it('keeps exactly one task when the browser resent the request below the outbox and both landed', async () => {
    const w = world();
    w.hl.addContact({ id: 'c1' });
    w.hl.tasks.set('c1', [
      { id: 'old', title: 'Call back', body: 'About the renewal', dueDate: DUE, completed: false },
    ]);
    const createTask = w.hl.client.createTask;
    // The first request's answer was lost on a reused connection; the browser sent it again, and the second
    // answer is the one fetch returns. HighLevel made two tasks.
    w.hl.client.createTask = async (...args) => {
      await createTask(...args);
      return createTask(...args);
    };
    const outbox = w.make();
    const queued = await outbox.enqueue(taskOp('c1'), SIDEBAR);
    const done = await runToEnd(w, outbox, queued.id);
    expect(done.status).toBe('saved');
    const titles = (w.hl.tasks.get('c1') ?? []).map((t) => t.id);
    // The task that existed before is untouched; of the two copies, only the one we were told about remains.
    expect(titles).toEqual(['old', done.result?.taskId]);
  });

  it('removes nothing when the create landed once', async () => {
    const w = world();
    w.hl.addContact({ id: 'c2' });
    const outbox = w.make();
    const queued = await outbox.enqueue(noteOp('c2', 'Met at the gym'), SIDEBAR);
    const done = await runToEnd(w, outbox, queued.id);
    expect(done.status).toBe('saved');
    expect(w.hl.notes.get('c2')).toHaveLength(1);
    expect(w.hl.count('deleteNote')).toBe(0);
  });
});
