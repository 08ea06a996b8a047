import { describe, expect, it } from 'vitest';
import type { PageContact } from '../../lib/host-page/sites/types.ts';
import {
  contactOf,
  createFakeClient,
  createFakeLinks,
  createFakeOutbox,
  noteOf,
  taskOf,
} from '../../test/support/automations-fakes.ts';
import { type AutomationEngineDeps, createAutomationEngine } from './engine.ts';
import type { PullSummary, ReportReceipt } from './log.ts';
import type { AutomationEvent, Rule } from './model.ts';
import { presetCopy } from './presets.ts';
import { createMemoryRuleStore, createMemoryStores } from './stores.ts';

const LOCATION = 've9EPM428h8vShlRW1KT';
const START = new Date(2026, 2, 10, 9, 30, 0).getTime();

const nora: PageContact = {
  site: 'gestioo',
  hostRecordId: '4516',
  name: 'Nora Quintana',
  email: 'nora.quintana@example.com',
  phone: '+34699887766',
};

const ana = contactOf({
  id: 'AnaGarciaCnt00000001',
  firstName: 'Ana',
  lastName: 'García',
  email: 'ana.garcia@example.com',
  phone: '+34612345678',
  companyName: 'Gimnasio Sol',
  businessId: 'BizGimnasioSol000001',
  tags: ['vip', 'member'],
  lastActivity: '2026-03-01T10:00:00Z',
});
const anaPage: PageContact = {
  site: 'gleantap',
  hostRecordId: 'gt_1001',
  name: 'Ana García',
  email: 'ana.garcia@example.com',
  phone: '+34 612 345 678',
};

function enabled(id: string): Rule {
  const rule = presetCopy(id);
  if (!rule) throw new Error(`no preset ${id}`);
  return { ...rule, enabled: true };
}

function setup(
  options: {
    rules: Rule[];
    scopes?: string[] | null;
    seed?: Parameters<typeof createFakeClient>[0];
  } & Pick<Partial<AutomationEngineDeps>, 'resolveLocation'>,
) {
  let clock = START;
  const fake = createFakeClient(options.seed);
  const box = createFakeOutbox(() => clock);
  const links = createFakeLinks();
  const stores = createMemoryStores();
  let ids = 0;
  const engine = createAutomationEngine({
    client: fake.client,
    outbox: box.outbox,
    rules: createMemoryRuleStore(options.rules),
    ...stores,
    links: links.links,
    resolveLocation: async () => LOCATION,
    grantedScopes: async () =>
      options.scopes === undefined ? ['contacts.readonly', 'contacts.write'] : options.scopes,
    now: () => clock,
    newId: () => `id${++ids}`,
    ...(options.resolveLocation ? { resolveLocation: options.resolveLocation } : {}),
  });
  return {
    engine,
    fake,
    box,
    links,
    stores,
    advance(ms: number) {
      clock += ms;
    },
  };
}

const created = (contact: PageContact): AutomationEvent => ({ type: 'contact.created', contact });
const updated = (contact: PageContact): AutomationEvent => ({ type: 'contact.updated', contact });

