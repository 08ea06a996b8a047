/**
 * Contact queries: `POST /contacts/search` (filters, groups, sort, page or searchAfter cursor), the deprecated
 * `GET /contacts/` (startAfter/startAfterId cursor) and `GET /contacts/business/:id` (limit/skip), plus the
 * free-text `query` they share.
 */
import { unprocessable } from './errors.ts';
import { type ContactRecord, fullName, phoneDigits, type Store } from './store.ts';

/** Standard paging reaches at most this many results; beyond it HighLevel requires `searchAfter`. */
export const SEARCH_WINDOW = 10_000;

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Every whitespace-separated term must appear in the name, email, phone, company or a tag; a query that is a
 * phone number written with spaces is matched as one number against the phone's digits.
 */
export function matchesQuery(contact: ContactRecord, query: string): boolean {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = fold(
    [fullName(contact), contact.email ?? '', contact.companyName ?? '', ...contact.tags].join(' \u0000 '),
  );
  const digits = contact.phone ? phoneDigits(contact.phone) : '';
  // A phone number written with spaces ("+1 555 123 4567") is one number, not four terms.
  const whole = query.trim();
  const wholeDigits = whole.replace(/\D/g, '');
  if (/\s/.test(whole) && /^[\d+\-().\s]+$/.test(whole) && wholeDigits.length >= 3)
    return digits.includes(wholeDigits);
  return terms.every((term) => {
    if (haystack.includes(term)) return true;
    const termDigits = term.replace(/\D/g, '');
    return /^[\d+\-().]+$/.test(term) && termDigits.length >= 3 && digits.includes(termDigits);
  });
}

type FieldValue = string | number | boolean | string[] | null;

const ms = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

/** Filterable fields; names follow HighLevel's search guide, with firstName/lastName as case-insensitive aliases. */
const FIELDS: Record<string, (c: ContactRecord, store: Store) => FieldValue> = {
  id: (c) => c.id,
  email: (c) => c.email?.toLowerCase() ?? null,
  phone: (c) => c.phone,
  firstNameLowerCase: (c) => c.firstName?.toLowerCase() ?? null,
  lastNameLowerCase: (c) => c.lastName?.toLowerCase() ?? null,
  firstName: (c) => c.firstName?.toLowerCase() ?? null,
  lastName: (c) => c.lastName?.toLowerCase() ?? null,
  fullNameLowerCase: (c) => fullName(c).toLowerCase() || null,
  businessId: (c) => c.businessId,
  businessName: (c, store) => (c.businessId ? (store.businesses.get(c.businessId)?.name ?? null) : null),
  companyName: (c) => c.companyName,
  tags: (c) => c.tags,
  dnd: (c) => c.dnd,
  type: (c) => c.type,
  source: (c) => c.source,
  assignedTo: (c) => c.assignedTo,
  address: (c) => c.address1,
  city: (c) => c.city,
  state: (c) => c.state,
  country: (c) => c.country,
  postalCode: (c) => c.postalCode,
  website: (c) => c.website,
  timezone: (c) => c.timezone,
  followers: (c) => c.followers,
  additionalEmails: (c) => c.additionalEmails,
  additionalPhones: (c) => c.additionalPhones,
  dateAdded: (c) => ms(c.dateAdded),
  dateUpdated: (c) => ms(c.dateUpdated),
  dateOfBirth: (c) => ms(c.dateOfBirth),
  lastActivity: (c) => ms(c.lastActivity),
};

const DATE_FIELDS = new Set(['dateAdded', 'dateUpdated', 'dateOfBirth', 'lastActivity']);
const PHONE_FIELDS = new Set(['phone', 'additionalPhones']);

const SORT_KEYS: Record<string, (c: ContactRecord, store: Store) => string | number> = {
  dateAdded: (c) => Date.parse(c.dateAdded),
  dateUpdated: (c) => Date.parse(c.dateUpdated),
  firstNameLowerCase: (c) => c.firstName?.toLowerCase() ?? '',
  lastNameLowerCase: (c) => c.lastName?.toLowerCase() ?? '',
  fullNameLowerCase: (c) => fullName(c).toLowerCase(),
  email: (c) => c.email?.toLowerCase() ?? '',
  businessName: (c, store) =>
    c.businessId ? (store.businesses.get(c.businessId)?.name.toLowerCase() ?? '') : '',
  companyName: (c) => c.companyName?.toLowerCase() ?? '',
};

type Predicate = (contact: ContactRecord) => boolean;

interface FilterInput {
  field?: unknown;
  operator?: unknown;
  value?: unknown;
  group?: unknown;
  filters?: unknown;
}

