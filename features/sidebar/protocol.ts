/**
 * The sidebar's messages: what its frame asks the background (features/sidebar/background/routes.ts checks each
 * sender, payload and scope before a handler runs) and the views it gets back. A payload checked by its own
 * schema here has its type inferred from it, so what the frame may ask for and what the routes accept cannot
 * drift apart.
 */
import * as v from 'valibot';
import type { MatchedOn } from '../../lib/api/match';
import type { SectionName } from '../../lib/api/sections';
import type { PageContact, SiteId } from '../../lib/host-page/sites/types';
import type { ErrorView, Reply } from '../../lib/messaging/reply';
import { hlIdSchema, idSchema } from '../../lib/messaging/schemas';

export type { MatchedOn, SectionName };

const SHORT = v.pipe(v.string(), v.trim(), v.maxLength(200));
const TITLE = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
const BODY = v.pipe(v.string(), v.maxLength(20_000));
const DUE = v.pipe(v.string(), v.isoTimestamp());
const TAGS = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  v.minLength(1),
  v.maxLength(50),
);
/** HighLevel ids: nothing else may reach a request path. */
const ID = hlIdSchema;

/** The page's fields a contact is created or updated from. */
export const contactFieldsSchema = v.strictObject({
  firstName: v.optional(SHORT),
  lastName: v.optional(SHORT),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200), v.email())),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40))),
  companyName: v.optional(SHORT),
});
export type ContactFieldsInput = v.InferOutput<typeof contactFieldsSchema>;

/** A write the sidebar asks for; the background adds the location and sends it through the outbox. */
export const sidebarWriteSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('task.create'),
    contactId: ID,
    input: v.strictObject({ title: TITLE, dueDate: DUE, body: v.optional(BODY), assignedTo: v.optional(ID) }),
  }),
  v.strictObject({
    kind: v.literal('task.update'),
    contactId: ID,
    taskId: ID,
    patch: v.strictObject({
      title: v.optional(TITLE),
      dueDate: v.optional(DUE),
      body: v.optional(BODY),
      assignedTo: v.optional(ID),
    }),
  }),
  v.strictObject({ kind: v.literal('task.complete'), contactId: ID, taskId: ID, completed: v.boolean() }),
  v.strictObject({ kind: v.literal('task.delete'), contactId: ID, taskId: ID }),
  v.strictObject({ kind: v.picklist(['tags.add', 'tags.remove']), contactId: ID, tags: TAGS }),
  v.strictObject({
    kind: v.literal('note.create'),
    contactId: ID,
    input: v.strictObject({ body: v.pipe(BODY, v.minLength(1)) }),
  }),
  v.strictObject({
    kind: v.literal('note.update'),
    contactId: ID,
    noteId: ID,
    patch: v.strictObject({ body: v.pipe(BODY, v.minLength(1)) }),
  }),
  v.strictObject({ kind: v.literal('contact.create'), hostRecordId: idSchema, input: contactFieldsSchema }),
  v.strictObject({ kind: v.literal('contact.update'), contactId: ID, input: contactFieldsSchema }),
  v.strictObject({ kind: v.literal('contact.delete'), contactId: ID }),
]);
export type SidebarWrite = v.InferOutput<typeof sidebarWriteSchema>;

/** A write's receipt: pending → saved, or failed with the reason (and Retry). */
export interface WriteReceipt {
  id: string;
  kind: SidebarWrite['kind'];
  contactId?: string;
  status: 'pending' | 'sending' | 'saved' | 'failed' | 'discarded';
  error?: ErrorView;
  result?: { contactId?: string; taskId?: string; noteId?: string };
  createdAt: number;
}

/** Background → frame, over FRAME_PORT (lib/host-page/frame-channel.ts): how a write went. */
export type FramePush = { type: 'receipt'; receipt: WriteReceipt };

export interface CustomFieldView {
  id: string;
  value: string;
}

export interface ContactView {
  id: string;
  locationId: string;
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  companyName?: string;
  businessId?: string;
  tags: string[];
  source?: string;
  assignedTo?: string;
  dnd?: boolean;
  dateAdded?: string;
  lastActivity?: string;
  customFields: CustomFieldView[];
}

export interface TaskView {
  id: string;
  title: string;
  body?: string;
  dueDate?: string;
  completed: boolean;
  assignedTo?: string;
}

export interface NoteView {
  id: string;
  body: string;
  dateAdded?: string;
}

export interface AppointmentView {
  id: string;
  title?: string;
  startTime?: string;
  endTime?: string;
  status?: string;
}

/** One row of a business's contact list. */
export interface BusinessRow {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

export interface BusinessPageView {
  rows: BusinessRow[];
  /** How many contacts the business has (with the query applied). */
  total: number;
}

export interface MatchView {
  status: 'linked' | 'matched' | 'ambiguous' | 'none' | 'needs-page';
  locationId: string;
  /** linked: the remembered contact, whose sections the sidebar loads at once, all in parallel. */
  contactId?: string;
  /** linked: its sections, read in parallel before answering (one message, one round trip at most). */
  sections?: SectionOutcomes;
  candidates: { contact: ContactView; matchedOn: MatchedOn }[];
}

/** Each of a contact's sections, or why it could not be read: one answer for all of them. */
export type SectionOutcomes = {
  [S in SectionName]?: { ok: true; view: SectionView<S> } | { ok: false; error: ErrorView };
};

export interface SectionData {
  contact: ContactView;
  tasks: TaskView[];
  notes: NoteView[];
  appointments: AppointmentView[];
}

export interface SectionView<S extends SectionName = SectionName> {
  data: SectionData[S];
  fetchedAt: number;
  /** True when served from cache past its TTL: the UI marks it and asks again with `fresh`. */
  stale: boolean;
}

export interface SidebarProtocol {
  /** Sidebar frame: the key its content script handed it; the frame then reaches its tab's contacts. */
  'frame.attach'(payload: { key: string }): Reply<{ site: SiteId }>;
  'contact.match'(payload: { site: SiteId; page: PageContact; settled: boolean }): Reply<MatchView>;
  'contact.section'(payload: {
    site: SiteId;
    contactId: string;
    section: SectionName;
    fresh: boolean;
  }): Reply<SectionView>;
  /** Every section of a contact at once, read in parallel: one answer, so the sidebar renders once. */
  'contact.sections'(payload: { site: SiteId; contactId: string }): Reply<SectionOutcomes>;
  'business.contacts'(payload: {
    site: SiteId;
    businessId: string;
    skip: number;
    limit: number;
    query?: string;
  }): Reply<BusinessPageView>;
  'contact.link'(payload: { site: SiteId; hostRecordId: string; contactId: string | null }): Reply<null>;
  'write.enqueue'(payload: { site: SiteId; write: SidebarWrite }): Reply<WriteReceipt>;
  'write.list'(payload: { site: SiteId; contactId: string }): Reply<WriteReceipt[]>;
  'write.retry'(payload: { site: SiteId; id: string }): Reply<WriteReceipt>;
  'write.discard'(payload: { site: SiteId; id: string }): Reply<WriteReceipt>;
  'tags.suggest'(payload: { site: SiteId }): Reply<string[]>;
  /** User ids seen as assignees of this location's contacts and tasks, most recently seen first. */
  'assignees.suggest'(payload: { site: SiteId }): Reply<string[]>;
}