describe('the Gestioo new-client workflow', () => {
  it('upserts the contact, then creates a follow-up task chained to that upsert, due in two days at 17:00', async () => {
    const { engine, box } = setup({ rules: [enabled('preset.gestioo.new-client')] });
    const [run] = await engine.onHostEvent('gestioo', created(nora), { tabId: 7 });

    const ops = box.ops();
    expect(ops.map((op) => op.kind)).toEqual(['contact.upsert', 'task.create']);
    expect(ops[0]).toEqual({
      kind: 'contact.upsert',
      locationId: LOCATION,
      input: {
        firstName: 'Nora',
        lastName: 'Quintana',
        email: 'nora.quintana@example.com',
        phone: '+34699887766',
        source: 'Gestioo',
      },
    });
    const upsert = [...box.entries.values()][0];
    expect(ops[1]).toMatchObject({
      kind: 'task.create',
      contactId: { fromEntry: upsert?.id },
      input: {
        title: 'Follow up with Nora Quintana',
        dueDate: new Date(2026, 2, 12, 17, 0, 0).toISOString().replace('.000', ''),
        completed: false,
      },
    });
    expect(
      [...box.entries.values()].every(
        (entry) => entry.origin.kind === 'automation' && entry.origin.runId === run?.id,
      ),
    ).toBe(true);
    expect(run).toMatchObject({
      status: 'done',
      tabId: 7,
      trigger: { type: 'contact.created', hostRecordId: '4516' },
    });
    expect(run?.receipts.map((receipt) => receipt.status)).toEqual(['queued', 'queued']);
  });

  it('creates with contact.create when the page has neither email nor phone, still chaining the task', async () => {
    const { engine, box } = setup({ rules: [enabled('preset.gestioo.new-client')] });
    await engine.onHostEvent(
      'gestioo',
      created({ site: 'gestioo', hostRecordId: '9001', name: 'Pablo Ruiz' }),
    );
    const [create, task] = [...box.entries.values()];
    expect(create?.op).toEqual({
      kind: 'contact.create',
      locationId: LOCATION,
      input: { firstName: 'Pablo', lastName: 'Ruiz', source: 'Gestioo' },
    });
    expect(task?.op).toMatchObject({ kind: 'task.create', contactId: { fromEntry: create?.id } });
  });

  it('yields exactly one contact and one task when the same event arrives twice, at once or later', async () => {
    const { engine, box, advance } = setup({ rules: [enabled('preset.gestioo.new-client')] });
    const [first, second] = await Promise.all([
      engine.onHostEvent('gestioo', created(nora), { tabId: 1 }),
      engine.onHostEvent('gestioo', created(nora), { tabId: 2 }),
    ]);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    advance(60_000);
    const [late] = await engine.onHostEvent('gestioo', created(nora), { tabId: 3 });
    expect(box.entries.size).toBe(2);
    expect(late?.receipts.flatMap((receipt) => receipt.writes.map((write) => write.reused))).toEqual([
      true,
      true,
    ]);
  });

  it('links the host record to the contact once the outbox saved it, and updates the run receipt', async () => {
    const { engine, box, links } = setup({ rules: [enabled('preset.gestioo.new-client')] });
    const [run] = await engine.onHostEvent('gestioo', created(nora));
    const [upsert] = [...box.entries.keys()];
    box.save(upsert as string, { contactId: 'NewNoraCnt000000001', traceId: 'trace-1' });
    await vi_waitFor(
      async () => (await links.links.get('gestioo', '4516', LOCATION))?.contactId === 'NewNoraCnt000000001',
    );
    const [logged] = await engine.runs();
    expect(logged?.id).toBe(run?.id);
    expect(logged?.receipts[0]).toMatchObject({
      status: 'saved',
      writes: [{ status: 'saved', traceId: 'trace-1', contactId: 'NewNoraCnt000000001' }],
    });
  });

  it('never overrides a link the agent made, nor links a contact the agent turned down', async () => {
    const { engine, box, links } = setup({ rules: [enabled('preset.gestioo.new-client')] });
    await links.links.set({
      site: 'gestioo',
      hostRecordId: '4516',
      locationId: LOCATION,
      contactId: null,
      rejected: ['Wrong'],
      linkedAt: 1,
    });
    await engine.onHostEvent('gestioo', created(nora));
    box.save([...box.entries.keys()][0] as string, { contactId: 'Wrong' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await links.links.get('gestioo', '4516', LOCATION))?.contactId).toBeNull();
  });
});

