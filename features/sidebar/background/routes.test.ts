import { describe, expect, it, vi } from 'vitest';
import type { PageContact } from '../../../lib/host-page/sites/types';
import { ok } from '../../../lib/messaging/reply';
import { createDispatcher, type Route } from '../../../lib/messaging/router';
import type { ConnectionInfo } from '../../../lib/storage/items';
import { createSettingsRoutes, type SettingsRouteDeps } from '../../settings/background/routes';
import type { ContactView, FoundView, MatchView, SectionView } from '../protocol';
import type { ContactLink } from './links';
import { createSidebarRoutes, type SidebarRouteDeps } from './routes';
import { createTabSessions } from './tabs';

const self = {
  id: 'ourextensionidourextensionidabcd',
  baseUrl: 'chrome-extension://ourextensionidourextensionidabcd/',
};
const LOCATION = 've9EPM428h8vShlRW1KT';
const ANA = 'AnaGarciaContact00001';
const OTHER = 'SomeoneElseContact0001';
const BUSINESS = 'GimnasioSolBusiness01';

const tabOf = (tabId: number, url = `https://app.gleantap.com/contacts/gt_${tabId}`) => ({
  id: self.id,
  url,
  frameId: 0,
  tab: { id: tabId, url },
});
const frameOf = (tabId: number, frameId: number) => ({
  id: self.id,
  url: `${self.baseUrl}sidebar-frame.html`,
  origin: self.baseUrl.replace(/\/$/, ''),
  frameId,
  tab: { id: tabId, url: `https://app.gleantap.com/contacts/gt_${tabId}` },
});
const optionsPage = { id: self.id, url: `${self.baseUrl}options.html` };

const contact = (id: string): ContactView => ({
  id,
  locationId: LOCATION,
  name: id,
  tags: [],
  customFields: [],
  businessId: BUSINESS,
});

