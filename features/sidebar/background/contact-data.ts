/** The sidebar's reads, served by the HighLevel client and turned into views. */
import type { HighLevelClient } from '../../../lib/api/client';
import { isApiError } from '../../../lib/api/errors';
import { t } from '../../../lib/ui/i18n';
import type { EndpointCheck } from '../../settings/protocol';
import type { FoundView, MatchView, SectionName, SectionView } from '../protocol';
import { exactLookup, FIND_PAGE_SIZE } from './find';
import type { ContactData } from './routes';
import { createSeenAssignees } from './seen-assignees';
import { appointmentView, contactView, noteView, taskView } from './views';

/** A contact id that cannot exist: probing writes against it can never change anything. */
export const PROBE_CONTACT_ID = 'hlSidebarScopeProbe0';

const MAX_TAGS = 500;

export function createContactData(
  client: HighLevelClient,
  toErrorView: (error: unknown) => EndpointCheck['error'] | null,
): ContactData & { seenTags(locationId: string): string[]; seenAssignees(locationId: string): string[] } {
  /** Tags seen on contacts this session, per location: the suggestions when adding a tag. */
  const tags = new Map<string, Set<string>>();
  const noteTags = (locationId: string, list: readonly string[] | undefined) => {
    if (!list?.length) return;
    const set = tags.get(locationId) ?? new Set<string>();
    for (const tag of list) if (set.size < MAX_TAGS) set.add(tag);
    tags.set(locationId, set);
  };
  const assignees = createSeenAssignees();
  return {
    seenTags: (locationId) => [...(tags.get(locationId) ?? [])].sort((a, b) => a.localeCompare(b)),
    seenAssignees: (locationId) => assignees.list(locationId),

    async match(locationId, page, exclude): Promise<MatchView> {
      const result = await client.matchContact(locationId, page, { priority: 'interactive' });
      for (const candidate of result.candidates) noteTags(locationId, candidate.contact.tags);
      assignees.note(
        locationId,
        result.candidates.map((c) => c.contact.assignedTo),
      );
      let candidates = result.candidates
        .filter((c) => !exclude.includes(c.contact.id))
        .map((c) => ({ contact: contactView(c.contact, locationId), matchedOn: c.matchedOn }));
      let status: MatchView['status'] = result.status === 'linked' ? 'matched' : result.status;
      if (candidates.length === 0) status = 'none';
      // Once the agent has turned a match down, nothing is taken for granted: they pick.
      else if (exclude.length > 0 || candidates.length > 1) status = 'ambiguous';
      if (status === 'none') candidates = [];
      return { status, locationId, candidates };
    },

    /** An exact lookup for a whole email or phone number; a free-text search otherwise, or when it found nobody. */
    async find(locationId, query): Promise<FoundView> {
      const options = { priority: 'interactive' as const };
      const exact = exactLookup(query);
      if (exact) {
        const hit = await client.findDuplicate(locationId, exact, options);
        if (hit) return { query, contacts: [contactView(hit, locationId)], exact: true };
      }
      const page = await client.searchContacts(locationId, { query, pageLimit: FIND_PAGE_SIZE }, options);
      return {
        query,
        contacts: page.contacts.slice(0, FIND_PAGE_SIZE).map((c) => contactView(c, locationId)),
        exact: false,
      };
    },

    async business(locationId, businessId, page) {
      const result = await client.getBusinessContacts(
        locationId,
        businessId,
        { skip: page.skip, limit: page.limit, ...(page.query ? { query: page.query } : {}) },
        { priority: 'interactive' },
      );
      return {
        rows: result.contacts.map((c) => {
          const view = contactView(c, locationId);
          return { id: view.id, name: view.name, email: view.email, phone: view.phone };
        }),
        total: result.total ?? page.skip + result.contacts.length,
      };
    },

    async section(locationId, contactId, name: SectionName, fresh): Promise<SectionView> {
      const options = { fresh, priority: 'interactive' as const };
      switch (name) {
        case 'contact': {
          const r = await client.contactSection(locationId, contactId, 'contact', options);
          noteTags(locationId, r.data.tags);
          assignees.note(locationId, [r.data.assignedTo]);
          return { ...r, data: contactView(r.data, locationId) };
        }
        case 'tasks': {
          const r = await client.contactSection(locationId, contactId, 'tasks', options);
          assignees.note(
            locationId,
            r.data.map((task) => task.assignedTo),
          );
          return { ...r, data: r.data.map(taskView) };
        }
        case 'notes': {
          const r = await client.contactSection(locationId, contactId, 'notes', options);
          return { ...r, data: r.data.map(noteView) };
        }
        case 'appointments': {
          const r = await client.contactSection(locationId, contactId, 'appointments', options);
          return { ...r, data: r.data.map(appointmentView) };
        }
      }
    },

    /**
     * What a token may do. Reading: a one-result search. Writing: an update of a contact that cannot exist —
     * HighLevel checks the scope before it looks for the contact, so the answer tells without changing anything.
     */
    async probeScopes(locationId) {
      await client.searchContacts(locationId, { pageLimit: 1 }, { retry: false });
      const scopes = ['contacts.readonly'];
      try {
        await client.updateContact(locationId, PROBE_CONTACT_ID, {}, { retry: false });
        scopes.push('contacts.write');
      } catch (error) {
        if (!isApiError(error, 'scope.missing')) {
          if (isApiError(error, 'not.found') || isApiError(error, 'validation'))
            scopes.push('contacts.write');
          else throw error;
        }
      }
      return { scopes };
    },

    /** Calls each read endpoint once and says, per endpoint, whether it worked or why not. */
    async testConnection(locationId) {
      const once = { retry: false };
      let sampleId = PROBE_CONTACT_ID;
      const checks: [string, () => Promise<unknown>][] = [
        [
          t('options_check_search'),
          async () => {
            sampleId =
              (await client.searchContacts(locationId, { pageLimit: 1 }, once)).contacts[0]?.id ?? sampleId;
          },
        ],
        [t('options_check_contact'), () => client.getContact(locationId, sampleId, once)],
        [t('options_check_tasks'), () => client.getTasks(locationId, sampleId, once)],
        [t('options_check_notes'), () => client.getNotes(locationId, sampleId, once)],
        [t('options_check_appointments'), () => client.getAppointments(locationId, sampleId, once)],
        [t('options_check_list'), () => client.listContacts(locationId, { limit: 1 }, once)],
      ];
      const results: EndpointCheck[] = [];
      for (const [name, run] of checks) {
        try {
          await run();
          results.push({ name, ok: true });
        } catch (error) {
          results.push({ name, ok: false, error: toErrorView(error) ?? { kind: 'internal' } });
        }
      }
      return results;
    },

    forgetLocation: (locationId) => {
      assignees.forget(locationId);
      return client.forgetLocation(locationId);
    },
  };
}
