/** Every host CRM the extension reads. Adding one is a definition in definitions.ts, a file beside these and one line here. */
import { siteForUrl } from './definitions.ts';
import { gestioo } from './gestioo.ts';
import { gleantap } from './gleantap.ts';
import type { SiteAdapter } from './types.ts';

export const SITE_ADAPTERS: SiteAdapter[] = [gestioo, gleantap];

/** The adapter whose match patterns include `url`, or null on any other page. */
export function adapterForUrl(url: URL): SiteAdapter | null {
  const site = siteForUrl(url);
  return SITE_ADAPTERS.find((adapter) => adapter.id === site?.id) ?? null;
}
