/**
 * The engine with the real outbox (lib/outbox) over an in-memory HighLevel: the writes an automation queues
 * are sent, chained and deduplicated end to end, and the host record ends up linked to the contact created.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageContact } from '../../lib/host-page/sites/types.ts';
import { createOutbox, type OutboxService } from '../../lib/outbox/outbox.ts';
import { createFakeClient, createFakeLinks } from '../../test/support/automations-fakes.ts';
import { createFakeHighLevel } from '../../test/support/fake-highlevel.ts';
import { createAutomationEngine } from './engine.ts';
import type { Rule } from './model.ts';
import { presetCopy } from './presets.ts';
import { createMemoryRuleStore, createMemoryStores } from './stores.ts';

const LOCATION = 'loc1';
let databases = 0;
const open: OutboxService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((outbox) => outbox.close()));
});

function world(rules: Rule[]) {
  let clock = Date.now();
  const highlevel = createFakeHighLevel(Date.now);
  const outbox = createOutbox({
    client: highlevel.client,
    dbName: `automation-outbox-${++databases}`,
    locks: null,
  });
  open.push(outbox);
  const links = createFakeLinks();
  const engine = createAutomationEngine({
    client: createFakeClient().client,
    outbox,
    rules: createMemoryRuleStore(rules),
    ...createMemoryStores(),
    links: links.links,
    resolveLocation: async () => LOCATION,
    grantedScopes: async () => ['contacts.readonly', 'contacts.write'],
    now: () => clock,
  });
  return {
    highlevel,
    outbox,
    engine,
    links,
    later(ms: number) {
      clock += ms;
    },
  };
}

const enabled = (id: string): Rule => ({ ...(presetCopy(id) as Rule), enabled: true });
const nora: PageContact = {
  site: 'gestioo',
  hostRecordId: '4516',
  name: 'Nora Quintana',
  email: 'nora.quintana@example.com',
  phone: '+34699887766',
};

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 2000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('automations through the real outbox', () => {
  it('create a new Gestioo client once, with one follow-up task on it, however often the event arrives', async () => {
    const { highlevel, outbox, engine, links, later } = world([enabled('preset.gestioo.new-client')]);
    await engine.onHostEvent('gestioo', { type: 'contact.created', contact: nora }, { tabId: 1 });
    later(60_000);
    await engine.onHostEvent('gestioo', { type: 'contact.created', contact: nora }, { tabId: 2 });
    await outbox.drain();

    const created = [...highlevel.contacts.values()].filter((contact) => contact.email === nora.email);
    expect(created).toHaveLength(1);
    const id = created[0]?.id as string;
    expect(highlevel.tasks.get(id)?.map((task) => task.title)).toEqual(['Follow up with Nora Quintana']);
    expect(highlevel.count('upsertContact')).toBe(1);
    expect(highlevel.count('createTask')).toBe(1);

    await until(async () => (await links.links.get('gestioo', '4516', LOCATION))?.contactId === id);
    await until(async () => (await engine.runs())[1]?.status === 'done');
    const [, first] = await engine.runs();
    expect(first?.receipts.map((receipt) => receipt.status)).toEqual(['saved', 'saved']);
    expect(first?.receipts[1]?.writes[0]).toMatchObject({ status: 'saved', contactId: id });
  });

  it('send a Gleantap update made before the contact was created to that same contact', async () => {
    const { highlevel, outbox, engine, later } = world([enabled('preset.gleantap.push')]);
    const page: PageContact = { site: 'gleantap', hostRecordId: 'gt_2000', name: 'Eva Luna' };
    await engine.onHostEvent('gleantap', { type: 'contact.created', contact: page });
    later(30_000);
    await engine.onHostEvent('gleantap', {
      type: 'contact.updated',
      contact: { ...page, name: 'Eva Luna Pérez' },
    });
    await outbox.drain();
    const contacts = [...highlevel.contacts.values()];
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ firstName: 'Eva', lastName: 'Luna Pérez' });
  });
});
