/**
 * A recipe's URL template, and whether a URL is one of its pages. A template is a path, optionally a query and a
 * hash route, with `:name` standing for one whole segment or query value and a final `*` for "and anything below":
 *
 *   /workroom/:w/contacts/:id     /#/clientes/:id     /clientes/ficha?id=:id     /clientes?cliente=:id
 *
 * `:id` (exactly once) is the record id. Compiling splits the template into segments and matching compares
 * segment by segment, so there is no regular expression to write, to refuse or to backtrack: matching is linear in
 * the URL whatever the template (a `URLPattern` would also be, but the vitest/Node environment lacks it and its
 * syntax admits regular-expression groups we would have to refuse anyway). Anything that reads like a regular
 * expression (`\ ^ $ | ( ) [ ] { } +`, a `*` that is not the last segment) is refused as such. The query's other
 * keys, and the hash when the template has none, are ignored. Free of libraries: the content script loads it.
 */

import { safeDecode } from '../host-page/sites/url.ts';
import type { Recipe } from './types.ts';
import { LIMITS } from './types.ts';

type Segment = { literal: string } | { param: string };
interface QueryPart {
  key: string;
  value: Segment;
}
interface Route {
  path: Segment[];
  /** The template ends in `/*`: deeper pages match too. */
  rest: boolean;
  query: QueryPart[];
}
export interface UrlPattern extends Route {
  /** The hash route (`#/clientes/:id`, `#!/clientes/:id`); null: the hash is ignored. */
  hash: (Route & { bang: boolean }) | null;
}

/** Why a template is refused: bad syntax, a regular expression, no (or two) `:id`, too long. */
export type PatternProblem = 'syntax' | 'regex' | 'id' | 'long';
export type CompiledPattern = { ok: true; pattern: UrlPattern } | { ok: false; problem: PatternProblem };

