/**
 * What the automations need from the rest of the background, as narrow interfaces. The outbox's shape mirrors
 * lib/outbox/types.ts (written alongside), so the real outbox fits structurally; only the members used here
 * are named, which keeps test fakes small and the coupling visible.
 */
import type { HighLevelClient } from '../api/client.ts';
import type {
  ContactCreateInput,
  ContactUpdateInput,
  ContactUpsertInput,
  TaskInput,
} from '../api/requests.ts';
import type { ErrorView } from '../messaging/reply.ts';
import type { SiteId } from '../sites/types.ts';

/** A contact id, or "the contact that outbox entry created or found", resolved by the outbox when it sends. */
export type ContactRef = string | { fromEntry: string };

/** The writes an automation enqueues (a subset of the outbox's WriteOp). */
export type AutomationWriteOp =
  | { kind: 'contact.create'; locationId: string; input: ContactCreateInput }
  | { kind: 'contact.upsert'; locationId: string; input: ContactUpsertInput }
  | { kind: 'contact.update'; locationId: string; contactId: ContactRef; input: ContactUpdateInput }
  | { kind: 'task.create'; locationId: string; contactId: ContactRef; input: TaskInput }
  | { kind: 'tags.add'; locationId: string; contactId: ContactRef; tags: string[] };

export interface OutboxOrigin {
  kind: 'sidebar' | 'automation';
  site?: SiteId;
  ruleId?: string;
  runId?: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'saved' | 'failed' | 'discarded';

/** An outbox entry as the automations read it (any op kind may appear: the outbox holds the sidebar's too). */
export interface OutboxEntryView {
  id: string;
  op: { kind: string; locationId: string };
  status: OutboxStatus;
  origin: OutboxOrigin;
  dedupeKey?: string;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  error?: ErrorView;
  result?: { contactId?: string; taskId?: string; noteId?: string; traceId?: string };
}

export interface OutboxPort {
  /** Durable; an entry with the same dedupeKey is returned instead of a new one. */
  enqueue(
    op: AutomationWriteOp,
    meta: { origin: OutboxOrigin; dedupeKey?: string },
  ): Promise<OutboxEntryView>;
  get(id: string): Promise<OutboxEntryView | null>;
  subscribe(listener: (entry: OutboxEntryView) => void): () => void;
}

/** The HighLevel reads automations make (always at background priority). */
export type AutomationClient = Pick<
  HighLevelClient,
  'contactSection' | 'matchContact' | 'iterateSearch' | 'iterateBusinessContacts'
>;

/** The background's host-record ↔ HighLevel-contact links (lib/background/links.ts fits). */
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
