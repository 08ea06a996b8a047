/**
 * An in-memory HighLevel for the outbox's tests: the client methods the outbox calls, over contacts, tasks and
 * notes, with scripted faults. A fault either refuses a call (nothing happens) or lets it take effect and then
 * loses the answer — the ambiguous case the outbox must never turn into a duplicate.
 */
import { ApiError, type ApiErrorData } from '../../lib/api/errors.ts';
import { apiDateTime, type SearchFilter, type SearchFilterGroup } from '../../lib/api/requests.ts';
import type { Contact, Note, Task } from '../../lib/api/schemas.ts';
import type { OutboxClient } from '../../lib/outbox/operations.ts';

export type Method = keyof OutboxClient;

export interface Fault {
  error: ApiError | Error;
  /** The call takes effect before the error is thrown (the answer was lost). */
  applied?: boolean;
}

export interface Call {
  method: Method;
  /** The contact the call is about, when it has one. */
  contactId?: string;
  args: unknown[];
}

export interface FakeHighLevel {
  client: OutboxClient;
  contacts: Map<string, Contact>;
  tasks: Map<string, Task[]>;
  notes: Map<string, Note[]>;
  calls: Call[];
  /** Most calls running at once, overall and for any one contact. */
  readonly maxActive: number;
  readonly maxActivePerContact: number;
  /** Makes the next call(s) of `method` fail. */
  fail(method: Method, fault: Fault, times?: number): void;
  /** Calls of `method` wait until released; returns the release. */
  hold(method: Method): () => void;
  /** Every call of `method` takes this long (real time). */
  delay(method: Method, ms: number): void;
  /** HighLevel refuses a second contact with the same email or phone (400 with meta.contactId). */
  forbidDuplicates: boolean;
  /** Search does not see contacts added this recently (HighLevel's index lags behind its writes). */
  searchLagMs: number;
  count(method: Method): number;
  addContact(contact: Partial<Contact> & { id: string }): Contact;
}

export function apiError(kind: ApiErrorData['kind'], extra: Partial<ApiErrorData> = {}): ApiError {
  return new ApiError({ kind, message: `fake ${kind}`, ...extra });
}