describe('the Gleantap push workflow', () => {
  it('updates the linked contact with the page fields, never sending tags or the company in the update', async () => {
    const { engine, box, links } = setup({
      rules: [
        {
          ...enabled('preset.gleantap.push'),
          actions: [
            {
              type: 'contact.upsert',
              fields: { firstName: '{{page.firstName}}', email: '{{page.email}}', companyName: 'Acme' },
              tags: ['gleantap', '{{page.companyName}}'],
            },
          ],
        },
      ],
    });
    await links.links.set({
      site: 'gleantap',
      hostRecordId: 'gt_1001',
      locationId: LOCATION,
      contactId: ana.id,
      linkedAt: 1,
    });
    const [run] = await engine.onHostEvent('gleantap', updated({ ...anaPage, companyName: 'Gimnasio Sol' }));
    expect(box.ops()).toEqual([
      {
        kind: 'contact.update',
        locationId: LOCATION,
        contactId: ana.id,
        input: { firstName: 'Ana', email: 'ana.garcia@example.com' },
      },
      { kind: 'tags.add', locationId: LOCATION, contactId: ana.id, tags: ['gleantap', 'Gimnasio Sol'] },
    ]);
    expect(run?.receipts[0]?.warnings.join(' ')).toMatch(/company is only set when a contact is created/);
  });

  it('chains an update to the pending upsert of the same record instead of creating the person twice', async () => {
    const { engine, box, advance } = setup({ rules: [enabled('preset.gleantap.push')] });
    const page: PageContact = { site: 'gleantap', hostRecordId: 'gt_2000', name: 'Eva Luna' };
    await engine.onHostEvent('gleantap', created(page));
    advance(30_000);
    await engine.onHostEvent('gleantap', updated({ ...page, name: 'Eva Luna Pérez' }));
    const [create, update] = [...box.entries.values()];
    expect(create?.op.kind).toBe('contact.create');
    expect(update?.op).toEqual({
      kind: 'contact.update',
      locationId: LOCATION,
      contactId: { fromEntry: create?.id },
      input: { firstName: 'Eva', lastName: 'Luna Pérez' },
    });
  });

  it('adopts a contact saved while no worker was listening, on the next event of that record', async () => {
    const first = setup({ rules: [enabled('preset.gleantap.push')] });
    const page: PageContact = { site: 'gleantap', hostRecordId: 'gt_2001', name: 'Eva Luna' };
    await first.engine.onHostEvent('gleantap', created(page));
    first.engine.dispose();
    const [createEntry] = [...first.box.entries.keys()];
    first.box.save(createEntry as string, { contactId: 'EvaCnt' });
    // A new worker over the same storage and outbox.
    const second = createAutomationEngine({
      client: first.fake.client,
      outbox: first.box.outbox,
      rules: createMemoryRuleStore([enabled('preset.gleantap.push')]),
      ...first.stores,
      links: first.links.links,
      resolveLocation: async () => LOCATION,
      grantedScopes: async () => ['contacts.readonly', 'contacts.write'],
      now: () => START + 60_000,
    });
    await second.onHostEvent('gleantap', updated({ ...page, name: 'Eva Luna Pérez' }));
    expect(first.box.ops()[1]).toMatchObject({ kind: 'contact.update', contactId: 'EvaCnt' });
    expect((await first.links.links.get('gleantap', 'gt_2001', LOCATION))?.contactId).toBe('EvaCnt');
  });

  it('writes again when a contact changes back to an earlier state (X, Y, X are three revisions)', async () => {
    const { engine, box, links, advance } = setup({ rules: [enabled('preset.gleantap.push')] });
    await links.links.set({
      site: 'gleantap',
      hostRecordId: 'gt_1001',
      locationId: LOCATION,
      contactId: ana.id,
      linkedAt: 1,
    });
    const x = updated(anaPage);
    const y = updated({ ...anaPage, phone: '+34 600 000 000' });
    for (const event of [x, y, x]) {
      await engine.onHostEvent('gleantap', event);
      advance(30_000);
    }
    expect(box.ops().map((op) => (op as { input: { phone?: string } }).input.phone)).toEqual([
      '+34 612 345 678',
      '+34 600 000 000',
      '+34 612 345 678',
    ]);
    expect(new Set([...box.entries.values()].map((entry) => entry.dedupeKey)).size).toBe(3);
  });

  it('leaves out an email the page shows that is not an email address, and says so', async () => {
    const { engine, box } = setup({ rules: [enabled('preset.gleantap.push')] });
    const [run] = await engine.onHostEvent(
      'gleantap',
      created({
        site: 'gleantap',
        hostRecordId: 'gt_3',
        name: 'Al Bo',
        email: 'not-an-email',
        phone: '+15550001234',
      }),
    );
    expect(box.ops()[0]).toMatchObject({ kind: 'contact.upsert', input: { phone: '+15550001234' } });
    expect((box.ops()[0] as { input: object }).input).not.toHaveProperty('email');
    expect(run?.receipts[0]?.warnings[0]).toMatch(/not an email address/);
  });
});

