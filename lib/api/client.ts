/**
 * The HighLevel client: every Contacts endpoint the sidebar and automations use, typed, plus the request
 * economy around them. Reads are shared while in flight (transport.ts) and cached per location, contact and
 * section with stale-while-revalidate (cache.ts); writes patch or drop what they touch; a contact's four
 * sections load in one parallel round trip; matching and paging build on the same calls. Environment-agnostic:
 * tokens, storage and fetch are injected, so it runs in the service worker and in Node alike.
 */
import type * as v from 'valibot';
import type { PageContact } from '../host-page/sites/types.ts';
import {
  type Cached,
  type CachePolicy,
  type CacheStore,
  createMemoryStore,
  ResourceCache,
  type SectionName,
  sectionKey,
} from './cache.ts';
import { ApiError, isApiError } from './errors.ts';
import { RateLimiter, type RateLimits, type RateListener, type RateState } from './limiter.ts';
import { type MatchOptions, type MatchResult, matchContact } from './match.ts';
import { type WalkOptions, walkSearch, walkSkip, walkStartAfter } from './pagination.ts';
import {
  type ContactCreateInput,
  type ContactUpdateInput,
  type ContactUpsertInput,
  createContactBody,
  createTaskBody,
  type NoteInput,
  type NotePatch,
  noteBody,
  type SearchInput,
  searchBody,
  type TaskInput,
  type TaskPatch,
  tagsBody,
  updateContactBody,
  updateTaskBody,
  upsertContactBody,
} from './requests.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import {
  type Appointment,
  answers,
  type Contact,
  type ContactsListMeta,
  type Note,
  type Task,
} from './schemas.ts';
import { SECTION_NAMES } from './sections.ts';
import {
  createTransport,
  highLevelId,
  type Operation,
  present,
  READ_SCOPE,
  WRITE_SCOPE,
} from './transport.ts';
import type { AttemptReport, CallOptions, SectionOutcome, SectionResult, TokenProvider } from './types.ts';

/** Bounds of the client; every field is optional and falls back to the defaults. */
export interface ClientLimits {
  /** One attempt, from sending to the last byte of the answer. */
  attemptTimeoutMs?: number;
  /** One operation from its first send, retries and their waits included. */
  totalTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  rate?: Partial<RateLimits>;
  cache?: Partial<CachePolicy>;
}

export interface HighLevelClientOptions {
  tokens: TokenProvider;
  /** Where cached sections live; memory when omitted (the extension passes createIdbStore()). */
  store?: CacheStore;
  fetch?: typeof globalThis.fetch;
  baseUrl?: string;
  now?: () => number;
  limits?: ClientLimits;
  /** Source of retry jitter (tests make it predictable). */
  random?: () => number;
  /** Told about every attempt that went to the network. */
  onAttempt?: (report: AttemptReport) => void;
  /** Whether the browser lets the extension reach HighLevel, asked before every attempt (transport.ts). */
  permitted?: () => boolean | Promise<boolean>;
}

export const DEFAULT_LIMITS = { attemptTimeoutMs: 15_000, totalTimeoutMs: 45_000 } as const;

export interface ContactBundle {
  contact: SectionResult<Contact>;
  tasks: SectionOutcome<Task[]>;
  notes: SectionOutcome<Note[]>;
  appointments: SectionOutcome<Appointment[]>;
}

export interface BundleLoad {
  bundle: ContactBundle;
  /** Present when some section was served stale: resolves with the bundle after revalidating them. */
  revalidated?: Promise<ContactBundle>;
}

/** A contact's sections as HighLevel's records (the sidebar gets views of them: SectionData). */
export interface SectionRecords {
  contact: Contact;
  tasks: Task[];
  notes: Note[];
  appointments: Appointment[];
}

export interface SearchPage {
  contacts: Contact[];
  total?: number | undefined;
}

export interface ContactsPage {
  contacts: Contact[];
  meta?: ContactsListMeta | undefined;
}

export interface BusinessPage {
  contacts: Contact[];
  total?: number | undefined;
}

export interface SectionOptions extends CallOptions {
  /** Ask HighLevel even when the cache is fresh. */
  fresh?: boolean;
}

