/**
 * The HighLevel API on `services.leadconnectorhq.com`: Contacts endpoints and the OAuth token endpoint.
 *
 * Every request passes, in order: the `Version` header (400 when missing or not 2021-07-28), the bearer token
 * (401), the location's rate limit (429; the X-RateLimit-* headers go on every answer from here on), routing (404
 * "Cannot GET /x"), the operation's scope (401 "The token is not authorized for this scope."), the body schema
 * with undeclared fields forbidden (422), then the handler (400 unknown ids, 403 other location). Every answer
 * carries an `x-trace-id` header; error bodies carry the same `traceId`.
 */
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { requestBodyErrors } from '../openapi.ts';
import type { SandboxBindings, SandboxState } from '../state.ts';
import type { TokenGrant } from './auth.ts';
import { applyContactInput, newContact, normalizeTags } from './contacts.ts';
import {
  badRequest,
  contactNotFound,
  EXPIRED_TOKEN_MESSAGE,
  errorBody,
  forbidden,
  HighLevelError,
  INVALID_TOKEN_MESSAGE,
  noteNotFound,
  SCOPE_MESSAGE,
  taskNotFound,
  unauthorized,
  unprocessable,
} from './errors.ts';
import { handleTokenRequest } from './oauth.ts';
import { businessContacts, listContacts, type SearchBody, searchContacts } from './search.ts';
import {
  appointmentJson,
  type ContactRecord,
  contactJson,
  createdContactJson,
  listedContactJson,
  type NoteRecord,
  noteJson,
  searchedContactJson,
  type TaskRecord,
  taskJson,
} from './store.ts';

export const API_HOST = 'services.leadconnectorhq.com';
export const API_VERSION = '2021-07-28';
export const TRACE_HEADER = 'x-trace-id';

type ApiEnv = { Bindings: SandboxBindings; Variables: { grant: TokenGrant; traceId: string } };
type ApiContext = Context<ApiEnv>;
type Scope = 'contacts.readonly' | 'contacts.write';
type Body = Record<string, unknown>;

const READ: Scope = 'contacts.readonly';
const WRITE: Scope = 'contacts.write';

