/**
 * The sidebar's messages: what its frame asks the background (features/sidebar/background/routes.ts checks each
 * sender, payload and scope before a handler runs) and the views it gets back. Each payload's type is inferred
 * from the schema its route checks (payloads.ts, imported for types only), so what the frame may ask for and
 * what the routes accept cannot drift apart.
 */
import type { MatchedOn } from '../../lib/api/match';
import type { SectionName } from '../../lib/api/sections';
import type { SiteId } from '../../lib/host-page/sites/types';
import type { Messages } from '../../lib/messaging/messages';
import type { ErrorView } from '../../lib/messaging/reply';
import type { ContactFieldsInput, SIDEBAR_PAYLOADS, SidebarWrite } from './payloads';

export type { ContactFieldsInput, MatchedOn, SectionName, SidebarWrite };

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

/**
 * Background → frame, over FRAME_PORT (lib/host-page/frame-channel.ts): how a write went, or that the host
 * permissions changed (the frame asks host-access.get again: Firefox's frame inside a web page hears no
 * runtime broadcast).
 */
export type FramePush = { type: 'receipt'; receipt: WriteReceipt } | { type: 'host-access' };

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

/** What a search by hand found (contact.find): the tab's frame may then read and link these contacts. */
export interface FoundView {
  /** The query these contacts answer, as the background read it (trimmed). */
  query: string;
  contacts: ContactView[];
  /** True when the query was a whole email or phone number and HighLevel has a contact with exactly it. */
  exact: boolean;
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

/** What each message answers; its payload is its schema's output (payloads.ts). */
interface SidebarResults {
  /** Sidebar frame: the key its content script handed it; the frame then reaches its tab's contacts. */
  'frame.attach': { site: SiteId };
  'contact.match': MatchView;
  'contact.section': SectionView;
  /** Every section of a contact at once, read in parallel: one answer, so the sidebar renders once. */
  'contact.sections': SectionOutcomes;
  'business.contacts': BusinessPageView;
  'contact.find': FoundView;
  'contact.link': null;
  'write.enqueue': WriteReceipt;
  'write.list': WriteReceipt[];
  'write.retry': WriteReceipt;
  'write.discard': WriteReceipt;
  'tags.suggest': string[];
  /** User ids seen as assignees of this location's contacts and tasks, most recently seen first. */
  'assignees.suggest': string[];
}

export type SidebarProtocol = Messages<typeof SIDEBAR_PAYLOADS, SidebarResults>;
