/**
 * The background's side of a one-off lookup on a page of any web app: which pages can be looked up at all, and
 * what it accepts of what the page read (read-page.ts ran in the page, whose scripts may have rewritten its DOM,
 * its selection or the function's result: everything is checked again here, as a stranger's).
 */
import * as v from 'valibot';
import { siteForUrl } from '../host-page/sites/catalog';
import type { PageContact, SiteId } from '../host-page/sites/types';

/** Why a tab cannot be looked up: a browser page (chrome://, about:, a store), a CRM the sidebar knows already. */
export type LookupRefusal = 'page.unscriptable' | 'page.crm';

/** Pages no extension may script, whatever it was granted (the browsers' own stores included). */
const STORES = [
  'chromewebstore.google.com',
  'chrome.google.com',
  'addons.mozilla.org',
  'microsoftedge.microsoft.com',
];

export function refusalFor(url: string | undefined): LookupRefusal | null {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    return 'page.unscriptable';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'page.unscriptable';
  if (STORES.includes(parsed.hostname)) return 'page.unscriptable';
  if (siteForUrl(parsed)) return 'page.crm';
  return null;
}

const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$/i;
const PHONE = /^\+?\(?\d[\d\s().-]{5,}\d$/;
const NAME = /^[\p{L}][\p{L}\p{M}'’.-]*(?: [\p{L}][\p{L}\p{M}'’.-]*){0,4}$/u;

/** What the page's reading may return; anything else is read as "nobody" (the search box). */
const personSchema = v.union([
  v.strictObject({
    kind: v.literal('email'),
    value: v.pipe(v.string(), v.maxLength(254), v.regex(EMAIL)),
    from: v.picklist(['selection', 'page']),
  }),
  v.strictObject({
    kind: v.literal('phone'),
    value: v.pipe(
      v.string(),
      v.maxLength(32),
      v.regex(PHONE),
      v.check((phone) => {
        const digits = phone.replace(/\D/g, '').length;
        return digits >= 8 && digits <= 15;
      }),
    ),
    from: v.picklist(['selection', 'page']),
  }),
  v.strictObject({
    kind: v.literal('name'),
    value: v.pipe(v.string(), v.maxLength(80), v.regex(NAME)),
    from: v.literal('selection'),
  }),
]);

export type CheckedPerson = v.InferOutput<typeof personSchema>;

/** The page's reading, if it is one the background accepts; null (nobody: the search box) otherwise. */
export function checkPerson(read: unknown): CheckedPerson | null {
  const result = v.safeParse(personSchema, read);
  return result.success ? result.output : null;
}

/** A short stable id for a text (the record id of a person seen on an app's page: never the text itself). */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes.slice(0, 12), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The person a tab's page is taken to show, as the sidebar's frame looks it up: a record id made from the host
 * and the person (so a link the agent makes is for this person on this app, never another one's), and the one
 * field read. With nobody, the record is the page's host alone: the frame shows its search box.
 */
export async function pageContactOf(
  site: SiteId,
  url: string,
  person: CheckedPerson | null,
): Promise<PageContact> {
  const host = new URL(url).hostname;
  const who = person ? `${person.kind}:${person.value.toLowerCase()}` : 'nobody';
  const page: PageContact = { site, hostRecordId: `app-${await digest(`${host}\n${who}`)}` };
  if (person?.kind === 'email') page.email = person.value;
  else if (person?.kind === 'phone') page.phone = person.value;
  else if (person?.kind === 'name') page.name = person.value;
  return page;
}
