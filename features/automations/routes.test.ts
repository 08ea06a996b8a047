import { describe, expect, it, vi } from 'vitest';
import type { ErrorView } from '../../lib/messaging/reply.ts';
import { createDispatcher, type Route } from '../../lib/messaging/router.ts';
import type { ConnectionInfo } from '../../lib/storage/items.ts';
import { contactOf, createFakeClient, createFakeOutbox } from '../../test/support/automations-fakes.ts';
import { createAutomationEngine } from './engine.ts';
import type { Rule } from './model.ts';
import { presetCopy } from './presets.ts';
import { createAutomationRoutes } from './routes.ts';
import { createMemoryRuleStore, createMemoryStores } from './stores.ts';

const self = {
  id: 'ourextensionidourextensionidabcd',
  baseUrl: 'chrome-extension://ourextensionidourextensionidabcd/',
};
const page = { id: self.id, url: `${self.baseUrl}options.html` };
const gleantapTab = {
  id: self.id,
  url: 'https://app.gleantap.com/contacts/gt_1001',
  frameId: 0,
  tab: { id: 9, url: 'https://app.gleantap.com/contacts/gt_1001' },
};
const LOCATION = 've9EPM428h8vShlRW1KT';
const connection: ConnectionInfo = {
  locationId: LOCATION,
  locationName: 'Sunrise Fitness',
  mode: 'pit',
  scopes: ['contacts.readonly'],
  connectedAt: 1,
};

function setup(scopes: string[] | null = ['contacts.readonly', 'contacts.write']) {
  const rules = createMemoryRuleStore();
  const fake = createFakeClient({
    contacts: [contactOf({ id: 'c1', email: 'ana.garcia@example.com', companyName: 'Gimnasio Sol' })],
  });
  const box = createFakeOutbox();
  const engine = createAutomationEngine({
    client: fake.client,
    outbox: box.outbox,
    rules,
    ...createMemoryStores(),
    resolveLocation: async () => LOCATION,
    grantedScopes: async () => scopes,
  });
  const onHostEvent = vi.spyOn(engine, 'onHostEvent');
  const routes = createAutomationRoutes({
    engine,
    rules,
    connections: { list: async () => [connection], locationForSite: async () => LOCATION },
    toErrorView: () => null,
    now: () => 42,
  });
  const dispatch = createDispatcher(routes as unknown as Record<string, Route<unknown, unknown>>, {
    self,
    grantedScopes: async () => scopes,
  });
  return { dispatch, rules, box, onHostEvent };
}

const event = {
  site: 'gleantap',
  event: {
    type: 'contact.created',
    contact: { site: 'gleantap', hostRecordId: 'gt_1001', email: 'ana.garcia@example.com' },
  },
};

describe('the host.event route', () => {
  it('hands a content script event of its own site to the engine, with the tab id', async () => {
    const { dispatch, rules, box, onHostEvent } = setup();
    await rules.save({ ...(presetCopy('preset.gleantap.push') as Rule), enabled: true });
    await expect(dispatch('host.event', event, gleantapTab)).resolves.toEqual({
      ok: true,
      value: { runs: 1 },
    });
    expect(onHostEvent).toHaveBeenCalledWith('gleantap', event.event, { tabId: 9 });
    expect(box.entries.size).toBe(1);
  });

  it('refuses events from extension pages, about another site than the tab shows, or about a mismatched contact', async () => {
    const { dispatch, onHostEvent } = setup();
    const denied: ErrorView = { kind: 'sender.denied' };
    await expect(dispatch('host.event', event, page)).resolves.toEqual({ ok: false, error: denied });
    const gestioo = {
      ...event,
      site: 'gestioo',
      event: { ...event.event, contact: { ...event.event.contact, site: 'gestioo' } },
    };
    await expect(dispatch('host.event', gestioo, gleantapTab)).resolves.toEqual({ ok: false, error: denied });
    const mismatched = {
      ...event,
      event: { ...event.event, contact: { ...event.event.contact, site: 'gestioo' } },
    };
    await expect(dispatch('host.event', mismatched, gleantapTab)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'payload.invalid' },
    });
    expect(onHostEvent).not.toHaveBeenCalled();
  });

  it('refuses malformed events before the engine sees them', async () => {
    const { dispatch, onHostEvent } = setup();
    const bad = {
      ...event,
      event: { ...event.event, contact: { ...event.event.contact, hostRecordId: '<script>' } },
    };
    await expect(dispatch('host.event', bad, gleantapTab)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'payload.invalid' },
    });
    expect(onHostEvent).not.toHaveBeenCalled();
  });
});