describe('the Gleantap task workflow', () => {
  const taskEvent = (
    task: { title: string; dueDate?: string; description?: string },
    contact = anaPage,
  ): AutomationEvent => ({
    type: 'task.created',
    contact,
    task,
  });

  it('creates the matching task on the contact found by email, due on the page date at 17:00', async () => {
    const { engine, box, fake } = setup({
      rules: [enabled('preset.gleantap.tasks')],
      seed: { contacts: [ana] },
    });
    await engine.onHostEvent(
      'gleantap',
      taskEvent({ title: 'Renew membership', dueDate: '2026-03-20', description: 'Annual plan' }),
    );
    expect(box.ops()).toEqual([
      {
        kind: 'task.create',
        locationId: LOCATION,
        contactId: ana.id,
        input: {
          title: 'Renew membership',
          body: 'Annual plan',
          dueDate: new Date(2026, 2, 20, 17, 0, 0).toISOString().replace('.000', ''),
          completed: false,
        },
      },
    ]);
    expect(fake.calls.every((call) => call.priority === 'background')).toBe(true);
  });

  it('falls back to tomorrow when the page task has no due date', async () => {
    const { engine, box } = setup({ rules: [enabled('preset.gleantap.tasks')], seed: { contacts: [ana] } });
    await engine.onHostEvent('gleantap', taskEvent({ title: 'Call back' }));
    expect((box.ops()[0] as { input: { dueDate: string } }).input.dueDate).toBe(
      new Date(2026, 2, 11, 17, 0, 0).toISOString().replace('.000', ''),
    );
  });

  it('creates the same task title again when the agent repeats it minutes later, but not for a re-sent event', async () => {
    const { engine, box, advance } = setup({
      rules: [enabled('preset.gleantap.tasks')],
      seed: { contacts: [ana] },
    });
    const event = taskEvent({ title: 'Call back' });
    await engine.onHostEvent('gleantap', event);
    advance(30_000);
    await engine.onHostEvent('gleantap', event);
    expect(box.entries.size).toBe(1);
    advance(5 * 60_000);
    await engine.onHostEvent('gleantap', event);
    expect(box.entries.size).toBe(2);
  });

  it('skips with a clear reason when the person is not in HighLevel, or only matches by phone', async () => {
    const { engine, box } = setup({ rules: [enabled('preset.gleantap.tasks')], seed: { contacts: [ana] } });
    const [absent] = await engine.onHostEvent(
      'gleantap',
      taskEvent({ title: 'T' }, { site: 'gleantap', hostRecordId: 'gt_9', email: 'nobody@example.com' }),
    );
    expect(absent?.receipts[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/not in HighLevel yet/),
    });
    const [byPhone] = await engine.onHostEvent(
      'gleantap',
      taskEvent({ title: 'T' }, { ...anaPage, hostRecordId: 'gt_8', email: 'other@example.com' }),
    );
    expect(byPhone?.receipts[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/found by phone/),
    });
    expect(box.entries.size).toBe(0);
  });
});

