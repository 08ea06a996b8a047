/**
 * What a content script can reach in extension storage decides nothing: from the content script's own world, it
 * rewrites every storage.local value that once held a security setting (the OAuth app, the connections and their
 * scopes, the site bindings, the automation rules), tries storage.session too, and the extension sends no token
 * elsewhere, lifts no scope, rebinds no site and runs no automation it was not given by an admin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../broker/node-server.ts';
import { DEMO_PEOPLE, LOCATIONS, SANDBOX_OAUTH_CLIENT, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import {
  type ContentWorld,
  contentWorld,
  sendFromFrame,
  sendFromPage,
} from '../../scripts/drive/content-world.ts';
import { waitForSections } from '../../scripts/tour.ts';
import { openWorld, startTestBroker, type World } from './world.ts';

const ana = DEMO_PEOPLE.find((p) => p.key === 'ana');
if (!ana?.ghlContactId || !ana.gleantap) throw new Error('fixtures: Ana');
const anaId = ana.ghlContactId;
const TOKEN_LIFETIME_S = 3;

type Answer = { res?: { ok: boolean; value?: unknown; error?: { kind: string } } };

/** A server that should hear nothing: counts whatever reaches it and answers as a broker would not. */
async function startHostileServer(): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((request, response) => {
    hits += 1;
    request.resume();
    response.writeHead(500, { 'access-control-allow-origin': '*' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function approveConsent(world: World): Promise<void> {
  const consent = await world.browser.context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/oauth/chooselocation'),
    timeout: 15_000,
  });
  await consent.waitForLoadState();
  await consent.locator(`input[name="location"][value="${LOCATIONS.main.id}"]`).check();
  await consent.locator('#approve').click();
}

describe('storage a content script can write decides nothing', () => {
  let world: World;
  let broker: RunningBroker;
  let hostile: Awaited<ReturnType<typeof startHostileServer>>;
  let options: Page;
  let page: Page;
  let content: ContentWorld;

  const writes = () =>
    world.sandbox.control
      .requests()
      .filter(
        (r) =>
          r.host === 'services.leadconnectorhq.com' &&
          r.method !== 'GET' &&
          r.path !== '/contacts/search' &&
          !r.path.includes('hlSidebarScopeProbe0'),
      );
  /** Writes storage.local from the content script's world. */
  const setLocal = (values: Record<string, unknown>) =>
    content.evaluate(`chrome.storage.local.set(${JSON.stringify(values)}).then(() => true)`);
  const optionsSend = async (type: string, data: unknown) => {
    const answer = (await sendFromPage(options, type, data)) as Answer;
    expect(answer.res?.ok, `${type}: ${JSON.stringify(answer.res?.error)}`).toBe(true);
    return answer.res?.value;
  };

  beforeAll(async () => {
    world = await openWorld({ connect: null });
    world.sandbox.control.configure({ tokenLifetimeSeconds: TOKEN_LIFETIME_S });
    hostile = await startHostileServer();
    broker = await startTestBroker(world);
    options = await world.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    // The admin's setup: the app and its broker; Sunrise read-only (OAuth) for Gleantap; Costa Dental read-write
    // (a PIT) for Gestioo.
    await optionsSend('oauth.app.set', {
      mode: 'broker',
      clientId: SANDBOX_OAUTH_CLIENT.clientId,
      brokerUrl: broker.url,
    });
    const connected = sendFromPage(options, 'connection.oauth', { write: false });
    await approveConsent(world);
    expect(((await connected) as Answer).res?.ok).toBe(true);
    const { token, locationId } = SANDBOX_PITS.clinicReadWrite;
    await optionsSend('connection.addPit', { token, locationId });
    await optionsSend('site.bind', { site: 'gleantap', locationId: LOCATIONS.main.id });
    await optionsSend('site.bind', { site: 'gestioo', locationId: LOCATIONS.clinic.id });

    page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await waitForSections(page);
    content = await contentWorld(page, world.browser.extensionId);
  });
  afterAll(async () => {
    await content?.close().catch(() => undefined);
    await broker?.close();
    await hostile?.close();
    await world?.close();
  });

  it('cannot open storage.session from the content script', async () => {
    await expect(
      content.evaluate(`chrome.storage.session.set({ 'oauth.pending': { state: 'x' } }).then(() => true)`),
    ).rejects.toThrow(/not allowed|Access/i);
  });

  it('lifts no scope: a read-only connection still refuses a write after its stored scopes are rewritten', async () => {
    const now = Date.now();
    await setLocal({
      connections: [
        {
          locationId: LOCATIONS.main.id,
          mode: 'oauth',
          scopes: ['contacts.readonly', 'contacts.write'],
          connectedAt: now,
        },
        {
          locationId: LOCATIONS.clinic.id,
          mode: 'pit',
          scopes: ['contacts.readonly', 'contacts.write'],
          connectedAt: now,
        },
      ],
      connections$: { v: 1 },
    });
    world.sandbox.control.clearRequests();
    // The sidebar's frame (the one sender that may write for this tab) is still refused; the content script
    // itself may not even ask.
    const status = (await sendFromFrame(page, 'status.get', { site: 'gleantap' })) as Answer;
    expect(status.res?.value).toMatchObject({ locationId: LOCATIONS.main.id, canWrite: false });
    const write = { site: 'gleantap', write: { kind: 'tags.add', contactId: anaId, tags: ['lifted-scope'] } };
    const reply = (await sendFromFrame(page, 'write.enqueue', write)) as Answer;
    expect(reply.res).toMatchObject({ ok: false, error: { kind: 'scope.missing' } });
    const direct = (await content.send('write.enqueue', write)) as Answer;
    expect(direct.res).toMatchObject({ ok: false, error: { kind: 'sender.denied' } });
    await page.waitForTimeout(3000);
    expect(writes()).toEqual([]);
  });

  it('rebinds no site: Gleantap still reads the read-only location after its binding is rewritten', async () => {
    await setLocal({ siteBindings: { gleantap: LOCATIONS.clinic.id, gestioo: LOCATIONS.main.id } });
    world.sandbox.control.clearRequests();
    const status = (await sendFromFrame(page, 'status.get', { site: 'gleantap' })) as Answer;
    expect(status.res?.value).toMatchObject({ locationId: LOCATIONS.main.id });
    const reply = (await sendFromFrame(page, 'write.enqueue', {
      site: 'gleantap',
      write: { kind: 'contact.create', hostRecordId: 'gt_rebound', input: { firstName: 'Rebound' } },
    })) as Answer;
    expect(reply.res?.ok).toBe(false);
    await page.waitForTimeout(3000);
    expect(writes()).toEqual([]);
    expect(
      world.sandbox.control.data.contacts(LOCATIONS.clinic.id).some((c) => c.firstName === 'Rebound'),
    ).toBe(false);
  });

  it('changes no automation: a rule switched on in storage makes no write', async () => {
    const listed = (await optionsSend('automations.list', undefined)) as { rules: { id: string }[] };
    const rules = listed.rules.map((rule) => ({ ...rule, enabled: true }));
    await setLocal({ automationRules: rules, automationRules$: { v: 1 } });
    world.sandbox.control.clearRequests();
    const email = 'planted.rule@example.com';
    const gestioo = await world.newPage();
    await gestioo.goto('https://app.gestioo.com/clientes/nuevo');
    await gestioo.getByLabel('Nombre', { exact: true }).fill('Planted');
    await gestioo.getByLabel('Apellidos').fill('Rule');
    await gestioo.getByLabel('Correo electrónico').fill(email);
    await gestioo.getByRole('button', { name: 'Guardar' }).click();
    await gestioo.waitForTimeout(6000);
    expect(writes()).toEqual([]);
    expect(world.sandbox.control.data.contacts(LOCATIONS.clinic.id).some((c) => c.email === email)).toBe(
      false,
    );
    const runs = (await optionsSend('automations.runs', {})) as unknown[];
    expect(runs).toEqual([]);
    await gestioo.close();
  });

  it('moves no token: after the stored OAuth app points elsewhere, the refresh still goes to the admin’s broker only', async () => {
    await setLocal({
      oauthApp: { mode: 'broker', clientId: 'planted-client', brokerUrl: hostile.url },
      oauthApp$: { v: 1 },
      'oauth.pending': {
        state: 'planted',
        verifier: 'planted',
        redirectUri: hostile.url,
        createdAt: Date.now(),
      },
      [`auth.access.${LOCATIONS.main.id}`]: { token: 'planted', expiresAt: Date.now() + 3_600_000 },
    });
    const before = world.sandbox.control.tokenStats().byGrantType.refresh_token ?? 0;
    // Let the access token expire: the next read needs a refresh.
    await page.waitForTimeout(TOKEN_LIFETIME_S * 1000 + 500);
    const reply = (await sendFromPage(options, 'contact.section', {
      site: 'gleantap',
      contactId: anaId,
      section: 'tasks',
      fresh: true,
    })) as Answer;
    expect(hostile.hits()).toBe(0);
    expect(reply.res?.ok).toBe(true);
    expect(world.sandbox.control.tokenStats().byGrantType.refresh_token ?? 0).toBeGreaterThan(before);
    const app = (await optionsSend('oauth.app.get', undefined)) as { clientId: string; brokerUrl?: string };
    expect(app).toMatchObject({ clientId: SANDBOX_OAUTH_CLIENT.clientId, brokerUrl: broker.url });
  });
});
