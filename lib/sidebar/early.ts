/**
 * Messages sent before the sidebar module has loaded, kept by type and payload, so the module takes their
 * answers instead of asking again: the first match starts while the UI is still loading (from the content
 * script itself when the URL already names the contact, else from the host-page module).
 */
import type { PageContact, SiteId } from '../sites/types';

export type EarlyReplies = Map<string, Promise<unknown>>;

/** The same key for the same payload, whatever order its fields were written in. */
export function earlyKey(type: string, data: unknown): string {
  return `${type}:${JSON.stringify(data, (_, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  )}`;
}

/** The question a contact page asks first: what its URL says, before the page's fields have settled. */
export function firstMatch(site: SiteId, hostRecordId: string) {
  const page: PageContact = { site, hostRecordId };
  return { site, page, settled: false };
}