function setup(scopes = ['contacts.readonly', 'contacts.write']) {
  const stored: Record<string, unknown> = {};
  const tabs = createTabSessions({
    get: async (key) => ({ [key]: stored[key] }),
    set: async (items) => void Object.assign(stored, items),
  });
  const connection: ConnectionInfo = { locationId: LOCATION, mode: 'pit', scopes, connectedAt: 1 };
  const linkStore = new Map<string, ContactLink>();
  const section = vi.fn(
    async (_location: string, contactId: string, name: string): Promise<SectionView> => ({
      data: (name === 'contact' ? contact(contactId) : []) as never,
      fetchedAt: 1,
      stale: false,
    }),
  );
  const business = vi.fn(async () => ({ rows: [], total: 0 }));
  const find = vi.fn(
    async (_location: string, query: string): Promise<FoundView> => ({
      query,
      contacts: [contact(OTHER)],
      exact: false,
    }),
  );
  const match = vi.fn(
    async (): Promise<MatchView> => ({
      status: 'matched',
      locationId: LOCATION,
      candidates: [{ contact: contact(ANA), matchedOn: 'email' }],
    }),
  );
  const enqueue = vi.fn(async () => ({
    id: 'w1',
    kind: 'task.create' as const,
    status: 'pending' as const,
    createdAt: 1,
  }));
  const hostAccess = { granted: true, highLevel: true };
  const oauthConnect = vi.fn();
  // The frame also asks the settings' routes (status, site binding): both tables, as the background wires them.
  const deps: SidebarRouteDeps & SettingsRouteDeps = {
    connections: {
      list: async () => [connection],
      get: async () => connection,
      grantedScopes: async () => scopes,
      locationForSite: async () => LOCATION,
      bind: vi.fn(async () => undefined),
    } as unknown as SettingsRouteDeps['connections'],
    links: {
      get: async (site: string, record: string) => linkStore.get(`${site}:${record}`) ?? null,
      set: async (link: ContactLink) => void linkStore.set(`${link.site}:${link.hostRecordId}`, link),
      deleteLocation: async () => undefined,
    } as unknown as SidebarRouteDeps['links'],
    data: {
      business,
      find,
      match,
      section,
      probeScopes: async () => ({ scopes }),
      testConnection: async () => [],
      forgetLocation: async () => undefined,
    },
    oauth: {
      connect: oauthConnect,
      view: async () => null,
      setApp: vi.fn(),
    } as unknown as SettingsRouteDeps['oauth'],
    writes: {
      enqueue,
      unsettled: async () => [],
      retry: async () => null,
      discard: async () => null,
      receipt: async () => null,
    },
    tabs,
    tagSuggestions: () => [],
    assigneeSuggestions: () => [],
    rateState: () => ({
      remaining: 1,
      limit: 1,
      intervalMs: 1,
      dailyRemaining: null,
      dailyLimit: null,
      exhausted: false,
    }),
    openOptions: async () => undefined,
    hostAccess: async () => ({ ...hostAccess }),
    forgetLocation: async () => undefined,
    toErrorView: () => null,
  };
  const dispatch = createDispatcher(
    { ...createSidebarRoutes(deps), ...createSettingsRoutes(deps) } as unknown as Record<
      string,
      Route<unknown, unknown>
    >,
    {
      self,
      grantedScopes: async () => scopes,
      frameSite: async (tabId, frameId) => (await tabs.frame(tabId, frameId))?.site ?? null,
    },
  );
  /** A tab whose content script reported `page` and whose frame attached with the key it was given. */
  const openTab = async (tabId: number, frameId: number, page: PageContact) => {
    expect(await dispatch('page.show', { page, settled: true }, tabOf(tabId))).toEqual(ok(null));
    const key = (await dispatch('frame.key', undefined, tabOf(tabId))) as {
      ok: true;
      value: { key: string };
    };
    expect(await dispatch('frame.attach', { key: key.value.key }, frameOf(tabId, frameId))).toEqual(
      ok({ site: 'gleantap' }),
    );
    const answer = await dispatch(
      'contact.match',
      { site: 'gleantap', page, settled: true },
      frameOf(tabId, frameId),
    );
    expect(answer).toMatchObject({ ok: true, value: { status: 'matched' } });
  };
  return {
    dispatch,
    tabs,
    section,
    business,
    match,
    enqueue,
    openTab,
    hostAccess,
    oauthConnect,
    find,
    scopes,
  };
}

const anaPage: PageContact = { site: 'gleantap', hostRecordId: 'gt_7', email: 'ana.garcia@example.com' };
const DENIED = { ok: false, error: { kind: 'sender.denied' } };

