/**
 * What a URL says about a host CRM page: which CRM, and whether it shows a contact or a company. Free of DOM
 * reading, so the content script can answer it on every page load at the cost of a few regular expressions;
 * reading the page itself (extract.ts) is loaded only once a page can matter.
 */

import { MatchPattern } from '@webext-core/match-patterns';
import type { SiteDefinition } from './definitions.ts';
import type { SiteOverrides } from './types.ts';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Trims, drops zero-width characters and collapses every run of whitespace (NBSP included) to one space. */
export function normalizeText(text: string | null | undefined): string {
  return (text ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const compiledPatterns = new Map<string, RegExp | null>();

/** Compiles a pattern source once; an invalid source gives null instead of throwing. */
export function compilePattern(source: string): RegExp | null {
  let pattern = compiledPatterns.get(source);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(source);
    } catch {
      pattern = null;
    }
    compiledPatterns.set(source, pattern);
  }
  return pattern;
}

/** The record id `pattern` captures (named group `id`, else group 1) from the URL's pathname + hash. */
export function recordIdFromUrl(url: URL, pattern: RegExp): string | null {
  const match = pattern.exec(url.pathname + url.hash);
  const raw = match?.groups?.id ?? match?.[1];
  if (!raw) return null;
  const id = normalizeText(safeDecode(raw));
  return id || null;
}

/** The user's pattern when it is set and valid, else the adapter's default. */
export function effectivePattern(userSource: string | undefined, defaultSource: string): RegExp | null {
  const user = userSource?.trim();
  return (user ? compilePattern(user) : null) ?? compilePattern(defaultSource);
}

const parsedPatterns = new Map<string, MatchPattern | null>();

/**
 * Whether `url` falls under a match pattern (WXT's own parser, so the manifest and this check read patterns
 * alike), with two refusals of ours: a pattern must name its host (`<all_urls>` or a `*` host would make every
 * page a CRM, and its content script a trusted sender), and `*.domain` covers no empty label
 * (`https://.gestioo.com/`), which the library's `.*` would.
 */
export function matchesPattern(url: URL, pattern: string): boolean {
  let parsed = parsedPatterns.get(pattern);
  if (parsed === undefined) {
    const host = /^[a-z*]+:\/\/([^/]*)\//.exec(pattern)?.[1];
    try {
      parsed = host && host !== '*' ? new MatchPattern(pattern) : null;
    } catch {
      parsed = null;
    }
    parsedPatterns.set(pattern, parsed);
  }
  if (!parsed || url.hostname.startsWith('.')) return false;
  // A string, not the URL: the library tests `instanceof Location`, which a service worker does not define.
  return parsed.includes(url.href);
}

/** The record id when `url` is one of the site's contact pages (the user's pattern first), else null. */
export function contactIdAt(site: SiteDefinition, url: URL, overrides?: SiteOverrides): string | null {
  try {
    const pattern = effectivePattern(overrides?.contactUrlPattern, site.defaultContactUrlPattern);
    return pattern ? recordIdFromUrl(url, pattern) : null;
  } catch {
    return null;
  }
}

/** The company id when `url` is one of the site's company pages, else null. */
export function businessIdAt(site: SiteDefinition, url: URL): string | null {
  const pattern = site.businessUrlPattern ? compilePattern(site.businessUrlPattern) : null;
  return pattern ? recordIdFromUrl(url, pattern) : null;
}