export interface HighLevelClient {
  getContact(locationId: string, contactId: string, options?: CallOptions): Promise<Contact>;
  getTasks(locationId: string, contactId: string, options?: CallOptions): Promise<Task[]>;
  getTask(locationId: string, contactId: string, taskId: string, options?: CallOptions): Promise<Task>;
  getNotes(locationId: string, contactId: string, options?: CallOptions): Promise<Note[]>;
  getNote(locationId: string, contactId: string, noteId: string, options?: CallOptions): Promise<Note>;
  getAppointments(locationId: string, contactId: string, options?: CallOptions): Promise<Appointment[]>;
  /** GET /contacts/ (deprecated by HighLevel; prefer searchContacts). `limit` is capped at 100. */
  listContacts(
    locationId: string,
    page?: { limit?: number; startAfterId?: string; startAfter?: number; query?: string },
    options?: CallOptions,
  ): Promise<ContactsPage>;
  getBusinessContacts(
    locationId: string,
    businessId: string,
    page?: { limit?: number; skip?: number; query?: string },
    options?: CallOptions,
  ): Promise<BusinessPage>;
  searchContacts(locationId: string, input: SearchInput, options?: CallOptions): Promise<SearchPage>;
  /**
   * GET /contacts/search/duplicate: the contact whose email (or phone number, E.164) is exactly this one, or
   * null. One of `email` and `number`; a `+` travels encoded as %2B.
   */
  findDuplicate(
    locationId: string,
    by: { email: string } | { number: string },
    options?: CallOptions,
  ): Promise<Contact | null>;

  createContact(locationId: string, input: ContactCreateInput, options?: CallOptions): Promise<Contact>;
  upsertContact(
    locationId: string,
    input: ContactUpsertInput,
    options?: CallOptions,
  ): Promise<{ contact: Contact; created: boolean }>;
  updateContact(
    locationId: string,
    contactId: string,
    input: ContactUpdateInput,
    options?: CallOptions,
  ): Promise<Contact>;
  deleteContact(locationId: string, contactId: string, options?: CallOptions): Promise<void>;
  createTask(locationId: string, contactId: string, input: TaskInput, options?: CallOptions): Promise<Task>;
  /** Title and due date are resent as HighLevel requires: taken from the cache or fetched when the patch lacks them. */
  updateTask(
    locationId: string,
    contactId: string,
    taskId: string,
    patch: TaskPatch,
    options?: CallOptions,
  ): Promise<Task>;
  setTaskCompleted(
    locationId: string,
    contactId: string,
    taskId: string,
    completed: boolean,
    options?: CallOptions,
  ): Promise<Task>;
  deleteTask(locationId: string, contactId: string, taskId: string, options?: CallOptions): Promise<void>;
  addTags(
    locationId: string,
    contactId: string,
    tags: readonly string[],
    options?: CallOptions,
  ): Promise<string[]>;
  removeTags(
    locationId: string,
    contactId: string,
    tags: readonly string[],
    options?: CallOptions,
  ): Promise<string[]>;
  createNote(locationId: string, contactId: string, input: NoteInput, options?: CallOptions): Promise<Note>;
  updateNote(
    locationId: string,
    contactId: string,
    noteId: string,
    patch: NotePatch,
    options?: CallOptions,
  ): Promise<Note>;
  deleteNote(locationId: string, contactId: string, noteId: string, options?: CallOptions): Promise<void>;

  /** One section of a contact through the cache: fresh cache at once, stale cache marked stale, else HighLevel. */
  contactSection<S extends SectionName>(
    locationId: string,
    contactId: string,
    section: S,
    options?: SectionOptions,
  ): Promise<SectionResult<SectionRecords[S]>>;
  /** Contact, tasks, notes and appointments: fresh cache at once, the rest in parallel (≤ 4 requests, 1 round trip). */
  loadContactBundle(locationId: string, contactId: string, options?: SectionOptions): Promise<BundleLoad>;
  matchContact(locationId: string, page: PageContact, options?: MatchOptions): Promise<MatchResult>;

  iterateSearch(
    locationId: string,
    input: SearchInput,
    options?: CallOptions & WalkOptions,
  ): AsyncGenerator<Contact, void, undefined>;
  iterateBusinessContacts(
    locationId: string,
    businessId: string,
    options?: CallOptions & WalkOptions & { pageSize?: number; query?: string },
  ): AsyncGenerator<Contact, void, undefined>;
  iterateContacts(
    locationId: string,
    options?: CallOptions & WalkOptions & { pageSize?: number; query?: string },
  ): AsyncGenerator<Contact, void, undefined>;

