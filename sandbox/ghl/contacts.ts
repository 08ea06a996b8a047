/**
 * Contact writes as HighLevel applies them, after the schema check: phone numbers normalised to E.164 with the
 * location's country, tags trimmed and lowercased, custom fields by id or key stored as `{id, value}`, birth dates
 * in any of the documented formats, and `null` clearing a field.
 */
import { unprocessable } from './errors.ts';
import type { ContactRecord, LocationRecord, Store } from './store.ts';

type Body = Record<string, unknown>;

const STRING_FIELDS = [
  'firstName',
  'lastName',
  'address1',
  'city',
  'state',
  'postalCode',
  'website',
  'timezone',
  'country',
  'companyName',
  'source',
  'gender',
  'assignedTo',
] as const;

const COUNTRY_CALLING_CODES: Record<string, string> = { US: '1', CA: '1', ES: '34', GB: '44', MX: '52' };

/** E.164 as HighLevel stores it; null when the text cannot be a phone number. */
export function normalizePhone(raw: string, country: string): string | null {
  let text = raw.trim().replace(/[\s\-().]/g, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (!/^\+?\d+$/.test(text)) return null;
  if (!text.startsWith('+')) {
    const code = COUNTRY_CALLING_CODES[country] ?? '1';
    if (code === '1' && text.length === 11 && text.startsWith('1')) text = `+${text}`;
    else text = `+${code}${text.replace(/^0+/, '')}`;
  }
  const digits = text.length - 1;
  return digits >= 8 && digits <= 15 ? text : null;
}

const DATE_FORMATS: [RegExp, (m: RegExpExecArray) => [string, string, string]][] = [
  [/^(\d{4})[/\-._](\d{1,2})[/\-._](\d{1,2})$/, (m) => [m[1] ?? '', m[2] ?? '', m[3] ?? '']],
  [/^(\d{1,2})[/\-._](\d{1,2})[/\-._](\d{4})$/, (m) => [m[3] ?? '', m[1] ?? '', m[2] ?? '']],
];

/** The documented birth-date formats (YYYY-MM-DD, MM/DD/YYYY, … with - / . _) → ISO midnight UTC. */
export function parseBirthDate(raw: string): string | null {
  const text = raw.trim();
  for (const [pattern, parts] of DATE_FORMATS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [y, m, d] = parts(match).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return date.toISOString();
    }
    return null;
  }
  // ISO timestamps, as HighLevel answers them, are accepted back.
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(Date.parse(text))) {
    return `${new Date(Date.parse(text)).toISOString().slice(0, 10)}T00:00:00.000Z`;
  }
  return null;
}

export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase();
    if (clean && !out.includes(clean)) out.push(clean);
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function customFieldValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Applies a create/update/upsert body (already schema-checked) onto `contact`. Throws 422 for values the schema
 * cannot catch (bad email, phone, birth date, unknown custom field).
 */
export function applyContactInput(contact: ContactRecord, body: Body, location: LocationRecord): void {
  const problems: string[] = [];
  for (const field of STRING_FIELDS) {
    if (!(field in body)) continue;
    const value = body[field];
    contact[field] = typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  }
  if (typeof body.name === 'string' && !('firstName' in body) && !('lastName' in body)) {
    const [first, ...rest] = body.name.trim().split(/\s+/);
    contact.firstName = first || null;
    contact.lastName = rest.join(' ') || null;
  }
  if ('email' in body) {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (email && !EMAIL.test(email)) problems.push('email must be an email');
    else contact.email = email || null;
  }
  if ('phone' in body) {
    const phone = typeof body.phone === 'string' ? body.phone.trim() : '';
    if (!phone) contact.phone = null;
    else {
      const normalized = normalizePhone(phone, contact.country ?? location.country);
      if (normalized) contact.phone = normalized;
      else problems.push('phone must be a valid phone number');
    }
  }
  if (typeof body.dnd === 'boolean') contact.dnd = body.dnd;
  if (body.dndSettings && typeof body.dndSettings === 'object') {
    contact.dndSettings = { ...contact.dndSettings, ...(body.dndSettings as ContactRecord['dndSettings']) };
  }
  if (Array.isArray(body.tags)) contact.tags = normalizeTags(body.tags as string[]);
  if ('dateOfBirth' in body) {
    const value = body.dateOfBirth;
    if (value === null || value === '') contact.dateOfBirth = null;
    else {
      const parsed = typeof value === 'string' ? parseBirthDate(value) : null;
      if (parsed) contact.dateOfBirth = parsed;
      else
        problems.push(
          'dateOfBirth must be a date in one of the formats YYYY-MM-DD, MM/DD/YYYY, YYYY.MM.DD, MM_DD_YYYY',
        );
    }
  }
  if (Array.isArray(body.customFields)) {
    (body.customFields as Body[]).forEach((input, i) => {
      const key = typeof input.key === 'string' ? input.key : null;
      const definition = location.customFields.find(
        (f) => f.id === input.id || (key !== null && (f.key === key || f.key === `contact.${key}`)),
      );
      if (!definition) {
        problems.push(`customFields.${i} is not a custom field of this location`);
        return;
      }
      const value = customFieldValue(input.field_value);
      const others = contact.customFields.filter((f) => f.id !== definition.id);
      contact.customFields = value === null ? others : [...others, { id: definition.id, value }];
    });
  }
  if (problems.length) throw unprocessable(problems);
}

export function newContact(
  store: Store,
  location: LocationRecord,
  createdBy: ContactRecord['createdBy'],
): ContactRecord {
  const now = store.nowIso();
  return {
    id: store.newId(),
    locationId: location.id,
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    companyName: null,
    businessId: null,
    tags: [],
    customFields: [],
    source: null,
    type: 'lead',
    dnd: false,
    dndSettings: {},
    timezone: location.timezone,
    country: location.country,
    city: null,
    state: null,
    address1: null,
    postalCode: null,
    website: null,
    gender: null,
    dateOfBirth: null,
    assignedTo: null,
    additionalEmails: [],
    additionalPhones: [],
    followers: [],
    createdBy,
    dateAdded: now,
    dateUpdated: now,
    lastActivity: null,
  };
}
