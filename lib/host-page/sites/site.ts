/**
 * Builds a SiteAdapter from what is particular to one CRM (its definition: hosts and URL shapes). Reading and
 * watching are shared (extract.ts, observe.ts); the definition's optional fields turn on what a CRM has
 * (company pages, tasks).
 */
import type { Site } from './catalog.ts';
import { readContact } from './extract.ts';
import { watchHostEvents } from './observe.ts';
import type { PageContact, SiteAdapter, SiteOverrides } from './types.ts';
import { businessIdAt, contactRouteAt } from './url.ts';

export function defineSite(definition: Site): SiteAdapter {
  const companyIdAt = definition.businessRoutes ? (url: URL) => businessIdAt(definition, url) : undefined;

  const matchContactPage = (url: URL, overrides?: SiteOverrides) => {
    const route = contactRouteAt(definition, url, overrides);
    if (!route) return null;
    return route.inDialog ? { hostRecordId: route.id, inDialog: true as const } : { hostRecordId: route.id };
  };

  const read = (doc: Document, url: URL, overrides: SiteOverrides | undefined, includeControls: boolean) => {
    const match = matchContactPage(url, overrides);
    if (!match) return null;
    try {
      return readContact(doc, {
        site: definition.id,
        hostRecordId: match.hostRecordId,
        overrides,
        companyIdAt,
        inDialog: match.inDialog ?? false,
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
    contactRoutes: definition.contactRoutes,
    matchContactPage,
    extractContact: (doc, url, overrides) => read(doc, url, overrides, true),
    observe(doc, signal, emit, overrides, submitted) {
      try {
        watchHostEvents(
          doc,
          signal,
          emit,
          {
            site: definition.id,
            contactIdAt: (url) => matchContactPage(url, overrides)?.hostRecordId ?? null,
            readContact: (page, url, includeControls) => read(page, url, overrides, includeControls),
            businessIdAt: companyIdAt,
            tasks: definition.tasks ?? false,
          },
          submitted,
        );
      } catch {
        // Watching is best effort: a page we cannot watch still gets its contact read on navigation.
      }
    },
  };
}
