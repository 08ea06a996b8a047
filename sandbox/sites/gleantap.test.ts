import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../fixtures.ts';
import { createGleantapSite } from './gleantap/app.ts';
import type { GleantapContact, GleantapTask } from './gleantap/data.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function getContact(site: ReturnType<typeof createGleantapSite>, id: string) {
  const response = await site.app.request(`/api/contacts/${id}`);
  return { status: response.status, body: (await response.json()) as { contact: GleantapContact } };
}

describe('the demo Gleantap site', () => {
  it('answers for app.gleantap.com, and app2.gleantap.com with workrooms', () => {
    expect(createGleantapSite().hosts).toEqual(['app.gleantap.com', 'app2.gleantap.com']);
  });

  it("answers app2's deep links under a workroom, and app's without one", async () => {
    const site = createGleantapSite();
    const status = async (host: string, path: string) =>
      (await site.app.request(path, { headers: { host } })).status;
    expect(await status('app2.gleantap.com', '/')).toBe(200);
    expect(await status('app2.gleantap.com', '/workroom/3187/contacts/gt_1001/tasks')).toBe(200);
    expect(await status('app2.gleantap.com', '/workroom/3187/contacts/gt_missing')).toBe(404);
    expect(await status('app2.gleantap.com', '/contacts/gt_1001')).toBe(404);
    expect(await status('app.gleantap.com', '/contacts/gt_1001')).toBe(200);
    expect(await status('app.gleantap.com', '/workroom/3187/contacts/gt_1001')).toBe(404);
  });

  it('shows every demo person that has a Gleantap record under their Gleantap id', async () => {
    const site = createGleantapSite();
    for (const person of DEMO_PEOPLE) {
      const response = await site.app.request(`/api/contacts/${person.gleantap?.id ?? 'gt_missing'}`);
      expect(response.status, person.key).toBe(person.gleantap ? 200 : 404);
    }
  });

  it("shows Gleantap's own email where it differs, and no email or phone where Gleantap has none", async () => {
    const site = createGleantapSite();
    expect((await getContact(site, 'gt_1002')).body.contact.email).toBe('bcarter.work@example.org');
    expect((await getContact(site, 'gt_1001')).body.contact).toMatchObject({
      email: 'ana.garcia@example.com',
      phone: '+34612345678',
      company: 'Gimnasio Sol',
    });
    expect((await getContact(site, 'gt_1003')).body.contact).toMatchObject({ email: null, phone: null });
  });

  it('keeps script payloads verbatim in the data (the pages must render them as text)', async () => {
    const { contact } = (await getContact(createGleantapSite(), 'gt_1006')).body;
    expect(contact.firstName).toBe('<img src=x onerror="window.__xss=1">');
    expect(contact.company).toBe('<svg onload="window.__xss=3">');
  });

  it('adds 30 generated members, identical on every start', async () => {
    const first = (await (await createGleantapSite().app.request('/api/contacts')).json()) as {
      contacts: GleantapContact[];
    };
    const second = (await (await createGleantapSite().app.request('/api/contacts')).json()) as {
      contacts: GleantapContact[];
    };
    const generated = first.contacts.filter((contact) => /^gt_11\d\d$/.test(contact.id));
    expect(generated).toHaveLength(30);
    expect(second.contacts).toEqual(first.contacts);
    expect(new Set(first.contacts.map((contact) => contact.id)).size).toBe(first.contacts.length);
  });

  it('searches contacts by name, email or phone', async () => {
    const site = createGleantapSite();
    const found = async (search: string) =>
      (
        (await (await site.app.request(`/api/contacts?search=${encodeURIComponent(search)}`)).json()) as {
          contacts: GleantapContact[];
        }
      ).contacts.map((contact) => contact.id);
    expect(await found('ana garc')).toEqual(['gt_1001']);
    expect(await found('bcarter.work')).toEqual(['gt_1002']);
    expect(await found('+15551234567')).toEqual(['gt_1002']);
  });

  it('creates a contact that the list, its page and a reload then show', async () => {
    const site = createGleantapSite();
    const response = await site.app.request(
      '/api/contacts',
      json('POST', {
        firstName: ' Zoe ',
        lastName: 'Park',
        email: 'zoe@example.com',
        phone: '',
        company: '',
      }),
    );
    expect(response.status).toBe(201);
    const { contact } = (await response.json()) as { contact: GleantapContact };
    expect(contact).toMatchObject({
      id: 'gt_5001',
      firstName: 'Zoe',
      lastName: 'Park',
      phone: null,
      company: null,
    });
    expect((await getContact(site, 'gt_5001')).body.contact.email).toBe('zoe@example.com');
    expect((await site.app.request('/contacts/gt_5001')).status).toBe(200);
  });

  it('edits only the fields sent, and keeps the edit', async () => {
    const site = createGleantapSite();
    const response = await site.app.request(
      '/api/contacts/gt_1001',
      json('PATCH', { email: 'ana@new.example' }),
    );
    expect(response.status).toBe(200);
    expect((await getContact(site, 'gt_1001')).body.contact).toMatchObject({
      firstName: 'Ana',
      email: 'ana@new.example',
      phone: '+34612345678',
    });
  });

  it('refuses invalid fields with 422 and a message per field, changing nothing', async () => {
    const site = createGleantapSite();
    const response = await site.app.request(
      '/api/contacts/gt_1001',
      json('PATCH', { firstName: '  ', email: 'not-an-email', phone: 'call me' }),
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fields: Record<string, string> };
    expect(Object.keys(body.fields).sort()).toEqual(['email', 'firstName', 'phone']);
    expect((await getContact(site, 'gt_1001')).body.contact.email).toBe('ana.garcia@example.com');
    expect((await site.app.request('/api/contacts', json('POST', { lastName: 'Only' }))).status).toBe(422);
    expect((await site.app.request('/api/contacts', { method: 'POST', body: 'nope' })).status).toBe(400);
  });

  it('creates tasks on a contact and lists them', async () => {
    const site = createGleantapSite();
    const created = await site.app.request(
      '/api/contacts/gt_1005/tasks',
      json('POST', { title: 'Book an assessment', dueDate: '2026-02-03', description: 'Ask about knees' }),
    );
    expect(created.status).toBe(201);
    const { tasks } = (await (await site.app.request('/api/contacts/gt_1005/tasks')).json()) as {
      tasks: GleantapTask[];
    };
    expect(tasks.map((task) => task.title)).toContain('Book an assessment');
    expect(tasks.find((task) => task.title === 'Book an assessment')).toMatchObject({
      dueDate: '2026-02-03',
      description: 'Ask about knees',
      completed: false,
    });
  });

  it('refuses a task without a title or with a malformed due date', async () => {
    const site = createGleantapSite();
    const response = await site.app.request(
      '/api/contacts/gt_1001/tasks',
      json('POST', { title: '', dueDate: '03/02/2026' }),
    );
    expect(response.status).toBe(422);
    expect(Object.keys(((await response.json()) as { fields: object }).fields).sort()).toEqual([
      'dueDate',
      'title',
    ]);
    expect((await site.app.request('/api/contacts/gt_9999/tasks', json('POST', { title: 'x' }))).status).toBe(
      404,
    );
  });

  it('completes a task', async () => {
    const site = createGleantapSite();
    const response = await site.app.request(
      '/api/contacts/gt_1001/tasks/tk_1',
      json('PATCH', { completed: true }),
    );
    expect(((await response.json()) as { task: GleantapTask }).task.completed).toBe(true);
  });

  it('restores the seed on reset', async () => {
    const site = createGleantapSite();
    await site.app.request('/api/contacts', json('POST', { firstName: 'Temp' }));
    await site.app.request('/api/contacts/gt_1001', json('PATCH', { email: 'changed@example.com' }));
    await site.app.request('/api/contacts/gt_1001/tasks', json('POST', { title: 'Temp task' }));
    site.reset();
    expect((await getContact(site, 'gt_1001')).body.contact.email).toBe('ana.garcia@example.com');
    expect((await getContact(site, 'gt_5001')).status).toBe(404);
    const { tasks } = (await (await site.app.request('/api/contacts/gt_1001/tasks')).json()) as {
      tasks: GleantapTask[];
    };
    expect(tasks.map((task) => task.title)).not.toContain('Temp task');
    const again = await site.app.request('/api/contacts', json('POST', { firstName: 'Next' }));
    expect(((await again.json()) as { contact: GleantapContact }).contact.id).toBe('gt_5001');
  });

  it('serves the app shell on a deep link to any app route', async () => {
    const site = createGleantapSite();
    for (const path of [
      '/',
      '/contacts',
      '/contacts/new',
      '/contacts/gt_1001',
      '/contacts/gt_1001/edit',
      '/contacts/gt_1001/tasks',
      '/campaigns',
    ]) {
      const response = await site.app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain('text/html');
      const html = await response.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<script type="module" src="/assets/gleantap/main.ts">');
    }
  });

  it('answers unknown pages and unknown contacts with the shell and 404, and unknown API paths with JSON 404', async () => {
    const site = createGleantapSite();
    expect((await site.app.request('/contacts/gt_9999')).status).toBe(404);
    expect((await site.app.request('/nowhere')).status).toBe(404);
    expect(await (await site.app.request('/nowhere')).text()).toContain('<div id="app">');
    const api = await site.app.request('/api/nowhere');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
