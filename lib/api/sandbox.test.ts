import { beforeEach, describe, expect, it } from 'vitest';
import { demoPerson, LOCATIONS, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { useSandbox } from '../../test/support/sandbox.ts';
import type { PageContact } from '../host-page/sites/types.ts';
import { createHighLevelClient, type HighLevelClient } from './client.ts';

const MAIN = LOCATIONS.main.id;
const person = demoPerson;

const world = useSandbox();
let client: HighLevelClient;

beforeEach(() => {
  world.sandbox.control.reset();
  client = world.client(SANDBOX_PITS.mainReadWrite.token);
});

const page = (site: 'gleantap' | 'gestioo', fields: Partial<PageContact>): PageContact => ({
  site,
  hostRecordId: 'x',
  ...fields,
});

describe('matching the demo people', () => {
  it('finds Ana by email', async () => {
    const ana = person('ana');
    const result = await client.matchContact(MAIN, page('gleantap', { email: ana.email ?? '' }));
    expect(result).toMatchObject({
      status: 'matched',
      candidates: [{ matchedOn: 'email', contact: { id: ana.ghlContactId } }],
    });
  });

  it('finds Ben by phone when the page shows another email', async () => {
    const ben = person('ben');
    const result = await client.matchContact(
      MAIN,
      page('gleantap', { email: ben.gleantap?.email ?? '', phone: ben.phone ?? '', name: 'Ben Carter' }),
    );
    expect(result).toMatchObject({
      status: 'matched',
      candidates: [{ matchedOn: 'phone', contact: { id: ben.ghlContactId } }],
    });
  });

  it('finds both John Smiths by name and calls it ambiguous', async () => {
    const result = await client.matchContact(MAIN, page('gestioo', { name: 'John Smith' }));
    expect(result.status).toBe('ambiguous');
    expect(result.candidates.map((candidate) => candidate.contact.id).sort()).toEqual([
      person('john1').ghlContactId,
      person('john2').ghlContactId,
    ]);
  });

  it('finds nobody for Nora, who is not in HighLevel', async () => {
    const nora = person('nora');
    const result = await client.matchContact(
      MAIN,
      page('gleantap', { email: nora.email ?? '', phone: nora.phone ?? '', name: 'Nora Quintana' }),
    );
    expect(result).toEqual({ status: 'none', candidates: [] });
  });
});

describe('looking a contact up by hand', () => {
  it('finds Ben by exact email and by exact number (+ encoded), and nobody for an unknown email', async () => {
    const ben = person('ben');
    await expect(client.findDuplicate(MAIN, { email: 'BEN.CARTER@example.com' })).resolves.toMatchObject({
      id: ben.ghlContactId,
    });
    await expect(client.findDuplicate(MAIN, { number: ben.phone ?? '' })).resolves.toMatchObject({
      id: ben.ghlContactId,
    });
    await expect(client.findDuplicate(MAIN, { email: 'nobody@example.com' })).resolves.toBeNull();
    const lookups = world.sandbox.control.requests().filter((r) => r.path === '/contacts/search/duplicate');
    expect(lookups.map((r) => r.query.number ?? r.query.email)).toContain(ben.phone);
  });

  it('finds Ben by free text with a small page', async () => {
    const page = await client.searchContacts(MAIN, { query: 'ben carter', pageLimit: 10 });
    expect(page.contacts.map((c) => c.id)).toContain(person('ben').ghlContactId);
    expect(page.contacts.length).toBeLessThanOrEqual(10);
  });
});

describe('a contact card', () => {
  it('loads Ana’s contact, tasks, notes and appointments (both time formats) in four requests', async () => {
    world.sandbox.control.clearRequests();
    const { bundle } = await client.loadContactBundle(MAIN, person('ana').ghlContactId ?? '');
    expect(world.sandbox.control.requests()).toHaveLength(4);
    expect(bundle.contact.data.email).toBe('ana.garcia@example.com');
    expect(bundle.tasks.ok && bundle.tasks.data.length).toBe(5);
    expect(bundle.notes.ok && bundle.notes.data.length).toBe(4);
    expect(bundle.appointments.ok && bundle.appointments.data.length).toBe(3);
    if (bundle.appointments.ok) {
      for (const event of bundle.appointments.data)
        expect(Number.isNaN(Date.parse(event.startTime ?? ''))).toBe(false);
    }
  });

  it('says not.found for an unknown contact id', async () => {
    await expect(client.loadContactBundle(MAIN, 'NoSuchContact0000000')).rejects.toMatchObject({
      kind: 'not.found',
    });
  });
});

describe('writes', () => {
  const id = () => person('ana').ghlContactId ?? '';

  it('create, update, complete and delete a task', async () => {
    const task = await client.createTask(MAIN, id(), {
      title: 'Send the plan',
      dueDate: new Date(Date.now() + 86_400_000),
    });
    await client.updateTask(MAIN, id(), task.id, { body: 'With the new prices' });
    await client.setTaskCompleted(MAIN, id(), task.id, true);
    const stored = world.sandbox.control.data.tasks(id()).find((item) => item.id === task.id);
    expect(stored).toMatchObject({ title: 'Send the plan', body: 'With the new prices', completed: true });
    await client.deleteTask(MAIN, id(), task.id);
    expect(world.sandbox.control.data.tasks(id()).some((item) => item.id === task.id)).toBe(false);
  });

  it('create, update and delete a note', async () => {
    const note = await client.createNote(MAIN, id(), { body: 'Asked about yoga' });
    await client.updateNote(MAIN, id(), note.id, { body: 'Asked about yoga and pilates' });
    expect(world.sandbox.control.data.notes(id()).find((item) => item.id === note.id)?.body).toBe(
      'Asked about yoga and pilates',
    );
    await client.deleteNote(MAIN, id(), note.id);
    expect(world.sandbox.control.data.notes(id()).some((item) => item.id === note.id)).toBe(false);
  });

  it('add and remove a tag without touching the others', async () => {
    await client.addTags(MAIN, id(), ['trial']);
    expect(world.sandbox.control.data.contact(id())?.tags).toEqual(
      expect.arrayContaining(['vip', 'member', 'trial']),
    );
    await client.removeTags(MAIN, id(), ['trial']);
    expect(world.sandbox.control.data.contact(id())?.tags).toEqual(expect.arrayContaining(['vip', 'member']));
    expect(world.sandbox.control.data.contact(id())?.tags).not.toContain('trial');
  });

  it('update a contact from a spread of itself, sending only declared fields', async () => {
    const contact = await client.getContact(MAIN, id());
    const updated = await client.updateContact(MAIN, id(), { ...contact, city: 'Valencia' } as never);
    expect(updated.city).toBe('Valencia');
    expect(world.sandbox.control.data.contact(id())?.tags).toEqual(expect.arrayContaining(['vip', 'member']));
  });

  it('create a contact, find its duplicate, upsert it and delete it', async () => {
    const nora = person('nora');
    const created = await client.createContact(MAIN, {
      firstName: nora.firstName,
      lastName: nora.lastName,
      email: nora.email,
      phone: nora.phone,
      source: 'HighLevel Sidebar',
    });
    await expect(client.createContact(MAIN, { email: nora.email })).rejects.toMatchObject({
      kind: 'validation',
      existingContactId: created.id,
    });
    const upserted = await client.upsertContact(MAIN, { email: nora.email, city: 'Madrid' });
    expect(upserted).toMatchObject({ created: false, contact: { id: created.id } });
    await client.deleteContact(MAIN, created.id);
    expect(world.sandbox.control.data.contact(created.id)).toBeNull();
  });

  it('report the missing scope for a read-only token, without refreshing', async () => {
    const readOnly = SANDBOX_PITS.mainReadOnly.token;
    let renewed = 0;
    const limited = createHighLevelClient({
      tokens: {
        accessToken: async () => readOnly,
        renew: async () => {
          renewed++;
          return readOnly;
        },
      },
      fetch: (input, init) => fetch(input, { ...init, dispatcher: world.dispatcher } as RequestInit),
    });
    await expect(limited.createNote(MAIN, id(), { body: 'x' })).rejects.toMatchObject({
      kind: 'scope.missing',
      scope: 'contacts.write',
    });
    expect(renewed).toBe(0);
  });
});

describe('paging', () => {
  it('walks a business’s contacts without duplicates', async () => {
    const expected = world.sandbox.control.data.businessContacts('BizGimnasioSol000001').length;
    const ids = new Set<string>();
    for await (const contact of client.iterateBusinessContacts(MAIN, 'BizGimnasioSol000001', {
      pageSize: 7,
    })) {
      expect(ids.has(contact.id)).toBe(false);
      ids.add(contact.id);
    }
    expect(ids.size).toBe(expected);
  });

  it('walks search results with searchAfter cursors', async () => {
    const total = (await client.searchContacts(MAIN, { pageLimit: 1 })).total ?? 0;
    let count = 0;
    for await (const _ of client.iterateSearch(MAIN, { pageLimit: 50 })) count++;
    expect(count).toBe(total);
  });
});
