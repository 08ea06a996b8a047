/**
 * The demo Gleantap (app.gleantap.com, and app2.gleantap.com with workrooms): a members CRM as a single-page app over a small JSON API whose
 * state lives in memory, so creates and edits survive navigation and reloads until `reset()`.
 */
import { type Context, Hono } from 'hono';
import { matchRoute } from '../shared/router.ts';
import { jsonObject, serveAssets, shellResponse, spaShell } from '../shared/serve.ts';
import { type FieldErrors, isEmail, isPhone, optionalText } from '../shared/validate.ts';
import type { DemoSite } from '../types.ts';
import { type GleantapContact, type GleantapData, type GleantapTask, seedGleantap } from './data.ts';

/**
 * The SPA's routes, as the client declares them; the server answers these with the shell. On app2.gleantap.com
 * the app's pages are under the workroom chosen on its first page (WORKROOM_ROUTES).
 */
export const GLEANTAP_ROUTES = [
  { path: '/' },
  { path: '/contacts' },
  { path: '/contacts/new' },
  { path: '/contacts/:id' },
  { path: '/contacts/:id/edit' },
  { path: '/contacts/:id/tasks' },
  { path: '/campaigns' },
  { path: '/automations' },
  { path: '/reports' },
] as const;

const WORKROOM_ROUTES = [
  { path: '/' },
  { path: '/workroom/:workroom' },
  ...GLEANTAP_ROUTES.filter((route) => route.path !== '/').map((route) => ({
    path: `/workroom/:workroom${route.path}`,
  })),
];

const SHELL = spaShell({
  lang: 'en',
  title: 'Gleantap',
  stylesheet: '/assets/gleantap/style.css',
  entry: '/assets/gleantap/main.ts',
  loadingText: 'Loading…',
});

const ASSETS = {
  '/assets/gleantap/main.ts': new URL('./main.ts', import.meta.url),
  '/assets/gleantap/client.ts': new URL('./client.ts', import.meta.url),
  '/assets/gleantap/style.css': new URL('./style.css', import.meta.url),
  '/assets/shared/dom.ts': new URL('../shared/dom.ts', import.meta.url),
  '/assets/shared/router.ts': new URL('../shared/router.ts', import.meta.url),
  '/assets/shared/api.ts': new URL('../shared/api.ts', import.meta.url),
};

type ContactInput = Pick<GleantapContact, 'firstName' | 'lastName' | 'email' | 'phone' | 'company'>;

/** Validates a create (every field) or an edit (only the fields present). */
function readContactInput(body: Record<string, unknown>, partial: boolean) {
  const errors: FieldErrors = {};
  const input: Partial<ContactInput> = {};
  const has = (key: string) => !partial || key in body;

  if (has('firstName')) {
    const firstName = optionalText(body.firstName);
    if (!firstName) errors.firstName = 'First name is required.';
    else input.firstName = firstName;
  }
  if (has('lastName')) {
    const lastName = optionalText(body.lastName);
    if (lastName === undefined) errors.lastName = 'Last name must be text.';
    else input.lastName = lastName ?? '';
  }
  if (has('email')) {
    const email = optionalText(body.email);
    if (email === undefined || (email !== null && !isEmail(email)))
      errors.email = 'Enter a valid email address.';
    else input.email = email;
  }
  if (has('phone')) {
    const phone = optionalText(body.phone);
    if (phone === undefined || (phone !== null && !isPhone(phone)))
      errors.phone = 'Enter a valid phone number.';
    else input.phone = phone;
  }
  if (has('company')) {
    const company = optionalText(body.company);
    if (company === undefined) errors.company = 'Company must be text.';
    else input.company = company;
  }
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string' && value.length > 200) errors[key] = 'Keep this under 200 characters.';
  }
  return Object.keys(errors).length > 0 ? { ok: false as const, errors } : { ok: true as const, input };
}

function invalid(c: Context, fields: FieldErrors) {
  return c.json({ error: 'Please check the highlighted fields.', fields }, 422);
}

