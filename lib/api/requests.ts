/**
 * Request bodies, built field by field from what the OpenAPI spec declares for each operation. HighLevel's
 * validator answers an undeclared field with 422 "property x should not exist", so nothing a caller passes
 * travels unless it is on the operation's list, even when the caller spreads a whole Contact into an update.
 */
import { ApiError } from './errors.ts';
import { normalizeDate } from './schemas.ts';

export interface TaskInput {
  title: string;
  /** A Date, or an ISO 8601 string (zone-less strings are local time). Sent as ISO without milliseconds. */
  dueDate: Date | string;
  completed?: boolean;
  body?: string;
  assignedTo?: string;
}

/** Any subset; HighLevel wants title and dueDate on every update, so the client fills them in when missing. */
export type TaskPatch = Partial<TaskInput>;

export interface NoteInput {
  body: string;
  title?: string;
  color?: string;
  pinned?: boolean;
  userId?: string;
}

export type NotePatch = Partial<NoteInput>;

/** Custom field values are sent as text or lists: the spec types numbers as `object`, which only text satisfies. */
export interface CustomFieldInput {
  id: string;
  key?: string;
  value: string | number | boolean | string[];
}

type DndStatus = 'active' | 'inactive' | 'permanent';
type DndChannel = 'Call' | 'Email' | 'SMS' | 'WhatsApp' | 'GMB' | 'FB';

interface ContactFields {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string;
  website?: string | null;
  timezone?: string | null;
  country?: string;
  dnd?: boolean;
  dndSettings?: Partial<Record<DndChannel, { status: DndStatus; message?: string; code?: string }>>;
  inboundDndSettings?: { all?: { status: 'active' | 'inactive'; message?: string } };
  customFields?: CustomFieldInput[];
}

// dateOfBirth is left out on purpose: the spec declares it as an object yet documents string formats, so no
// value satisfies both readings; the sidebar does not edit it.
export interface ContactCreateInput extends ContactFields {
  companyName?: string | null;
  gender?: string;
  source?: string;
  assignedTo?: string;
  /** Initial tags of a new contact. Existing contacts get tags through addTags/removeTags only. */
  tags?: string[];
}

export interface ContactUpsertInput extends Omit<ContactCreateInput, 'tags'> {
  createNewIfDuplicateAllowed?: boolean;
}

/** PUT /contacts/:id. No tags (PUT would replace them all) and no companyName (not declared for update). */
export interface ContactUpdateInput extends ContactFields {
  source?: string | null;
  assignedTo?: string | null;
}

export type SearchOperator =
  | 'eq'
  | 'not_eq'
  | 'contains'
  | 'not_contains'
  | 'exists'
  | 'not_exists'
  | 'range'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte';

export interface SearchFilter {
  field: string;
  operator: SearchOperator;
  value?: unknown;
}

export interface SearchFilterGroup {
  group: 'AND' | 'OR';
  filters: (SearchFilter | SearchFilterGroup)[];
}

export interface SearchInput {
  /** Free text, matched by HighLevel against names, email, phone, company. */
  query?: string;
  filters?: (SearchFilter | SearchFilterGroup)[];
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  /** 1-based page; HighLevel caps page × pageLimit at 10,000, beyond that use searchAfter. */
  page?: number;
  pageLimit: number;
  /** The `searchAfter` value of the last contact of the previous page. */
  searchAfter?: unknown[];
}

const CONTACT_COMMON = [
  'firstName',
  'lastName',
  'name',
  'email',
  'phone',
  'address1',
  'city',
  'state',
  'postalCode',
  'website',
  'timezone',
  'dnd',
  'dndSettings',
  'inboundDndSettings',
  'source',
  'country',
  'assignedTo',
] as const;

/** Declared properties per operation (contacts.json), minus the ones we deliberately never send. */
export const DECLARED = {
  createContact: [...CONTACT_COMMON, 'companyName', 'gender', 'tags'],
  upsertContact: [...CONTACT_COMMON, 'companyName', 'gender', 'createNewIfDuplicateAllowed'],
  updateContact: CONTACT_COMMON,
  task: ['title', 'body', 'dueDate', 'completed', 'assignedTo'],
  note: ['userId', 'body', 'title', 'color', 'pinned'],
} as const;

type Body = Record<string, unknown>;

function pick(input: object, fields: readonly string[]): Body {
  const out: Body = {};
  const record = input as Record<string, unknown>;
  for (const field of fields) {
    if (record[field] !== undefined) out[field] = record[field];
  }
  return out;
}

function withCustomFields(body: Body, input: { customFields?: CustomFieldInput[] }): Body {
  if (!input.customFields) return body;
  body.customFields = input.customFields.map((field) => ({
    id: field.id,
    ...(field.key ? { key: field.key } : {}),
    field_value: Array.isArray(field.value) ? field.value.map(String) : String(field.value),
  }));
  return body;
}

export function createContactBody(locationId: string, input: ContactCreateInput): Body {
  return withCustomFields({ ...pick(input, DECLARED.createContact), locationId }, input);
}

export function upsertContactBody(locationId: string, input: ContactUpsertInput): Body {
  return withCustomFields({ ...pick(input, DECLARED.upsertContact), locationId }, input);
}

export function updateContactBody(input: ContactUpdateInput): Body {
  return withCustomFields(pick(input, DECLARED.updateContact), input);
}

/** ISO 8601 in UTC without milliseconds (`2020-10-25T11:00:00Z`), the form HighLevel accepts everywhere. */
export function apiDateTime(value: Date | string, field = 'date'): string {
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else {
    const normalized = normalizeDate(value);
    ms =
      normalized === null
        ? Number.NaN
        : Date.parse(normalized.length === 10 ? `${normalized}T00:00:00` : normalized);
  }
  if (Number.isNaN(ms)) {
    throw new ApiError({
      kind: 'validation',
      messages: [`${field} is not a valid date`],
      message: `Invalid ${field}`,
    });
  }
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createTaskBody(input: TaskInput): Body {
  const body = pick(input, DECLARED.task);
  body.dueDate = apiDateTime(input.dueDate, 'dueDate');
  body.completed = input.completed ?? false;
  return body;
}

/** PUT …/tasks/:taskId: title and dueDate travel every time (HighLevel clears or rejects otherwise). */
export function updateTaskBody(patch: TaskPatch & Pick<TaskInput, 'title'>): Body {
  const body = pick(patch, DECLARED.task);
  if (patch.dueDate !== undefined) body.dueDate = apiDateTime(patch.dueDate, 'dueDate');
  return body;
}

export function noteBody(input: NoteInput | NotePatch): Body {
  return pick(input, DECLARED.note);
}

export function tagsBody(tags: readonly string[]): Body {
  const clean = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
  return { tags: clean };
}

export function searchBody(locationId: string, input: SearchInput): Body {
  return { locationId, ...pick(input, ['page', 'pageLimit', 'searchAfter', 'query', 'filters', 'sort']) };
}