describe('the history workflows (pull)', () => {
  it('fetches the contact, tasks and notes at background priority and summarises them in the run log', async () => {
    const seed = {
      contacts: [ana],
      tasks: {
        [ana.id]: [
          taskOf({ id: 't1', title: 'Overdue call', dueDate: '2026-03-01T10:00:00Z', completed: false }),
          taskOf({ id: 't2', title: 'Next visit', dueDate: '2026-04-01T10:00:00Z', completed: false }),
          taskOf({ id: 't3', title: 'Done', dueDate: '2026-02-01T10:00:00Z', completed: true }),
        ],
      },
      notes: {
        [ana.id]: [noteOf({ id: 'n1', body: 'Prefers mornings', dateAdded: '2026-03-02T10:00:00Z' })],
      },
    };
    const { engine, fake } = setup({ rules: [enabled('preset.gleantap.history')], seed });
    const [run] = await engine.onHostEvent('gleantap', { type: 'contact.opened', contact: anaPage });
    const summary = run?.receipts[0]?.result as PullSummary;
    expect(summary).toMatchObject({
      kind: 'pull',
      contactId: ana.id,
      foundBy: 'email',
      openTasks: 2,
      overdueTasks: 1,
      notes: 1,
      tasks: [
        { title: 'Overdue call', overdue: true },
        { title: 'Next visit', overdue: false },
      ],
    });
    expect(fake.calls.map((call) => call.method)).toEqual([
      'match',
      'section.contact',
      'section.tasks',
      'section.notes',
    ]);
    expect(fake.calls.every((call) => call.priority === 'background')).toBe(true);
    expect(run?.receipts[0]?.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /contacts/search',
      `GET /contacts/${ana.id}`,
      `GET /contacts/${ana.id}/tasks`,
      `GET /contacts/${ana.id}/notes`,
    ]);
  });

  it('reads a linked Gestioo client straight by id on update, without searching', async () => {
    const { engine, fake, links } = setup({
      rules: [enabled('preset.gestioo.history')],
      seed: { contacts: [ana] },
    });
    await links.links.set({
      site: 'gestioo',
      hostRecordId: '4512',
      locationId: LOCATION,
      contactId: ana.id,
      linkedAt: 1,
    });
    const [run] = await engine.onHostEvent(
      'gestioo',
      updated({ ...anaPage, site: 'gestioo', hostRecordId: '4512' }),
    );
    expect(run?.receipts[0]?.result).toMatchObject({
      kind: 'pull',
      contactId: ana.id,
      foundBy: 'link',
      openTasks: 0,
    });
    expect(fake.calls.map((call) => call.method)).toEqual([
      'section.contact',
      'section.tasks',
      'section.notes',
    ]);
  });

  it('reads nothing but says so when several HighLevel contacts match', async () => {
    const twin = contactOf({
      id: 'Twin',
      firstName: 'Ana',
      lastName: 'García',
      email: 'ana.garcia@example.com',
    });
    const { engine, fake } = setup({
      rules: [enabled('preset.gestioo.history')],
      seed: { contacts: [ana, twin] },
    });
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'contact.opened',
      contact: { ...anaPage, site: 'gestioo', hostRecordId: '4512' },
    });
    expect(run?.receipts[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/2 HighLevel contacts match/),
    });
    expect(fake.calls.map((call) => call.method)).toEqual(['match']);
  });

  it('remembers the page last opened on each site, for the editor to dry-run on', async () => {
    const { engine } = setup({ rules: [] });
    await engine.onHostEvent('gleantap', { type: 'contact.opened', contact: anaPage });
    expect((await engine.lastPage('gleantap'))?.contact).toEqual(anaPage);
    expect(await engine.lastPage('gestioo')).toBeNull();
  });
});

