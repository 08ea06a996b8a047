import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../lib/messaging/reply';
import type { StatusView } from '../settings/protocol';
import type { sendMessage } from './messenger';
import type { ContactView, MatchView, WriteReceipt } from './protocol';
import { createSidebarState } from './state';

const contact = (id: string, name: string): ContactView => ({
  id,
  locationId: 'loc',
  name,
  tags: [],
  customFields: [],
});

const linked = (view: ContactView): MatchView => ({
  status: 'linked',
  locationId: 'loc',
  contactId: view.id,
  candidates: [],
  sections: {
    contact: { ok: true, view: { data: view, fetchedAt: 0, stale: false } },
    tasks: { ok: true, view: { data: [], fetchedAt: 0, stale: false } },
    notes: { ok: true, view: { data: [], fetchedAt: 0, stale: false } },
    appointments: { ok: true, view: { data: [], fetchedAt: 0, stale: false } },
  },
});

const nobody: MatchView = { status: 'none', locationId: 'loc', candidates: [] };

/** The background, answering each match when the test says so. */
function background(contacts: Record<string, ContactView>) {
  const waiting: (() => void)[] = [];
  const send = ((type: string, data: { page?: { hostRecordId: string } }) => {
    if (type !== 'contact.match') return Promise.resolve(ok([]));
    const view = contacts[data.page?.hostRecordId ?? ''];
    return new Promise((answer) => waiting.push(() => answer(ok(view ? linked(view) : nobody))));
  }) as unknown as typeof sendMessage;
  const answerAll = async () => {
    for (const answer of waiting.splice(0)) answer();
    await new Promise((done) => setTimeout(done, 0));
  };
  return { send, answerAll };
}

const page = (hostRecordId: string) => ({ site: 'gleantap' as const, hostRecordId });

describe('coming back to a contact this tab showed', () => {
  it('shows it at once, marked as refreshing, and then as the background answers', async () => {
    const { send, answerAll } = background({ a: contact('ghl-a', 'Ana'), b: contact('ghl-b', 'Ben') });
    const state = createSidebarState('gleantap', send);
    state.openPage(page('a'), false);
    expect(state.sections.contact.value.state).toBe('idle');
    await answerAll();
    expect(state.sections.contact.value).toMatchObject({
      state: 'ready',
      value: { name: 'Ana' },
      stale: false,
    });

    state.openPage(page('b'), false);
    await answerAll();
    state.openPage(page('a'), false);
    // Before any answer: what the tab showed, marked.
    expect(state.contactId.value).toBe('ghl-a');
    expect(state.match.value).toMatchObject({ state: 'ready', stale: true });
    expect(state.sections.contact.value).toMatchObject({
      state: 'ready',
      value: { name: 'Ana' },
      stale: true,
    });
    expect(state.sections.tasks.value).toMatchObject({ state: 'ready', value: [], stale: true });
    await answerAll();
    expect(state.sections.contact.value).toMatchObject({
      state: 'ready',
      value: { name: 'Ana' },
      stale: false,
    });
  });

  it('shows nothing early for a contact it never showed, or one that never matched', async () => {
    const { send, answerAll } = background({ a: contact('ghl-a', 'Ana') });
    const state = createSidebarState('gleantap', send);
    state.openPage(page('nobody'), false);
    await answerAll();
    state.openPage(page('a'), false);
    expect(state.sections.contact.value.state).toBe('idle');
    await answerAll();
    state.openPage(page('nobody'), false);
    expect(state.match.value.state).toBe('loading');
    expect(state.contactId.value).toBeNull();
  });

  it('keeps only the most recent twenty', async () => {
    const people = Object.fromEntries(
      Array.from({ length: 22 }, (_, n) => [`p${n}`, contact(`ghl-${n}`, `Person ${n}`)]),
    );
    const { send, answerAll } = background(people);
    const state = createSidebarState('gleantap', send);
    for (let n = 0; n < 22; n++) {
      state.openPage(page(`p${n}`), false);
      await answerAll();
    }
    state.leavePage();
    state.openPage(page('p0'), false);
    expect(state.contactId.value).toBeNull();
    state.openPage(page('p2'), false);
    expect(state.contactId.value).toBe('ghl-2');
  });
});

