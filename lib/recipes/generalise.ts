/**
 * The URL template a recipe proposes from the page the agent is on: record ids become placeholders, words stay.
 * `/workroom/w-12/contacts/gt_1001` → `/workroom/:w/contacts/:id`; `/clientes/ficha?id=88` → `/clientes/ficha?id=:id`.
 */
import { safeDecode } from '../host-page/sites/url.ts';
import { compileUrlPattern } from './pattern.ts';

/** Query keys whose value is a record id whatever it looks like (a slug, a name). */
const ID_KEYS = new Set([
  'id',
  'uid',
  'cliente',
  'client',
  'clientid',
  'idcliente',
  'contact',
  'contactid',
  'contacto',
  'idcontacto',
  'customer',
  'customerid',
  'member',
  'memberid',
  'lead',
  'leadid',
  'person',
  'personid',
  'record',
  'recordid',
]);

/** Query keys that say nothing about which page this is (tracking, tabs, sorting, sessions): left out. */
const NOISE_KEY =
  /^(?:utm_.*|fbclid|gclid|msclkid|ref|source|tab|page|sort|order|q|query|search|filter|lang|locale|_|t|ts|v|session|sessionid|sid|token|access_token|auth|key|state|code|nonce|redirect|return|returnurl)$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Digits, a UUID, a hex/base62 run of 6+ with a digit, or a prefixed id with a digit (`gt_1001`, `w-12`). */
export function isIdLike(value: string): boolean {
  if (!value || value.length > 128) return false;
  if (/^\d+$/.test(value) || UUID.test(value)) return true;
  if (!/\d/.test(value)) return false;
  return /^[A-Za-z0-9]{6,}$/.test(value) || /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+$/.test(value);
}

function normalisedKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** A literal as the template writes it: percent-encoded where the template syntax reserves the character. */
function literal(decoded: string): string {
  return encodeURIComponent(decoded).replace(
    /[()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

interface Slot {
  /** Where the placeholder goes in the template. */
  index: number;
  value: string;
  /** The word before it, for its name. */
  context: string;
  /** A known id key's value: the record id before any path id. */
  keyed: boolean;
}

export interface GeneralisedUrl {
  /** The page's exact host (a recipe may widen it to `*.domain`). */
  host: string;
  urlPattern: string;
  /** What the template's placeholders hold on this page; `id` is the record id. */
  values: Record<string, string>;
}

/** The template of `url`, or null when it shows no record id (or is not a web page). */
export function generaliseUrl(input: string | URL): GeneralisedUrl | null {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;

  const parts: string[] = [];
  const slots: Slot[] = [];
  const addRoute = (path: string, search: string) => {
    let previous = '';
    for (const raw of path.split('/').slice(1)) {
      const value = safeDecode(raw);
      parts.push('/');
      if (value && isIdLike(value)) {
        slots.push({ index: parts.length, value, context: previous, keyed: false });
        parts.push('');
      } else {
        parts.push(literal(value));
        previous = value;
      }
    }
    let separator = '?';
    const seen = new Set<string>();
    for (const [key, value] of new URLSearchParams(search)) {
      const normal = normalisedKey(key);
      if (seen.has(key) || NOISE_KEY.test(key.toLowerCase()) || !value) continue;
      seen.add(key);
      const keyed = ID_KEYS.has(normal) && value.length <= 128;
      if (!keyed && !isIdLike(value) && (value.length > 40 || !/^[\w.,-]+$/.test(value))) continue;
      parts.push(separator, literal(key), '=');
      separator = '&';
      if (keyed || isIdLike(value)) {
        slots.push({ index: parts.length, value, context: key, keyed });
        parts.push('');
      } else parts.push(literal(value));
    }
  };

  addRoute(url.pathname, url.search);
  const hash = url.hash.slice(1);
  const bang = hash.startsWith('!/');
  if (hash.startsWith('/') || bang) {
    const route = bang ? hash.slice(1) : hash;
    const question = route.indexOf('?');
    parts.push(bang ? '#!' : '#');
    addRoute(question < 0 ? route : route.slice(0, question), question < 0 ? '' : route.slice(question));
  }

  const record = slots.filter((slot) => slot.keyed).at(-1) ?? slots.at(-1);
  if (!record) return null;
  const values: Record<string, string> = {};
  for (const slot of slots) {
    let name = 'id';
    if (slot !== record) {
      const base = /^[A-Za-z]/.test(slot.context) ? (slot.context[0] ?? 'p').toLowerCase() : 'p';
      name = base;
      for (let n = 2; name in values; n += 1) name = `${base}${n}`;
    }
    values[name] = slot.value;
    parts[slot.index] = `:${name}`;
  }
  const urlPattern = parts.join('').replace(/(.)\/(?=$|[?#])/, '$1');
  return compileUrlPattern(urlPattern).ok ? { host: url.hostname, urlPattern, values } : null;
}
