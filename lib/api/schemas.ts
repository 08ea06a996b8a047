/**
 * What HighLevel answers, as valibot schemas, and the domain types inferred from them. Tolerant where the real
 * API is untidy (unknown fields are kept, null reads as absent, two date formats), strict where the sidebar would
 * otherwise show nonsense (ids present, dates that parse). A mismatch becomes ApiError `response.invalid` with
 * the path of the offending field, never a crash.
 */
import * as v from 'valibot';

const NAIVE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * HighLevel dates come as `"2021-07-16 11:00:00"` (the location's wall time, no zone) or ISO 8601 with a zone.
 * Zoned values become UTC ISO (`…Z`); zone-less values become ISO local date-times (`2021-07-16T11:00:00`),
 * which `new Date()` reads as local time, like HighLevel's own UI shows them; dates stay dates. Epoch
 * milliseconds are accepted too. Returns null for anything else.
 */
export function normalizeDate(value: string | number): string | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? isoOrNull(value) : null;
  }
  const text = value.trim();
  const naive = NAIVE_DATE_TIME.exec(text);
  if (naive && !HAS_ZONE.test(text)) {
    const [, y, mo, d, h, mi, s = '00'] = naive;
    if (!validParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))) return null;
    return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  }
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [, y, mo, d] = dateOnly;
    return validParts(Number(y), Number(mo), Number(d), 0, 0, 0) ? text : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && HAS_ZONE.test(text)) return isoOrNull(Date.parse(text));
  if (/^\d{12,14}$/.test(text)) return isoOrNull(Number(text));
  return null;
}

function isoOrNull(ms: number): string | null {
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60
  );
}

/** A date-time in either HighLevel format, normalised (see normalizeDate). */
const date = v.pipe(
  v.union([v.string(), v.number()]),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const normalized = normalizeDate(dataset.value);
    if (normalized === null) {
      addIssue({ message: `Invalid date: ${JSON.stringify(String(dataset.value).slice(0, 40))}` });
      return NEVER;
    }
    return normalized;
  }),
);

/** Absent, null and (for dates) empty strings all read as "not there". */
function maybe<const TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.optional(
    v.pipe(
      v.nullable(schema),
      v.transform((value) => value ?? undefined),
    ),
  );
}

const maybeDate = v.optional(
  v.pipe(
    v.nullable(v.union([v.literal(''), date])),
    v.transform((value) => (value === '' || value === null ? undefined : value)),
  ),
);

const list = <const TSchema extends v.GenericSchema>(item: TSchema) =>
  v.optional(
    v.pipe(
      v.nullable(v.array(item)),
      v.transform((value) => value ?? []),
    ),
    [],
  );

const text = maybe(v.string());
const id = v.pipe(v.string(), v.minLength(1, 'Missing id'));

export const customFieldValueSchema = v.looseObject({
  id: v.string(),
  /** Text, number, list or object depending on the field type. */
  value: v.optional(v.unknown()),
});

export const contactSchema = v.looseObject({
  id,
  locationId: text,
  name: text,
  contactName: text,
  firstName: text,
  lastName: text,
  /** Search answers may carry only the lower-case forms of the names. */
  firstNameLowerCase: text,
  lastNameLowerCase: text,
  fullNameLowerCase: text,
  email: text,
  phone: text,
  companyName: text,
  businessId: text,
  timezone: text,
  type: text,
  source: text,
  assignedTo: text,
  address1: text,
  city: text,
  state: text,
  country: text,
  postalCode: text,
  website: text,
  dnd: maybe(v.boolean()),
  tags: list(v.string()),
  customFields: list(customFieldValueSchema),
  additionalEmails: list(v.unknown()),
  additionalPhones: list(v.unknown()),
  dateOfBirth: maybeDate,
  dateAdded: maybeDate,
  dateUpdated: maybeDate,
  lastActivity: maybeDate,
});

