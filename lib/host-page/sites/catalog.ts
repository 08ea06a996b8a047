/**
 * What the extension knows of its host CRMs, derived from their definitions (definitions.ts) by pure functions
 * of the list: the ids (the site schema, outbox origins, create keys, automations) and which CRM a URL belongs
 * to (the content script, the sender check, the adapters). The manifest's matches are lib/hosts.ts's.
 */
import { SITE_DEFINITIONS, type SiteDefinition, type SiteId } from './definitions.ts';
import { matchesPattern } from './url.ts';

export type { SiteId };
/** A definition from the list, its id one of SiteId. */
export type Site = SiteDefinition & { id: SiteId };

export function siteIdsOf<D extends SiteDefinition>(
  definitions: readonly [D, ...D[]],
): [D['id'], ...D['id'][]] {
  const [first, ...rest] = definitions;
  return [first.id, ...rest.map((site) => site.id)];
}

/** The finder of the CRM whose match patterns include a URL (null on any other page). */
export function siteFinder<D extends SiteDefinition>(definitions: readonly D[]): (url: URL) => D | null {
  return (url) =>
    definitions.find((site) => site.matches.some((match) => matchesPattern(url, match))) ?? null;
}

const SITES: readonly [Site, ...Site[]] = SITE_DEFINITIONS;

/** In the list's order, never empty: the first is the default where a CRM must be chosen. */
export const SITE_IDS: readonly [SiteId, ...SiteId[]] = siteIdsOf(SITES);

export const siteForUrl: (url: URL) => Site | null = siteFinder(SITES);

export function isSiteId(value: unknown): value is SiteId {
  return SITE_IDS.includes(value as SiteId);
}