describe('the rule routes', () => {
  const custom: Rule = {
    id: 'custom.1',
    name: 'Tag new members',
    enabled: true,
    site: 'gleantap',
    locationId: 'site-default',
    triggers: ['contact.created'],
    actions: [{ type: 'tags.add', tags: ['new-member'] }],
  };

  it('lists rules, shipped workflows and the connected locations with their access', async () => {
    const { dispatch } = setup();
    const reply = await dispatch('automations.list', undefined, page);
    expect(reply).toMatchObject({
      ok: true,
      value: {
        locations: [{ locationId: LOCATION, name: 'Sunrise Fitness', canWrite: false }],
        siteDefaults: { gestioo: LOCATION, gleantap: LOCATION },
      },
    });
    expect((reply as { value: { rules: Rule[]; presets: Rule[] } }).value.presets).toHaveLength(6);
  });

  it('saves a valid rule with its time, and refuses one with errors, listing them', async () => {
    const { dispatch, rules } = setup();
    await expect(dispatch('automations.save', { rule: custom }, page)).resolves.toEqual({
      ok: true,
      value: { ...custom, updatedAt: 42 },
    });
    const broken = { ...custom, id: 'custom.2', actions: [{ type: 'tags.add', tags: ['{{page.emial}}'] }] };
    await expect(dispatch('automations.save', { rule: broken }, page)).resolves.toEqual({
      ok: false,
      error: {
        kind: 'payload.invalid',
        path: 'rule.actions.0.tags.0',
        messages: ['Unknown variable "page.emial".'],
      },
    });
    expect(await rules.get('custom.2')).toBeNull();
  });

  it('only lets extension pages manage rules', async () => {
    const { dispatch } = setup();
    await expect(dispatch('automations.save', { rule: custom }, gleantapTab)).resolves.toEqual({
      ok: false,
      error: { kind: 'sender.denied' },
    });
    await expect(
      dispatch('automations.delete', { id: 'preset.gleantap.push' }, gleantapTab),
    ).resolves.toEqual({ ok: false, error: { kind: 'sender.denied' } });
  });

  it('enables and deletes rules by id, answering not.found for unknown ones', async () => {
    const { dispatch, rules } = setup();
    await expect(
      dispatch('automations.setEnabled', { id: 'preset.gleantap.push', enabled: true }, page),
    ).resolves.toMatchObject({ ok: true, value: { enabled: true } });
    expect((await rules.get('preset.gleantap.push'))?.enabled).toBe(true);
    await expect(dispatch('automations.delete', { id: 'preset.gleantap.push' }, page)).resolves.toEqual({
      ok: true,
      value: null,
    });
    await expect(dispatch('automations.delete', { id: 'preset.gleantap.push' }, page)).resolves.toEqual({
      ok: false,
      error: { kind: 'not.found' },
    });
    await expect(dispatch('automations.setEnabled', { id: 'nope', enabled: true }, page)).resolves.toEqual({
      ok: false,
      error: { kind: 'not.found' },
    });
  });

  it('dry-runs a rule without queueing anything', async () => {
    const { dispatch, box } = setup();
    const reply = await dispatch('automations.dryRun', { rule: custom, event: event.event }, page);
    expect(reply).toMatchObject({ ok: true, value: { applies: true, receipts: [{ action: 'tags.add' }] } });
    expect(box.entries.size).toBe(0);
  });
});

describe('the report routes', () => {
  it('builds a report on demand when the location can be read, then serves it by id', async () => {
    const { dispatch } = setup();
    const built = await dispatch(
      'automations.buildReport',
      { site: 'gestioo', businessName: 'Gimnasio Sol' },
      page,
    );
    expect(built).toMatchObject({
      ok: true,
      value: { business: { name: 'Gimnasio Sol' }, rows: [{ contactId: 'c1' }] },
    });
    const id = (built as { value: { id: string } }).value.id;
    await expect(dispatch('automations.report', { id }, page)).resolves.toMatchObject({
      ok: true,
      value: { id },
    });
    await expect(dispatch('automations.report', { id: 'missing' }, page)).resolves.toEqual({
      ok: false,
      error: { kind: 'not.found' },
    });
    await expect(dispatch('automations.reports', undefined, page)).resolves.toMatchObject({
      ok: true,
      value: [{ id }],
    });
  });

  it('refuses to build a report without a connection', async () => {
    const { dispatch } = setup(null);
    await expect(
      dispatch('automations.buildReport', { site: 'gestioo', businessName: 'Gimnasio Sol' }, page),
    ).resolves.toEqual({
      ok: false,
      error: { kind: 'not.connected' },
    });
  });
});