export const taskSchema = v.looseObject({
  id,
  title: v.optional(
    v.pipe(
      v.nullable(v.string()),
      v.transform((value) => value ?? ''),
    ),
    '',
  ),
  body: text,
  dueDate: maybeDate,
  completed: v.optional(
    v.pipe(
      v.nullable(v.boolean()),
      v.transform((value) => value ?? false),
    ),
    false,
  ),
  assignedTo: text,
  contactId: text,
  dateAdded: maybeDate,
  dateUpdated: maybeDate,
});

export const noteSchema = v.looseObject({
  id,
  body: v.optional(
    v.pipe(
      v.nullable(v.string()),
      v.transform((value) => value ?? ''),
    ),
    '',
  ),
  title: text,
  userId: text,
  contactId: text,
  color: text,
  pinned: maybe(v.boolean()),
  dateAdded: maybeDate,
  dateUpdated: maybeDate,
});

export const appointmentSchema = v.looseObject({
  id,
  title: text,
  calendarId: text,
  status: text,
  appointmentStatus: text,
  assignedUserId: text,
  notes: text,
  address: text,
  locationId: text,
  contactId: text,
  groupId: text,
  users: list(v.string()),
  assignedResources: list(v.string()),
  startTime: maybeDate,
  endTime: maybeDate,
  dateAdded: maybeDate,
  dateUpdated: maybeDate,
});

export type Contact = v.InferOutput<typeof contactSchema>;
export type Task = v.InferOutput<typeof taskSchema>;
export type Note = v.InferOutput<typeof noteSchema>;
export type Appointment = v.InferOutput<typeof appointmentSchema>;

const number = maybe(v.number());

export const contactsListMetaSchema = v.looseObject({
  total: number,
  nextPageUrl: text,
  startAfterId: text,
  startAfter: number,
  currentPage: number,
  nextPage: number,
  prevPage: number,
});

export type ContactsListMeta = v.InferOutput<typeof contactsListMetaSchema>;

/** Answers, one per operation (the envelopes differ: `contact`, `tasks`, `events`, `succeded`…). */
export const answers = {
  contact: v.looseObject({ contact: contactSchema }),
  /** PUT /contacts/:id: HighLevel answers `{succeded, contact}`. */
  contactUpdated: v.looseObject({ succeded: maybe(v.boolean()), contact: v.optional(contactSchema) }),
  contactUpserted: v.looseObject({ new: maybe(v.boolean()), contact: contactSchema, traceId: text }),
  tasks: v.looseObject({ tasks: list(taskSchema) }),
  task: v.looseObject({ task: taskSchema }),
  notes: v.looseObject({ notes: list(noteSchema) }),
  note: v.looseObject({ note: noteSchema }),
  appointments: v.looseObject({ events: list(appointmentSchema) }),
  tags: v.looseObject({ tags: list(v.string()) }),
  /** Deletes answer `{"succeded": true}` (sic); the correct spelling is accepted too. */
  deleted: v.looseObject({ succeded: maybe(v.boolean()), succeeded: maybe(v.boolean()) }),
  search: v.looseObject({ contacts: list(contactSchema), total: number }),
  /** GET /contacts/search/duplicate: the contact with exactly this email or number, or none. */
  duplicate: v.looseObject({ contact: v.nullish(contactSchema) }),
  contactsList: v.looseObject({ contacts: list(contactSchema), meta: v.optional(contactsListMetaSchema) }),
  businessContacts: v.looseObject({ contacts: list(contactSchema), count: number, total: number }),
} as const;

/** Where the first issue sits, as a dot path (`contact.dateAdded`, `tasks.2.title`), or `$` for the root. */
export function issuePath(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return '$';
  return v.getDotPath(first) ?? '$';
}

/** The display name HighLevel would show. */
export function contactDisplayName(contact: Contact): string {
  const joined = [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim();
  return (
    contact.name?.trim() || contact.contactName?.trim() || joined || contact.email || contact.phone || ''
  );
}