function customFieldAccessor(field: string): ((c: ContactRecord) => FieldValue) | null {
  const match = /^customFields?\.(.+)$/.exec(field);
  if (!match) return null;
  const id = match[1];
  return (c) => c.customFields.find((f) => f.id === id)?.value.toLowerCase() ?? null;
}

function comparable(field: string, value: unknown): string | number | boolean | null {
  if (DATE_FIELDS.has(field)) {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return Date.parse(value);
    return null;
  }
  if (PHONE_FIELDS.has(field))
    return typeof value === 'string' || typeof value === 'number' ? phoneDigits(String(value)) : null;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return value.toLowerCase();
  return null;
}

function fieldValues(field: string, raw: FieldValue): (string | number | boolean)[] {
  if (raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) =>
    PHONE_FIELDS.has(field) && typeof v === 'string'
      ? phoneDigits(v)
      : typeof v === 'string'
        ? v.toLowerCase()
        : v,
  );
}

function compileFilter(input: FilterInput, path: string, store: Store, problems: string[]): Predicate {
  if (input.group !== undefined || input.filters !== undefined) {
    if (input.group !== 'AND' && input.group !== 'OR')
      problems.push(`${path}.group must be one of the following values: AND, OR`);
    if (!Array.isArray(input.filters) || input.filters.length === 0) {
      problems.push(`${path}.filters must contain at least 1 elements`);
      return () => false;
    }
    const parts = (input.filters as FilterInput[]).map((f, i) =>
      compileFilter(f, `${path}.filters.${i}`, store, problems),
    );
    return input.group === 'OR' ? (c) => parts.some((p) => p(c)) : (c) => parts.every((p) => p(c));
  }
  const field = typeof input.field === 'string' ? input.field : '';
  const accessor = FIELDS[field] ?? customFieldAccessor(field);
  if (!accessor) {
    problems.push(`${path}.field ${field || '(missing)'} is not a supported search field`);
    return () => false;
  }
  const get = (c: ContactRecord): FieldValue => accessor(c, store);
  const operator = input.operator;
  const value = input.value;
  switch (operator) {
    case 'exists':
    case 'not_exists': {
      const exists: Predicate = (c) => fieldValues(field, get(c)).some((v) => v !== '');
      return operator === 'exists' ? exists : (c) => !exists(c);
    }
    case 'eq':
    case 'not_eq': {
      const wanted = (Array.isArray(value) ? value : [value]).map((v) => comparable(field, v));
      if (value === undefined || wanted.some((w) => w === null)) {
        problems.push(`${path}.value must be a string, number or boolean for ${operator}`);
        return () => false;
      }
      const eq: Predicate = (c) => fieldValues(field, get(c)).some((v) => wanted.includes(v));
      return operator === 'eq' ? eq : (c) => !eq(c);
    }
    case 'contains':
    case 'not_contains': {
      const wanted = comparable(field, value);
      if (typeof wanted !== 'string' || wanted === '') {
        problems.push(`${path}.value must be a non-empty string for ${operator}`);
        return () => false;
      }
      const contains: Predicate = (c) =>
        fieldValues(field, get(c)).some((v) => typeof v === 'string' && v.includes(wanted));
      return operator === 'contains' ? contains : (c) => !contains(c);
    }
    case 'range': {
      const bounds =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : null;
      const keys = bounds ? Object.keys(bounds) : [];
      if (!bounds || keys.length === 0 || keys.some((k) => !['gt', 'gte', 'lt', 'lte'].includes(k))) {
        problems.push(`${path}.value must be an object with gt, gte, lt or lte for range`);
        return () => false;
      }
      const limits = Object.fromEntries(keys.map((k) => [k, comparable(field, bounds[k])]));
      if (Object.values(limits).some((v) => typeof v !== 'number' && typeof v !== 'string')) {
        problems.push(`${path}.value bounds must be dates or numbers`);
        return () => false;
      }
      return (c) => {
        const raw = get(c);
        const v = typeof raw === 'string' ? raw.toLowerCase() : raw;
        if (v === null || typeof v === 'boolean' || Array.isArray(v)) return false;
        const { gt, gte, lt, lte } = limits as Record<string, string | number | undefined>;
        return (
          (gt === undefined || v > gt) &&
          (gte === undefined || v >= gte) &&
          (lt === undefined || v < lt) &&
          (lte === undefined || v <= lte)
        );
      };
    }
    default:
      problems.push(
        `${path}.operator must be one of the following values: eq, not_eq, contains, not_contains, exists, not_exists, range`,
      );
      return () => false;
  }
}

