/**
 * Test doubles for the automations (imported by tests only): a small in-memory HighLevel behind the client
 * methods automations read with, and an outbox that honours dedupe keys and ContactRef chaining like the real
 * one, sending nothing until a test says so.
 */
import * as v from 'valibot';
import type { AutomationClient, LinkPort, OutboxPort } from '../../features/automations/ports.ts';
import { ApiError } from '../../lib/api/errors.ts';
import { matchContact } from '../../lib/api/match.ts';
import type { SearchFilter, SearchInput } from '../../lib/api/requests.ts';
import {
  type Contact,
  contactSchema,
  type Note,
  noteSchema,
  type Task,
  taskSchema,
} from '../../lib/api/schemas.ts';
import type { CallOptions } from '../../lib/api/types.ts';
import type { OutboxEntry, WriteOp } from '../../lib/outbox/types.ts';

export const contactOf = (fields: Record<string, unknown>): Contact => v.parse(contactSchema, fields);
export const taskOf = (fields: Record<string, unknown>): Task => v.parse(taskSchema, fields);
export const noteOf = (fields: Record<string, unknown>): Note => v.parse(noteSchema, fields);

export interface FakeCall {
  method: string;
  locationId: string;
  detail: string;
  priority: CallOptions['priority'];
}

export function createFakeClient(
  seed: { contacts?: Contact[]; tasks?: Record<string, Task[]>; notes?: Record<string, Note[]> } = {},
) {
  const contacts = new Map((seed.contacts ?? []).map((contact) => [contact.id, contact]));
  const tasks = new Map(Object.entries(seed.tasks ?? {}));
  const notes = new Map(Object.entries(seed.notes ?? {}));
  const calls: FakeCall[] = [];
  const failing = new Set<string>();
  const log = (method: string, locationId: string, detail: string, options?: CallOptions) =>
    calls.push({ method, locationId, detail, priority: options?.priority });

  const digits = (text: string | undefined) => (text ?? '').replace(/\D/g, '');
  function matches(contact: Contact, filter: SearchFilter): boolean {
    const value = String(filter.value ?? '').toLowerCase();
    switch (filter.field) {
      case 'email':
        return (contact.email ?? '').toLowerCase() === value;
      case 'phone':
        return digits(contact.phone) === digits(value) && value !== '';
      case 'companyName':
        return (contact.companyName ?? '').toLowerCase() === value;
      default:
        return false;
    }
  }
  function search(input: SearchInput): Contact[] {
    return [...contacts.values()].filter((contact) => {
      const filters = (input.filters ?? []) as SearchFilter[];
      if (!filters.every((filter) => matches(contact, filter))) return false;
      if (input.query) {
        const haystack = [contact.firstName, contact.lastName, contact.email, digits(contact.phone)]
          .join(' ')
          .toLowerCase();
        return input.query
          .toLowerCase()
          .split(/\s+/)
          .every((term) => haystack.includes(term));
      }
      return true;
    });
  }
  function section<T>(
    kind: string,
    contactId: string,
    data: T | undefined,
  ): { data: T; fetchedAt: number; stale: boolean } {
    if (failing.has(`${kind}:${contactId}`) || data === undefined) {
      throw new ApiError({
        kind: data === undefined ? 'not.found' : 'server',
        message: `${kind} failed`,
        status: data === undefined ? 404 : 500,
      });
    }
    return { data, fetchedAt: 0, stale: false };
  }

  const client: AutomationClient = {
    async contactSection(locationId, contactId, name, options) {
      log(`section.${name}`, locationId, contactId, options);
      if (name === 'contact') return section('contact', contactId, contacts.get(contactId)) as never;
      if (name === 'tasks')
        return section(
          'tasks',
          contactId,
          contacts.has(contactId) ? (tasks.get(contactId) ?? []) : undefined,
        ) as never;
      if (name === 'notes')
        return section(
          'notes',
          contactId,
          contacts.has(contactId) ? (notes.get(contactId) ?? []) : undefined,
        ) as never;
      return section('appointments', contactId, []) as never;
    },
    async matchContact(locationId, page, options) {
      log('match', locationId, page.hostRecordId, options);
      return matchContact(
        {
          getContact: async (_location, id) => section('contact', id, contacts.get(id)).data,
          searchContacts: async (_location, input: SearchInput) => ({ contacts: search(input) }),
        },
        locationId,
        page,
        options,
      );
    },
    async *iterateSearch(locationId, input, options) {
      log('iterateSearch', locationId, JSON.stringify(input.filters ?? input.query), options);
      let count = 0;
      for (const contact of search(input)) {
        if (options?.maxItems !== undefined && count >= options.maxItems) return;
        count++;
        yield contact;
      }
    },
    async *iterateBusinessContacts(locationId, businessId, options) {
      log('iterateBusiness', locationId, businessId, options);
      let count = 0;
      for (const contact of contacts.values()) {
        if (contact.businessId !== businessId) continue;
        if (options?.maxItems !== undefined && count >= options.maxItems) return;
        count++;
        yield contact;
      }
    },
  };
  return {
    client,
    calls,
    contacts,
    tasks,
    /** Makes a section read of one contact fail (`tasks:<id>`, `notes:<id>`, `contact:<id>`). */
    fail: (key: string) => failing.add(key),
  };
}

