/**
 * Which HighLevel contact is the person on the host page? The link the user confirmed earlier wins; otherwise
 * HighLevel is searched by email, then phone, then full name, stopping at the first step that finds anyone.
 * Each step costs one round trip, and the found contact comes back whole, so the card can show at once.
 */
import type { PageContact } from '../host-page/sites/types.ts';
import { isApiError } from './errors.ts';
import { emailsOf, nameKey, namesOf, normalizeEmail, phoneKey, phonesOf, samePhone } from './identity.ts';
import type { SearchFilter, SearchInput } from './requests.ts';
import type { Contact } from './schemas.ts';
import type { CallOptions } from './types.ts';

export type MatchedOn = 'id' | 'email' | 'phone' | 'name';

export interface MatchCandidate {
  contact: Contact;
  matchedOn: MatchedOn;
}

export interface MatchResult {
  /** linked: the remembered id still exists; matched: one contact; ambiguous: several; none: nobody. */
  status: 'linked' | 'matched' | 'ambiguous' | 'none';
  candidates: MatchCandidate[];
}

export interface MatchOptions extends CallOptions {
  /** The HighLevel id this host record was linked to, if any. */
  linkedContactId?: string | null | undefined;
}

/** What matching needs from the client. */
export interface MatchPort {
  getContact(locationId: string, contactId: string, options: CallOptions): Promise<Contact>;
  searchContacts(
    locationId: string,
    input: SearchInput,
    options: CallOptions,
  ): Promise<{ contacts: Contact[] }>;
}

/** Enough to tell "one" from "several" and to list a few to choose from. */
const PAGE_LIMIT = 10;

export async function matchContact(
  port: MatchPort,
  locationId: string,
  page: PageContact,
  options: MatchOptions = {},
): Promise<MatchResult> {
  const call: CallOptions = { ...options };
  delete (call as MatchOptions).linkedContactId;

  if (options.linkedContactId) {
    try {
      const contact = await port.getContact(locationId, options.linkedContactId, call);
      return { status: 'linked', candidates: [{ contact, matchedOn: 'id' }] };
    } catch (error) {
      // A link to a deleted contact falls back to searching; anything else is a real failure.
      if (!isApiError(error, 'not.found')) throw error;
    }
  }

  const email = normalizeEmail(page.email);
  if (email) {
    const found = await search(port, locationId, call, {
      filters: [{ field: 'email', operator: 'eq', value: email }],
    });
    // Checked again here: a search that ignored the filter must not pass for a match.
    const result = decide(
      found.filter((contact) => emailsOf(contact).includes(email)),
      'email',
    );
    if (result) return result;
  }

  const phone = phoneKey(page.phone);
  if (phone) {
    const filters: SearchFilter[] = phone.e164 ? [{ field: 'phone', operator: 'eq', value: phone.e164 }] : [];
    const input = phone.e164 ? { filters } : { query: phone.digits };
    const found = await search(port, locationId, call, input);
    const result = decide(
      found.filter((contact) => phonesOf(contact).some((digits) => samePhone(digits, phone.digits))),
      'phone',
    );
    if (result) return result;
  }

  const name = fullName(page);
  if (name) {
    // HighLevel caps free-text queries at 75 characters.
    const found = await search(port, locationId, call, { query: name.display.slice(0, 75) });
    const result = decide(
      found.filter((contact) => namesOf(contact).includes(name.key)),
      'name',
    );
    if (result) return result;
  }

  return { status: 'none', candidates: [] };
}

async function search(
  port: MatchPort,
  locationId: string,
  options: CallOptions,
  input: Omit<SearchInput, 'pageLimit'>,
): Promise<Contact[]> {
  const { contacts } = await port.searchContacts(locationId, { ...input, pageLimit: PAGE_LIMIT }, options);
  return contacts;
}

function decide(found: Contact[], matchedOn: MatchedOn): MatchResult | null {
  const unique = [...new Map(found.map((contact) => [contact.id, contact])).values()];
  if (unique.length === 0) return null;
  return {
    status: unique.length === 1 ? 'matched' : 'ambiguous',
    candidates: unique.map((contact) => ({ contact, matchedOn })),
  };
}

function fullName(page: PageContact): { display: string; key: string } | null {
  const display = (page.name?.trim() || [page.firstName, page.lastName].filter(Boolean).join(' '))
    .replace(/\s+/g, ' ')
    .trim();
  const key = nameKey(display);
  // A single word ("Ana") would match half the database: names must have at least two parts.
  return key.split(' ').length >= 2 ? { display, key } : null;
}
