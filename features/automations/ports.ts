/**
 * What the automations need from the rest of the background, as narrow interfaces: only the members used here
 * are named, which keeps test fakes small and the coupling visible. The real client, outbox and link store fit.
 */
import type { HighLevelClient } from '../../lib/api/client.ts';
import type {
  ContactCreateInput,
  ContactUpdateInput,
  ContactUpsertInput,
  TaskInput,
} from '../../lib/api/requests.ts';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { ContactRef, EntryStatus, Outbox, OutboxEntry } from '../../lib/outbox/types.ts';

export type { ContactRef } from '../../lib/outbox/types.ts';

/** The writes an automation enqueues: a subset of the outbox's WriteOp (assignable to it). */
export type AutomationWriteOp =
  | { kind: 'contact.create'; locationId: string; input: ContactCreateInput }
  | { kind: 'contact.upsert'; locationId: string; input: ContactUpsertInput }
  | { kind: 'contact.update'; locationId: string; contactId: ContactRef; input: ContactUpdateInput }
  | { kind: 'task.create'; locationId: string; contactId: ContactRef; input: TaskInput }
  | { kind: 'tags.add'; locationId: string; contactId: ContactRef; tags: string[] };

export type OutboxStatus = EntryStatus;
export type OutboxEntryView = OutboxEntry;

/** The outbox members the automations use (lib/outbox's Outbox fits). */
export type OutboxPort = Pick<Outbox, 'enqueue' | 'get' | 'subscribe'>;

/** The HighLevel reads automations make (always at background priority). */
export type AutomationClient = Pick<
  HighLevelClient,
  'contactSection' | 'matchContact' | 'iterateSearch' | 'iterateBusinessContacts'
>;

/** The background's host-record ↔ HighLevel-contact links (features/sidebar/background/links.ts fits). */
export interface LinkPort {
  get(
    site: SiteId,
    hostRecordId: string,
    locationId: string,
  ): Promise<{ contactId: string | null; rejected?: string[] } | null>;
  set(link: {
    site: SiteId;
    hostRecordId: string;
    locationId: string;
    contactId: string | null;
    rejected?: string[];
    linkedAt: number;
  }): Promise<void>;
}