export function createGleantapSite(): DemoSite {
  let data: GleantapData = seedGleantap();
  let nextContact = 5001;
  let nextTask = 101;

  const findContact = (id: string) => data.contacts.find((contact) => contact.id === id);
  const notFound = (c: Context) => c.json({ error: 'Contact not found.' }, 404);

  const api = new Hono();

  api.get('/contacts', (c) => {
    const search = (c.req.query('search') ?? '').trim().toLowerCase();
    const contacts = search
      ? data.contacts.filter((contact) =>
          [`${contact.firstName} ${contact.lastName}`, contact.email ?? '', contact.phone ?? '']
            .join(' ')
            .toLowerCase()
            .includes(search),
        )
      : data.contacts;
    return c.json({ contacts, total: contacts.length });
  });

  api.post('/contacts', async (c) => {
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'Send a JSON object.' }, 400);
    const parsed = readContactInput(body, false);
    if (!parsed.ok) return invalid(c, parsed.errors);
    const now = new Date().toISOString();
    const contact: GleantapContact = {
      id: `gt_${nextContact++}`,
      firstName: parsed.input.firstName ?? '',
      lastName: parsed.input.lastName ?? '',
      email: parsed.input.email ?? null,
      phone: parsed.input.phone ?? null,
      company: parsed.input.company ?? null,
      status: 'Lead',
      memberSince: null,
      source: 'Added manually',
      tags: [],
      createdAt: now,
    };
    data.contacts.unshift(contact);
    return c.json({ contact }, 201);
  });

  api.get('/contacts/:id', (c) => {
    const contact = findContact(c.req.param('id'));
    if (!contact) return notFound(c);
    const openTasks = data.tasks.filter((task) => task.contactId === contact.id && !task.completed).length;
    return c.json({ contact, openTasks });
  });

  api.patch('/contacts/:id', async (c) => {
    const contact = findContact(c.req.param('id'));
    if (!contact) return notFound(c);
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'Send a JSON object.' }, 400);
    const parsed = readContactInput(body, true);
    if (!parsed.ok) return invalid(c, parsed.errors);
    Object.assign(contact, parsed.input);
    return c.json({ contact });
  });

  api.get('/contacts/:id/tasks', (c) => {
    const contact = findContact(c.req.param('id'));
    if (!contact) return notFound(c);
    return c.json({ tasks: data.tasks.filter((task) => task.contactId === contact.id) });
  });

  api.post('/contacts/:id/tasks', async (c) => {
    const contact = findContact(c.req.param('id'));
    if (!contact) return notFound(c);
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'Send a JSON object.' }, 400);
    const fields: FieldErrors = {};
    const title = optionalText(body.title);
    if (!title) fields.title = 'Give the task a title.';
    else if (title.length > 200) fields.title = 'Keep the title under 200 characters.';
    const dueDate = optionalText(body.dueDate);
    if (dueDate === undefined || (dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(dueDate))) {
      fields.dueDate = 'Pick a due date.';
    }
    const description = typeof body.description === 'string' ? body.description.trim() : null;
    if (Object.keys(fields).length > 0) return invalid(c, fields);
    const task: GleantapTask = {
      id: `tk_${nextTask++}`,
      contactId: contact.id,
      title: title ?? '',
      dueDate: dueDate ?? null,
      description: description || null,
      completed: false,
      createdAt: new Date().toISOString(),
    };
    data.tasks.push(task);
    return c.json({ task }, 201);
  });

  api.patch('/contacts/:id/tasks/:taskId', async (c) => {
    const task = data.tasks.find(
      (item) => item.id === c.req.param('taskId') && item.contactId === c.req.param('id'),
    );
    if (!task) return c.json({ error: 'Task not found.' }, 404);
    const body = await jsonObject(c);
    if (!body || typeof body.completed !== 'boolean')
      return invalid(c, { completed: 'Send completed: true or false.' });
    task.completed = body.completed;
    return c.json({ task });
  });

  api.all('*', (c) => c.json({ error: 'Not found.' }, 404));

  const app = new Hono();
  serveAssets(app, ASSETS);
  app.route('/api', api);
  app.get('*', (c) => {
    const workrooms = (c.req.header('host') ?? '').replace(/:\d+$/, '').toLowerCase() === 'app2.gleantap.com';
    const params = matchRoute(workrooms ? WORKROOM_ROUTES : GLEANTAP_ROUTES, c.req.path);
    const found = params !== null && (params.id === undefined || findContact(params.id) !== undefined);
    return shellResponse(c, SHELL, found);
  });

  return {
    // app2: the host Gleantap's own tests log into, with workrooms (client.ts, `workrooms`).
    hosts: ['app.gleantap.com', 'app2.gleantap.com'],
    app,
    reset() {
      data = seedGleantap();
      nextContact = 5001;
      nextTask = 101;
    },
  };
}
