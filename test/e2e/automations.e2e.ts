import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_BUSINESS, DEMO_PEOPLE, LOCATIONS } from '../../sandbox/fixtures.ts';
import { sendFromPage } from '../../scripts/drive/content-world.ts';
import { openWorld, type World } from './world.ts';

const ana = DEMO_PEOPLE.find((p) => p.key === 'ana');
if (!ana?.ghlContactId || !ana.gleantap || !ana.gestioo) throw new Error('fixtures: Ana');

interface RunView {
  ruleId: string;
  status: string;
  receipts: { status?: string }[];
}

describe('no-code automations on the demo sites', () => {
  let world: World;
  let options: Page;
  const api = () => world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com');
  const writes = () =>
    api().filter(
      (r) => r.method !== 'GET' && r.path !== '/contacts/search' && !r.path.includes('hlSidebarScopeProbe0'),
    );
  const enable = async (id: string, enabled = true) => {
    const reply = (await sendFromPage(options, 'automations.setEnabled', { id, enabled })) as {
      res: { ok: boolean };
    };
    expect(reply.res.ok).toBe(true);
  };
  const runs = async (ruleId: string) =>
    (
      (await sendFromPage(options, 'automations.runs', { ruleId })) as {
        res: { ok: boolean; value: RunView[] };
      }
    ).res.value;

  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
    options = await world.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
  });
  afterAll(async () => world?.close());

  // Switching a rule on in the editor, and a Gleantap page task becoming one HighLevel task, are shared
  // scenarios (test/scenarios/automations.scenario.ts).
  it('Gestioo: a new client becomes exactly one HighLevel contact with one follow-up task, across a reload and a second tab', async () => {
    await enable('preset.gestioo.new-client');
    const email = 'irene.soler@example.com';
    const page = await world.newPage();
    await page.goto('https://app.gestioo.com/clientes/nuevo');
    await page.getByLabel('Nombre', { exact: true }).fill('Irene');
    await page.getByLabel('Apellidos').fill('Soler');
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Teléfono').fill('+34 600 111 222');
    await page.getByRole('button', { name: 'Guardar' }).click();
    const contacts = () =>
      world.sandbox.control.data.contacts(LOCATIONS.main.id).filter((c) => c.email === email);
    await expect.poll(() => contacts().length, { timeout: 20_000 }).toBe(1);
    const id = contacts()[0]?.id ?? '';
    await expect.poll(() => world.sandbox.control.data.tasks(id).length, { timeout: 20_000 }).toBe(1);
    expect(world.sandbox.control.data.tasks(id)[0]?.title).toBe('Follow up with Irene Soler');

    const url = page.url();
    await page.reload();
    const second = await world.newPage();
    await second.goto(url);
    await second.waitForTimeout(3000);
    expect(contacts()).toHaveLength(1);
    expect(world.sandbox.control.data.tasks(id)).toHaveLength(1);
    await second.close();
    await page.close();
  });

  it('Gleantap: a new then edited contact is pushed once and updated in place, without looping', async () => {
    await enable('preset.gleantap.push');
    const email = 'marco.rossi@example.com';
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts/new');
    await page.getByLabel('First name').fill('Marco');
    await page.getByLabel('Last name').fill('Rossi');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Create contact' }).click();
    const contacts = () =>
      world.sandbox.control.data.contacts(LOCATIONS.main.id).filter((c) => c.email === email);
    await expect.poll(() => contacts().length, { timeout: 20_000 }).toBe(1);

    await page.locator('a.button', { hasText: 'Edit' }).click();
    await page.getByLabel('Last name').fill('Rossi Bianchi');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => contacts()[0]?.lastName, { timeout: 20_000 }).toBe('Rossi Bianchi');
    expect(contacts()).toHaveLength(1);
    // No loop: once settled, the rule's own writes trigger nothing more.
    await page.waitForTimeout(2000);
    const settled = (await runs('preset.gleantap.push')).length;
    await page.waitForTimeout(3000);
    expect((await runs('preset.gleantap.push')).length).toBe(settled);
    await page.close();
  });

  it('Gestioo and Gleantap: opening a contact pulls its HighLevel history, with no write', async () => {
    await enable('preset.gestioo.history');
    await enable('preset.gleantap.history');
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gestioo.com/clientes/${ana.gestioo?.id}`);
    await expect
      .poll(async () => (await runs('preset.gestioo.history')).length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await expect
      .poll(async () => (await runs('preset.gleantap.history')).length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const run = (await runs('preset.gleantap.history'))[0];
    expect(run?.status).not.toBe('failed');
    expect(writes()).toEqual([]);
    // The pull read the contact, its tasks and notes (from HighLevel, or from the sidebar's fresh cache).
    expect(run?.receipts.length).toBeGreaterThan(0);
    expect(run?.receipts.every((r) => r.status !== 'failed')).toBe(true);
    await page.close();
  });

  it('Gestioo: updating a company pulls its contacts into a report', async () => {
    await enable('preset.gestioo.business-report');
    const page = await world.newPage();
    await page.goto('https://app.gestioo.com/clientes');
    const empresa = await page.evaluate(async () => {
      const list = (await (await fetch('/api/empresas')).json()) as {
        empresas?: { id: string; nombre: string }[];
      };
      return (list.empresas ?? []).find((e) => e.nombre === 'Gimnasio Sol')?.id;
    });
    expect(empresa).toBeTruthy();
    await page.goto(`https://app.gestioo.com/empresas/${empresa}/editar`);
    await page.getByLabel('Población').fill('Valencia centro');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(async () => (await runs('preset.gestioo.business-report')).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    type Reports = { res: { ok: boolean; value: { id: string }[] } };
    const listReports = async () =>
      ((await sendFromPage(options, 'automations.reports', undefined)) as Reports).res;
    // The report is built after the run starts (every contact of the business, with their tasks).
    await expect.poll(async () => (await listReports()).value.length, { timeout: 60_000 }).toBeGreaterThan(0);
    const reports = { res: await listReports() };
    const report = (await sendFromPage(options, 'automations.report', { id: reports.res.value[0]?.id })) as {
      res: { ok: boolean; value: { rows: unknown[] } };
    };
    expect(report.res.value.rows.length).toBe(
      world.sandbox.control.data.businessContacts(BIG_BUSINESS.id).length,
    );
    await page.close();
  });
});

describe('a dry run', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('shows the calls a rule would make on the current page, and makes none', async () => {
    const options = await world.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    const list = (await sendFromPage(options, 'automations.list', undefined)) as {
      res: { ok: boolean; value: { rules: { id: string }[] } };
    };
    const rule = list.res.value.rules.find((r) => r.id === 'preset.gleantap.push');
    expect(rule).toBeDefined();
    world.sandbox.control.clearRequests();
    const reply = (await sendFromPage(options, 'automations.dryRun', {
      rule,
      event: {
        type: 'contact.created',
        contact: { site: 'gleantap', hostRecordId: 'gt_9999', name: 'Dry Run', email: 'dry.run@example.com' },
      },
    })) as { res: { ok: boolean; value: unknown } };
    expect(reply.res.ok).toBe(true);
    expect(JSON.stringify(reply.res.value)).toContain('/contacts/upsert');
    const writes = world.sandbox.control
      .requests()
      .filter(
        (r) =>
          r.host === 'services.leadconnectorhq.com' && r.method !== 'GET' && r.path !== '/contacts/search',
      );
    expect(writes).toEqual([]);
    expect(
      world.sandbox.control.data.contacts(LOCATIONS.main.id).some((c) => c.email === 'dry.run@example.com'),
    ).toBe(false);
  });
});