const status = (userId?: string): StatusView => ({
  connections: [
    {
      locationId: 'L1',
      mode: userId ? 'oauth' : 'pit',
      scopes: ['contacts.readonly', 'contacts.write'],
      connectedAt: 0,
      ...(userId ? { userId } : {}),
    },
    { locationId: 'L2', mode: 'oauth', scopes: [], connectedAt: 0, userId: 'UsrOfL2' },
  ],
  locationId: 'L1',
  canWrite: true,
  oauthReady: false,
});

const answering = (view: StatusView) =>
  (async (type: string) => {
    if (type === 'status.get') return { ok: true, value: view };
    return { ok: false, error: { kind: 'internal' } };
  }) as unknown as typeof sendMessage;

describe('the sidebar state: who "Me" is', () => {
  it("is the user of the site's location when its connection knows one (OAuth)", async () => {
    const state = createSidebarState('gleantap', answering(status('UsrMe')));
    expect(state.me.value).toBeNull();
    await state.loadStatus();
    expect(state.me.value).toBe('UsrMe');
  });

  it("is unknown for a Private Integration Token, never another location's user", async () => {
    const state = createSidebarState('gleantap', answering(status()));
    await state.loadStatus();
    expect(state.me.value).toBeNull();
  });
});

describe('a contact matched by the page, not linked', () => {
  const found = contact('ghl-c', 'Cleo');
  const matched: MatchView = {
    status: 'matched',
    locationId: 'loc',
    candidates: [{ contact: found, matchedOn: 'email' }],
  };
  /** Records what was sent; answers the match at once and the sections with `sections`. */
  function answering(sections: unknown) {
    const sent: { type: string; data: unknown }[] = [];
    const send = ((type: string, data: unknown) => {
      sent.push({ type, data });
      if (type === 'contact.match') return Promise.resolve(ok(matched));
      if (type === 'contact.sections') return Promise.resolve(sections);
      return Promise.resolve(ok([]));
    }) as unknown as typeof sendMessage;
    return { send, sent };
  }
  const settleAll = () => new Promise((done) => setTimeout(done, 0));

  it('shows the card from the match, then asks for every section in one message', async () => {
    const { send, sent } = answering(
      ok({
        contact: {
          ok: true,
          view: { data: { ...found, email: 'cleo@example.com' }, fetchedAt: 1, stale: false },
        },
        tasks: {
          ok: true,
          view: { data: [{ id: 't1', title: 'Call', completed: false }], fetchedAt: 1, stale: false },
        },
        notes: { ok: false, error: { kind: 'rate.limited' } },
        appointments: { ok: true, view: { data: [], fetchedAt: 1, stale: false } },
      }),
    );
    const state = createSidebarState('gleantap', send);
    state.openPage({ ...page('c'), email: 'cleo@example.com' }, true);
    await settleAll();
    expect(sent.filter((m) => m.type === 'contact.sections')).toEqual([
      { type: 'contact.sections', data: { site: 'gleantap', contactId: 'ghl-c' } },
    ]);
    expect(sent.some((m) => m.type === 'contact.section')).toBe(false);
    expect(state.sections.contact.value).toMatchObject({
      state: 'ready',
      value: { email: 'cleo@example.com' },
    });
    expect(state.sections.tasks.value).toMatchObject({ state: 'ready', value: [{ id: 't1' }] });
    expect(state.sections.notes.value).toEqual({ state: 'error', error: { kind: 'rate.limited' } });
    expect(state.sections.appointments.value).toMatchObject({ state: 'ready', value: [] });
  });

  it('shows every section as failed when the one answer fails', async () => {
    const { send } = answering({ ok: false, error: { kind: 'network.offline' } });
    const state = createSidebarState('gleantap', send);
    state.openPage({ ...page('c'), email: 'cleo@example.com' }, true);
    await settleAll();
    for (const name of ['contact', 'tasks', 'notes', 'appointments'] as const)
      expect(state.sections[name].value).toEqual({ state: 'error', error: { kind: 'network.offline' } });
  });
});

