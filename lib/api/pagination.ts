/**
 * Walking result sets page by page, as async iterators that fetch the next page only when the consumer gets
 * there (`for await … break` stops the requests). Every walk de-duplicates by id and stops when a page brings
 * nothing new, so a server that repeats a page cannot trap it in a loop.
 */
import type { SearchInput } from './requests.ts';
import type { Contact, ContactsListMeta } from './schemas.ts';

export interface WalkOptions {
  /** Stop after this many contacts. */
  maxItems?: number;
}

/** POST /contacts/search: `searchAfter` cursors when the answer carries them, else page numbers. */
export async function* walkSearch(
  fetchPage: (input: SearchInput) => Promise<{ contacts: Contact[]; total?: number | undefined }>,
  input: SearchInput,
  options: WalkOptions = {},
): AsyncGenerator<Contact, void, undefined> {
  const seen = new Set<string>();
  let request: SearchInput = { ...input, page: input.searchAfter ? undefined : (input.page ?? 1) };
  for (;;) {
    const { contacts, total } = await fetchPage(stripUndefined(request));
    let fresh = 0;
    for (const contact of contacts) {
      if (seen.has(contact.id)) continue;
      seen.add(contact.id);
      fresh++;
      yield contact;
      if (options.maxItems !== undefined && seen.size >= options.maxItems) return;
    }
    if (fresh === 0 || contacts.length < input.pageLimit) return;
    if (total !== undefined && seen.size >= total) return;
    const cursor = (contacts[contacts.length - 1] as Contact).searchAfter;
    request = Array.isArray(cursor)
      ? { ...input, page: undefined, searchAfter: cursor }
      : { ...input, searchAfter: undefined, page: (request.page ?? 1) + 1 };
  }
}

/** GET /contacts/business/:businessId: `skip`/`limit`. */
export async function* walkSkip(
  fetchPage: (skip: number, limit: number) => Promise<{ contacts: Contact[]; total?: number | undefined }>,
  limit: number,
  options: WalkOptions = {},
): AsyncGenerator<Contact, void, undefined> {
  const seen = new Set<string>();
  let skip = 0;
  for (;;) {
    const { contacts, total } = await fetchPage(skip, limit);
    let fresh = 0;
    for (const contact of contacts) {
      if (seen.has(contact.id)) continue;
      seen.add(contact.id);
      fresh++;
      yield contact;
      if (options.maxItems !== undefined && seen.size >= options.maxItems) return;
    }
    skip += contacts.length;
    if (fresh === 0 || contacts.length < limit) return;
    if (total !== undefined && skip >= total) return;
  }
}

/** GET /contacts/ (deprecated): `startAfterId`/`startAfter` from the previous page's meta. */
export async function* walkStartAfter(
  fetchPage: (cursor: {
    startAfterId?: string;
    startAfter?: number;
  }) => Promise<{ contacts: Contact[]; meta?: ContactsListMeta | undefined }>,
  limit: number,
  options: WalkOptions = {},
): AsyncGenerator<Contact, void, undefined> {
  const seen = new Set<string>();
  let cursor: { startAfterId?: string; startAfter?: number } = {};
  for (;;) {
    const { contacts, meta } = await fetchPage(cursor);
    let fresh = 0;
    for (const contact of contacts) {
      if (seen.has(contact.id)) continue;
      seen.add(contact.id);
      fresh++;
      yield contact;
      if (options.maxItems !== undefined && seen.size >= options.maxItems) return;
    }
    if (fresh === 0 || contacts.length < limit) return;
    const last = contacts[contacts.length - 1] as Contact;
    const startAfterId = meta?.startAfterId ?? last.id;
    const startAfter = meta?.startAfter;
    if (meta?.total !== undefined && seen.size >= meta.total) return;
    cursor = startAfter === undefined ? { startAfterId } : { startAfterId, startAfter };
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
