/** Every host CRM the extension reads. Adding one is a new file beside these and one line here. */
import { MatchPattern } from 'wxt/utils/match-patterns';
import { gestioo } from './gestioo.ts';
import { gleantap } from './gleantap.ts';
import type { SiteAdapter } from './types.ts';

export const SITE_ADAPTERS: SiteAdapter[] = [gestioo, gleantap];

const compiled = SITE_ADAPTERS.map((adapter) => ({
  adapter,
  patterns: adapter.matches.map((match) => new MatchPattern(match)),
}));

/** The adapter whose match patterns include `url`, or null on any other page. */
export function adapterForUrl(url: URL): SiteAdapter | null {
  // A string, not the URL: MatchPattern tests `instanceof Location`, which workers and Node do not define.
  const href = url.href;
  for (const { adapter, patterns } of compiled) {
    if (patterns.some((pattern) => pattern.includes(href))) return adapter;
  }
  return null;
}
