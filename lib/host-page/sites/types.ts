/** The contract every host-CRM adapter fulfils; each is built from the CRM's definition (definitions.ts). */

import type * as v from 'valibot';
import type { hostTaskSchema, pageEventSchema } from '../payloads';
import type { SiteId } from './definitions.ts';

export type { SiteId };

/** What the page says about the contact it shows. Only hostRecordId is certain (it comes from the URL). */
export interface PageContact {
  site: SiteId;
  /** The host CRM's own record id, read from the URL. */
  hostRecordId: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  companyName?: string;
  /** The page's own id of the company/business, when the page links to it. */
  companyId?: string;
}

export type PageContactField = 'name' | 'firstName' | 'lastName' | 'email' | 'phone' | 'companyName';

/** A user's per-site override, edited in the options page. Empty fields fall back to the adapter's defaults. */
export interface SiteOverrides {
  /**
   * The agent's own recognition of contact pages, replacing the built-in routes: routes of the definitions' form
   * (`/people/:id #/people/:id`, separated by spaces), or a regular expression (source) tested against the URL's
   * pathname + hash, then pathname + search + hash, whose named group `id` (or first group) is the record id.
   */
  contactUrlPattern?: string;
  /** CSS selectors whose element's text is the field's value. */
  selectors?: Partial<Record<PageContactField, string>>;
}

/** A task created on the host page (its schema: ../payloads.ts). */
export type HostTask = v.InferOutput<typeof hostTaskSchema>;

/** What happened on the host page, as noticed by an adapter (its schema: ../payloads.ts). */
export type HostEvent = Exclude<v.InferOutput<typeof pageEventSchema>, { type: 'contact.opened' }>;

export interface SiteAdapter {
  id: SiteId;
  /** Human name of the CRM, shown in the options page. */
  label: string;
  /** Match patterns of the hosts this adapter serves (also the content script's matches). */
  matches: readonly string[];
  /** The built-in routes of contact pages (what SiteOverrides.contactUrlPattern replaces). */
  contactRoutes: readonly string[];
  /**
   * The host record id when `url` is a contact page, else null; `inDialog` when the record is open in a dialog
   * over another page (its person is the dialog's). Pure: no DOM access.
   */
  matchContactPage(url: URL, overrides?: SiteOverrides): { hostRecordId: string; inDialog?: true } | null;
  /** Reads the contact shown on `doc`; null when `url` is not a contact page. Never throws. */
  extractContact(doc: Document, url: URL, overrides?: SiteOverrides): PageContact | null;
  /**
   * Watches the page for host-side events (edits, creations, tasks). Every listener and observer is tied
   * to `signal`; navigation itself is followed by the content script, not here. `submitted` are forms
   * submitted before watching began, handled as if seen.
   */
  observe(
    doc: Document,
    signal: AbortSignal,
    emit: (event: HostEvent) => void,
    overrides?: SiteOverrides,
    submitted?: readonly HTMLFormElement[],
  ): void;
}