describe('the business report workflow', () => {
  const members = Array.from({ length: 5 }, (_, i) =>
    contactOf({
      id: `m${i}`,
      firstName: `Member${i}`,
      lastName: 'Sol',
      businessId: 'BizGimnasioSol000001',
      companyName: i < 2 ? 'Gimnasio Sol' : 'Sol Gym',
    }),
  );

  it("finds the company's contacts by name and by HighLevel business, with open and overdue tasks", async () => {
    const seed = {
      contacts: [ana, ...members],
      tasks: { [ana.id]: [taskOf({ id: 't1', title: 'Late', dueDate: '2026-03-01', completed: false })] },
    };
    const { engine, fake } = setup({ rules: [enabled('preset.gestioo.business-report')], seed });
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'business.updated',
      business: { id: '77', name: 'Gimnasio Sol' },
    });
    const receipt = run?.receipts[0]?.result as ReportReceipt;
    expect(receipt).toMatchObject({
      kind: 'report',
      business: 'Gimnasio Sol',
      contacts: 6,
      truncated: false,
    });
    const report = await engine.report(receipt.reportId);
    expect(report?.rows[0]).toMatchObject({
      contactId: ana.id,
      openTasks: 1,
      overdueTasks: 1,
      lastActivity: '2026-03-01T10:00:00.000Z',
    });
    expect(report?.business).toEqual({
      name: 'Gimnasio Sol',
      hostId: '77',
      businessIds: ['BizGimnasioSol000001'],
    });
    expect(fake.calls.filter((call) => call.method === 'iterateBusiness')).toHaveLength(1);
    expect(fake.calls.every((call) => call.priority === 'background')).toBe(true);
  });

  it('stops at the limit and marks the report truncated', async () => {
    const { engine } = setup({
      rules: [
        {
          ...enabled('preset.gestioo.business-report'),
          actions: [{ type: 'business.report', maxContacts: 3 }],
        },
      ],
      seed: { contacts: [ana, ...members] },
    });
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'business.updated',
      business: { name: 'Gimnasio Sol' },
    });
    expect(run?.receipts[0]?.result).toMatchObject({ contacts: 3, truncated: true });
  });

  it('marks the rows whose tasks could not be read instead of counting them as zero', async () => {
    const fakeSeed = { contacts: [ana] };
    const { engine, fake } = setup({ rules: [enabled('preset.gestioo.business-report')], seed: fakeSeed });
    fake.fail(`tasks:${ana.id}`);
    const [run] = await engine.onHostEvent('gestioo', {
      type: 'business.updated',
      business: { name: 'Gimnasio Sol' },
    });
    const report = await engine.report(
      (run?.receipts[0]?.result as ReportReceipt | undefined)?.reportId ?? '',
    );
    expect(report?.rows[0]).toMatchObject({ openTasks: null, overdueTasks: null });
    expect(run?.receipts[0]?.warnings).toEqual(['The tasks of 1 contact could not be read.']);
  });
});

