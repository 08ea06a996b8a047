/** The site adapters, one per CRM definition (definitions.ts). */
import { siteForUrl } from './catalog.ts';
import { SITE_DEFINITIONS } from './definitions.ts';
import { defineSite } from './site.ts';
import type { SiteAdapter, SiteId } from './types.ts';

export const SITE_ADAPTERS: readonly SiteAdapter[] = SITE_DEFINITIONS.map(defineSite);

export function adapterFor(id: SiteId): SiteAdapter | null {
  return SITE_ADAPTERS.find((adapter) => adapter.id === id) ?? null;
}

/** The adapter whose match patterns include `url`, or null on any other page. */
export function adapterForUrl(url: URL): SiteAdapter | null {
  const site = siteForUrl(url);
  return site ? adapterFor(site.id) : null;
}
