/**
 * The outbox contract: every write the extension makes to HighLevel, stored durably before the UI says
 * "saved", sent in order per contact, retried within bounds, and never sent twice by a retry or a restart.
 */
import type {
  ContactCreateInput,
  ContactUpdateInput,
  ContactUpsertInput,
  NoteInput,
  NotePatch,
  TaskInput,
  TaskPatch,
} from '../api/requests.ts';
import type { SiteId } from '../host-page/sites/types.ts';
import type { ErrorView } from '../messaging/reply.ts';

/** A contact id, or "the contact created/upserted by that earlier entry" (resolved when it is sent). */
export type ContactRef = string | { fromEntry: string };

export type WriteOp =
  | { kind: 'contact.create'; locationId: string; input: ContactCreateInput }
  | { kind: 'contact.upsert'; locationId: string; input: ContactUpsertInput }
  | { kind: 'contact.update'; locationId: string; contactId: ContactRef; input: ContactUpdateInput }
  | { kind: 'contact.delete'; locationId: string; contactId: string }
  | { kind: 'task.create'; locationId: string; contactId: ContactRef; input: TaskInput }
  | { kind: 'task.update'; locationId: string; contactId: string; taskId: string; patch: TaskPatch }
  | { kind: 'task.complete'; locationId: string; contactId: string; taskId: string; completed: boolean }
  | { kind: 'task.delete'; locationId: string; contactId: string; taskId: string }
  | { kind: 'tags.add' | 'tags.remove'; locationId: string; contactId: ContactRef; tags: string[] }
  | { kind: 'note.create'; locationId: string; contactId: ContactRef; input: NoteInput }
  | { kind: 'note.update'; locationId: string; contactId: string; noteId: string; patch: NotePatch }
  | { kind: 'note.delete'; locationId: string; contactId: string; noteId: string };

export type WriteKind = WriteOp['kind'];

export type EntryStatus = 'pending' | 'sending' | 'saved' | 'failed' | 'discarded';

export interface OutboxOrigin {
  kind: 'sidebar' | 'automation';
  site?: SiteId;
  ruleId?: string;
  runId?: string;
}

export interface OutboxEntry {
  id: string;
  op: WriteOp;
  status: EntryStatus;
  origin: OutboxOrigin;
  /**
   * Same key twice = the same write: enqueue returns the existing entry (durable across restarts). Remembered
   * as long as the entry is kept: until it is handled, and for the retention period after (7 days by default).
   */
  dedupeKey?: string;
  /** Times sending started (shown on the receipt); retry() resets it. */
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** Pending: not sent before this time (backoff, a rate-limit pause, a wait for the connection). */
  nextAttemptAt?: number;
  /** Why it failed (or why the last attempt did), for the receipt. */
  error?: ErrorView;
  /** What HighLevel answered: the ids created, and the traceId. */
  result?: { contactId?: string; taskId?: string; noteId?: string; traceId?: string };
  /**
   * The last attempt may have reached HighLevel without an answer (timeout, dropped connection, 5xx, a restart
   * while sending): the next one first checks HighLevel for the record instead of blindly sending it again.
   */
  ambiguous?: boolean;
  /** Failed because the entry its ContactRef points to failed or was discarded (retrying that one revives this). */
  blockedBy?: string;
  /** contact.create refused as a duplicate: HighLevel's id of the contact that already has this email or phone. */
  duplicateOf?: string;
}

/** What enqueue needs besides the write itself. */
export interface EnqueueMeta {
  origin: OutboxOrigin;
  dedupeKey?: string;
}

export interface OutboxFilter {
  status?: EntryStatus[];
  /** Entries about this contact, including those that reach it through a ContactRef. */
  contactId?: string;
  locationId?: string;
}

export interface Outbox {
  /** Resolves only once the entry is durably stored (IndexedDB transaction complete); then sending starts. */
  enqueue(op: WriteOp, meta: EnqueueMeta): Promise<OutboxEntry>;
  get(id: string): Promise<OutboxEntry | null>;
  /** Entries in enqueue order. */
  list(filter?: OutboxFilter): Promise<OutboxEntry[]>;
  /** A failed entry back to pending, attempts reset (a pending one is made due now). */
  retry(id: string): Promise<OutboxEntry>;
  /** A failed or pending entry given up (never sent afterwards). */
  discard(id: string): Promise<OutboxEntry>;
  /** Sends what is due; concurrent calls share one run (single-flight). Returns when nothing is due now. */
  drain(): Promise<void>;
  subscribe(listener: (entry: OutboxEntry) => void): () => void;
}
