/**
 * The sidebar's message routes (and the content script's that set up its frame): for each message type, who may
 * send it, the schema its payload must match, and the scope it needs — checked by the router before the handler runs (lib/messaging/router.ts).
 */
import { SECTION_NAMES } from '../../../lib/api/sections';
import { HOST_PAGE_PAYLOADS } from '../../../lib/host-page/payloads';
import type { HostPageProtocol } from '../../../lib/host-page/protocol';
import type { PageContact, SiteId } from '../../../lib/host-page/sites/types';
import { attempt as attemptWith, type ErrorView, fail, ok, type Reply } from '../../../lib/messaging/reply';
import type { RoutedSender, RouteTable } from '../../../lib/messaging/router';
import type { TrustedSender } from '../../../lib/messaging/sender';
import type { Connections } from '../../settings/background/connections';
import type { EndpointCheck } from '../../settings/protocol';
import { SIDEBAR_PAYLOADS } from '../payloads';
import type {
  BusinessPageView,
  FoundView,
  MatchView,
  SectionName,
  SectionOutcomes,
  SectionView,
  SidebarProtocol,
  WriteReceipt,
} from '../protocol';
import { createContactFinder } from './find';
import type { LinkStore } from './links';
import type { TabSession, TabSessions } from './tabs';
import type { WriteService } from './writes';

export interface ContactData {
  business(
    locationId: string,
    businessId: string,
    page: { skip: number; limit: number; query?: string },
  ): Promise<BusinessPageView>;
  /** A search by hand (name, email or phone): one small page, or the one contact with exactly that email or phone. */
  find(locationId: string, query: string): Promise<FoundView>;
  /** `exclude`: contacts the agent said this record is not. */
  match(locationId: string, page: PageContact, exclude: string[]): Promise<MatchView>;
  section(locationId: string, contactId: string, name: SectionName, fresh: boolean): Promise<SectionView>;
  probeScopes(locationId: string): Promise<{ scopes: string[] }>;
  testConnection(locationId: string): Promise<EndpointCheck[]>;
  forgetLocation(locationId: string): Promise<void>;
}

export interface SidebarRouteDeps {
  connections: Pick<Connections, 'locationForSite' | 'grantedScopes'>;
  links: LinkStore;
  data: ContactData;
  writes: Pick<WriteService, 'enqueue' | 'unsettled' | 'retry' | 'discard' | 'receipt'>;
  tabs: TabSessions;
  tagSuggestions(locationId: string): string[];
  assigneeSuggestions(locationId: string): string[];
  /** Turns anything a service threw into an error value (ApiError, CredentialError…), or null if unknown. */
  toErrorView(error: unknown): ErrorView | null;
  now?: () => number;
}

/** The sidebar's messages, and the content script's that set up its frame ('host.event' is the automations'). */
export type SidebarRouteTable = RouteTable<
  SidebarProtocol & Pick<HostPageProtocol, 'page.show' | 'frame.key'>
>;

const FRAME: TrustedSender['kind'][] = ['sidebar-frame'];
const CONTENT: TrustedSender['kind'][] = ['content-script'];
const PAGES_AND_FRAME: TrustedSender['kind'][] = ['extension-page', 'sidebar-frame'];

/** The same key for the same question about a page, whatever order its fields were written in. */
function pageKey(page: PageContact, settled: boolean): string {
  const fields = Object.entries(page).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([fields, settled]);
}