export interface SearchBody {
  locationId: string;
  pageLimit: number;
  page?: number;
  searchAfter?: unknown[];
  filters?: FilterInput[];
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  query?: string;
}

export interface SearchResult {
  contacts: { contact: ContactRecord; searchAfter: (string | number)[] }[];
  total: number;
}

/** Runs a schema-checked search body; throws 422 for what the schema cannot express. */
export function searchContacts(store: Store, body: SearchBody): SearchResult {
  const problems: string[] = [];
  if (!Number.isInteger(body.pageLimit)) problems.push('pageLimit must be an integer number');
  if (body.page !== undefined && !Number.isInteger(body.page))
    problems.push('page must be an integer number');
  if (body.page !== undefined && body.searchAfter !== undefined) {
    problems.push('page and searchAfter cannot be used together; send searchAfter without page');
  }
  const page = body.page ?? 1;
  if (body.searchAfter === undefined && page * body.pageLimit > SEARCH_WINDOW) {
    problems.push(`page * pageLimit must not exceed ${SEARCH_WINDOW}; use searchAfter to go further`);
  }
  const predicates = (body.filters ?? []).map((f, i) => compileFilter(f, `filters.${i}`, store, problems));
  const sort = body.sort?.length ? body.sort : [{ field: 'dateAdded', direction: 'desc' as const }];
  sort.forEach((s, i) => {
    if (!SORT_KEYS[s.field]) problems.push(`sort.${i}.field ${s.field} is not sortable`);
  });
  if (body.searchAfter !== undefined && body.searchAfter.length !== sort.length + 1) {
    problems.push(
      `searchAfter must hold ${sort.length + 1} values: the sort values and the id of the last contact`,
    );
  }
  if (problems.length) throw unprocessable(problems);

  const keyOf = (c: ContactRecord): (string | number)[] => [
    ...sort.map((s) => (SORT_KEYS[s.field] as (c: ContactRecord, store: Store) => string | number)(c, store)),
    c.id,
  ];
  const directions = [...sort.map((s) => (s.direction === 'asc' ? 1 : -1)), 1];
  const compareKeys = (a: (string | number)[], b: (string | number)[]): number => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as string | number;
      const y = b[i] as string | number;
      if (x !== y) return (x < y ? -1 : 1) * (directions[i] ?? 1);
    }
    return 0;
  };
  const query = body.query ?? '';
  const matches = store
    .contactsOf(body.locationId)
    .filter((c) => predicates.every((p) => p(c)) && matchesQuery(c, query))
    .map((contact) => ({ contact, searchAfter: keyOf(contact) }))
    .sort((a, b) => compareKeys(a.searchAfter, b.searchAfter));
  let start = (page - 1) * body.pageLimit;
  if (body.searchAfter !== undefined) {
    const cursor = body.searchAfter as (string | number)[];
    start = matches.findIndex((m) => compareKeys(m.searchAfter, cursor) > 0);
    if (start < 0) start = matches.length;
  }
  return { contacts: matches.slice(start, start + body.pageLimit), total: matches.length };
}

export interface ListPage {
  contacts: ContactRecord[];
  total: number;
  /** Index of the first contact of this page within the whole ordered list. */
  start: number;
}

/** `GET /contacts/`: newest first, continuing after the (startAfter, startAfterId) cursor. */
export function listContacts(
  store: Store,
  locationId: string,
  options: { query: string; limit: number; startAfter: number | null; startAfterId: string | null },
): ListPage {
  const all = store.contactsOf(locationId).filter((c) => matchesQuery(c, options.query));
  let start = 0;
  let cursorMs = options.startAfter;
  if (cursorMs === null && options.startAfterId) {
    const anchor = store.contacts.get(options.startAfterId);
    cursorMs = anchor ? Date.parse(anchor.dateAdded) : null;
  }
  if (cursorMs !== null) {
    const cursorId = options.startAfterId ?? '';
    start = all.findIndex((c) => {
      const t = Date.parse(c.dateAdded);
      return t < cursorMs || (t === cursorMs && cursorId !== '' && c.id > cursorId);
    });
    if (start < 0) start = all.length;
  }
  return { contacts: all.slice(start, start + options.limit), total: all.length, start };
}

/** `GET /contacts/business/:businessId`: the business's contacts in the location, newest first. */
export function businessContacts(
  store: Store,
  locationId: string,
  businessId: string,
  options: { query: string; limit: number; skip: number },
): { contacts: ContactRecord[]; total: number } {
  const all = store
    .contactsOf(locationId)
    .filter((c) => c.businessId === businessId && matchesQuery(c, options.query));
  return { contacts: all.slice(options.skip, options.skip + options.limit), total: all.length };
}