describe('the sidebar routes: each tab reaches only its own contact', () => {
  it('lets the frame its content script vouched for read the contact its page shows, and that business', async () => {
    const { dispatch, openTab, section } = setup();
    await openTab(7, 3, anaPage);
    const sections = await dispatch('contact.sections', { site: 'gleantap', contactId: ANA }, frameOf(7, 3));
    expect(sections).toMatchObject({ ok: true, value: { contact: { ok: true } } });
    expect(section).toHaveBeenCalledWith(LOCATION, ANA, 'tasks', false);
    await expect(
      dispatch(
        'business.contacts',
        { site: 'gleantap', businessId: BUSINESS, skip: 0, limit: 20 },
        frameOf(7, 3),
      ),
    ).resolves.toMatchObject({ ok: true });
  });

  it('answers a content script nothing of HighLevel: every read and write is refused to it', async () => {
    const { dispatch, openTab, section, enqueue, match, find } = setup();
    await openTab(7, 3, anaPage);
    const calls = section.mock.calls.length + match.mock.calls.length;
    const asks: [string, unknown][] = [
      ['contact.match', { site: 'gleantap', page: anaPage, settled: true }],
      ['contact.sections', { site: 'gleantap', contactId: ANA }],
      ['contact.section', { site: 'gleantap', contactId: ANA, section: 'contact', fresh: true }],
      ['business.contacts', { site: 'gleantap', businessId: BUSINESS, skip: 0, limit: 20 }],
      ['write.enqueue', { site: 'gleantap', write: { kind: 'contact.delete', contactId: ANA } }],
      ['contact.link', { site: 'gleantap', hostRecordId: 'gt_7', contactId: OTHER }],
      ['contact.find', { site: 'gleantap', query: 'Someone' }],
      ['status.get', { site: 'gleantap' }],
      ['site.bind', { site: 'gleantap', locationId: LOCATION }],
    ];
    for (const [type, data] of asks) expect(await dispatch(type, data, tabOf(7)), type).toEqual(DENIED);
    expect(section.mock.calls.length + match.mock.calls.length).toBe(calls);
    expect(enqueue).not.toHaveBeenCalled();
    expect(find).not.toHaveBeenCalled();
  });

  it('refuses a content script message naming another site than its page’s', async () => {
    const { dispatch, tabs } = setup();
    const gestiooPage = { site: 'gestioo', hostRecordId: 'g_1', email: 'ana.garcia@example.com' };
    expect(await dispatch('page.show', { page: gestiooPage, settled: true }, tabOf(7))).toEqual(DENIED);
    expect(await tabs.get(7)).toBeNull();
  });

  it('refuses the frame another contact, another business, another record, and another site', async () => {
    const { dispatch, openTab, section, business, enqueue } = setup();
    await openTab(7, 3, anaPage);
    const before = section.mock.calls.length;
    const frame = frameOf(7, 3);
    const asks: [string, unknown][] = [
      ['contact.sections', { site: 'gleantap', contactId: OTHER }],
      ['contact.section', { site: 'gleantap', contactId: OTHER, section: 'notes', fresh: true }],
      ['business.contacts', { site: 'gleantap', businessId: 'AnotherBusiness00001', skip: 0, limit: 20 }],
      ['write.enqueue', { site: 'gleantap', write: { kind: 'contact.delete', contactId: OTHER } }],
      [
        'write.enqueue',
        { site: 'gleantap', write: { kind: 'contact.create', hostRecordId: 'gt_99', input: {} } },
      ],
      ['write.list', { site: 'gleantap', contactId: OTHER }],
      ['contact.link', { site: 'gleantap', hostRecordId: 'gt_7', contactId: OTHER }],
      ['contact.link', { site: 'gleantap', hostRecordId: 'gt_99', contactId: ANA }],
      ['contact.match', { site: 'gleantap', page: { ...anaPage, hostRecordId: 'gt_99' }, settled: true }],
      ['contact.sections', { site: 'gestioo', contactId: ANA }],
    ];
    for (const [type, data] of asks) expect(await dispatch(type, data, frame), type).toEqual(DENIED);
    expect(section.mock.calls.length).toBe(before);
    expect(business).not.toHaveBeenCalled();
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('refuses ids that are not HighLevel ids before anything runs: "..", ".", paths, encodings', async () => {
    const { dispatch, openTab, section, enqueue } = setup();
    await openTab(7, 3, anaPage);
    const before = section.mock.calls.length;
    for (const id of ['..', '.', 'a/b', '%2e%2e', 'a?b', '', 'x'.repeat(129)]) {
      const read = await dispatch('contact.sections', { site: 'gleantap', contactId: id }, frameOf(7, 3));
      expect(read, id).toMatchObject({ ok: false, error: { kind: 'payload.invalid' } });
      const write = await dispatch(
        'write.enqueue',
        { site: 'gleantap', write: { kind: 'task.delete', contactId: ANA, taskId: id } },
        frameOf(7, 3),
      );
      expect(write, id).toMatchObject({ ok: false, error: { kind: 'payload.invalid' } });
    }
    expect(section.mock.calls.length).toBe(before);
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('lets the frame write to its tab’s contact and create the record its page shows', async () => {
    const { dispatch, openTab, enqueue } = setup();
    await openTab(7, 3, anaPage);
    const task = {
      kind: 'task.create',
      contactId: ANA,
      input: { title: 'Call', dueDate: '2026-12-07T09:00:00Z' },
    };
    await expect(
      dispatch('write.enqueue', { site: 'gleantap', write: task }, frameOf(7, 3)),
    ).resolves.toMatchObject({
      ok: true,
    });
    const create = { kind: 'contact.create', hostRecordId: 'gt_7', input: { firstName: 'Ana' } };
    await expect(
      dispatch('write.enqueue', { site: 'gleantap', write: create }, frameOf(7, 3)),
    ).resolves.toMatchObject({
      ok: true,
    });
    expect(enqueue).toHaveBeenCalledTimes(2);
  });

  it('gives nothing to a frame its content script did not vouch for: no key, a wrong key, a spent key', async () => {
    const { dispatch, openTab, section } = setup();
    await openTab(7, 3, anaPage);
    const before = section.mock.calls.length;
    // Another frame of the same tab (a page framing our sidebar page itself), and a frame of another tab.
    for (const stranger of [frameOf(7, 9), frameOf(8, 3)])
      expect(await dispatch('contact.sections', { site: 'gleantap', contactId: ANA }, stranger)).toEqual(
        DENIED,
      );
    // A key for tab 7 cannot attach a frame of tab 8, nor twice, nor once a wrong key was tried.
    const key = (await dispatch('frame.key', undefined, tabOf(7))) as { ok: true; value: { key: string } };
    expect(await dispatch('frame.attach', { key: key.value.key }, frameOf(8, 4))).toEqual(DENIED);
    expect(await dispatch('frame.attach', { key: 'f'.repeat(48) }, frameOf(7, 9))).toEqual(DENIED);
    expect(await dispatch('frame.attach', { key: key.value.key }, frameOf(7, 9))).toEqual(DENIED);
    expect(await dispatch('contact.sections', { site: 'gleantap', contactId: ANA }, frameOf(7, 9))).toEqual(
      DENIED,
    );
    expect(section.mock.calls.length).toBe(before);
  });

  it('forgets what a tab could reach when it moves to another CRM', async () => {
    const { dispatch, openTab, tabs } = setup();
    await openTab(7, 3, anaPage);
    const gestioo = 'https://app.gestioo.com/clientes/g_1';
    const page = { site: 'gestioo', hostRecordId: 'g_1' };
    expect(await dispatch('page.show', { page, settled: false }, tabOf(7, gestioo))).toEqual(ok(null));
    expect(await tabs.get(7)).toMatchObject({ site: 'gestioo', contacts: [], frameId: null });
    expect(await dispatch('contact.sections', { site: 'gleantap', contactId: ANA }, frameOf(7, 3))).toEqual(
      DENIED,
    );
  });

  it('still serves the options page, which names the site it reads', async () => {
    const { dispatch } = setup();
    await expect(dispatch('status.get', { site: 'gleantap' }, optionsPage)).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      dispatch(
        'contact.section',
        { site: 'gleantap', contactId: ANA, section: 'tasks', fresh: true },
        optionsPage,
      ),
    ).resolves.toMatchObject({ ok: true });
  });
});

describe('the host permissions', () => {
  it('tells the extension’s pages and a vouched sidebar frame whether they are granted, and no one else', async () => {
    const { dispatch, openTab, hostAccess } = setup();
    hostAccess.granted = false;
    hostAccess.highLevel = false;
    const missing = ok({ granted: false, highLevel: false });
    await expect(dispatch('host-access.get', undefined, optionsPage)).resolves.toEqual(missing);
    expect(await dispatch('host-access.get', undefined, frameOf(7, 3))).toEqual(DENIED);
    await openTab(7, 3, anaPage);
    await expect(dispatch('host-access.get', undefined, frameOf(7, 3))).resolves.toEqual(missing);
    expect(await dispatch('host-access.get', undefined, tabOf(7))).toEqual(DENIED);
    await expect(
      dispatch('host-access.get', { origins: ['<all_urls>'] }, optionsPage),
    ).resolves.toMatchObject({
      ok: false,
      error: { kind: 'payload.invalid' },
    });
  });

  it('refuses to start HighLevel’s consent while the browser withholds HighLevel, saying why', async () => {
    const { dispatch, hostAccess, oauthConnect } = setup();
    hostAccess.highLevel = false;
    await expect(dispatch('connection.oauth', { write: false }, optionsPage)).resolves.toEqual({
      ok: false,
      error: { kind: 'permission.missing' },
    });
    expect(oauthConnect).not.toHaveBeenCalled();
  });
});

describe('searching HighLevel by hand (contact.find)', () => {
  const find = (query: string) => ({ site: 'gleantap', query });

  it('answers the frame, and lets it read and link what it found for its page, and nothing more', async () => {
    const { dispatch, openTab } = setup();
    await openTab(7, 3, anaPage);
    const frame = frameOf(7, 3);
    // Before the search, another contact is out of reach.
    expect(await dispatch('contact.sections', { site: 'gleantap', contactId: OTHER }, frame)).toEqual(DENIED);
    const found = await dispatch('contact.find', find('  Someone Else '), frame);
    expect(found).toMatchObject({ ok: true, value: { query: 'Someone Else', contacts: [{ id: OTHER }] } });
    await expect(
      dispatch('contact.sections', { site: 'gleantap', contactId: OTHER }, frame),
    ).resolves.toMatchObject({ ok: true });
    expect(
      await dispatch('contact.link', { site: 'gleantap', hostRecordId: 'gt_7', contactId: OTHER }, frame),
    ).toEqual(ok(null));
    // The link is what the next match answers: the sidebar then shows that contact.
    await expect(
      dispatch('contact.match', { site: 'gleantap', page: anaPage, settled: true }, frame),
    ).resolves.toMatchObject({ ok: true, value: { status: 'linked', contactId: OTHER } });
  });

  it('gives another tab nothing of what one tab found', async () => {
    const { dispatch, openTab } = setup();
    await openTab(7, 3, anaPage);
    await openTab(8, 4, { ...anaPage, hostRecordId: 'gt_8' });
    expect(await dispatch('contact.find', find('Someone'), frameOf(7, 3))).toMatchObject({ ok: true });
    const other = frameOf(8, 4);
    expect(await dispatch('contact.sections', { site: 'gleantap', contactId: OTHER }, other)).toEqual(DENIED);
    expect(
      await dispatch('contact.link', { site: 'gleantap', hostRecordId: 'gt_8', contactId: OTHER }, other),
    ).toEqual(DENIED);
  });

  it('forgets what was found once the page shows another record', async () => {
    const { dispatch, openTab, tabs } = setup();
    await openTab(7, 3, anaPage);
    await dispatch('contact.find', find('Someone'), frameOf(7, 3));
    expect((await tabs.get(7))?.found).toEqual([OTHER]);
    const next = { ...anaPage, hostRecordId: 'gt_70' };
    expect(await dispatch('page.show', { page: next, settled: true }, tabOf(7))).toEqual(ok(null));
    expect((await tabs.get(7))?.found).toEqual([]);
    expect(await dispatch('contact.sections', { site: 'gleantap', contactId: OTHER }, frameOf(7, 3))).toEqual(
      DENIED,
    );
  });

  it('refuses content scripts, extension pages and strange frames before searching', async () => {
    const { dispatch, openTab, find: search } = setup();
    await openTab(7, 3, anaPage);
    for (const sender of [tabOf(7), optionsPage, frameOf(7, 9), frameOf(8, 3)])
      expect(await dispatch('contact.find', find('Someone'), sender)).toEqual(DENIED);
    expect(await dispatch('contact.find', { site: 'gestioo', query: 'Someone' }, frameOf(7, 3))).toEqual(
      DENIED,
    );
    expect(search).not.toHaveBeenCalled();
  });

  it('refuses a query shorter than 2 characters (once trimmed), or too long, as an invalid payload', async () => {
    const { dispatch, openTab, find: search } = setup();
    await openTab(7, 3, anaPage);
    for (const query of ['', 'a', '  b  ', 'x'.repeat(76)])
      expect(await dispatch('contact.find', find(query), frameOf(7, 3)), query).toMatchObject({
        ok: false,
        error: { kind: 'payload.invalid', path: 'query' },
      });
    expect(await dispatch('contact.find', { ...find('ok'), extra: 1 }, frameOf(7, 3))).toMatchObject({
      ok: false,
      error: { kind: 'payload.invalid' },
    });
    expect(search).not.toHaveBeenCalled();
  });

  it('needs contacts.readonly on the tab’s location', async () => {
    const { dispatch, openTab, find: search, scopes } = setup();
    await openTab(7, 3, anaPage);
    scopes.splice(0, scopes.length, 'contacts.write');
    expect(await dispatch('contact.find', find('Someone'), frameOf(7, 3))).toEqual({
      ok: false,
      error: { kind: 'scope.missing', scope: 'contacts.readonly' },
    });
    expect(search).not.toHaveBeenCalled();
  });

  it('refuses a tab whose page shows no record', async () => {
    const { dispatch, openTab, find: search } = setup();
    await openTab(7, 3, anaPage);
    expect(await dispatch('page.show', { page: null, settled: false }, tabOf(7))).toEqual(ok(null));
    expect(await dispatch('contact.find', find('Someone'), frameOf(7, 3))).toEqual(DENIED);
    expect(search).not.toHaveBeenCalled();
  });

  it('keeps one search in flight per tab: asks made meanwhile get the latest query’s answer', async () => {
    const { dispatch, openTab, find: search } = setup();
    await openTab(7, 3, anaPage);
    let release: () => void = () => undefined;
    search.mockImplementationOnce(async (_location, query) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return { query, contacts: [contact(ANA)], exact: false };
    });
    const frame = frameOf(7, 3);
    const first = dispatch('contact.find', find('So'), frame);
    await vi.waitFor(() => expect(search).toHaveBeenCalledTimes(1));
    const second = dispatch('contact.find', find('Som'), frame);
    const third = dispatch('contact.find', find('Someone'), frame);
    await new Promise((r) => setTimeout(r, 10));
    expect(search).toHaveBeenCalledTimes(1);
    release();
    expect(await first).toMatchObject({ ok: true, value: { query: 'So' } });
    expect(await second).toMatchObject({ ok: true, value: { query: 'Someone' } });
    expect(await third).toMatchObject({ ok: true, value: { query: 'Someone' } });
    expect(search.mock.calls.map((call) => call[1])).toEqual(['So', 'Someone']);
    // Asked again within moments: answered from memory, whatever the case and spacing.
    expect(await dispatch('contact.find', find('someone  '), frame)).toMatchObject({
      ok: true,
      value: { query: 'someone' },
    });
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('answers HighLevel’s failure as an error value the sidebar can retry', async () => {
    const { dispatch, openTab, find: search } = setup();
    await openTab(7, 3, anaPage);
    search.mockRejectedValueOnce(new Error('rate'));
    const reply = await dispatch('contact.find', find('Someone'), frameOf(7, 3));
    expect(reply).toEqual({ ok: false, error: { kind: 'internal' } });
    // A failure is not kept: the next ask goes to HighLevel again.
    await expect(dispatch('contact.find', find('Someone'), frameOf(7, 3))).resolves.toMatchObject({
      ok: true,
    });
    expect(search).toHaveBeenCalledTimes(2);
  });
});