export function createFakeOutbox(now: () => number = () => 0) {
  const entries = new Map<string, OutboxEntry>();
  const listeners = new Set<(entry: OutboxEntry) => void>();
  let sequence = 0;
  const emit = (entry: OutboxEntry) => {
    for (const listener of listeners) listener(structuredClone(entry));
  };
  const outbox: OutboxPort = {
    async enqueue(op, meta) {
      if (meta.dedupeKey) {
        const existing = [...entries.values()].find((entry) => entry.dedupeKey === meta.dedupeKey);
        if (existing) return structuredClone(existing);
      }
      if ('contactId' in op && typeof op.contactId === 'object') {
        const target = entries.get(op.contactId.fromEntry);
        if (!target || (target.op.kind !== 'contact.create' && target.op.kind !== 'contact.upsert')) {
          throw new Error('fromEntry must name a contact create or upsert');
        }
      }
      const entry: OutboxEntry = {
        id: `e${++sequence}`,
        op: structuredClone(op),
        status: 'pending',
        origin: structuredClone(meta.origin),
        ...(meta.dedupeKey ? { dedupeKey: meta.dedupeKey } : {}),
        attempts: 0,
        createdAt: now(),
        updatedAt: now(),
      };
      entries.set(entry.id, entry);
      emit(entry);
      return structuredClone(entry);
    },
    get: async (id) => structuredClone(entries.get(id) ?? null),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    outbox,
    entries,
    ops: (): WriteOp[] => [...entries.values()].map((entry) => entry.op),
    /** Marks an entry saved with what HighLevel would have answered. */
    save(id: string, result: OutboxEntry['result']) {
      const entry = entries.get(id);
      if (!entry) throw new Error(`no entry ${id}`);
      entry.status = 'saved';
      entry.result = result;
      entry.updatedAt = now();
      emit(entry);
    },
    failEntry(id: string) {
      const entry = entries.get(id);
      if (!entry) throw new Error(`no entry ${id}`);
      entry.status = 'failed';
      entry.error = { kind: 'validation', messages: ['email is invalid'] };
      emit(entry);
    },
    listeners: () => listeners.size,
  };
}

export function createFakeLinks() {
  const links = new Map<string, { contactId: string | null; rejected?: string[]; linkedAt: number }>();
  const key = (site: string, record: string, location: string) => `${site}|${location}|${record}`;
  const port: LinkPort = {
    get: async (site, hostRecordId, locationId) =>
      structuredClone(links.get(key(site, hostRecordId, locationId)) ?? null),
    async set(link) {
      links.set(key(link.site, link.hostRecordId, link.locationId), {
        contactId: link.contactId,
        ...(link.rejected ? { rejected: link.rejected } : {}),
        linkedAt: link.linkedAt,
      });
    },
  };
  return { links: port, map: links, key };
}
