/**
 * Builds a SiteAdapter from what is particular to one CRM (its hosts and URL shapes). Reading and watching
 * are shared (extract.ts, observe.ts), so each CRM file stays a short declaration of the same shape.
 */
import { effectivePattern, readContact, recordIdFromUrl } from './extract.ts';
import { watchHostEvents } from './observe.ts';
import type { PageContact, SiteAdapter, SiteId, SiteOverrides } from './types.ts';

export interface SiteDefinition {
  id: SiteId;
  label: string;
  matches: string[];
  /** Regular expression (source) over pathname + hash; group `id` (or group 1) is the record id. */
  defaultContactUrlPattern: string;
  /** Same form, for the CRM's company pages (view and edit), when it has them. */
  businessUrlPattern?: string;
  /** Whether contacts have tasks the agent creates on the contact's page. */
  tasks?: boolean;
}

export function defineSite(definition: SiteDefinition): SiteAdapter {
  const businessPattern = definition.businessUrlPattern
    ? effectivePattern(undefined, definition.businessUrlPattern)
    : null;

  const matchContactPage = (url: URL, overrides?: SiteOverrides) => {
    try {
      const pattern = effectivePattern(overrides?.contactUrlPattern, definition.defaultContactUrlPattern);
      const hostRecordId = pattern ? recordIdFromUrl(url, pattern) : null;
      return hostRecordId ? { hostRecordId } : null;
    } catch {
      return null;
    }
  };

  const read = (doc: Document, url: URL, overrides: SiteOverrides | undefined, includeControls: boolean) => {
    const match = matchContactPage(url, overrides);
    if (!match) return null;
    try {
      return readContact(doc, {
        site: definition.id,
        hostRecordId: match.hostRecordId,
        overrides,
        companyLinkPattern: businessPattern,
        includeControls,
      });
    } catch {
      // The URL already says which contact this is; a page we cannot read still names its record.
      const contact: PageContact = { site: definition.id, hostRecordId: match.hostRecordId };
      return contact;
    }
  };

  return {
    id: definition.id,
    label: definition.label,
    matches: definition.matches,
    defaultContactUrlPattern: definition.defaultContactUrlPattern,
    matchContactPage,
    extractContact: (doc, url, overrides) => read(doc, url, overrides, true),
    observe(doc, signal, emit, overrides) {
      try {
        watchHostEvents(doc, signal, emit, {
          site: definition.id,
          contactIdAt: (url) => matchContactPage(url, overrides)?.hostRecordId ?? null,
          readContact: (page, url, includeControls) => read(page, url, overrides, includeControls),
          businessIdAt: businessPattern ? (url) => recordIdFromUrl(url, businessPattern) : undefined,
          tasks: definition.tasks ?? false,
        });
      } catch {
        // Watching is best effort: a page we cannot watch still gets its contact read on navigation.
      }
    },
  };
}
