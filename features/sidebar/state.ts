/**
 * The sidebar's state, outside any component: signals the views read, and the actions that change them.
 * Opening a contact cancels whatever was loading for the previous one (a generation counter: answers for a
 * contact the agent has left are dropped).
 */
import { batch, computed, effect, signal, untracked } from '@preact/signals';
import { SECTION_NAMES } from '../../lib/api/sections';
import { hasContactDetails } from '../../lib/host-page/sites/extract';
import type { PageContact, SiteId } from '../../lib/host-page/sites/types';
import { settle } from '../../lib/messaging/reply';
import type { Loadable } from '../../lib/ui/loadable';
import { createHostAccessState, type HostAccessBrowser } from '../settings/host-access';
import type { StatusView } from '../settings/protocol';
import { type BusinessList, createBusinessList } from './business';
import { sendMessage } from './messenger';
import type {
  MatchView,
  SectionData,
  SectionName,
  SectionOutcomes,
  SidebarWrite,
  WriteReceipt,
} from './protocol';
import { createContactSearch } from './search';
import { createWrites } from './writes';

/** Contacts this tab showed lately, kept to show at once when the agent comes back to one. */
const RECENT_LIMIT = 20;

/** What the sidebar showed for one host record: enough to show it again while it is asked afresh. */
interface Recent {
  match: MatchView;
  contactId: string;
  sections: Partial<{ [S in SectionName]: SectionData[S] }>;
}