export function createSidebarRoutes(deps: SidebarRouteDeps): SidebarRouteTable {
  const { connections, links, data, tabs } = deps;
  const now = deps.now ?? Date.now;
  /** The location a tab's sidebar reads: its site's. */
  const tabLocation = (_payload: unknown, sender: RoutedSender) =>
    sender.kind === 'sidebar-frame' && sender.site ? connections.locationForSite(sender.site) : null;
  /** Extension pages name the site whose location they read; a sidebar frame reads its tab's. */
  const readerLocation = (payload: { site: SiteId }, sender: RoutedSender) =>
    sender.kind === 'extension-page'
      ? connections.locationForSite(payload.site)
      : tabLocation(payload, sender);

  /** The session of the frame that sent a message (the router let only an attached frame through). */
  const sessionOf = async (sender: RoutedSender): Promise<TabSession | null> =>
    sender.kind === 'sidebar-frame' ? tabs.frame(sender.tabId, sender.frameId) : null;
  /** The contacts found for the tab's pages, and those its latest searches by hand showed for its current page. */
  const mayTouch = (session: TabSession, contactId: string) =>
    session.contacts.includes(contactId) || (session.found ?? []).includes(contactId);
  const finder = createContactFinder((locationId, query) => data.find(locationId, query), now);
  const denied = () => fail({ kind: 'sender.denied' });
  /** A write's Retry or Discard: the tab asked for it, or it is about a contact the tab may touch. */
  const mayRetouch = (session: TabSession, known: { receipt: { contactId?: string }; mine: boolean }) =>
    known.mine || (known.receipt.contactId !== undefined && mayTouch(session, known.receipt.contactId));
  /**
   * Retry and Discard of a write: only on a write the tab asked for or whose contact it may touch. `act` gets the
   * location the write belongs to.
   */
  const onReceipt = async (
    id: string,
    sender: RoutedSender,
    locationId: string | null,
    act: (session: TabSession, locationId: string) => Promise<WriteReceipt | null>,
  ): Promise<Reply<WriteReceipt>> => {
    const session = await sessionOf(sender);
    if (!session) return denied();
    if (!locationId) return fail({ kind: 'not.connected' });
    const known = await deps.writes.receipt(id, locationId, session.tabId);
    if (!known) return fail({ kind: 'not.found' });
    if (!mayRetouch(session, known)) return denied();
    const receipt = await act(session, locationId);
    return receipt ? ok(receipt) : fail({ kind: 'not.found' });
  };

  /** Every section of a contact, read in parallel; a section that fails says why (a deleted contact: not.found). */
  const readSections = async (locationId: string, contactId: string): Promise<SectionOutcomes> => {
    const sections: SectionOutcomes = {};
    await Promise.all(
      SECTION_NAMES.map(async (name) => {
        try {
          sections[name] = {
            ok: true,
            view: (await data.section(locationId, contactId, name, false)) as never,
          };
        } catch (error) {
          sections[name] = { ok: false, error: deps.toErrorView(error) ?? { kind: 'internal' } };
        }
      }),
    );
    return sections;
  };
  /** A contact's card names its business: the tab that may read the contact may read the business's list. */
  const businessesIn = (card: SectionOutcomes['contact']): string[] => {
    const businessId = card?.ok ? card.view.data.businessId : undefined;
    return businessId ? [businessId] : [];
  };

  /** Runs a service call; its failure becomes an error value the UI can explain. */
  const attempt = <T>(work: () => Promise<T>) => attemptWith(work, deps.toErrorView);

  /** Which HighLevel contact a page shows: a remembered link, else a search by its fields once they settled. */
  async function matchPage(site: SiteId, page: PageContact, settled: boolean): Promise<Reply<MatchView>> {
    const locationId = await connections.locationForSite(site);
    if (!locationId) return fail({ kind: 'not.connected' });
    const granted = await connections.grantedScopes(locationId);
    if (!granted?.includes('contacts.readonly'))
      return fail({ kind: 'scope.missing', scope: 'contacts.readonly' });
    const link = await links.get(site, page.hostRecordId, locationId);
    // Linked: no lookup at all; every section is read at once, in parallel, and comes back with the answer
    // (a deleted contact shows as not.found in its sections).
    if (link?.contactId) {
      const contactId = link.contactId;
      return ok({
        status: 'linked',
        locationId,
        contactId,
        candidates: [],
        sections: await readSections(locationId, contactId),
      } satisfies MatchView);
    }
    if (!settled) return ok({ status: 'needs-page', locationId, candidates: [] } satisfies MatchView);
    const rejected = link?.rejected ?? [];
    return attempt(async () => {
      const view = await data.match(locationId, page, rejected);
      // A unique email match is certain enough to remember; phone and name matches wait for the agent,
      // and so does anything once the agent has turned a match down for this record.
      const first = view.candidates[0];
      // The sidebar asks for the sections next: start them now, so its requests join these in flight.
      if (view.status === 'matched' && first) {
        for (const name of SECTION_NAMES)
          void data.section(locationId, first.contact.id, name, false).catch(() => undefined);
      }
      // Remembered for the next open; this answer does not wait for the store (a link that failed to be kept
      // only means searching again next time).
      if (view.status === 'matched' && first?.matchedOn === 'email' && rejected.length === 0) {
        void links
          .set({
            site,
            hostRecordId: page.hostRecordId,
            locationId,
            contactId: first.contact.id,
            linkedAt: now(),
          })
          .catch(() => undefined);
      }
      return view;
    });
  }

  /**
   * Matches asked as soon as a content script reports its page, by tab: the sidebar's frame, still loading,
   * takes the answer instead of asking again. Only the frame ever sees it.
   */
  const early = new Map<number, { key: string; reply: Promise<Reply<MatchView>> }>();
  /**
   * The match for a tab's page, and what it lets the tab reach. The frame's ask takes the early one for the
   * same question once; any later ask (after a link, a create, Retry) is asked afresh.
   */
  function matchForTab(
    session: TabSession,
    page: PageContact,
    settled: boolean,
    asker: 'content' | 'frame',
  ): Promise<Reply<MatchView>> {
    const key = pageKey(page, settled);
    const pending = early.get(session.tabId);
    if (asker === 'frame' && pending?.key === key) {
      early.delete(session.tabId);
      return pending.reply;
    }
    const reply = matchPage(session.site, page, settled).then(async (answer) => {
      if (answer.ok) {
        const view = answer.value;
        const found = [
          ...(view.contactId ? [view.contactId] : []),
          ...view.candidates.map((c) => c.contact.id),
        ];
        await tabs.allow(session.tabId, found, businessesIn(view.sections?.contact));
      }
      return answer;
    });
    if (asker === 'content') early.set(session.tabId, { key, reply });
    else early.delete(session.tabId);
    reply.catch(() => undefined);
    return reply;
  }

  return {
    'page.show': {
      from: CONTENT,
      payload: HOST_PAGE_PAYLOADS['page.show'],
      async handle({ page, settled }, sender) {
        if (sender.kind !== 'content-script') return denied();
        if (page && page.site !== sender.site) return denied();
        const session = await tabs.showPage(sender.tabId, sender.site, page, settled);
        // Asked now, while the frame loads: a linked contact needs nothing more than the URL's record id.
        if (page) void matchForTab(session, page, settled, 'content');
        else early.delete(sender.tabId);
        return ok(null);
      },
    },

    'frame.key': {
      from: CONTENT,
      payload: HOST_PAGE_PAYLOADS['frame.key'],
      async handle(_payload, sender) {
        if (sender.kind !== 'content-script') return denied();
        return ok({ key: await tabs.issueKey(sender.tabId, sender.site) });
      },
    },

    'frame.attach': {
      from: FRAME,
      unattached: true,
      payload: SIDEBAR_PAYLOADS['frame.attach'],
      async handle({ key }, sender) {
        if (sender.kind !== 'sidebar-frame') return denied();
        const session = await tabs.attach(sender.tabId, sender.frameId, key);
        return session ? ok({ site: session.site }) : denied();
      },
    },

    'contact.match': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['contact.match'],
      async handle({ page, settled }, sender) {
        const session = await sessionOf(sender);
        // Only the person the tab's own page shows, as its content script reported it.
        if (!session?.page || session.page.hostRecordId !== page.hostRecordId) return denied();
        return matchForTab(session, session.page, settled && session.settled, 'frame');
      },
    },

    'contact.section': {
      from: PAGES_AND_FRAME,
      payload: SIDEBAR_PAYLOADS['contact.section'],
      scope: { needs: 'contacts.readonly', location: readerLocation },
      async handle({ contactId, section, fresh }, sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        // Extension pages read what they need; a sidebar frame only its tab's contacts.
        if (sender.kind === 'extension-page')
          return attempt(() => data.section(locationId, contactId, section, fresh));
        const session = await sessionOf(sender);
        if (!session || !mayTouch(session, contactId)) return denied();
        const reply = await attempt(() => data.section(locationId, contactId, section, fresh));
        if (reply.ok && section === 'contact')
          await tabs.allow(
            session.tabId,
            [],
            businessesIn({ ok: true, view: reply.value as SectionView<'contact'> }),
          );
        return reply;
      },
    },

    'contact.sections': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['contact.sections'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle({ contactId }, sender, locationId) {
        const session = await sessionOf(sender);
        if (!session || !mayTouch(session, contactId)) return denied();
        if (!locationId) return fail({ kind: 'not.connected' });
        const sections = await readSections(locationId, contactId);
        await tabs.allow(session.tabId, [], businessesIn(sections.contact));
        return ok(sections);
      },
    },

    'business.contacts': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['business.contacts'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle({ businessId, skip, limit, query }, sender, locationId) {
        const session = await sessionOf(sender);
        if (!session?.businesses.includes(businessId)) return denied();
        if (!locationId) return fail({ kind: 'not.connected' });
        return attempt(() => data.business(locationId, businessId, { skip, limit, query }));
      },
    },

    'write.enqueue': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['write.enqueue'],
      scope: { needs: 'contacts.write', location: tabLocation },
      async handle({ write }, sender, locationId) {
        const session = await sessionOf(sender);
        if (!session) return denied();
        const allowed =
          write.kind === 'contact.create'
            ? session.page?.hostRecordId === write.hostRecordId
            : mayTouch(session, write.contactId);
        if (!allowed) return denied();
        if (!locationId) return fail({ kind: 'not.connected' });
        return ok(await deps.writes.enqueue(session.site, locationId, write, session.tabId));
      },
    },

    'write.list': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['write.list'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle({ contactId }, sender, locationId) {
        const session = await sessionOf(sender);
        if (!session || !mayTouch(session, contactId)) return denied();
        if (!locationId) return fail({ kind: 'not.connected' });
        return ok(await deps.writes.unsettled(locationId, contactId, session.tabId));
      },
    },

    'write.retry': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['write.retry'],
      scope: { needs: 'contacts.write', location: tabLocation },
      handle: ({ id }, sender, locationId) =>
        onReceipt(id, sender, locationId, (session, location) =>
          deps.writes.retry(id, location, session.tabId),
        ),
    },

    'write.discard': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['write.discard'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      handle: ({ id }, sender, locationId) =>
        onReceipt(id, sender, locationId, (_session, location) => deps.writes.discard(id, location)),
    },

    'tags.suggest': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['tags.suggest'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle(_payload, _sender, locationId) {
        return ok(locationId ? deps.tagSuggestions(locationId) : []);
      },
    },

    'assignees.suggest': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['assignees.suggest'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle(_payload, _sender, locationId) {
        return ok(locationId ? deps.assigneeSuggestions(locationId) : []);
      },
    },

    'contact.find': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['contact.find'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle({ query }, sender, locationId) {
        const session = await sessionOf(sender);
        // Only to find the person the tab's page shows: no page, no search.
        if (!session?.page) return denied();
        if (!locationId) return fail({ kind: 'not.connected' });
        const hostRecordId = session.page.hostRecordId;
        const reply = await attempt(() => finder.search(session.tabId, locationId, query));
        // What it found, the frame may now read and link (for this page), like the candidates of a match.
        if (reply.ok)
          await tabs.allowFound(
            session.tabId,
            hostRecordId,
            reply.value.contacts.map((c) => c.id),
          );
        return reply;
      },
    },

    'contact.link': {
      from: FRAME,
      payload: SIDEBAR_PAYLOADS['contact.link'],
      scope: { needs: 'contacts.readonly', location: tabLocation },
      async handle({ hostRecordId, contactId }, sender, locationId) {
        const session = await sessionOf(sender);
        // The record the tab's page shows, to a contact the tab was shown (a candidate, the match, a search result).
        if (!session || session.page?.hostRecordId !== hostRecordId) return denied();
        if (contactId && !mayTouch(session, contactId)) return denied();
        if (!locationId) return fail({ kind: 'not.connected' });
        const site = session.site;
        if (contactId) {
          await links.set({ site, hostRecordId, locationId, contactId, linkedAt: now() });
          return ok(null);
        }
        // "Not this contact": forget the link and remember the refusal, so the same match is not made again.
        const previous = await links.get(site, hostRecordId, locationId);
        const rejected = [
          ...new Set([...(previous?.rejected ?? []), ...(previous?.contactId ? [previous.contactId] : [])]),
        ];
        await links.set({ site, hostRecordId, locationId, contactId: null, rejected, linkedAt: now() });
        return ok(null);
      },
    },
  };
}