const REGEX_CHARS = /[\\^$|()[\]{}+]/;
const PARAM = /^:([A-Za-z][A-Za-z0-9_]{0,19})$/;
const PATH_LITERAL = /^[A-Za-z0-9._~!&'=,;@%-]+$/;
const QUERY_KEY = /^[A-Za-z0-9._~%-]+$/;
const QUERY_LITERAL = /^[A-Za-z0-9._~!',;@%-]*$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const MAX_SEGMENTS = 20;
const MAX_QUERY = 10;

class Refused extends Error {
  constructor(readonly problem: PatternProblem) {
    super(problem);
  }
}

function segment(text: string, literal: RegExp, names: string[]): Segment {
  const param = PARAM.exec(text);
  if (param?.[1]) {
    if (names.includes(param[1])) throw new Refused('syntax');
    names.push(param[1]);
    return { param: param[1] };
  }
  if (text.includes('*')) throw new Refused('regex');
  if (!literal.test(text) || BAD_ESCAPE.test(text)) throw new Refused('syntax');
  return { literal: safeDecode(text) };
}

function route(text: string, names: string[]): Route {
  const [path = '', query, extra] = text.split('?');
  if (extra !== undefined) throw new Refused('regex');
  if (!path.startsWith('/')) throw new Refused('syntax');
  const parts = path.slice(1).split('/');
  if (parts.at(-1) === '') parts.pop();
  const rest = parts.at(-1) === '*';
  if (rest) parts.pop();
  if (parts.length > MAX_SEGMENTS) throw new Refused('long');
  const segments = parts.map((part) => {
    if (part === '') throw new Refused('syntax');
    return segment(part, PATH_LITERAL, names);
  });
  const queryParts: QueryPart[] = [];
  if (query !== undefined) {
    const pairs = query.split('&');
    if (pairs.length > MAX_QUERY) throw new Refused('long');
    for (const pair of pairs) {
      const equals = pair.indexOf('=');
      const key = equals > 0 ? pair.slice(0, equals) : '';
      if (pair.includes('*')) throw new Refused('regex');
      if (!QUERY_KEY.test(key) || BAD_ESCAPE.test(key)) throw new Refused('syntax');
      const decodedKey = safeDecode(key);
      if (queryParts.some((part) => part.key === decodedKey)) throw new Refused('syntax');
      queryParts.push({ key: decodedKey, value: segment(pair.slice(equals + 1), QUERY_LITERAL, names) });
    }
  }
  return { path: segments, rest, query: queryParts };
}

/** Compiles a template (never throws); the same source always gives the same answer. */
export function compileUrlPattern(source: string): CompiledPattern {
  if (typeof source !== 'string' || source.length > LIMITS.urlPattern) return { ok: false, problem: 'long' };
  try {
    if (REGEX_CHARS.test(source)) throw new Refused('regex');
    if (!/^[\x21-\x7e]+$/.test(source)) throw new Refused('syntax');
    const [main = '', hash, extra] = source.split('#');
    if (extra !== undefined) throw new Refused('syntax');
    const names: string[] = [];
    const pattern: UrlPattern = { ...route(main, names), hash: null };
    if (hash !== undefined) {
      const bang = hash.startsWith('!');
      pattern.hash = { ...route(bang ? hash.slice(1) : hash, names), bang };
    }
    if (!names.includes('id')) throw new Refused('id');
    return { ok: true, pattern };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    throw error;
  }
}

function matchSegment(expected: Segment, actual: string, values: Record<string, string>): boolean {
  if ('literal' in expected) return expected.literal === actual;
  if (!actual) return false;
  values[expected.param] = actual;
  return true;
}

function matchRoute(expected: Route, path: string, search: string, values: Record<string, string>) {
  const parts = path.slice(1).split('/');
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') parts.pop();
  if (expected.rest ? parts.length < expected.path.length : parts.length !== expected.path.length)
    return false;
  for (const [index, part] of expected.path.entries()) {
    if (!matchSegment(part, safeDecode(parts[index] ?? ''), values)) return false;
  }
  if (expected.query.length === 0) return true;
  const params = new URLSearchParams(search);
  return expected.query.every((part) => {
    const value = params.get(part.key);
    return value !== null && matchSegment(part.value, value, values);
  });
}

/** The template's values (`id` among them) when `url` is one of its pages, else null. Linear in the URL. */
export function matchUrlPattern(pattern: UrlPattern, url: URL): Record<string, string> | null {
  const values: Record<string, string> = {};
  if (!matchRoute(pattern, url.pathname, url.search, values)) return null;
  if (pattern.hash) {
    let hash = url.hash.slice(1);
    if (pattern.hash.bang) {
      if (!hash.startsWith('!')) return null;
      hash = hash.slice(1);
    }
    if (!hash.startsWith('/')) return null;
    const question = hash.indexOf('?');
    const path = question < 0 ? hash : hash.slice(0, question);
    const search = question < 0 ? '' : hash.slice(question);
    if (!matchRoute(pattern.hash, path, search, values)) return null;
  }
  return values;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** An exact host or `*.domain`: lowercase DNS labels, at least two, the last not a number (no IP addresses). */
export function isRecipeHost(host: string): boolean {
  if (typeof host !== 'string' || host.length > 253) return false;
  const labels = (host.startsWith('*.') ? host.slice(2) : host).split('.');
  return (
    labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '')
  );
}

/** Whether `hostname` is the recipe's host (`*.domain`: the domain or any subdomain, no empty label). */
export function hostMatches(host: string, hostname: string): boolean {
  const name = hostname.toLowerCase();
  if (!host.startsWith('*.')) return name === host;
  const domain = host.slice(2);
  return name === domain || (name.endsWith(`.${domain}`) && !name.startsWith('.') && !name.includes('..'));
}

/** A host record id as the messages accept it (lib/messaging/schemas.ts, idSchema). */
const RECORD_ID = /^[\w.:-]{1,128}$/;
const compiled = new Map<string, UrlPattern | null>();

/** The record id when `url` (https) is one of the recipe's pages, else null. */
export function recordIdAt(recipe: Pick<Recipe, 'host' | 'urlPattern'>, url: URL): string | null {
  if (url.protocol !== 'https:' || !hostMatches(recipe.host, url.hostname)) return null;
  let pattern = compiled.get(recipe.urlPattern);
  if (pattern === undefined) {
    const result = compileUrlPattern(recipe.urlPattern);
    pattern = result.ok ? result.pattern : null;
    if (compiled.size < 200) compiled.set(recipe.urlPattern, pattern);
  }
  const id = pattern ? matchUrlPattern(pattern, url)?.id?.trim() : undefined;
  return id && RECORD_ID.test(id) ? id : null;
}
