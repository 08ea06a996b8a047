// @vitest-environment jsdom
/**
 * Adding a CRM is one definition: with a third one added to SITE_DEFINITIONS (and nothing else changed), every
 * place that knows the CRMs knows it too. Each expectation below fails if its place keeps a list of its own.
 */
import { signal } from '@preact/signals';
import { cleanup, render } from '@testing-library/preact';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkRule,
  parseRule,
  SITE_LABELS,
  SITE_TRIGGERS,
  SITES,
} from '../../../features/automations/model.ts';
import type { OptionsState } from '../../../features/settings/state.ts';
import { OptionsPage } from '../../../features/settings/views/OptionsPage.tsx';
import type { LinkStore } from '../../../features/sidebar/background/links.ts';
import { createWriteService } from '../../../features/sidebar/background/writes.ts';
import { createFakeLinks, createFakeOutbox } from '../../../test/support/automations-fakes.ts';
import { CRM_MATCHES } from '../../hosts.ts';
import { siteSchema } from '../../messaging/schemas.ts';
import { classifySender } from '../../messaging/sender.ts';
import type { Outbox } from '../../outbox/types.ts';
import { SITE_IDS, siteForUrl } from './catalog.ts';
import type { SiteDefinition } from './definitions.ts';
import { adapterForUrl, SITE_ADAPTERS } from './index.ts';
import type { SiteId } from './types.ts';

const PIPEDRIVE = vi.hoisted(
  (): SiteDefinition => ({
    id: 'pipedrive',
    label: 'Pipedrive',
    matches: ['https://*.pipedrive.com/*'],
    contactRoutes: ['/person/:id'],
    tasks: true,
  }),
);

// The options page's recipes section asks the background for its list: no background here, an empty list.
vi.mock('../../../features/recipes/messenger', () => ({
  sendRecipeMessage: async () => ({ ok: true, value: { recipes: [], rejected: [] } }),
}));

vi.mock('./definitions.ts', async (original) => {
  const actual = await original<typeof import('./definitions.ts')>();
  return { ...actual, SITE_DEFINITIONS: [...actual.SITE_DEFINITIONS, PIPEDRIVE] };
});

// The automations editor inside the options page talks to a background that is not there.
vi.mock('../../../features/automations/protocol', async (original) => ({
  ...(await original<typeof import('../../../features/automations/protocol')>()),
  sendAutomationMessage: async () => ({ ok: false, error: { kind: 'network.offline' } }),
}));

afterEach(cleanup);

const pipedrive = 'pipedrive' as SiteId;
const PERSON = 'https://acme.pipedrive.com/person/42';

describe('a CRM added by its definition alone', () => {
  it('is among the site ids and passes the messages’ site schema', () => {
    expect(SITE_IDS).toEqual(['gestioo', 'gleantap', 'pipedrive']);
    expect(v.parse(siteSchema, 'pipedrive')).toBe('pipedrive');
  });

  it('is matched by the content script, and its patterns are in the manifest’s', () => {
    expect(siteForUrl(new URL(PERSON))?.id).toBe('pipedrive');
    expect(siteForUrl(new URL('https://pipedrive.com.evil.example/person/42'))).toBeNull();
    expect(CRM_MATCHES).toContain('https://*.pipedrive.com/*');
  });

  it('has an adapter that reads its contact pages', () => {
    expect(SITE_ADAPTERS.map((adapter) => adapter.id)).toContain('pipedrive');
    const adapter = adapterForUrl(new URL(PERSON));
    expect(adapter?.id).toBe('pipedrive');
    expect(adapter?.matchContactPage(new URL(PERSON))).toEqual({ hostRecordId: '42' });
  });

  it('is trusted as a content script’s site by the sender check', () => {
    const self = { id: 'abcdefghijklmnopabcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
    expect(
      classifySender({ id: self.id, url: PERSON, frameId: 0, tab: { id: 5, url: PERSON } }, self),
    ).toEqual({ kind: 'content-script', tabId: 5, url: PERSON, site: 'pipedrive' });
  });

  it('gets its own section in the options page', () => {
    const state = {
      status: signal({ connections: [], locationId: null, canWrite: false, oauthReady: false }),
      statusError: signal(null),
      tests: signal({}),
      overrides: signal({}),
      bindings: signal({}),
      oauthApp: signal(null),
      hostAccess: { view: signal(null) },
      refresh: async () => undefined,
    } as unknown as OptionsState;
    const { container } = render(<OptionsPage state={state} />);
    const sites = [...container.querySelectorAll('fieldset.opt-site')];
    expect(sites.map((site) => site.getAttribute('data-site'))).toEqual(['gestioo', 'gleantap', 'pipedrive']);
    expect(sites[2]?.querySelector('legend')?.textContent).toBe('Pipedrive');
  });

  it('is an outbox origin, and a contact created from it is linked to its record by the create key', async () => {
    const fake = createFakeOutbox();
    const { links, map, key } = createFakeLinks();
    const outbox = { ...fake.outbox, drain: async () => undefined } as unknown as Outbox;
    const writes = createWriteService({
      outbox,
      links: links as LinkStore,
      notify: () => undefined,
      now: () => 1,
    });
    const write = { kind: 'contact.create' as const, hostRecordId: '42', input: { firstName: 'Ana' } };
    const receipt = await writes.enqueue(pipedrive, 'loc1', write);
    expect(fake.entries.get(receipt.id)?.origin).toEqual({ kind: 'sidebar', site: 'pipedrive' });
    fake.save(receipt.id, { contactId: 'hl_42' });
    await vi.waitFor(() => expect(map.get(key('pipedrive', '42', 'loc1'))?.contactId).toBe('hl_42'));
  });

  it('has automations, with the triggers its definition gives it', () => {
    expect(SITES).toContain('pipedrive');
    expect(SITE_LABELS[pipedrive]).toBe('Pipedrive');
    expect(SITE_TRIGGERS[pipedrive]).toEqual([
      'contact.opened',
      'contact.updated',
      'contact.created',
      'task.created',
    ]);
    const parsed = parseRule({
      id: 'r1',
      name: 'Pipedrive tasks',
      enabled: true,
      site: 'pipedrive',
      locationId: 'site-default',
      triggers: ['task.created'],
      actions: [
        { type: 'task.create', title: '{{task.title}}', body: '', due: '{{task.dueDate || today+1d}}' },
      ],
    });
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(checkRule(parsed.rule).filter((issue) => issue.severity === 'error')).toEqual([]);
  });
});