export function createFakeHighLevel(now: () => number): FakeHighLevel {
  const contacts = new Map<string, Contact>();
  const tasks = new Map<string, Task[]>();
  const notes = new Map<string, Note[]>();
  const calls: Call[] = [];
  const faults = new Map<Method, Fault[]>();
  const holds = new Map<Method, Promise<void>>();
  const delays = new Map<Method, number>();
  const running = new Map<string, number>();
  let active = 0;
  let maxActive = 0;
  let maxActivePerContact = 0;
  let ids = 0;
  const stamp = () => new Date(now()).toISOString();

  function notFound(what: string): ApiError {
    return apiError('not.found', { status: 400, messages: [`${what} not found`] });
  }

  function contactOf(contactId: string): Contact {
    const contact = contacts.get(contactId);
    if (!contact) throw notFound(`Contact with id ${contactId}`);
    return contact;
  }

  async function run<T>(
    method: Method,
    contactId: string | undefined,
    args: unknown[],
    apply: () => T,
  ): Promise<T> {
    calls.push({ method, args: structuredClone(args), ...(contactId ? { contactId } : {}) });
    active++;
    maxActive = Math.max(maxActive, active);
    const key = contactId ?? '';
    if (contactId) {
      running.set(key, (running.get(key) ?? 0) + 1);
      maxActivePerContact = Math.max(maxActivePerContact, running.get(key) ?? 0);
    }
    try {
      await holds.get(method);
      const ms = delays.get(method);
      if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
      const fault = faults.get(method)?.shift();
      if (fault && !fault.applied) throw fault.error;
      const result = apply();
      if (fault) throw fault.error;
      return result;
    } finally {
      active--;
      if (contactId) running.set(key, (running.get(key) ?? 1) - 1);
    }
  }

  function newContact(fields: Record<string, unknown>): Contact {
    const contact: Contact = {
      tags: [],
      customFields: [],
      additionalEmails: [],
      additionalPhones: [],
      ...fields,
      id: `contact-${++ids}`,
      dateAdded: stamp(),
    };
    contacts.set(contact.id, contact);
    return contact;
  }

  function duplicateOf(input: { email?: string | null; phone?: string | null }): Contact | undefined {
    return [...contacts.values()].find(
      (contact) =>
        (input.email && contact.email?.toLowerCase() === input.email.toLowerCase()) ||
        (input.phone && contact.phone === input.phone),
    );
  }

  function matches(contact: Contact, filter: SearchFilter | SearchFilterGroup): boolean {
    if ('group' in filter) {
      const results = filter.filters.map((item) => matches(contact, item));
      return filter.group === 'OR' ? results.some(Boolean) : results.every(Boolean);
    }
    const value = String(filter.value ?? '').toLowerCase();
    if (filter.field === 'email') return contact.email?.toLowerCase() === value;
    if (filter.field === 'phone') return contact.phone === filter.value;
    return false;
  }

  function searchText(contact: Contact): string {
    return [
      contact.firstName,
      contact.lastName,
      contact.name,
      contact.email,
      contact.phone?.replace(/\D/g, ''),
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
  }

  const client: OutboxClient = {
    createContact: (locationId, input, call) =>
      run('createContact', undefined, [locationId, input, call], () => {
        const existing = fake.forbidDuplicates ? duplicateOf(input) : undefined;
        if (existing) {
          throw apiError('validation', {
            status: 400,
            messages: ['This location does not allow duplicated contacts.'],
            existingContactId: existing.id,
          });
        }
        return newContact({ ...input, locationId });
      }),
    upsertContact: (locationId, input, call) =>
      run('upsertContact', undefined, [locationId, input, call], () => {
        const existing = duplicateOf(input);
        if (existing) {
          Object.assign(existing, input);
          return { contact: existing, created: false };
        }
        return { contact: newContact({ ...input, locationId }), created: true };
      }),
    updateContact: (locationId, contactId, input, call) =>
      run('updateContact', contactId, [locationId, contactId, input, call], () =>
        Object.assign(contactOf(contactId), input),
      ),
    deleteContact: (locationId, contactId, call) =>
      run('deleteContact', contactId, [locationId, contactId, call], () => {
        contactOf(contactId);
        contacts.delete(contactId);
      }),
    createTask: (locationId, contactId, input, call) =>
      run('createTask', contactId, [locationId, contactId, input, call], () => {
        contactOf(contactId);
        const task: Task = {
          id: `task-${++ids}`,
          title: input.title,
          body: input.body,
          dueDate: new Date(apiDateTime(input.dueDate)).toISOString(),
          completed: input.completed ?? false,
          contactId,
          dateAdded: stamp(),
        };
        tasks.set(contactId, [...(tasks.get(contactId) ?? []), task]);
        return task;
      }),
    updateTask: (locationId, contactId, taskId, patch, call) =>
      run('updateTask', contactId, [locationId, contactId, taskId, patch, call], () => {
        const task = tasks.get(contactId)?.find((item) => item.id === taskId);
        if (!task) throw notFound(`Task ${taskId}`);
        const { dueDate, ...rest } = patch;
        return Object.assign(
          task,
          rest,
          dueDate ? { dueDate: new Date(apiDateTime(dueDate)).toISOString() } : {},
        );
      }),
    setTaskCompleted: (locationId, contactId, taskId, completed, call) =>
      run('setTaskCompleted', contactId, [locationId, contactId, taskId, completed, call], () => {
        const task = tasks.get(contactId)?.find((item) => item.id === taskId);
        if (!task) throw notFound(`Task ${taskId}`);
        task.completed = completed;
        return task;
      }),
    deleteTask: (locationId, contactId, taskId, call) =>
      run('deleteTask', contactId, [locationId, contactId, taskId, call], () => {
        const list = tasks.get(contactId) ?? [];
        if (!list.some((item) => item.id === taskId)) throw notFound(`Task ${taskId}`);
        tasks.set(
          contactId,
          list.filter((item) => item.id !== taskId),
        );
      }),
    addTags: (locationId, contactId, added, call) =>
      run('addTags', contactId, [locationId, contactId, added, call], () => {
        const contact = contactOf(contactId);
        contact.tags = [...new Set([...contact.tags, ...added])];
        return contact.tags;
      }),
    removeTags: (locationId, contactId, removed, call) =>
      run('removeTags', contactId, [locationId, contactId, removed, call], () => {
        const contact = contactOf(contactId);
        contact.tags = contact.tags.filter((tag) => !removed.includes(tag));
        return contact.tags;
      }),
    createNote: (locationId, contactId, input, call) =>
      run('createNote', contactId, [locationId, contactId, input, call], () => {
        contactOf(contactId);
        const note: Note = { id: `note-${++ids}`, body: input.body, contactId, dateAdded: stamp() };
        notes.set(contactId, [note, ...(notes.get(contactId) ?? [])]);
        return note;
      }),
    updateNote: (locationId, contactId, noteId, patch, call) =>
      run('updateNote', contactId, [locationId, contactId, noteId, patch, call], () => {
        const note = notes.get(contactId)?.find((item) => item.id === noteId);
        if (!note) throw notFound(`Note ${noteId}`);
        return Object.assign(note, patch);
      }),
    deleteNote: (locationId, contactId, noteId, call) =>
      run('deleteNote', contactId, [locationId, contactId, noteId, call], () => {
        const list = notes.get(contactId) ?? [];
        if (!list.some((item) => item.id === noteId)) throw notFound(`Note ${noteId}`);
        notes.set(
          contactId,
          list.filter((item) => item.id !== noteId),
        );
      }),
    getTasks: (locationId, contactId, call) =>
      run('getTasks', undefined, [locationId, contactId, call], () => {
        contactOf(contactId);
        return structuredClone(tasks.get(contactId) ?? []);
      }),
    getNotes: (locationId, contactId, call) =>
      run('getNotes', undefined, [locationId, contactId, call], () => {
        contactOf(contactId);
        return structuredClone(notes.get(contactId) ?? []);
      }),
    searchContacts: (locationId, input, call) =>
      run('searchContacts', undefined, [locationId, input, call], () => {
        const query = input.query?.toLowerCase();
        const visibleBefore = now() - fake.searchLagMs;
        const found = [...contacts.values()]
          .filter((contact) => fake.searchLagMs === 0 || Date.parse(contact.dateAdded ?? '') <= visibleBefore)
          .filter((contact) => !input.filters || input.filters.every((filter) => matches(contact, filter)))
          .filter((contact) => !query || searchText(contact).includes(query))
          .sort((a, b) => (b.dateAdded ?? '').localeCompare(a.dateAdded ?? ''))
          .slice(0, input.pageLimit);
        return { contacts: structuredClone(found), total: found.length };
      }),
    forgetContact: (locationId, contactId) =>
      run('forgetContact', undefined, [locationId, contactId], () => undefined),
  };

  const fake: FakeHighLevel = {
    client,
    contacts,
    tasks,
    notes,
    calls,
    get maxActive() {
      return maxActive;
    },
    get maxActivePerContact() {
      return maxActivePerContact;
    },
    fail(method, fault, times = 1) {
      const list = faults.get(method) ?? [];
      for (let index = 0; index < times; index++) list.push(fault);
      faults.set(method, list);
    },
    hold(method) {
      let release: () => void = () => undefined;
      holds.set(
        method,
        new Promise<void>((resolve) => {
          release = () => {
            holds.delete(method);
            resolve();
          };
        }),
      );
      return release;
    },
    delay(method, ms) {
      delays.set(method, ms);
    },
    forbidDuplicates: false,
    searchLagMs: 0,
    count: (method) => calls.filter((call) => call.method === method).length,
    addContact(fields) {
      const contact: Contact = {
        tags: [],
        customFields: [],
        additionalEmails: [],
        additionalPhones: [],
        dateAdded: stamp(),
        ...fields,
      };
      contacts.set(contact.id, contact);
      return contact;
    },
  };
  return fake;
}
