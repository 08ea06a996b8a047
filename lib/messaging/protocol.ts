/**
 * The whole contract between the content script, the extension pages and the background: one protocol map.
 * Every message answers a Reply (lib/messaging/reply.ts). Payload schemas and sender/scope rules for each type
 * live with the background's routes (features/sidebar/background/routes.ts), checked before any handler runs.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { AutomationProtocol } from '../../features/automations/protocol';
import type { SidebarWrite } from '../../features/sidebar/protocol';
import type { PageContact, SiteId } from '../host-page/sites/types';
import type { ConnectionInfo } from '../storage/items';
import type { ErrorView, Reply } from './reply';

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

export type MatchedOn = 'id' | 'email' | 'phone' | 'name';

export interface MatchView {
  status: 'linked' | 'matched' | 'ambiguous' | 'none' | 'needs-page';
  locationId: string;
  /** linked: the remembered contact, whose sections the sidebar loads at once, all in parallel. */
  contactId?: string;
  /** linked: its sections, read in parallel before answering (one message, one round trip at most). */
  sections?: SectionOutcomes;
  candidates: { contact: ContactView; matchedOn: MatchedOn }[];
}

export type SectionName = 'contact' | 'tasks' | 'notes' | 'appointments';

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

/** A location's share of HighLevel's rate limit, as the client last saw it. */
export interface RateView {
  remaining: number;
  limit: number;
  intervalMs: number;
  dailyRemaining: number | null;
  dailyLimit: number | null;
  /** The daily quota is used up (not a 10-second burst). */
  exhausted: boolean;
}

export interface StatusView {
  connections: ConnectionInfo[];
  /** Per location; for extension pages only. */
  rates?: Record<string, RateView>;
  /** The location the asking site reads, when a site was named. */
  locationId: string | null;
  canWrite: boolean;
  /** An OAuth app is configured: "Connect" runs HighLevel's consent in one click. */
  oauthReady: boolean;
}

export interface EndpointCheck {
  name: string;
  ok: boolean;
  error?: import('./reply').ErrorView;
}

/** The OAuth app as the options page sees it: never the secret, only whether one is stored. */
export interface OAuthAppView {
  mode: 'broker' | 'direct';
  clientId: string;
  brokerUrl?: string;
  hasClientSecret: boolean;
  /** Set at build time: the admin may still override it. */
  fromBuild: boolean;
  redirectUri: string;
}

/** A write's receipt: pending → saved, or failed with the reason (and Retry). */
export interface WriteReceipt {
  id: string;
  kind: SidebarWrite['kind'];
  contactId?: string;
  status: 'pending' | 'sending' | 'saved' | 'failed' | 'discarded';
  error?: import('./reply').ErrorView;
  result?: { contactId?: string; taskId?: string; noteId?: string };
  createdAt: number;
}

/** The whole map: the sidebar's, the options page's, and the automations' messages (features/automations/protocol.ts). */
export interface ProtocolMap extends AutomationProtocol {
  'status.get'(payload: { site?: SiteId }): Reply<StatusView>;
  'connection.addPit'(payload: { token: string; locationId: string }): Reply<ConnectionInfo>;
  'connection.remove'(payload: { locationId: string }): Reply<null>;
  /** Runs HighLevel's consent flow; `write` asks for contacts.write too. */
  'connection.oauth'(payload: { write: boolean; site?: SiteId }): Reply<ConnectionInfo>;
  'oauth.app.get'(payload: undefined): Reply<OAuthAppView | null>;
  'oauth.app.set'(payload: {
    mode: 'broker' | 'direct';
    clientId: string;
    brokerUrl?: string;
    clientSecret?: string;
  }): Reply<OAuthAppView>;
  'connection.test'(payload: { locationId: string }): Reply<EndpointCheck[]>;
  'site.bind'(payload: { site: SiteId; locationId: string }): Reply<null>;
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
  'options.open'(payload: undefined): Reply<null>;
  'write.enqueue'(payload: { site: SiteId; write: SidebarWrite }): Reply<WriteReceipt>;
  'write.list'(payload: { site: SiteId; contactId: string }): Reply<WriteReceipt[]>;
  'write.retry'(payload: { site: SiteId; id: string }): Reply<WriteReceipt>;
  'write.discard'(payload: { site: SiteId; id: string }): Reply<WriteReceipt>;
  'tags.suggest'(payload: { site: SiteId }): Reply<string[]>;
  /** User ids seen as assignees of this location's contacts and tasks, most recently seen first. */
  'assignees.suggest'(payload: { site: SiteId }): Reply<string[]>;
  /**
   * Content script: the person its page shows now (null: none). Its site is its URL's. Nothing of HighLevel's
   * comes back: the sidebar's frame asks for that itself.
   */
  'page.show'(payload: { page: PageContact | null; settled: boolean }): Reply<null>;
  /** Content script: a one-time key for the sidebar frame it is about to show, handed to it privately. */
  'frame.key'(payload: undefined): Reply<{ key: string }>;
  /** Sidebar frame: the key its content script handed it; the frame then reaches its tab's contacts. */
  'frame.attach'(payload: { key: string }): Reply<{ site: SiteId }>;
  /** Background → content script: the keyboard shortcut was pressed in this tab. */
  'sidebar.toggle'(payload: undefined): Reply<null>;
}

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
export const { sendMessage } = messenger;

export type { ContactFieldsInput, SidebarWrite } from '../../features/sidebar/protocol';