describe('guards', () => {
  it('skips write actions with a clear entry when the location is read-only', async () => {
    const { engine, box } = setup({
      rules: [enabled('preset.gestioo.new-client')],
      scopes: ['contacts.readonly'],
    });
    const [run] = await engine.onHostEvent('gestioo', created(nora));
    expect(box.entries.size).toBe(0);
    expect(run?.status).toBe('skipped');
    expect(run?.receipts.map((receipt) => receipt.message)).toEqual([
      expect.stringMatching(/read-only \(it lacks contacts.write\)/),
      expect.stringMatching(/read-only/),
    ]);
  });

  it('logs a skipped run when no location is connected for the site', async () => {
    const { engine } = setup({
      rules: [enabled('preset.gestioo.new-client')],
      resolveLocation: async () => null,
    });
    const [run] = await engine.onHostEvent('gestioo', created(nora));
    expect(run).toMatchObject({ status: 'skipped', note: 'No HighLevel location is connected for Gestioo.' });
  });

  it('holds back an echo of its own write (same data, another event) but lets a genuine edit through (loop guard)', async () => {
    const { engine, box, advance } = setup({ rules: [enabled('preset.gleantap.push')] });
    await engine.onHostEvent('gleantap', created(anaPage));
    advance(2_000);
    const [echo] = await engine.onHostEvent('gleantap', updated(anaPage));
    expect(echo?.receipts[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/loop guard/),
    });
    expect(box.entries.size).toBe(1);
    advance(1_000);
    // The agent fixes the name a moment later: new data, a real change, pushed at once.
    await engine.onHostEvent('gleantap', updated({ ...anaPage, name: 'Ana G.' }));
    expect(box.entries.size).toBe(2);
  });

  it('lets every rule of the same event write, the loop guard only holding back other events', async () => {
    const tagger: Rule = {
      id: 'tagger',
      name: 'Tag new Gestioo clients',
      enabled: true,
      site: 'gestioo',
      locationId: 'site-default',
      triggers: ['contact.created'],
      actions: [{ type: 'tags.add', tags: ['gestioo'] }],
    };
    const { engine, box } = setup({ rules: [enabled('preset.gestioo.new-client'), tagger] });
    await engine.onHostEvent('gestioo', created(nora));
    expect(box.ops().map((op) => op.kind)).toEqual(['contact.upsert', 'task.create', 'tags.add']);
  });

  it('pauses a rule that fires too often for one record, logging the pause once', async () => {
    const { engine, stores, advance } = setup({ rules: [enabled('preset.gleantap.history')] });
    for (let i = 0; i < 9; i++) {
      await engine.onHostEvent('gleantap', {
        type: 'contact.opened',
        contact: { ...anaPage, name: `Ana ${i}` },
      });
      advance(1_000);
    }
    const runs = await stores.runLog.list();
    expect(runs).toHaveLength(7);
    expect(runs[0]).toMatchObject({ status: 'skipped', note: expect.stringMatching(/^Paused/) });
  });

  it('runs only enabled rules of the site whose triggers include the event', async () => {
    const { engine, box } = setup({
      rules: [
        presetCopy('preset.gestioo.new-client') as Rule,
        enabled('preset.gleantap.push'),
        enabled('preset.gestioo.history'),
      ],
    });
    const runs = await engine.onHostEvent('gestioo', created(nora));
    expect(runs).toEqual([]);
    expect(box.entries.size).toBe(0);
  });

  it('ignores an event whose contact belongs to another site than the one reporting it', async () => {
    const { engine, box } = setup({ rules: [enabled('preset.gleantap.push')] });
    expect(await engine.onHostEvent('gleantap', created(nora))).toEqual([]);
    expect(box.entries.size).toBe(0);
  });

  it('does not run or log when the condition is not met, and reads the contact for a tag condition', async () => {
    const rule: Rule = {
      ...enabled('preset.gleantap.tasks'),
      condition: { match: 'all', clauses: [{ kind: 'tag', op: 'has', tag: 'VIP' }] },
    };
    const plain = contactOf({ id: 'Plain', firstName: 'Jo', lastName: 'Doe', email: 'jo@example.com' });
    const { engine, box } = setup({ rules: [rule], seed: { contacts: [ana, plain] } });
    const event = (contact: PageContact): AutomationEvent => ({
      type: 'task.created',
      contact,
      task: { title: 'Call' },
    });
    expect(
      await engine.onHostEvent(
        'gleantap',
        event({ site: 'gleantap', hostRecordId: 'gt_5', email: 'jo@example.com' }),
      ),
    ).toEqual([]);
    await engine.onHostEvent('gleantap', event(anaPage));
    expect(box.ops()).toMatchObject([{ kind: 'task.create', contactId: ana.id }]);
  });

  it('logs unknown template variables as warnings and renders them empty', async () => {
    const rule: Rule = {
      ...enabled('preset.gleantap.tasks'),
      actions: [
        { type: 'task.create', title: 'Call {{page.nickname}}{{page.name}}', body: '', due: '{{today}}' },
      ],
    };
    const { engine, box } = setup({ rules: [rule], seed: { contacts: [ana] } });
    const [run] = await engine.onHostEvent('gleantap', {
      type: 'task.created',
      contact: anaPage,
      task: { title: 'x' },
    });
    expect((box.ops()[0] as { input: { title: string } }).input.title).toBe('Call Ana García');
    expect(run?.receipts[0]?.warnings).toEqual(['Unknown variable "page.nickname".']);
  });

  it('starts no run when our own writes land in HighLevel: only host pages trigger rules', async () => {
    const { engine, box, stores } = setup({
      rules: [enabled('preset.gleantap.push'), enabled('preset.gleantap.history')],
    });
    await engine.onHostEvent('gleantap', created(anaPage));
    box.save([...box.entries.keys()][0] as string, { contactId: ana.id, traceId: 't' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await stores.runLog.list()).map((run) => run.ruleId)).toEqual(['preset.gleantap.push']);
    expect(box.entries.size).toBe(1);
  });

  it('stops listening to the outbox when disposed', () => {
    const { engine, box } = setup({ rules: [] });
    expect(box.listeners()).toBe(1);
    engine.dispose();
    expect(box.listeners()).toBe(0);
  });
});