  rateState(locationId: string): RateState;
  onRateState(listener: RateListener): () => void;
  /** Drops a location's cached data (disconnect, sign-out). */
  forgetLocation(locationId: string): Promise<void>;
  /** Drops one contact's cached sections. */
  forgetContact(locationId: string, contactId: string): Promise<void>;
}

/** A path segment: checked to be a HighLevel id (nothing else reaches a path), and encoded all the same. */
function segment(value: string, name: string): string {
  return encodeURIComponent(highLevelId(value, name));
}

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

export function createHighLevelClient(options: HighLevelClientOptions): HighLevelClient {
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(options.limits?.rate, now);
  const cache = new ResourceCache(options.store ?? createMemoryStore(), options.limits?.cache, now);
  const request = createTransport({
    tokens: options.tokens,
    limiter,
    fetch: options.fetch,
    baseUrl: options.baseUrl,
    now,
    random: options.random ?? Math.random,
    attemptTimeoutMs: options.limits?.attemptTimeoutMs ?? DEFAULT_LIMITS.attemptTimeoutMs,
    totalTimeoutMs: options.limits?.totalTimeoutMs ?? DEFAULT_LIMITS.totalTimeoutMs,
    retry: { ...DEFAULT_RETRY, ...options.limits?.retry },
    onAttempt: options.onAttempt,
    permitted: options.permitted,
  });

  function read<TSchema extends v.GenericSchema>(
    locationId: string,
    endpoint: string,
    path: string,
    schema: TSchema,
    query?: Record<string, string | number | undefined>,
  ): Operation<TSchema> {
    return {
      method: 'GET',
      endpoint: `GET ${endpoint}`,
      path,
      locationId,
      ...(query ? { query } : {}),
      schema,
      scope: READ_SCOPE,
      repeatable: true,
      shared: true,
    };
  }

  function write<TSchema extends v.GenericSchema>(
    locationId: string,
    method: 'POST' | 'PUT' | 'DELETE',
    endpoint: string,
    path: string,
    schema: TSchema,
    body?: Record<string, unknown>,
  ): Operation<TSchema> {
    return {
      method,
      endpoint: `${method} ${endpoint}`,
      path,
      locationId,
      ...(body ? { body } : {}),
      schema,
      scope: WRITE_SCOPE,
      // PUT and DELETE leave the same state however often they arrive; a POST may create twice.
      repeatable: method !== 'POST',
      shared: false,
    };
  }

  const contactPath = (contactId: string) => `contacts/${segment(contactId, 'contactId')}`;

  /** A network read whose answer refreshes the section's cache, unless a local write got there first. */
  async function fetchSection<S extends SectionName>(
    locationId: string,
    contactId: string,
    section: S,
    call: CallOptions,
  ): Promise<SectionResult<SectionRecords[S]>> {
    const key = sectionKey(locationId, contactId, section);
    const generation = cache.generation(key);
    const data = (await fetchers[section](locationId, contactId, call)) as SectionRecords[S];
    const fetchedAt = now();
    // The answer goes to the caller at once; storing it for next time need not hold it up.
    void cache.write(key, locationId, data, generation).catch(() => undefined);
    return { data, fetchedAt, stale: false };
  }

  const fetchers: {
    [S in SectionName]: (
      locationId: string,
      contactId: string,
      call: CallOptions,
    ) => Promise<SectionRecords[S]>;
  } = {
    contact: async (locationId, contactId, call) =>
      (await request(read(locationId, '/contacts/:contactId', contactPath(contactId), answers.contact), call))
        .contact,
    tasks: async (locationId, contactId, call) =>
      (
        await request(
          read(locationId, '/contacts/:contactId/tasks', `${contactPath(contactId)}/tasks`, answers.tasks),
          call,
        )
      ).tasks,
    notes: async (locationId, contactId, call) =>
      (
        await request(
          read(locationId, '/contacts/:contactId/notes', `${contactPath(contactId)}/notes`, answers.notes),
          call,
        )
      ).notes,
    appointments: async (locationId, contactId, call) =>
      (
        await request(
          read(
            locationId,
            '/contacts/:contactId/appointments',
            `${contactPath(contactId)}/appointments`,
            answers.appointments,
          ),
          call,
        )
      ).events,
  };

  async function cachedSection<S extends SectionName>(
    locationId: string,
    contactId: string,
    section: S,
  ): Promise<Cached<SectionRecords[S]> | undefined> {
    return cache.read<SectionRecords[S]>(sectionKey(locationId, contactId, section));
  }

  async function patchSection<S extends SectionName>(
    locationId: string,
    contactId: string,
    section: S,
    change: (value: SectionRecords[S]) => SectionRecords[S],
  ): Promise<void> {
    await cache.patch<SectionRecords[S]>(sectionKey(locationId, contactId, section), change);
  }

  const upsertById = <T extends { id: string }>(items: T[], item: T): T[] => {
    const index = items.findIndex((existing) => existing.id === item.id);
    if (index < 0) return [...items, item];
    const copy = [...items];
    copy[index] = item;
    return copy;
  };

  async function currentTask(
    locationId: string,
    contactId: string,
    taskId: string,
    call: CallOptions,
  ): Promise<Task> {
    const cached = await cachedSection(locationId, contactId, 'tasks');
    const hit = cached?.value.find((task) => task.id === taskId);
    if (hit) return hit;
    return client.getTask(locationId, contactId, taskId, { ...call, retry: true });
  }

  function deleted(
    answer: { succeded?: boolean | undefined; succeeded?: boolean | undefined },
    endpoint: string,
  ): void {
    if (answer.succeded === false || answer.succeeded === false) {
      throw new ApiError({
        kind: 'server',
        endpoint,
        message: `${endpoint} answered that it did not succeed`,
      });
    }
  }

  function toOutcome<T>(
    result: PromiseSettledResult<SectionResult<T>>,
    cached?: SectionResult<T>,
  ): SectionOutcome<T> {
    if (result.status === 'fulfilled') return { ok: true, ...result.value };
    const error = isApiError(result.reason)
      ? result.reason
      : new ApiError({ kind: 'response.invalid', message: String(result.reason) }, { cause: result.reason });
    return { ok: false, error, ...(cached ? { cached } : {}) };
  }

  const client: HighLevelClient = {
    async getContact(locationId, contactId, call) {
      return (await fetchSection(locationId, contactId, 'contact', call ?? {})).data;
    },
    async getTasks(locationId, contactId, call) {
      return (await fetchSection(locationId, contactId, 'tasks', call ?? {})).data;
    },
    async getTask(locationId, contactId, taskId, call) {
      const path = `${contactPath(contactId)}/tasks/${segment(taskId, 'taskId')}`;
      return (await request(read(locationId, '/contacts/:contactId/tasks/:taskId', path, answers.task), call))
        .task;
    },
    async getNotes(locationId, contactId, call) {
      return (await fetchSection(locationId, contactId, 'notes', call ?? {})).data;
    },
    async getNote(locationId, contactId, noteId, call) {
      const path = `${contactPath(contactId)}/notes/${segment(noteId, 'id')}`;
      return (await request(read(locationId, '/contacts/:contactId/notes/:id', path, answers.note), call))
        .note;
    },
    async getAppointments(locationId, contactId, call) {
      return (await fetchSection(locationId, contactId, 'appointments', call ?? {})).data;
    },
    async listContacts(locationId, page = {}, call) {
      const query = {
        locationId: present(locationId, 'locationId'),
        limit: clamp(page.limit, 1, 100, 20),
        startAfterId: page.startAfterId,
        startAfter: page.startAfter,
        query: page.query,
      };
      const answer = await request(
        read(locationId, '/contacts/', 'contacts/', answers.contactsList, query),
        call,
      );
      return { contacts: answer.contacts, meta: answer.meta };
    },
    async getBusinessContacts(locationId, businessId, page = {}, call) {
      const query = {
        locationId: present(locationId, 'locationId'),
        limit: clamp(page.limit, 1, 100, 25),
        skip: clamp(page.skip, 0, Number.MAX_SAFE_INTEGER, 0),
        query: page.query,
      };
      const path = `contacts/business/${segment(businessId, 'businessId')}`;
      const answer = await request(
        read(locationId, '/contacts/business/:businessId', path, answers.businessContacts, query),
        call,
      );
      return { contacts: answer.contacts, total: answer.total ?? answer.count };
    },
    async searchContacts(locationId, input, call) {
      present(locationId, 'locationId');
      const body = searchBody(locationId, { ...input, pageLimit: clamp(input.pageLimit, 1, 100, 20) });
      // A read that travels as POST: no side effects, so it is shared and retried like a GET.
      const op: Operation<typeof answers.search> = {
        method: 'POST',
        endpoint: 'POST /contacts/search',
        path: 'contacts/search',
        locationId,
        body,
        schema: answers.search,
        scope: READ_SCOPE,
        repeatable: true,
        shared: true,
      };
      const answer = await request(op, call);
      return { contacts: answer.contacts, total: answer.total };
    },
    async findDuplicate(locationId, by, call) {
      const query = {
        locationId: present(locationId, 'locationId'),
        ...('email' in by ? { email: present(by.email, 'email') } : { number: present(by.number, 'number') }),
      };
      const answer = await request(
        read(locationId, '/contacts/search/duplicate', 'contacts/search/duplicate', answers.duplicate, query),
        call,
      );
      return answer.contact ?? null;
    },

    async createContact(locationId, input, call) {
      present(locationId, 'locationId');
      const body = createContactBody(locationId, input);
      const { contact } = await request(
        write(locationId, 'POST', '/contacts/', 'contacts/', answers.contact, body),
        call,
      );
      await cache.write(sectionKey(locationId, contact.id, 'contact'), locationId, contact);
      return contact;
    },
    async upsertContact(locationId, input, call) {
      present(locationId, 'locationId');
      const body = upsertContactBody(locationId, input);
      const answer = await request(
        write(locationId, 'POST', '/contacts/upsert', 'contacts/upsert', answers.contactUpserted, body),
        call,
      );
      const key = sectionKey(locationId, answer.contact.id, 'contact');
      await cache.invalidate(key);
      await cache.write(key, locationId, answer.contact);
      return { contact: answer.contact, created: answer.new ?? false };
    },
    async updateContact(locationId, contactId, input, call) {
      const path = contactPath(contactId);
      const answer = await request(
        write(
          locationId,
          'PUT',
          '/contacts/:contactId',
          path,
          answers.contactUpdated,
          updateContactBody(input),
        ),
        call,
      );
      const key = sectionKey(locationId, contactId, 'contact');
      await cache.invalidate(key);
      if (answer.contact) {
        await cache.write(key, locationId, answer.contact);
        return answer.contact;
      }
      return client.getContact(locationId, contactId, { ...call, retry: true });
    },
    async deleteContact(locationId, contactId, call) {
      const answer = await request(
        write(locationId, 'DELETE', '/contacts/:contactId', contactPath(contactId), answers.deleted),
        call,
      );
      deleted(answer, 'DELETE /contacts/:contactId');
      await cache.forgetContact(locationId, contactId);
    },
    async createTask(locationId, contactId, input, call) {
      const { task } = await request(
        write(
          locationId,
          'POST',
          '/contacts/:contactId/tasks',
          `${contactPath(contactId)}/tasks`,
          answers.task,
          createTaskBody(input),
        ),
        call,
      );
      await patchSection(locationId, contactId, 'tasks', (tasks) => upsertById(tasks, task));
      return task;
    },
    async updateTask(locationId, contactId, taskId, patch, call) {
      const path = `${contactPath(contactId)}/tasks/${segment(taskId, 'taskId')}`;
      let title = patch.title;
      let dueDate = patch.dueDate;
      if (title === undefined || dueDate === undefined) {
        const current = await currentTask(locationId, contactId, taskId, call ?? {});
        title ??= current.title;
        dueDate ??= current.dueDate;
      }
      const body = updateTaskBody({ ...patch, title, dueDate });
      const { task } = await request(
        write(locationId, 'PUT', '/contacts/:contactId/tasks/:taskId', path, answers.task, body),
        call,
      );
      await patchSection(locationId, contactId, 'tasks', (tasks) => upsertById(tasks, task));
      return task;
    },
    async setTaskCompleted(locationId, contactId, taskId, completed, call) {
      const path = `${contactPath(contactId)}/tasks/${segment(taskId, 'taskId')}/completed`;
      const { task } = await request(
        write(locationId, 'PUT', '/contacts/:contactId/tasks/:taskId/completed', path, answers.task, {
          completed,
        }),
        call,
      );
      await patchSection(locationId, contactId, 'tasks', (tasks) => upsertById(tasks, task));
      return task;
    },
    async deleteTask(locationId, contactId, taskId, call) {
      const path = `${contactPath(contactId)}/tasks/${segment(taskId, 'taskId')}`;
      const answer = await request(
        write(locationId, 'DELETE', '/contacts/:contactId/tasks/:taskId', path, answers.deleted),
        call,
      );
      deleted(answer, 'DELETE /contacts/:contactId/tasks/:taskId');
      await patchSection(locationId, contactId, 'tasks', (tasks) =>
        tasks.filter((task) => task.id !== taskId),
      );
    },
    async addTags(locationId, contactId, tags, call) {
      const body = tagsBody(tags);
      const answer = await request(
        write(
          locationId,
          'POST',
          '/contacts/:contactId/tags',
          `${contactPath(contactId)}/tags`,
          answers.tags,
          body,
        ),
        call,
      );
      const added = body.tags as string[];
      await patchSection(locationId, contactId, 'contact', (contact) => ({
        ...contact,
        tags: [...new Set([...contact.tags, ...added])],
      }));
      return answer.tags;
    },
    async removeTags(locationId, contactId, tags, call) {
      const body = tagsBody(tags);
      const answer = await request(
        write(
          locationId,
          'DELETE',
          '/contacts/:contactId/tags',
          `${contactPath(contactId)}/tags`,
          answers.tags,
          body,
        ),
        call,
      );
      const removed = new Set((body.tags as string[]).map((tag) => tag.toLowerCase()));
      await patchSection(locationId, contactId, 'contact', (contact) => ({
        ...contact,
        tags: contact.tags.filter((tag) => !removed.has(tag.toLowerCase())),
      }));
      return answer.tags;
    },
    async createNote(locationId, contactId, input, call) {
      const { note } = await request(
        write(
          locationId,
          'POST',
          '/contacts/:contactId/notes',
          `${contactPath(contactId)}/notes`,
          answers.note,
          noteBody(input),
        ),
        call,
      );
      await patchSection(locationId, contactId, 'notes', (notes) => [
        note,
        ...notes.filter((item) => item.id !== note.id),
      ]);
      return note;
    },
    async updateNote(locationId, contactId, noteId, patch, call) {
      const path = `${contactPath(contactId)}/notes/${segment(noteId, 'id')}`;
      const { note } = await request(
        write(locationId, 'PUT', '/contacts/:contactId/notes/:id', path, answers.note, noteBody(patch)),
        call,
      );
      await patchSection(locationId, contactId, 'notes', (notes) => upsertById(notes, note));
      return note;
    },
    async deleteNote(locationId, contactId, noteId, call) {
      const path = `${contactPath(contactId)}/notes/${segment(noteId, 'id')}`;
      const answer = await request(
        write(locationId, 'DELETE', '/contacts/:contactId/notes/:id', path, answers.deleted),
        call,
      );
      deleted(answer, 'DELETE /contacts/:contactId/notes/:id');
      await patchSection(locationId, contactId, 'notes', (notes) =>
        notes.filter((note) => note.id !== noteId),
      );
    },

    async contactSection(locationId, contactId, section, call = {}) {
      if (!call.fresh) {
        const cached = await cachedSection(locationId, contactId, section);
        if (cached) return { data: cached.value, fetchedAt: cached.storedAt, stale: cached.stale };
      }
      return fetchSection(locationId, contactId, section, call);
    },

    async loadContactBundle(locationId, contactId, call = {}) {
      highLevelId(contactId, 'contactId');
      const cached = await Promise.all(
        SECTION_NAMES.map((section) =>
          call.fresh ? Promise.resolve(undefined) : cachedSection(locationId, contactId, section),
        ),
      );
      const [contact, tasks, notes, appointments] = cached as [
        Cached<Contact> | undefined,
        Cached<Task[]> | undefined,
        Cached<Note[]> | undefined,
        Cached<Appointment[]> | undefined,
      ];
      const asResult = <T>(entry: Cached<T>): SectionResult<T> => ({
        data: entry.value,
        fetchedAt: entry.storedAt,
        stale: entry.stale,
      });
      // Missing sections are fetched now, all at once; stale ones are served as they are and revalidated after.
      const ready = <S extends SectionName>(section: S, entry: Cached<SectionRecords[S]> | undefined) =>
        entry ? Promise.resolve(asResult(entry)) : fetchSection(locationId, contactId, section, call);
      const settled = await Promise.allSettled([
        ready('contact', contact),
        ready('tasks', tasks),
        ready('notes', notes),
        ready('appointments', appointments),
      ]);
      const [contactResult, tasksResult, notesResult, appointmentsResult] = settled as [
        PromiseSettledResult<SectionResult<Contact>>,
        PromiseSettledResult<SectionResult<Task[]>>,
        PromiseSettledResult<SectionResult<Note[]>>,
        PromiseSettledResult<SectionResult<Appointment[]>>,
      ];
      if (contactResult.status === 'rejected') {
        if (isApiError(contactResult.reason, 'not.found')) await cache.forgetContact(locationId, contactId);
        throw contactResult.reason;
      }
      const bundle: ContactBundle = {
        contact: contactResult.value,
        tasks: toOutcome(tasksResult),
        notes: toOutcome(notesResult),
        appointments: toOutcome(appointmentsResult),
      };
      const staleSections = SECTION_NAMES.filter((_section, index) => cached[index]?.stale === true);
      if (staleSections.length === 0) return { bundle };

      const revalidated = (async (): Promise<ContactBundle> => {
        const next: ContactBundle = { ...bundle };
        const results = await Promise.allSettled(
          staleSections.map((section) => fetchSection(locationId, contactId, section, call)),
        );
        for (const [index, section] of staleSections.entries()) {
          const result = results[index] as PromiseSettledResult<SectionResult<unknown>>;
          if (section === 'contact') {
            if (result.status === 'rejected') {
              if (isApiError(result.reason, 'not.found')) await cache.forgetContact(locationId, contactId);
              throw result.reason;
            }
            next.contact = result.value as SectionResult<Contact>;
          } else {
            const previous = bundle[section];
            const fallback = previous.ok
              ? { data: previous.data, fetchedAt: previous.fetchedAt, stale: true }
              : undefined;
            (next as unknown as Record<string, SectionOutcome<unknown>>)[section] = toOutcome(
              result,
              fallback,
            );
          }
        }
        return next;
      })();
      // Callers that only wanted the first answer must not see an unhandled rejection.
      revalidated.catch(() => undefined);
      return { bundle, revalidated };
    },

    matchContact(locationId, page, call = {}) {
      return matchContact(
        {
          getContact: async (location, contactId, options) =>
            (await client.contactSection(location, contactId, 'contact', options)).data,
          searchContacts: (location, input, options) => client.searchContacts(location, input, options),
        },
        locationId,
        page,
        call,
      );
    },

    iterateSearch(locationId, input, call = {}) {
      return walkSearch((page) => client.searchContacts(locationId, page, call), input, call);
    },
    iterateBusinessContacts(locationId, businessId, call = {}) {
      const limit = clamp(call.pageSize, 1, 100, 100);
      return walkSkip(
        (skip, size) =>
          client.getBusinessContacts(
            locationId,
            businessId,
            { skip, limit: size, ...(call.query ? { query: call.query } : {}) },
            call,
          ),
        limit,
        call,
      );
    },
    iterateContacts(locationId, call = {}) {
      const limit = clamp(call.pageSize, 1, 100, 100);
      return walkStartAfter(
        (cursor) =>
          client.listContacts(
            locationId,
            { ...cursor, limit, ...(call.query ? { query: call.query } : {}) },
            call,
          ),
        limit,
        call,
      );
    },

    rateState: (locationId) => limiter.state(locationId),
    onRateState: (listener) => limiter.subscribe(listener),
    forgetLocation: (locationId) => cache.forgetLocation(locationId),
    forgetContact: (locationId, contactId) => cache.forgetContact(locationId, contactId),
  };
  return client;
}