export function createSidebarState(
  site: SiteId,
  send: typeof sendMessage = sendMessage,
  access?: HostAccessBrowser,
) {
  // A browser that will not ask from a frame inside the CRM's page: the settings page asks instead.
  const hostAccess = createHostAccessState(
    () => send('host-access.get', undefined),
    access,
    () => void settle(send('options.open', undefined)),
  );
  const status = signal<Loadable<StatusView>>({ state: 'idle' });
  const page = signal<PageContact | null>(null);
  const match = signal<Loadable<MatchView>>({ state: 'idle' });
  const contactId = signal<string | null>(null);
  const sections = {
    contact: signal<Loadable<SectionData['contact']>>({ state: 'idle' }),
    tasks: signal<Loadable<SectionData['tasks']>>({ state: 'idle' }),
    notes: signal<Loadable<SectionData['notes']>>({ state: 'idle' }),
    appointments: signal<Loadable<SectionData['appointments']>>({ state: 'idle' }),
  };
  const business = signal<{ id: string; list: BusinessList } | null>(null);
  const tagSuggestions = signal<string[]>([]);
  /** User ids seen as assignees in this location (the background's bounded set). */
  const assigneeSuggestions = signal<string[]>([]);
  /** The connected user of the site's location: known for OAuth connections, not for Private Integration Tokens. */
  const me = computed(() => {
    const current = status.value;
    if (current.state !== 'ready') return null;
    return current.value.connections.find((c) => c.locationId === current.value.locationId)?.userId ?? null;
  });
  let generation = 0;
  /** By host record id, the most recent last. */
  const recent = new Map<string, Recent>();

  /** Keeps what the page showed, as the agent leaves it, if it showed a contact. */
  function remember() {
    const hostRecordId = page.value?.hostRecordId;
    const shown = match.value;
    const id = contactId.value;
    if (!hostRecordId || shown.state !== 'ready' || !id) return;
    const kept: Recent = { match: shown.value, contactId: id, sections: {} };
    for (const name of SECTION_NAMES) {
      const section = sections[name].value;
      if (section.state === 'ready') Object.assign(kept.sections, { [name]: section.value });
    }
    recent.delete(hostRecordId);
    recent.set(hostRecordId, kept);
    for (const oldest of recent.keys()) {
      if (recent.size <= RECENT_LIMIT) break;
      recent.delete(oldest);
    }
  }

  /** Shows what this tab last showed for the record, marked as refreshing; false when there is nothing. */
  function recall(hostRecordId: string): boolean {
    const kept = recent.get(hostRecordId);
    if (!kept) return false;
    match.value = { state: 'ready', value: kept.match, stale: true };
    contactId.value = kept.contactId;
    for (const name of SECTION_NAMES) {
      const value = kept.sections[name];
      if (value !== undefined) sections[name].value = { state: 'ready', value, stale: true } as never;
    }
    const contact = kept.sections.contact;
    if (contact) followBusiness(contact.businessId);
    return true;
  }

  /** The contact's business panel follows the contact's businessId. */
  function followBusiness(businessId: string | undefined) {
    if (!businessId) business.value = null;
    else if (business.value?.id !== businessId)
      business.value = { id: businessId, list: createBusinessList(site, businessId, send) };
  }

  async function loadStatus() {
    void hostAccess.load();
    if (status.value.state !== 'ready') status.value = { state: 'loading' };
    const reply = await settle(send('status.get', { site }));
    status.value = reply.ok
      ? { state: 'ready', value: reply.value, stale: false }
      : { state: 'error', error: reply.error };
    return reply;
  }

  /** A section is being asked for: it shows as loading, over what it showed before. */
  function markLoading(name: SectionName) {
    const current = sections[name].value;
    sections[name].value = {
      state: 'loading',
      previous: current.state === 'ready' ? current.value : undefined,
    } as never;
  }

  /**
   * One section's outcome (its own answer, the match's, or the answer for all sections). One cached past its TTL
   * is shown at once, marked, and asked for afresh (`refreshStale`: unless that was already a fresh ask).
   */
  function applyOutcome<S extends SectionName>(
    name: S,
    outcome: NonNullable<SectionOutcomes[S]>,
    id: string,
    gen: number,
    refreshStale = true,
  ) {
    if (!outcome.ok) {
      sections[name].value = { state: 'error', error: outcome.error };
      return;
    }
    sections[name].value = { state: 'ready', value: outcome.view.data, stale: outcome.view.stale } as never;
    if (name === 'contact') followBusiness((outcome.view.data as SectionData['contact']).businessId);
    if (outcome.view.stale && refreshStale) void loadSection(name, id, gen, true);
  }

  async function loadSection(name: SectionName, id: string, gen: number, fresh = false) {
    if (!fresh || sections[name].value.state !== 'ready') markLoading(name);
    const reply = await settle(send('contact.section', { site, contactId: id, section: name, fresh }));
    if (gen !== generation) return;
    const outcome = reply.ok
      ? { ok: true as const, view: reply.value }
      : { ok: false as const, error: reply.error };
    applyOutcome(name, outcome as NonNullable<SectionOutcomes[typeof name]>, id, gen, !fresh);
  }

  /** Every section the match did not bring, in one question: one answer, rendered at once. */
  async function loadSections(names: SectionName[], id: string, gen: number) {
    for (const name of names) markLoading(name);
    const reply = await settle(send('contact.sections', { site, contactId: id }));
    if (gen !== generation) return;
    batch(() => {
      for (const name of names) {
        const outcome = reply.ok ? reply.value[name] : { ok: false as const, error: reply.error };
        if (outcome) applyOutcome(name, outcome, id, gen);
        else sections[name].value = { state: 'error', error: { kind: 'internal' } };
      }
    });
  }

  /** Shows a contact: sections that came with the match are applied at once, the others asked for together. */
  function showContact(id: string, gen: number, given: MatchView['sections'] = {}) {
    contactId.value = id;
    const missing: SectionName[] = [];
    for (const name of SECTION_NAMES) {
      const outcome = given?.[name];
      if (outcome) applyOutcome(name, outcome, id, gen);
      else missing.push(name);
    }
    const loads = missing.length ? [loadSections(missing, id, gen)] : [];
    // What the agent reads comes first; the pending writes and tag suggestions once it is on screen.
    void Promise.allSettled(loads).then(() => {
      if (gen !== generation) return;
      void writes.loadUnsettled(id);
      void settle(send('tags.suggest', { site })).then((reply) => {
        if (reply.ok) tagSuggestions.value = reply.value;
      });
      void settle(send('assignees.suggest', { site })).then((reply) => {
        if (reply.ok) assigneeSuggestions.value = reply.value;
      });
    });
  }

  function resetSections() {
    contactId.value = null;
    business.value = null;
    for (const name of SECTION_NAMES) sections[name].value = { state: 'idle' };
  }

  /** The match asked for this page, until it answers: a later ask for the same page waits for it. */
  let matching: Promise<MatchView | null> = Promise.resolve(null);

  /** Asks afresh which contact the page shows (after a link, a connection, a binding, a saved create). */
  function rematch(contact: PageContact) {
    generation += 1;
    resetSections();
    match.value = { state: 'loading' };
    void runMatch(contact, true, generation);
  }

  // HighLevel allowed again after the browser withheld it: the page's contact is asked for afresh.
  let withheld = false;
  effect(() => {
    const view = hostAccess.view.value;
    if (view?.highLevel === false) withheld = true;
    else if (view?.highLevel && withheld) {
      withheld = false;
      untracked(() => {
        if (page.value) rematch(page.value);
      });
    }
  });

  /**
   * The receipt `id` once it is no longer on its way: saved, failed or discarded, or undefined when it left the
   * list. Followed on the receipts signal, so it resolves in the same turn the receipt changes.
   */
  function settledReceipt(id: string): Promise<WriteReceipt | undefined> {
    return new Promise((resolve) => {
      let done = false;
      let dispose: (() => void) | undefined;
      dispose = effect(() => {
        const receipt = writes.receipts.value.find((r) => r.id === id);
        if (done || receipt?.status === 'pending' || receipt?.status === 'sending') return;
        done = true;
        // On the first run the effect is not yet returned: it is disposed just below instead.
        dispose?.();
        resolve(receipt);
      });
      if (done) dispose();
    });
  }

  async function runMatch(contact: PageContact, settled: boolean, gen: number): Promise<MatchView | null> {
    const reply = await settle(send('contact.match', { site, page: contact, settled }));
    if (gen !== generation) return null;
    if (!reply.ok) {
      match.value = { state: 'error', error: reply.error };
      return null;
    }
    const view = reply.value;
    if (view.status === 'needs-page') return view; // Wait for the page to show the contact's fields.
    match.value = { state: 'ready', value: view, stale: false };
    if (view.status === 'linked' && view.contactId) {
      showContact(view.contactId, gen, view.sections);
      return view;
    }
    const chosen = view.status === 'linked' || view.status === 'matched' ? view.candidates[0] : undefined;
    if (chosen) {
      // The match already carries the contact: show the card at once, then load every section.
      sections.contact.value = { state: 'ready', value: chosen.contact, stale: false };
      showContact(chosen.contact.id, gen);
    }
    return view;
  }

  const writes = createWrites(
    site,
    (names, writtenContactId) => {
      const id = contactId.value;
      if (!id || (writtenContactId && writtenContactId !== id)) return;
      for (const name of names) void loadSection(name, id, generation, true);
    },
    send,
  );

  /** What the agent sees change at once; the write's outcome re-reads the truth from HighLevel. */
  function applyOptimistic(write: SidebarWrite, receiptId: string) {
    const tasks = sections.tasks.value;
    const notes = sections.notes.value;
    const contact = sections.contact.value;
    switch (write.kind) {
      case 'task.create':
        if (tasks.state === 'ready')
          sections.tasks.value = {
            ...tasks,
            value: [
              ...tasks.value,
              {
                id: `pending-${receiptId}`,
                title: write.input.title,
                dueDate: write.input.dueDate,
                completed: false,
              },
            ],
          };
        break;
      case 'task.complete':
        if (tasks.state === 'ready')
          sections.tasks.value = {
            ...tasks,
            value: tasks.value.map((t) => (t.id === write.taskId ? { ...t, completed: write.completed } : t)),
          };
        break;
      case 'task.delete':
        if (tasks.state === 'ready')
          sections.tasks.value = { ...tasks, value: tasks.value.filter((t) => t.id !== write.taskId) };
        break;
      case 'task.update':
        if (tasks.state === 'ready')
          sections.tasks.value = {
            ...tasks,
            value: tasks.value.map((t) => (t.id === write.taskId ? { ...t, ...write.patch } : t)),
          };
        break;
      case 'note.create':
        if (notes.state === 'ready')
          sections.notes.value = {
            ...notes,
            value: [
              { id: `pending-${receiptId}`, body: write.input.body, dateAdded: new Date().toISOString() },
              ...notes.value,
            ],
          };
        break;
      case 'note.update':
        if (notes.state === 'ready')
          sections.notes.value = {
            ...notes,
            value: notes.value.map((n) => (n.id === write.noteId ? { ...n, body: write.patch.body } : n)),
          };
        break;
      case 'tags.add':
      case 'tags.remove':
        if (contact.state === 'ready') {
          const next =
            write.kind === 'tags.add'
              ? [...new Set([...contact.value.tags, ...write.tags])]
              : contact.value.tags.filter((tag) => !write.tags.includes(tag));
          sections.contact.value = { ...contact, value: { ...contact.value, tags: next } };
        }
        break;
      default:
        break;
    }
  }

  return {
    site,
    writes,
    status,
    hostAccess,

    /** Sends a write through the outbox; true once it is stored (the receipt then follows it). */
    async write(write: SidebarWrite): Promise<boolean> {
      const reply = await writes.submit(write);
      if (!reply.ok) return false;
      applyOptimistic(write, reply.value.id);
      if (write.kind === 'contact.create' || write.kind === 'contact.delete') {
        // A new contact gets linked to this record when it is saved; a deleted one leaves it unmatched.
        const gen = generation;
        void settledReceipt(reply.value.id).then((receipt) => {
          if (gen !== generation || receipt?.status !== 'saved') return;
          if (write.kind === 'contact.delete') void this.choose(null);
          else if (page.value) rematch(page.value);
        });
      }
      return true;
    },
    page,
    match,
    contactId,
    sections,
    business,
    tagSuggestions,
    assigneeSuggestions,
    me,
    loadStatus,

    /** The page shows a contact (or its fields just settled). */
    openPage(contact: PageContact, settled: boolean) {
      const samePage = page.value?.hostRecordId === contact.hostRecordId;
      if (samePage && !settled) return;
      if (!samePage) {
        generation += 1;
        batch(() => {
          remember();
          page.value = contact;
          match.value = { state: 'loading' };
          resetSections();
          // Back on a contact this tab showed: at once, marked, while the match and sections are asked again.
          recall(contact.hostRecordId);
        });
        matching = runMatch(contact, settled, generation);
        return;
      }
      // A page slow to show the person settles first on the record id alone, then again with the fields.
      const nowShown = !!page.value && !hasContactDetails(page.value) && hasContactDetails(contact);
      page.value = contact;
      // The fields settled: ask again only if the first ask could not tell without them (no link), or found
      // nobody for a page that showed nobody yet.
      const gen = generation;
      const first = matching;
      matching = first.then((view) => {
        if (gen !== generation) return view;
        const undecided = (view === null || view.status === 'needs-page') && match.value.state !== 'ready';
        return undecided || (nowShown && view?.status === 'none') ? runMatch(contact, true, gen) : view;
      });
    },

    /** The page no longer shows a contact. */
    leavePage() {
      generation += 1;
      batch(() => {
        remember();
        page.value = null;
        match.value = { state: 'idle' };
        resetSections();
      });
    },

    /** A search over HighLevel by hand, for one search box (its view disposes of it). */
    createSearch() {
      return createContactSearch(site, send);
    },

    retrySection(name: SectionName) {
      if (contactId.value) void loadSection(name, contactId.value, generation, true);
    },

    retryMatch() {
      if (page.value) {
        match.value = { state: 'loading' };
        void runMatch(page.value, true, generation);
      }
    },

    /** Re-read everything for the current contact, and the host permissions (tab visible again, page edited, light poll). */
    refresh() {
      void hostAccess.load();
      if (contactId.value)
        for (const name of SECTION_NAMES) void loadSection(name, contactId.value, generation, true);
    },

    async choose(candidateId: string | null) {
      const current = page.value;
      if (!current) return;
      const reply = await settle(
        send('contact.link', { site, hostRecordId: current.hostRecordId, contactId: candidateId }),
      );
      if (!reply.ok) {
        match.value = { state: 'error', error: reply.error };
        return;
      }
      rematch(current);
    },

    /** One click: HighLevel's consent when an app is configured; otherwise the settings page. */
    async connect(write = false) {
      const current = status.value;
      if (current.state !== 'ready' || !current.value.oauthReady) {
        await settle(send('options.open', undefined));
        return;
      }
      const reply = await settle(send('connection.oauth', { write, site }));
      if (!reply.ok) {
        status.value = { state: 'error', error: reply.error };
        return;
      }
      await loadStatus();
      const contact = page.value;
      if (contact) {
        rematch(contact);
      }
    },

    async bindLocation(locationId: string) {
      const reply = await settle(send('site.bind', { site, locationId }));
      if (!reply.ok) return reply;
      await loadStatus();
      const current = page.value;
      if (current) {
        rematch(current);
      }
      return reply;
    },
  };
}

export type SidebarState = ReturnType<typeof createSidebarState>;