describe('the dry run', () => {
  it('lists the exact calls of the new-client workflow without calling HighLevel or queueing anything', async () => {
    const { engine, box, fake } = setup({ rules: [] });
    const result = await engine.dryRun(enabled('preset.gestioo.new-client'), created(nora));
    expect(box.entries.size).toBe(0);
    expect(fake.calls).toEqual([]);
    expect(result).toMatchObject({
      applies: true,
      canWrite: true,
      locationId: LOCATION,
      condition: { met: true },
    });
    const calls = result.receipts.flatMap((receipt) => receipt.calls);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /contacts/upsert',
      'POST /contacts/{id of the contact from write 1}/tasks',
    ]);
    expect(calls[0]?.body).toEqual({
      firstName: 'Nora',
      lastName: 'Quintana',
      email: 'nora.quintana@example.com',
      phone: '+34699887766',
      source: 'Gestioo',
      locationId: LOCATION,
    });
    expect(calls[1]?.body).toEqual({
      title: 'Follow up with Nora Quintana',
      body: 'New client in Gestioo: Nora Quintana nora.quintana@example.com +34699887766',
      dueDate: new Date(2026, 2, 12, 17, 0, 0).toISOString().replace('.000', ''),
      completed: false,
    });
    expect(calls[0]?.dedupeKey).toMatch(/^auto1:preset\.gestioo\.new-client:gestioo:4516:0\.0:/);
  });

  it('shows the searches a pull would make and the reads that follow, with placeholders for unknown ids', async () => {
    const { engine, fake } = setup({ rules: [] });
    const result = await engine.dryRun(enabled('preset.gleantap.history'), {
      type: 'contact.opened',
      contact: anaPage,
    });
    expect(fake.calls).toEqual([]);
    expect(
      result.receipts[0]?.calls.map((call) => `${call.method} ${call.path} ${call.purpose ?? ''}`.trim()),
    ).toEqual([
      'POST /contacts/search find the contact by email',
      'POST /contacts/search find the contact by phone',
      'POST /contacts/search find the contact by name',
      'GET /contacts/{contact found by the search}',
      'GET /contacts/{contact found by the search}/tasks',
      'GET /contacts/{contact found by the search}/notes',
    ]);
  });

  it('uses the link when there is one, and says why a rule would not apply', async () => {
    const { engine, links } = setup({ rules: [] });
    await links.links.set({
      site: 'gleantap',
      hostRecordId: 'gt_1001',
      locationId: LOCATION,
      contactId: ana.id,
      linkedAt: 1,
    });
    const result = await engine.dryRun(enabled('preset.gleantap.tasks'), {
      type: 'task.created',
      contact: anaPage,
      task: { title: 'Call' },
    });
    expect(result.receipts[0]?.calls[0]?.path).toBe(`/contacts/${ana.id}/tasks`);
    const wrongTrigger = await engine.dryRun(enabled('preset.gleantap.tasks'), {
      type: 'contact.opened',
      contact: anaPage,
    });
    expect(wrongTrigger).toMatchObject({ applies: false, reason: expect.stringMatching(/does not react/) });
    const wrongSite = await engine.dryRun(enabled('preset.gleantap.tasks'), created(nora));
    expect(wrongSite).toMatchObject({ applies: false, reason: expect.stringMatching(/Gestioo contact/) });
  });
});

async function vi_waitFor(check: () => Promise<boolean>, timeoutMs = 1000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}
