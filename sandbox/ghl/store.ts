/**
 * The sandbox's in-memory HighLevel data: locations, contacts, businesses, tasks, notes and appointments, plus the
 * JSON views the API answers with. Absent values are omitted from answers rather than sent as `null`, because the
 * OpenAPI schemas declare most fields non-nullable.
 */
import type { Rng } from '../prng.ts';

export interface CustomFieldDefinition {
  id: string;
  key: string;
  name: string;
}

export interface LocationRecord {
  id: string;
  name: string;
  companyId: string;
  timezone: string;
  country: string;
  /** When false, creating a contact whose email or phone already exists answers 400 with `meta.contactId`. */
  allowDuplicateContact: boolean;
  customFields: CustomFieldDefinition[];
  users: { id: string; name: string }[];
  calendars: { id: string; name: string }[];
}

export interface BusinessRecord {
  id: string;
  name: string;
  locationId: string;
}

export interface DndChannelSetting {
  status: 'active' | 'inactive' | 'permanent';
  message?: string;
  code?: string;
}

export interface ContactRecord {
  id: string;
  locationId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  businessId: string | null;
  tags: string[];
  customFields: { id: string; value: string }[];
  source: string | null;
  type: 'lead' | 'customer';
  dnd: boolean;
  dndSettings: Record<string, DndChannelSetting>;
  timezone: string | null;
  country: string | null;
  city: string | null;
  state: string | null;
  address1: string | null;
  postalCode: string | null;
  website: string | null;
  gender: string | null;
  /** ISO 8601, midnight UTC. */
  dateOfBirth: string | null;
  assignedTo: string | null;
  additionalEmails: string[];
  additionalPhones: string[];
  followers: string[];
  createdBy: { source: string; channel: string; sourceId: string; timestamp: string };
  dateAdded: string;
  dateUpdated: string;
  lastActivity: string | null;
}

export interface TaskRecord {
  id: string;
  contactId: string;
  title: string;
  body: string | null;
  assignedTo: string | null;
  dueDate: string;
  completed: boolean;
  dateAdded: string;
}

export interface NoteRecord {
  id: string;
  contactId: string;
  body: string;
  userId: string | null;
  title: string | null;
  color: string | null;
  pinned: boolean | null;
  dateAdded: string;
}

export interface AppointmentRecord {
  id: string;
  contactId: string;
  locationId: string;
  calendarId: string;
  title: string;
  status: string;
  appointmentStatus: string;
  assignedUserId: string;
  notes: string | null;
  address: string | null;
  /** Either `"2021-07-16 11:00:00"` or ISO 8601 with an offset, as HighLevel mixes both. */
  startTime: string;
  endTime: string;
  dateAdded: string;
  dateUpdated: string;
  groupId: string;
  users: string[];
}

type Json = Record<string, unknown>;

export class Store {
  readonly locations = new Map<string, LocationRecord>();
  readonly businesses = new Map<string, BusinessRecord>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly tasks = new Map<string, TaskRecord[]>();
  readonly notes = new Map<string, NoteRecord[]>();
  readonly appointments = new Map<string, AppointmentRecord[]>();
  readonly rng: Rng;
  readonly clock: () => number;
  private readonly sorted = new Map<string, ContactRecord[]>();
  private readonly usedIds = new Set<string>();

  constructor(rng: Rng, clock: () => number = Date.now) {
    this.rng = rng;
    this.clock = clock;
  }

  nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  /** A fresh 20-character id, unique across every kind of record. */
  newId(): string {
    for (;;) {
      const id = this.rng.id(20);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  reserveId(id: string): void {
    this.usedIds.add(id);
  }

  putContact(contact: ContactRecord): void {
    this.reserveId(contact.id);
    this.contacts.set(contact.id, contact);
    this.sorted.delete(contact.locationId);
  }

  /** Call after changing a contact's fields so list orders and caches follow. */
  touched(contact: ContactRecord): void {
    this.sorted.delete(contact.locationId);
  }

  deleteContact(contact: ContactRecord): void {
    this.contacts.delete(contact.id);
    this.tasks.delete(contact.id);
    this.notes.delete(contact.id);
    this.appointments.delete(contact.id);
    this.sorted.delete(contact.locationId);
  }

  /** The location's contacts, newest first (dateAdded descending, then id ascending). Do not mutate. */
  contactsOf(locationId: string): readonly ContactRecord[] {
    let list = this.sorted.get(locationId);
    if (!list) {
      list = [...this.contacts.values()].filter((c) => c.locationId === locationId).sort(compareNewestFirst);
      this.sorted.set(locationId, list);
    }
    return list;
  }

  tasksOf(contactId: string): TaskRecord[] {
    let list = this.tasks.get(contactId);
    if (!list) {
      list = [];
      this.tasks.set(contactId, list);
    }
    return list;
  }

  notesOf(contactId: string): NoteRecord[] {
    let list = this.notes.get(contactId);
    if (!list) {
      list = [];
      this.notes.set(contactId, list);
    }
    return list;
  }

  appointmentsOf(contactId: string): AppointmentRecord[] {
    let list = this.appointments.get(contactId);
    if (!list) {
      list = [];
      this.appointments.set(contactId, list);
    }
    return list;
  }

  /** The existing contact a new email or phone would duplicate, with the field that matched. */
  findDuplicate(
    locationId: string,
    email: string | null,
    phone: string | null,
    excludeId?: string,
  ): { contact: ContactRecord; field: 'email' | 'phone' } | null {
    const emailKey = email?.toLowerCase() ?? null;
    const phoneKey = phone ? phoneDigits(phone) : null;
    let phoneMatch: ContactRecord | null = null;
    for (const contact of this.contactsOf(locationId)) {
      if (contact.id === excludeId) continue;
      if (emailKey && contact.email?.toLowerCase() === emailKey) return { contact, field: 'email' };
      if (!phoneMatch && phoneKey && contact.phone && phoneDigits(contact.phone) === phoneKey)
        phoneMatch = contact;
    }
    return phoneMatch ? { contact: phoneMatch, field: 'phone' } : null;
  }
}

export function compareNewestFirst(a: ContactRecord, b: ContactRecord): number {
  const byDate = Date.parse(b.dateAdded) - Date.parse(a.dateAdded);
  if (byDate !== 0) return byDate;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

export function fullName(contact: ContactRecord): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

function put(target: Json, key: string, value: unknown): void {
  if (value !== null && value !== undefined) target[key] = value;
}

/** The full contact, as `GET /contacts/:id` answers it (GetContectByIdSchema plus real-world extras). */
export function contactJson(contact: ContactRecord): Json {
  const name = fullName(contact);
  const out: Json = { id: contact.id };
  put(out, 'name', name || null);
  out.locationId = contact.locationId;
  put(out, 'firstName', contact.firstName);
  put(out, 'lastName', contact.lastName);
  put(out, 'firstNameLowerCase', contact.firstName?.toLowerCase());
  put(out, 'lastNameLowerCase', contact.lastName?.toLowerCase());
  put(out, 'fullNameLowerCase', name ? name.toLowerCase() : null);
  put(out, 'email', contact.email);
  put(out, 'emailLowerCase', contact.email?.toLowerCase());
  put(out, 'timezone', contact.timezone);
  put(out, 'companyName', contact.companyName);
  put(out, 'phone', contact.phone);
  out.dnd = contact.dnd;
  out.dndSettings = contact.dndSettings;
  out.type = contact.type;
  put(out, 'source', contact.source);
  put(out, 'assignedTo', contact.assignedTo);
  put(out, 'address1', contact.address1);
  put(out, 'city', contact.city);
  put(out, 'state', contact.state);
  put(out, 'country', contact.country);
  put(out, 'postalCode', contact.postalCode);
  put(out, 'website', contact.website);
  out.tags = [...contact.tags];
  put(out, 'dateOfBirth', contact.dateOfBirth);
  out.dateAdded = contact.dateAdded;
  out.dateUpdated = contact.dateUpdated;
  put(out, 'lastActivity', contact.lastActivity);
  out.customFields = contact.customFields.map((f) => ({ ...f }));
  put(out, 'businessId', contact.businessId);
  out.additionalEmails = [...contact.additionalEmails];
  out.additionalPhones = [...contact.additionalPhones];
  out.followers = [...contact.followers];
  out.createdBy = { ...contact.createdBy };
  return out;
}

/** The contact as `POST /contacts/` answers it (CreateContactSchema). */
export function createdContactJson(contact: ContactRecord): Json {
  const out = contactJson(contact);
  delete out.name;
  delete out.lastActivity;
  out.deleted = false;
  out.bounceEmail = false;
  out.unsubscribeEmail = false;
  if (contact.dateOfBirth) {
    const date = new Date(contact.dateOfBirth);
    out.birthMonth = date.getUTCMonth();
    out.birthDay = date.getUTCDate();
  }
  out.offers = [];
  out.products = [];
  return out;
}

/** A contact in `GET /contacts/` and `GET /contacts/business/:id` pages (ContactsSearchSchema plus extras). */
export function listedContactJson(contact: ContactRecord): Json {
  const out = contactJson(contact);
  put(out, 'contactName', fullName(contact).toLowerCase() || null);
  out.attributions = [];
  return out;
}

/** A contact in `POST /contacts/search` results, which carry their own `searchAfter` cursor. */
export function searchedContactJson(
  contact: ContactRecord,
  businessName: string | null,
  searchAfter: unknown[],
): Json {
  const out: Json = { id: contact.id, locationId: contact.locationId };
  put(out, 'firstName', contact.firstName);
  put(out, 'lastName', contact.lastName);
  put(out, 'firstNameLowerCase', contact.firstName?.toLowerCase());
  put(out, 'lastNameLowerCase', contact.lastName?.toLowerCase());
  put(out, 'email', contact.email);
  put(out, 'phone', contact.phone);
  if (contact.phone) out.phoneLabel = 'Mobile';
  put(out, 'companyName', contact.companyName);
  put(out, 'businessId', contact.businessId);
  put(out, 'businessName', businessName);
  put(out, 'source', contact.source);
  out.type = contact.type;
  out.dnd = contact.dnd;
  out.dndSettings = contact.dndSettings;
  put(out, 'address', contact.address1);
  put(out, 'city', contact.city);
  put(out, 'state', contact.state);
  put(out, 'country', contact.country);
  put(out, 'postalCode', contact.postalCode);
  put(out, 'website', contact.website);
  put(out, 'dateOfBirth', contact.dateOfBirth?.slice(0, 10));
  put(out, 'assignedTo', contact.assignedTo);
  out.tags = [...contact.tags];
  out.customFields = contact.customFields.map((f) => ({ ...f }));
  out.additionalEmails = [...contact.additionalEmails];
  out.additionalPhones = [...contact.additionalPhones];
  out.followers = [...contact.followers];
  put(out, 'validEmail', contact.email ? true : null);
  out.dateAdded = contact.dateAdded;
  out.dateUpdated = contact.dateUpdated;
  out.searchAfter = searchAfter;
  return out;
}

export function taskJson(task: TaskRecord): Json {
  const out: Json = { id: task.id, title: task.title };
  put(out, 'body', task.body);
  put(out, 'assignedTo', task.assignedTo);
  out.dueDate = task.dueDate;
  out.completed = task.completed;
  out.contactId = task.contactId;
  out.dateAdded = task.dateAdded;
  return out;
}

export function noteJson(note: NoteRecord): Json {
  const out: Json = { id: note.id, body: note.body };
  put(out, 'userId', note.userId);
  out.dateAdded = note.dateAdded;
  out.contactId = note.contactId;
  put(out, 'title', note.title);
  put(out, 'color', note.color);
  put(out, 'pinned', note.pinned);
  return out;
}

export function appointmentJson(appointment: AppointmentRecord): Json {
  const out: Json = {
    id: appointment.id,
    calendarId: appointment.calendarId,
    status: appointment.status,
    title: appointment.title,
    assignedUserId: appointment.assignedUserId,
  };
  put(out, 'notes', appointment.notes);
  out.startTime = appointment.startTime;
  out.endTime = appointment.endTime;
  put(out, 'address', appointment.address);
  out.locationId = appointment.locationId;
  out.contactId = appointment.contactId;
  out.groupId = appointment.groupId;
  out.appointmentStatus = appointment.appointmentStatus;
  out.users = [...appointment.users];
  out.dateAdded = appointment.dateAdded;
  out.dateUpdated = appointment.dateUpdated;
  out.assignedResources = [];
  return out;
}
