/**
 * The shipped workflows against the local HighLevel sandbox, over TLS, with the real client and the real
 * outbox: every request passes the sandbox's strict validation (an undeclared field is a 422), writes land
 * once however often the event arrives, and the report reads the demo company the fixtures describe.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbox, type OutboxService } from '../../lib/outbox/outbox.ts';
import { BIG_BUSINESS, demoPerson, LOCATIONS, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { createFakeLinks } from '../../test/support/automations-fakes.ts';
import { useSandbox } from '../../test/support/sandbox.ts';
import { createAutomationEngine } from './engine.ts';
import type { ReportReceipt } from './log.ts';
import type { Rule } from './model.ts';
import { presetCopy } from './presets.ts';
import { createMemoryRuleStore, createMemoryStores } from './stores.ts';

const MAIN = LOCATIONS.main.id;
const person = demoPerson;
const enabled = (id: string): Rule => ({ ...(presetCopy(id) as Rule), enabled: true });

const sandbox = useSandbox();
let databases = 0;
const outboxes: OutboxService[] = [];

beforeEach(() => sandbox.sandbox.control.reset());
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
});

function world(rules: Rule[], pit: keyof typeof SANDBOX_PITS = 'mainReadWrite') {
  const { token, scopes } = SANDBOX_PITS[pit];
  const client = sandbox.client(token);
  const outbox = createOutbox({ client, dbName: `automation-sandbox-${++databases}`, locks: null });
  outboxes.push(outbox);
  let clock = Date.now();
  const links = createFakeLinks();
  const engine = createAutomationEngine({
    client,
    outbox,
    rules: createMemoryRuleStore(rules),
    ...createMemoryStores(),
    links: links.links,
    resolveLocation: async () => MAIN,
    grantedScopes: async () => [...scopes],
    now: () => clock,
  });
  return {
    engine,
    outbox,
    links: links.links,
    later(ms: number) {
      clock += ms;
    },
  };
}

const writes = () =>
  sandbox.sandbox.control
    .requests()
    .filter((request) => request.method !== 'GET' && request.path !== '/contacts/search');

describe('the shipped workflows against the sandbox', () => {
  it('Gestioo new client: one contact and one follow-up task, for an event seen twice', async () => {
    const nora = person('nora');
    const { engine, outbox, later } = world([enabled('preset.gestioo.new-client')]);
    const event = {
      type: 'contact.created' as const,
      contact: {
        site: 'gestioo' as const,
        hostRecordId: nora.gestioo?.id ?? '',
        name: 'Nora Quintana',
        email: nora.email ?? '',
        phone: nora.phone ?? '',
      },
    };
    await engine.onHostEvent('gestioo', event);
    later(60_000);
    await engine.onHostEvent('gestioo', event);
    await outbox.drain();

    const created = sandbox.sandbox.control.data
      .contacts(MAIN)
      .filter((contact) => contact.email === nora.email);
    expect(created).toHaveLength(1);
    const tasks = sandbox.sandbox.control.data.tasks(created[0]?.id as string);
    expect(tasks.map((task) => task.title)).toEqual(['Follow up with Nora Quintana']);
    expect(writes().map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'POST /contacts/upsert 200',
      `POST /contacts/${created[0]?.id}/tasks 201`,
    ]);
  });

  it('Gleantap task: the matching task on the contact found by email, accepted by HighLevel validation', async () => {
    const ana = person('ana');
    const { engine, outbox } = world([enabled('preset.gleantap.tasks')]);
    const before = sandbox.sandbox.control.data.tasks(ana.ghlContactId as string).length;
    const [run] = await engine.onHostEvent('gleantap', {
      type: 'task.created',
      contact: { site: 'gleantap', hostRecordId: ana.gleantap?.id ?? '', email: ana.email ?? '' },
      task: { title: 'Renew membership', dueDate: '2030-01-15', description: 'Annual plan' },
    });
    await outbox.drain();
    const tasks = sandbox.sandbox.control.data.tasks(ana.ghlContactId as string);
    expect(tasks).toHaveLength(before + 1);
    expect(tasks.find((task) => task.title === 'Renew membership')).toBeTruthy();
    expect(run?.receipts[0]?.writes[0]?.status).not.toBe('failed');
  });

  it('Gestioo company report: the demo company with its contacts and their open and overdue tasks', async () => {
    const { engine } = world([
      {
        ...enabled('preset.gestioo.business-report'),
        actions: [{ type: 'business.report', maxContacts: 50 }],
      },
    ]);
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'business.updated',
      business: { id: '77', name: BIG_BUSINESS.name },
    });
    const receipt = run?.receipts[0]?.result as ReportReceipt;
    const report = await engine.report(receipt.reportId);
    const members = sandbox.sandbox.control.data.businessContacts(BIG_BUSINESS.id);
    // The demo seed gives the company fewer members than the limit: all of them are in.
    expect(members.length).toBeLessThan(50);
    expect(report?.rows.map((row) => row.contactId).sort()).toEqual(
      members.map((member) => member.id).sort(),
    );
    expect(report?.truncated).toBe(false);
    expect(report?.business.businessIds).toEqual([BIG_BUSINESS.id]);
    const anaId = person('ana').ghlContactId as string;
    const open = sandbox.sandbox.control.data.tasks(anaId).filter((task) => !task.completed);
    expect(report?.rows.find((row) => row.contactId === anaId)).toMatchObject({
      openTasks: open.length,
      overdueTasks: open.filter((task) => task.dueDate && Date.parse(task.dueDate) < Date.now()).length,
    });
    expect(open.length).toBeGreaterThan(0);
    expect(
      sandbox.sandbox.control.requests().every((request) => request.status !== null && request.status < 400),
    ).toBe(true);
  });

  it('Gestioo company report: stops at its limit and says so', async () => {
    const { engine } = world([
      {
        ...enabled('preset.gestioo.business-report'),
        actions: [{ type: 'business.report', maxContacts: 10 }],
      },
    ]);
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'business.updated',
      business: { name: BIG_BUSINESS.name },
    });
    expect(run?.receipts[0]?.result).toMatchObject({ kind: 'report', contacts: 10, truncated: true });
  });

  it('Gleantap push: a linked contact is updated in place, tags added without replacing the others', async () => {
    const ana = person('ana');
    const rule: Rule = {
      ...enabled('preset.gleantap.push'),
      actions: [
        { type: 'contact.upsert', fields: { phone: '{{page.phone}}', city: 'Valencia' }, tags: ['gleantap'] },
      ],
    };
    const { engine, outbox, links } = world([rule]);
    await links.set({
      site: 'gleantap',
      hostRecordId: 'gt_1001',
      locationId: MAIN,
      contactId: ana.ghlContactId,
      linkedAt: 1,
    });
    await engine.onHostEvent('gleantap', {
      type: 'contact.updated',
      contact: { site: 'gleantap', hostRecordId: 'gt_1001', name: 'Ana García', phone: '+34 600 111 222' },
    });
    await outbox.drain();
    expect(writes().map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      `PUT /contacts/${ana.ghlContactId} 200`,
      `POST /contacts/${ana.ghlContactId}/tags 201`,
    ]);
    const stored = sandbox.sandbox.control.data.contact(ana.ghlContactId as string);
    expect(stored).toMatchObject({ city: 'Valencia' });
    expect(stored?.tags).toEqual(expect.arrayContaining([...ana.tags, 'gleantap']));
  });

  it('a read-only connection writes nothing and says why', async () => {
    const { engine, outbox } = world([enabled('preset.gestioo.new-client')], 'mainReadOnly');
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'contact.created',
      contact: { site: 'gestioo', hostRecordId: '9999', name: 'Pat Doe', email: 'pat@example.com' },
    });
    await outbox.drain();
    expect(writes()).toEqual([]);
    expect(run?.receipts.every((receipt) => receipt.status === 'skipped')).toBe(true);
  });
});