export function createApiApp(state: SandboxState): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.use('*', async (c, next) => {
    const traceId = randomUUID();
    c.set('traceId', traceId);
    c.header(TRACE_HEADER, traceId);
    c.header('Cache-Control', 'no-store');
    await next();
  });

  app.post('/oauth/token', async (c) => {
    const form = await readForm(c);
    const answer = handleTokenRequest(state, form, c.env?.record);
    return c.json(
      answer.status >= 400 ? { ...answer.body, traceId: c.get('traceId') } : answer.body,
      answer.status,
    );
  });

  app.use('*', async (c, next) => {
    if (c.req.path.replace(/\/+$/, '') === '/oauth/token') return next();
    const version = c.req.header('version');
    if (!version) throw badRequest('Version header was not found', { error: 'Bad Request' });
    if (version !== API_VERSION)
      throw badRequest(`Version header ${version} is not supported`, { error: 'Bad Request' });
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!bearer?.[1]) throw unauthorized(INVALID_TOKEN_MESSAGE);
    const check = state.auth.check(bearer[1]);
    if (!check.ok)
      throw unauthorized(check.reason === 'expired' ? EXPIRED_TOKEN_MESSAGE : INVALID_TOKEN_MESSAGE);
    const grant = check.grant;
    const record = c.env?.record;
    if (record) {
      record.locationId = grant.locationId;
      record.scopes = [...grant.scopes];
    }
    const decision = state.limiter.take(grant.locationId ?? grant.companyId);
    for (const [name, value] of Object.entries(decision.headers)) c.header(name, value);
    if (!decision.allowed) {
      if (state.config.retryAfter) c.header('Retry-After', String(decision.retryAfterSeconds));
      throw new HighLevelError(
        429,
        decision.exceeded === 'daily'
          ? 'Daily rate limit exceeded for this location.'
          : 'Too many requests. The limit is 100 requests per 10 seconds for this location.',
        { error: 'Too Many Requests' },
      );
    }
    c.set('grant', grant);
    await next();
  });

  /** Registers an operation: scope check, body read and schema check, then the handler. */
  const operation = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    specPath: string,
    scope: Scope,
    handler: (c: ApiContext, grant: TokenGrant, body: Body) => Response | Promise<Response>,
  ): void => {
    app.on(method, path, async (c) => {
      const grant = c.get('grant');
      if (!grant.scopes.includes(scope)) throw unauthorized(SCOPE_MESSAGE);
      let body: Body = {};
      if (method !== 'GET') {
        const parsed = await readJsonBody(c);
        const problems = requestBodyErrors(method, specPath, parsed);
        if (problems.length) throw unprocessable(problems);
        body = (parsed ?? {}) as Body;
      }
      return handler(c, grant, body);
    });
  };

  const store = () => state.store;

  const locationOf = (grant: TokenGrant, locationId: string) => {
    const location = store().locations.get(locationId);
    if (!location || grant.locationId !== locationId) throw forbidden();
    return location;
  };

  const contactFor = (grant: TokenGrant, contactId: string): ContactRecord => {
    const contact = store().contacts.get(contactId);
    if (!contact) throw contactNotFound(contactId);
    if (contact.locationId !== grant.locationId) throw forbidden();
    return contact;
  };

  const taskFor = (contact: ContactRecord, taskId: string): TaskRecord => {
    const task = store()
      .tasksOf(contact.id)
      .find((t) => t.id === taskId);
    if (!task) throw taskNotFound(taskId);
    return task;
  };

  const noteFor = (contact: ContactRecord, noteId: string): NoteRecord => {
    const note = store()
      .notesOf(contact.id)
      .find((n) => n.id === noteId);
    if (!note) throw noteNotFound(noteId);
    return note;
  };

  const touch = (contact: ContactRecord): void => {
    contact.dateUpdated = store().nowIso();
    store().touched(contact);
  };

  const requiredQuery = (c: ApiContext, name: string): string => {
    const value = c.req.query(name);
    if (!value) throw unprocessable([`${name} should not be empty`, `${name} must be a string`]);
    return value;
  };

  const integerQuery = (c: ApiContext, name: string, fallback: number, min: number, max: number): number => {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw unprocessable([`${name} must be an integer number`]);
    if (value < min) throw unprocessable([`${name} must not be less than ${min}`]);
    if (value > max) throw unprocessable([`${name} must not be greater than ${max}`]);
    return value;
  };

  const duplicateError = (duplicate: { contact: ContactRecord; field: 'email' | 'phone' }): HighLevelError =>
    badRequest('This location does not allow duplicated contacts.', {
      meta: {
        contactName: [duplicate.contact.firstName, duplicate.contact.lastName].filter(Boolean).join(' '),
        contactId: duplicate.contact.id,
        matchingField: duplicate.field,
      },
    });

  const createdBy = (grant: TokenGrant): ContactRecord['createdBy'] => ({
    source: grant.kind === 'pit' ? 'PRIVATE_INTEGRATION' : 'INTEGRATION',
    channel: grant.kind === 'pit' ? 'API' : 'OAUTH',
    sourceId: grant.clientId ?? grant.userId ?? '',
    timestamp: store().nowIso(),
  });

  // Literal paths first: POST /contacts/search is not POST /contacts/:contactId.
  operation('POST', '/contacts/search', '/contacts/search', READ, (c, grant, body) => {
    const search = body as unknown as SearchBody;
    locationOf(grant, search.locationId);
    const result = searchContacts(store(), search);
    return c.json({
      contacts: result.contacts.map(({ contact, searchAfter }) =>
        searchedContactJson(
          contact,
          contact.businessId ? (store().businesses.get(contact.businessId)?.name ?? null) : null,
          searchAfter,
        ),
      ),
      total: result.total,
    });
  });

  operation('GET', '/contacts/search/duplicate', '/contacts/search/duplicate', READ, (c, grant) => {
    const location = locationOf(grant, requiredQuery(c, 'locationId'));
    const email = c.req.query('email') ?? null;
    const number = c.req.query('number') ?? null;
    const duplicate = email || number ? store().findDuplicate(location.id, email, number) : null;
    return c.json({ contact: duplicate ? contactJson(duplicate.contact) : null });
  });

  operation('POST', '/contacts/upsert', '/contacts/upsert', WRITE, (c, grant, body) => {
    const location = locationOf(grant, String(body.locationId));
    const { locationId: _location, createNewIfDuplicateAllowed, ...fields } = body;
    const draft = newContact(store(), location, createdBy(grant));
    applyContactInput(draft, fields, location);
    const forceNew = location.allowDuplicateContact && createNewIfDuplicateAllowed === true;
    const existing = forceNew ? null : store().findDuplicate(location.id, draft.email, draft.phone);
    if (existing) {
      const contact = existing.contact;
      const updated = structuredClone(contact);
      applyContactInput(updated, fields, location);
      Object.assign(contact, updated);
      touch(contact);
      return c.json({ new: false, contact: contactJson(contact), traceId: c.get('traceId') }, 200);
    }
    store().putContact(draft);
    return c.json({ new: true, contact: contactJson(draft), traceId: c.get('traceId') }, 200);
  });

  operation('GET', '/contacts/business/:businessId', '/contacts/business/{businessId}', READ, (c, grant) => {
    const location = locationOf(grant, requiredQuery(c, 'locationId'));
    const limit = integerQuery(c, 'limit', 25, 1, 100);
    const skip = integerQuery(c, 'skip', 0, 0, Number.MAX_SAFE_INTEGER);
    const page = businessContacts(store(), location.id, param(c, 'businessId'), {
      query: c.req.query('query') ?? '',
      limit,
      skip,
    });
    return c.json({ contacts: page.contacts.map(listedContactJson), count: page.total });
  });

  operation('GET', '/contacts', '/contacts/', READ, (c, grant) => {
    const location = locationOf(grant, requiredQuery(c, 'locationId'));
    const limit = integerQuery(c, 'limit', 20, 1, 100);
    const rawStartAfter = c.req.query('startAfter');
    const startAfter = rawStartAfter ? Number(rawStartAfter) : null;
    if (startAfter !== null && !Number.isFinite(startAfter)) {
      throw unprocessable(['startAfter must be a number conforming to the specified constraints']);
    }
    const query = c.req.query('query') ?? '';
    const page = listContacts(store(), location.id, {
      query,
      limit,
      startAfter,
      startAfterId: c.req.query('startAfterId') || null,
    });
    const currentPage = Math.floor(page.start / limit) + 1;
    const meta: Record<string, unknown> = {
      total: page.total,
      currentPage,
      prevPage: currentPage > 1 ? currentPage - 1 : null,
    };
    const last = page.contacts.at(-1);
    if (last && page.start + page.contacts.length < page.total) {
      const lastMs = Date.parse(last.dateAdded);
      const next = new URL(`https://${API_HOST}/contacts/`);
      next.searchParams.set('locationId', location.id);
      next.searchParams.set('startAfter', String(lastMs));
      next.searchParams.set('startAfterId', last.id);
      if (c.req.query('limit')) next.searchParams.set('limit', String(limit));
      if (query) next.searchParams.set('query', query);
      Object.assign(meta, {
        startAfterId: last.id,
        startAfter: lastMs,
        nextPage: currentPage + 1,
        nextPageUrl: next.href,
      });
    }
    return c.json({ contacts: page.contacts.map(listedContactJson), meta });
  });

  operation('POST', '/contacts', '/contacts/', WRITE, (c, grant, body) => {
    const location = locationOf(grant, String(body.locationId));
    const { locationId: _location, ...fields } = body;
    const contact = newContact(store(), location, createdBy(grant));
    applyContactInput(contact, fields, location);
    if (!location.allowDuplicateContact) {
      const duplicate = store().findDuplicate(location.id, contact.email, contact.phone);
      if (duplicate) throw duplicateError(duplicate);
    }
    store().putContact(contact);
    return c.json({ contact: createdContactJson(contact) }, 201);
  });

  operation('GET', '/contacts/:contactId', '/contacts/{contactId}', READ, (c, grant) => {
    return c.json({ contact: contactJson(contactFor(grant, param(c, 'contactId'))) });
  });

  operation('PUT', '/contacts/:contactId', '/contacts/{contactId}', WRITE, (c, grant, body) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    const location = locationOf(grant, contact.locationId);
    const draft = structuredClone(contact);
    applyContactInput(draft, body, location);
    if (!location.allowDuplicateContact && ('email' in body || 'phone' in body)) {
      const duplicate = store().findDuplicate(location.id, draft.email, draft.phone, contact.id);
      if (duplicate) throw duplicateError(duplicate);
    }
    Object.assign(contact, draft);
    touch(contact);
    return c.json({ succeded: true, contact: contactJson(contact) });
  });

  operation('DELETE', '/contacts/:contactId', '/contacts/{contactId}', WRITE, (c, grant) => {
    store().deleteContact(contactFor(grant, param(c, 'contactId')));
    return c.json({ succeded: true });
  });

  operation('GET', '/contacts/:contactId/tasks', '/contacts/{contactId}/tasks', READ, (c, grant) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    const tasks = [...store().tasksOf(contact.id)].sort(
      (a, b) => Date.parse(a.dueDate) - Date.parse(b.dueDate),
    );
    return c.json({ tasks: tasks.map(taskJson) });
  });

  operation('POST', '/contacts/:contactId/tasks', '/contacts/{contactId}/tasks', WRITE, (c, grant, body) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    const task: TaskRecord = {
      id: store().newId(),
      contactId: contact.id,
      title: nonEmpty(body.title, 'title'),
      body: typeof body.body === 'string' ? body.body : null,
      assignedTo: typeof body.assignedTo === 'string' && body.assignedTo ? body.assignedTo : null,
      dueDate: dueDate(body.dueDate),
      completed: body.completed === true,
      dateAdded: store().nowIso(),
    };
    store().tasksOf(contact.id).push(task);
    return c.json({ task: taskJson(task) }, 201);
  });

  operation(
    'GET',
    '/contacts/:contactId/tasks/:taskId',
    '/contacts/{contactId}/tasks/{taskId}',
    READ,
    (c, grant) => {
      const contact = contactFor(grant, param(c, 'contactId'));
      return c.json({ task: taskJson(taskFor(contact, param(c, 'taskId'))) });
    },
  );

  operation(
    'PUT',
    '/contacts/:contactId/tasks/:taskId',
    '/contacts/{contactId}/tasks/{taskId}',
    WRITE,
    (c, grant, body) => {
      const task = taskFor(contactFor(grant, param(c, 'contactId')), param(c, 'taskId'));
      const title = 'title' in body ? nonEmpty(body.title, 'title') : task.title;
      const due = 'dueDate' in body ? dueDate(body.dueDate) : task.dueDate;
      task.title = title;
      task.dueDate = due;
      if ('body' in body) task.body = typeof body.body === 'string' ? body.body : null;
      if ('assignedTo' in body)
        task.assignedTo = typeof body.assignedTo === 'string' && body.assignedTo ? body.assignedTo : null;
      if (typeof body.completed === 'boolean') task.completed = body.completed;
      return c.json({ task: taskJson(task) });
    },
  );

  operation(
    'PUT',
    '/contacts/:contactId/tasks/:taskId/completed',
    '/contacts/{contactId}/tasks/{taskId}/completed',
    WRITE,
    (c, grant, body) => {
      const task = taskFor(contactFor(grant, param(c, 'contactId')), param(c, 'taskId'));
      task.completed = body.completed === true;
      return c.json({ task: taskJson(task) });
    },
  );

  operation(
    'DELETE',
    '/contacts/:contactId/tasks/:taskId',
    '/contacts/{contactId}/tasks/{taskId}',
    WRITE,
    (c, grant) => {
      const contact = contactFor(grant, param(c, 'contactId'));
      const task = taskFor(contact, param(c, 'taskId'));
      state.store.tasks.set(
        contact.id,
        store()
          .tasksOf(contact.id)
          .filter((t) => t !== task),
      );
      return c.json({ succeded: true });
    },
  );

  operation(
    'GET',
    '/contacts/:contactId/appointments',
    '/contacts/{contactId}/appointments',
    READ,
    (c, grant) => {
      const contact = contactFor(grant, param(c, 'contactId'));
      return c.json({ events: store().appointmentsOf(contact.id).map(appointmentJson) });
    },
  );

  operation('POST', '/contacts/:contactId/tags', '/contacts/{contactId}/tags', WRITE, (c, grant, body) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    contact.tags = normalizeTags([...contact.tags, ...(body.tags as string[])]);
    touch(contact);
    return c.json({ tags: [...contact.tags] }, 201);
  });

  operation('DELETE', '/contacts/:contactId/tags', '/contacts/{contactId}/tags', WRITE, (c, grant, body) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    const removed = new Set(normalizeTags(body.tags as string[]));
    contact.tags = contact.tags.filter((t) => !removed.has(t.toLowerCase()));
    touch(contact);
    return c.json({ tags: [...contact.tags] });
  });

  operation('GET', '/contacts/:contactId/notes', '/contacts/{contactId}/notes', READ, (c, grant) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    const notes = [...store().notesOf(contact.id)].sort(
      (a, b) => Date.parse(b.dateAdded) - Date.parse(a.dateAdded),
    );
    return c.json({ notes: notes.map(noteJson) });
  });

  operation('POST', '/contacts/:contactId/notes', '/contacts/{contactId}/notes', WRITE, (c, grant, body) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    const note: NoteRecord = {
      id: store().newId(),
      contactId: contact.id,
      body: nonEmpty(body.body, 'body'),
      userId: typeof body.userId === 'string' && body.userId ? body.userId : grant.userId || null,
      title: typeof body.title === 'string' ? body.title : null,
      color: typeof body.color === 'string' ? body.color : null,
      pinned: typeof body.pinned === 'boolean' ? body.pinned : null,
      dateAdded: store().nowIso(),
    };
    store().notesOf(contact.id).push(note);
    return c.json({ note: noteJson(note) }, 201);
  });

  operation('GET', '/contacts/:contactId/notes/:id', '/contacts/{contactId}/notes/{id}', READ, (c, grant) => {
    const contact = contactFor(grant, param(c, 'contactId'));
    return c.json({ note: noteJson(noteFor(contact, param(c, 'id'))) });
  });

  operation(
    'PUT',
    '/contacts/:contactId/notes/:id',
    '/contacts/{contactId}/notes/{id}',
    WRITE,
    (c, grant, body) => {
      const note = noteFor(contactFor(grant, param(c, 'contactId')), param(c, 'id'));
      if ('body' in body) note.body = nonEmpty(body.body, 'body');
      if ('userId' in body) note.userId = typeof body.userId === 'string' ? body.userId : null;
      if ('title' in body) note.title = typeof body.title === 'string' ? body.title : null;
      if ('color' in body) note.color = typeof body.color === 'string' ? body.color : null;
      if ('pinned' in body) note.pinned = typeof body.pinned === 'boolean' ? body.pinned : null;
      return c.json({ note: noteJson(note) });
    },
  );

  operation(
    'DELETE',
    '/contacts/:contactId/notes/:id',
    '/contacts/{contactId}/notes/{id}',
    WRITE,
    (c, grant) => {
      const contact = contactFor(grant, param(c, 'contactId'));
      const note = noteFor(contact, param(c, 'id'));
      state.store.notes.set(
        contact.id,
        store()
          .notesOf(contact.id)
          .filter((n) => n !== note),
      );
      return c.json({ succeded: true });
    },
  );

  app.notFound((c) => {
    const error = new HighLevelError(404, `Cannot ${c.req.method} ${c.req.path}`, { error: 'Not Found' });
    return c.json(errorBody(error, c.get('traceId') ?? randomUUID()), 404);
  });

  app.onError((err, c) => {
    const traceId = c.get('traceId') ?? randomUUID();
    if (err instanceof HighLevelError)
      return c.json(errorBody(err, traceId), err.status as ContentfulStatusCode);
    console.error('[sandbox] unexpected error in the API handler:', err);
    const internal = new HighLevelError(500, 'Internal server error', { error: 'Internal Server Error' });
    return c.json(errorBody(internal, traceId), 500);
  });

  return app;
}

function param(c: ApiContext, name: string): string {
  return c.req.param(name) ?? '';
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw unprocessable([`${name} should not be empty`]);
  return value;
}

/** Task due dates: any ISO 8601 date-time; stored as HighLevel answers them (UTC with milliseconds). */
function dueDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw unprocessable(['dueDate must be a valid ISO 8601 date string']);
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw unprocessable(['dueDate must be a valid ISO 8601 date string']);
  return new Date(ms).toISOString();
}

async function readJsonBody(c: ApiContext): Promise<unknown> {
  const text = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  let parsed: unknown = {};
  if (type.includes('json')) {
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        if (c.env?.record) c.env.record.body = text.slice(0, 2000);
        throw badRequest(error instanceof Error ? error.message : 'Invalid JSON', { error: 'Bad Request' });
      }
    }
  } else if (type.includes('application/x-www-form-urlencoded')) {
    parsed = Object.fromEntries(new URLSearchParams(text));
  }
  if (c.env?.record) c.env.record.body = parsed;
  return parsed;
}

async function readForm(c: ApiContext): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}
