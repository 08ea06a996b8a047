/**
 * What each CRM tab may reach, decided here and nowhere else. A tab's content script reports the page's person
 * (never anything of HighLevel's comes back to it); the sidebar's frame in that tab, once the content script
 * vouched for it with a one-time key, may read and write only the contacts found for that tab's pages (linked,
 * matched, the candidates it showed) and their businesses. Kept in storage.session (trusted contexts only:
 * content scripts cannot read or write it), so a restarted worker still knows its tabs.
 */
import type { PageContact, SiteId } from '../../../lib/host-page/sites/types';

/** How many contacts, businesses and host records a tab keeps reach to (the most recent ones). */
const KEPT = 50;
/** How many search results a tab keeps reach to: the latest three searches' worth. */
const FOUND_KEPT = 30;
/** A frame key is good for one attach, within this time of being issued. */
const KEY_TTL_MS = 30_000;

export interface TabSession {
  tabId: number;
  site: SiteId;
  /** The person the page shows now, as its content script last reported; null off a contact page. */
  page: PageContact | null;
  settled: boolean;
  /** The sidebar frame this tab's content script vouched for. */
  frameId: number | null;
  /** HighLevel contacts found for this tab's pages, most recent last. */
  contacts: string[];
  /**
   * Contacts the latest searches by hand showed for the page the tab shows now (absent in sessions stored before
   * searching existed). Kept apart from `contacts`, so searching never pushes the tab's own contact out of reach;
   * cleared when the page shows another record.
   */
  found?: string[];
  businesses: string[];
  /** Host records this tab showed, most recent last: what a link or a create from the page may name. */
  records: string[];
  key: { value: string; expiresAt: number } | null;
}

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const STORE_KEY = 'tabs.sessions';

function keep(list: string[], ids: readonly string[]): string[] {
  const next = list.filter((id) => !ids.includes(id));
  next.push(...ids);
  return next.slice(-KEPT);
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createTabSessions(area: SessionArea, now: () => number = Date.now) {
  let loaded: Promise<Map<number, TabSession>> | null = null;
  const sessions = () => {
    loaded ??= area.get(STORE_KEY).then(
      (stored) => new Map(((stored[STORE_KEY] as TabSession[] | undefined) ?? []).map((s) => [s.tabId, s])),
      () => new Map<number, TabSession>(),
    );
    return loaded;
  };
  // One write at a time, in order; the latest state wins.
  let saving: Promise<void> = Promise.resolve();
  const save = (all: Map<number, TabSession>) => {
    const snapshot = [...all.values()];
    saving = saving.then(() => area.set({ [STORE_KEY]: snapshot })).catch(() => undefined);
    return saving;
  };
  const update = async (
    tabId: number,
    site: SiteId,
    change: (session: TabSession) => Partial<TabSession>,
  ): Promise<TabSession> => {
    const all = await sessions();
    const previous = all.get(tabId);
    // A tab that moved to another CRM starts afresh: nothing it could reach follows it.
    const base: TabSession =
      previous && previous.site === site
        ? previous
        : {
            tabId,
            site,
            page: null,
            settled: false,
            frameId: null,
            contacts: [],
            found: [],
            businesses: [],
            records: [],
            key: null,
          };
    const next = { ...base, ...change(base) };
    all.set(tabId, next);
    // This worker answers from memory; the copy in storage.session is for a worker started after this one stops,
    // so nobody waits for it (a page's report reaches its frame a storage write sooner).
    void save(all);
    return next;
  };

  return {
    async get(tabId: number): Promise<TabSession | null> {
      return (await sessions()).get(tabId) ?? null;
    },

    /** The content script reports what its page shows (null: no person). */
    showPage(tabId: number, site: SiteId, page: PageContact | null, settled: boolean) {
      return update(tabId, site, (session) => ({
        page,
        settled: page ? settled : false,
        records: page ? keep(session.records, [page.hostRecordId]) : session.records,
        found: page && page.hostRecordId === session.page?.hostRecordId ? (session.found ?? []) : [],
      }));
    },

    /** A one-time key for the frame the content script is about to show (through its own channel). */
    async issueKey(tabId: number, site: SiteId): Promise<string> {
      const value = randomKey();
      await update(tabId, site, () => ({ key: { value, expiresAt: now() + KEY_TTL_MS } }));
      return value;
    },

    /** The frame that shows `key` becomes the tab's sidebar; the key is spent whether or not it matches. */
    async attach(tabId: number, frameId: number, key: string): Promise<TabSession | null> {
      const all = await sessions();
      const session = all.get(tabId);
      if (!session?.key) return null;
      const valid = session.key.value === key && session.key.expiresAt >= now();
      const next: TabSession = { ...session, key: null, ...(valid ? { frameId } : {}) };
      all.set(tabId, next);
      await save(all);
      return valid ? next : null;
    },

    /** The session of the attached sidebar frame (tabId, frameId), or null for any other frame. */
    async frame(tabId: number, frameId: number): Promise<TabSession | null> {
      const session = (await sessions()).get(tabId);
      return session && session.frameId === frameId ? session : null;
    },

    /** Contacts (and their businesses) the tab's pages were found to be. */
    async allow(tabId: number, contactIds: readonly string[], businessIds: readonly string[] = []) {
      const all = await sessions();
      const session = all.get(tabId);
      if (!session || (contactIds.length === 0 && businessIds.length === 0)) return;
      all.set(tabId, {
        ...session,
        contacts: keep(session.contacts, contactIds),
        businesses: keep(session.businesses, businessIds),
      });
      await save(all);
    },

    /** Contacts a search by hand showed for the record `hostRecordId`, if the tab still shows that record. */
    async allowFound(tabId: number, hostRecordId: string, contactIds: readonly string[]) {
      const all = await sessions();
      const session = all.get(tabId);
      if (!session || session.page?.hostRecordId !== hostRecordId || contactIds.length === 0) return;
      const found = (session.found ?? []).filter((id) => !contactIds.includes(id));
      found.push(...contactIds);
      all.set(tabId, { ...session, found: found.slice(-FOUND_KEPT) });
      await save(all);
    },

    async forget(tabId: number) {
      const all = await sessions();
      if (all.delete(tabId)) await save(all);
    },
  };
}

export type TabSessions = ReturnType<typeof createTabSessions>;
