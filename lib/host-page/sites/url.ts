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

/**
 * What a host record id may be: the messages' id rule (`idSchema`, lib/messaging/schemas.ts), checked here so that
 * nothing else read off a URL is reported.
 */
const RECORD_ID = /^[\w.:-]{1,128}$/;

/** The id `raw` names (decoded, trimmed), when it is one the extension may report; else null. */
function validRecordId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const id = normalizeText(safeDecode(raw));
  return RECORD_ID.test(id) ? id : null;
}

/**
 * Whether a segment a built-in route found where an id goes looks like one: it has a digit (numbers, UUIDs,
 * Mongo ids, `gt_1001`), or it is a long random token of upper- and lowercase letters. The words routes put there
 * (`nuevo`, `new`, `import`, `ver`, `ficha`, `settings`) never do.
 */
export function looksLikeRecordId(id: string): boolean {
  return /\d/.test(id) || (id.length >= 16 && /[a-z]/.test(id) && /[A-Z]/.test(id));
}

/** The record id `pattern` captures (named group `id`, else group 1), tried over the URL's pathname + hash, then
 *  pathname + search + hash. */
export function recordIdFromUrl(url: URL, pattern: RegExp): string | null {
  for (const text of [url.pathname + url.hash, url.pathname + url.search + url.hash]) {
    const match = pattern.exec(text);
    const id = validRecordId(match?.groups?.id ?? match?.[1]);
    if (id) return id;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Routes: where a record page names its record (the form is SiteDefinition.contactRoutes')

type Segment =
  | { kind: 'word'; words: readonly string[] }
  | { kind: 'id' }
  | { kind: 'any' }
  | { kind: 'rest' };

interface Route {
  /** Matched over the hash (`#/…` or `#!/…`) instead of the pathname. */
  hash: boolean;
  segments: readonly Segment[];
  /** The query parameter(s) holding the id; null when the id is a segment. */
  param: readonly string[] | null;
}

/** `{a,b}` or `a`: the words a segment (or a query parameter's name) may be. */
const words = (text: string) =>
  /^\{[^{}]+\}$/.test(text) ? text.slice(1, -1).split(',').filter(Boolean) : [text];

function parseSegment(text: string): Segment {
  if (text === ':id') return { kind: 'id' };
  if (text === '**') return { kind: 'rest' };
  if (text === '*' || /^:\w+$/.test(text)) return { kind: 'any' };
  return { kind: 'word', words: words(text) };
}

/** A route's source compiled, or null when it is not of the form (exactly one `:id`, at most one `**`). */
export function parseRoute(source: string): Route | null {
  let text = source.trim();
  const hash = text.startsWith('#');
  if (hash) text = text.slice(1);
  const [path = '', query, ...more] = text.split('?');
  if (!path.startsWith('/') || more.length > 0) return null;
  const segments = path.split('/').filter(Boolean).map(parseSegment);
  let param: readonly string[] | null = null;
  if (query !== undefined) {
    const name = /^([^=&]+)=:id$/.exec(query)?.[1];
    if (!name) return null;
    param = words(name);
  }
  const ids = segments.filter((segment) => segment.kind === 'id').length + (param ? 1 : 0);
  const rests = segments.filter((segment) => segment.kind === 'rest').length;
  return ids === 1 && rests <= 1 ? { hash, segments, param } : null;
}

const parsedRoutes = new Map<string, Route | null>();

function routeOf(source: string): Route | null {
  let route = parsedRoutes.get(source);
  if (route === undefined) {
    route = parseRoute(source);
    parsedRoutes.set(source, route);
  }
  return route;
}

/** Enough for any real route; a longer path is no record page of ours (and costs nothing to refuse). */
const MAX_SEGMENTS = 32;

/**
 * The raw id where `pattern` (no `**`) matches `parts` from `at`: the id segment, or '' when the id is elsewhere.
 * `whole`: the pattern must cover every part (the id is in the query); otherwise parts may follow (a record's
 * tabs and edit page).
 */
function matchAt(
  pattern: readonly Segment[],
  parts: readonly string[],
  at: number,
  whole: boolean,
): string | null {
  if (at + pattern.length > parts.length || (whole && at + pattern.length !== parts.length)) return null;
  let id = '';
  for (const [i, segment] of pattern.entries()) {
    const part = parts[at + i] ?? '';
    if (segment.kind === 'id') id = part;
    else if (segment.kind === 'word' && !segment.words.includes(part)) return null;
  }
  return id;
}

/**
 * The id a route names in `parts` (a path's segments) and `query`, checked by `accept`. With a `**`, every place
 * the rest of the route can start is tried in turn (at most MAX_SEGMENTS, each a plain comparison of segments:
 * no regular expression, so no input makes it slow).
 */
function routeId(
  route: Route,
  parts: readonly string[],
  query: URLSearchParams,
  accept: (id: string) => boolean,
): string | null {
  if (parts.length > MAX_SEGMENTS) return null;
  const whole = route.param !== null;
  const rest = route.segments.findIndex((segment) => segment.kind === 'rest');
  const head = rest < 0 ? route.segments : route.segments.slice(0, rest);
  const tail = rest < 0 ? null : route.segments.slice(rest + 1);
  // Before a `**` the route covers the first parts; after it, it may start at any later part.
  const headId = matchAt(head, parts, 0, whole && !tail);
  if (headId === null) return null;
  for (let start = head.length; start <= (tail ? parts.length : head.length); start += 1) {
    const tailId = tail ? matchAt(tail, parts, start, whole) : '';
    if (tailId === null) continue;
    const raw = route.param
      ? (route.param.map((name) => query.get(name)).find(Boolean) ?? null)
      : headId || tailId;
    const id = validRecordId(raw);
    if (id && accept(id)) return id;
  }
  return null;
}

/** The URL's path (or its hash route's path) as segments, and the query that goes with it. */
function locationOf(url: URL, hash: boolean): { parts: string[]; query: URLSearchParams } | null {
  let path = url.pathname;
  let query = url.search;
  if (hash) {
    const route = url.hash.replace(/^#!?/, '');
    if (!route.startsWith('/')) return null;
    const mark = route.indexOf('?');
    path = mark < 0 ? route : route.slice(0, mark);
    query = mark < 0 ? '' : route.slice(mark);
  }
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(query) };
}

/** The id the first of `routes` that matches `url` names, with the index of that route; null when none does. */
export function matchRoutes(
  url: URL,
  routes: readonly string[],
  accept: (id: string) => boolean = looksLikeRecordId,
): { id: string; route: number } | null {
  for (const [index, source] of routes.entries()) {
    const route = routeOf(source);
    const here = route ? locationOf(url, route.hash) : null;
    const id = route && here ? routeId(route, here.parts, here.query, accept) : null;
    if (id) return { id, route: index };
  }
  return null;
}

/**
 * An agent's own recognition (SiteOverrides.contactUrlPattern): routes of the definitions' form, separated by
 * spaces, when every part starts with `/` or `#` and names `:id`; otherwise a regular expression.
 */
export function overrideRoutes(source: string): string[] | null {
  const parts = source.trim().split(/\s+/).filter(Boolean);
  return parts.length > 0 && parts.every((part) => /^[/#]/.test(part) && part.includes(':id')) ? parts : null;
}

/** Whether an agent's recognition is usable: routes that all parse, or a regular expression that compiles. */
export function validOverride(source: string): boolean {
  const routes = overrideRoutes(source);
  return routes ? routes.every((route) => parseRoute(route) !== null) : compilePattern(source) !== null;
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

/** Where a contact page names its record: the id, and whether the record is open in a dialog over another page. */
export interface ContactRoute {
  id: string;
  inDialog: boolean;
}

/**
 * The record `url` names when it is one of the site's contact pages, else null: the agent's own recognition when
 * set and usable, else the definition's routes (then its dialog routes).
 */
export function contactRouteAt(
  site: SiteDefinition,
  url: URL,
  overrides?: SiteOverrides,
): ContactRoute | null {
  try {
    const user = overrides?.contactUrlPattern?.trim();
    if (user && validOverride(user)) {
      const routes = overrideRoutes(user);
      const pattern = routes ? null : compilePattern(user);
      const id = routes ? matchRoutes(url, routes, () => true)?.id : pattern && recordIdFromUrl(url, pattern);
      return id ? { id, inDialog: false } : null;
    }
    const page = matchRoutes(url, site.contactRoutes);
    if (page) return { id: page.id, inDialog: false };
    const dialog = site.contactDialogRoutes ? matchRoutes(url, site.contactDialogRoutes) : null;
    return dialog ? { id: dialog.id, inDialog: true } : null;
  } catch {
    return null;
  }
}

/** The record id when `url` is one of the site's contact pages (see contactRouteAt), else null. */
export function contactIdAt(site: SiteDefinition, url: URL, overrides?: SiteOverrides): string | null {
  return contactRouteAt(site, url, overrides)?.id ?? null;
}

/** The company id when `url` is one of the site's company pages, else null. */
export function businessIdAt(site: SiteDefinition, url: URL): string | null {
  return site.businessRoutes ? (matchRoutes(url, site.businessRoutes)?.id ?? null) : null;
}