describe('a page slow to show the person', () => {
  it('asks again when the fields appear after the page settled on the record id alone', async () => {
    const cleo = contact('ghl-c', 'Cleo');
    const asked: unknown[] = [];
    const send = ((type: string, data: { page: { email?: string }; settled: boolean }) => {
      if (type !== 'contact.match') return Promise.resolve(ok([]));
      asked.push(data);
      if (!data.settled)
        return Promise.resolve(ok({ status: 'needs-page', locationId: 'loc', candidates: [] }));
      return Promise.resolve(
        ok(
          data.page.email
            ? { status: 'matched', locationId: 'loc', candidates: [{ contact: cleo, matchedOn: 'email' }] }
            : nobody,
        ),
      );
    }) as unknown as typeof sendMessage;
    const settleAll = () => new Promise((done) => setTimeout(done, 0));
    const state = createSidebarState('gleantap', send);
    state.openPage(page('c'), false);
    state.openPage(page('c'), true);
    await settleAll();
    expect(state.match.value).toMatchObject({ state: 'ready', value: { status: 'none' } });
    state.openPage({ ...page('c'), email: 'cleo@example.com' }, true);
    await settleAll();
    expect(asked).toHaveLength(3);
    expect(state.match.value).toMatchObject({
      state: 'ready',
      value: { status: 'matched', candidates: [{ contact: { name: 'Cleo' } }] },
    });
    // Fields that change again on a page already matched on some ask nothing more.
    state.openPage({ ...page('c'), email: 'cleo@example.com', phone: '+15550001111' }, true);
    await settleAll();
    expect(asked).toHaveLength(3);
  });
});

describe('a contact created from the page', () => {
  /** A background that matches nobody until the contact is created, then links it; writes are stored pending. */
  function creating() {
    const ana = contact('ghl-a', 'Ana');
    let created = false;
    const matches: unknown[] = [];
    const send = ((type: string) => {
      if (type === 'write.enqueue')
        return Promise.resolve(
          ok({ id: 'w1', kind: 'contact.create', status: 'pending', createdAt: 1 } satisfies WriteReceipt),
        );
      if (type !== 'contact.match') return Promise.resolve(ok([]));
      matches.push(type);
      return Promise.resolve(ok(created ? linked(ana) : nobody));
    }) as unknown as typeof sendMessage;
    const create = () => {
      created = true;
    };
    return { send, matches, create };
  }
  const microtasks = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };

  it('is matched as soon as its receipt says saved, with no timer left waiting for it', async () => {
    vi.useFakeTimers();
    try {
      const { send, matches, create } = creating();
      const state = createSidebarState('gleantap', send);
      state.openPage(page('a'), true);
      await microtasks();
      expect(state.match.value).toMatchObject({ state: 'ready', value: { status: 'none' } });

      const write = { kind: 'contact.create', hostRecordId: 'a', input: { firstName: 'Ana' } } as const;
      expect(await state.write(write)).toBe(true);
      // Nothing polls for the receipt while it is pending.
      expect(vi.getTimerCount()).toBe(0);

      create();
      state.writes.update({ id: 'w1', kind: 'contact.create', status: 'saved', createdAt: 1 });
      await microtasks();
      // Asked again in the same turn the receipt was saved, no clock advanced.
      expect(matches).toHaveLength(2);
      expect(state.match.value).toMatchObject({ state: 'ready', value: { status: 'linked' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('is not matched again when its write failed', async () => {
    const { send, matches } = creating();
    const state = createSidebarState('gleantap', send);
    state.openPage(page('a'), true);
    await microtasks();
    await state.write({ kind: 'contact.create', hostRecordId: 'a', input: { firstName: 'Ana' } });
    state.writes.update({ id: 'w1', kind: 'contact.create', status: 'failed', createdAt: 1 });
    state.writes.update({ id: 'w1', kind: 'contact.create', status: 'saved', createdAt: 1 });
    await microtasks();
    expect(matches).toHaveLength(1);
  });
});
