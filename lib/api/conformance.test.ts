/**
 * Every request the client can make, checked against HighLevel's OpenAPI documents (sandbox/openapi.ts: method
 * and path exist, required query parameters, Version header, bearer token, body schema with undeclared fields
 * forbidden). The client runs unmodified against its real base URL; a capturing fetch answers in place of HighLevel.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { findOperation, validateRequest } from '../../sandbox/openapi.ts';
import { createHighLevelClient, type HighLevelClient } from './client.ts';

interface Captured {
  method: string;
  url: string;
  template: string;
  errors: string[];
}

const LOC = 've9EPM428h8vShlRW1KT';
const CONTACT = {
  id: 'AnaGarciaCnt00000001',
  locationId: LOC,
  firstName: 'Ana',
  lastName: 'García',
  email: 'ana@example.com',
  phone: '+34612345678',
};
const TASK = { id: 'task1', title: 'Call', dueDate: '2024-05-01T10:00:00Z', completed: false };
const NOTE = { id: 'note1', body: 'Hello' };

/** What HighLevel would answer for each documented operation (enough for the client to accept it). */
const ANSWERS: Record<string, unknown> = {
  'GET /contacts/{contactId}': { contact: CONTACT },
  'PUT /contacts/{contactId}': { succeded: true, contact: CONTACT },
  'DELETE /contacts/{contactId}': { succeded: true },
  'GET /contacts/{contactId}/tasks': { tasks: [TASK] },
  'POST /contacts/{contactId}/tasks': { task: TASK },
  'GET /contacts/{contactId}/tasks/{taskId}': { task: TASK },
  'PUT /contacts/{contactId}/tasks/{taskId}': { task: TASK },
  'PUT /contacts/{contactId}/tasks/{taskId}/completed': { task: { ...TASK, completed: true } },
  'DELETE /contacts/{contactId}/tasks/{taskId}': { succeded: true },
  'GET /contacts/{contactId}/notes': { notes: [NOTE] },
  'POST /contacts/{contactId}/notes': { note: NOTE },
  'GET /contacts/{contactId}/notes/{id}': { note: NOTE },
  'PUT /contacts/{contactId}/notes/{id}': { note: NOTE },
  'DELETE /contacts/{contactId}/notes/{id}': { succeded: true },
  'GET /contacts/{contactId}/appointments': { events: [{ id: 'ev1', startTime: '2024-05-02 09:00:00' }] },
  'POST /contacts/{contactId}/tags': { tags: ['vip'] },
  'DELETE /contacts/{contactId}/tags': { tags: [] },
  'GET /contacts/': { contacts: [CONTACT], meta: { total: 1 } },
  'POST /contacts/': { contact: CONTACT },
  'POST /contacts/upsert': { new: true, contact: CONTACT },
  'POST /contacts/search': { contacts: [{ ...CONTACT, searchAfter: [1, CONTACT.id] }], total: 1 },
  'GET /contacts/business/{businessId}': { contacts: [CONTACT], count: 1 },
  'GET /contacts/search/duplicate': { contact: CONTACT },
};

/** The operations the brief requires the client to cover. */
const REQUIRED = Object.keys(ANSWERS);

let captured: Captured[];
let client: HighLevelClient;

beforeEach(() => {
  captured = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = await request.text();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const result = validateRequest(request.method, request.url, headers, text === '' ? undefined : text);
    const found = findOperation(request.method, new URL(request.url).pathname);
    const template = found ? `${request.method} ${found.operation.pathTemplate}` : `${request.method} ?`;
    captured.push({ method: request.method, url: request.url, template, errors: result.errors });
    const answer = ANSWERS[template];
    return new Response(JSON.stringify(answer ?? { statusCode: 404, message: 'Not Found' }), {
      status: answer ? 200 : 404,
      headers: { 'content-type': 'application/json' },
    });
  };
  client = createHighLevelClient({
    tokens: { accessToken: async () => 'pit-test', renew: async () => 'pit-test' },
    fetch,
  });
});

const ID = CONTACT.id;

async function driveEveryMethod(c: HighLevelClient): Promise<void> {
  await c.getContact(LOC, ID);
  await c.getTasks(LOC, ID);
  await c.getTask(LOC, ID, 'task1');
  await c.getNotes(LOC, ID);
  await c.getNote(LOC, ID, 'note1');
  await c.getAppointments(LOC, ID);
  await c.listContacts(LOC, { limit: 500, startAfterId: 'x1', startAfter: 1_603_870_249_758, query: 'ana' });
  await c.getBusinessContacts(LOC, 'BizGimnasioSol000001', { limit: 50, skip: 100, query: 'ana' });
  await c.searchContacts(LOC, {
    pageLimit: 20,
    page: 2,
    query: 'ana',
    filters: [
      { field: 'email', operator: 'eq', value: 'ana@example.com' },
      { group: 'OR', filters: [{ field: 'tags', operator: 'contains', value: 'vip' }] },
    ],
    sort: [{ field: 'dateAdded', direction: 'desc' }],
  });
  await c.searchContacts(LOC, { pageLimit: 20, searchAfter: [1, 'x'] });
  await c.findDuplicate(LOC, { email: 'ana@example.com' });
  await c.findDuplicate(LOC, { number: '+34612345678' });
  await c.createContact(LOC, {
    firstName: 'Nora',
    lastName: 'Quintana',
    email: 'nora@example.com',
    phone: '+34699887766',
    companyName: 'Acme',
    tags: ['lead'],
    source: 'HighLevel Sidebar',
    dnd: false,
    dndSettings: { Email: { status: 'inactive' } },
    customFields: [
      { id: 'f1', value: 'text' },
      { id: 'f2', value: 42 },
      { id: 'f3', key: 'colors', value: ['red'] },
    ],
  });
  await c.upsertContact(LOC, {
    email: 'nora@example.com',
    firstName: 'Nora',
    createNewIfDuplicateAllowed: false,
  });
  // A whole Contact spread into an update must still send only declared fields.
  const spread = { ...(await c.getContact(LOC, ID)), firstName: 'Ana María' } as never;
  await c.updateContact(LOC, ID, spread);
  await c.updateContact(LOC, ID, { phone: null, customFields: [{ id: 'f1', value: 7 }] });
  await c.createTask(LOC, ID, {
    title: 'Call',
    dueDate: new Date('2024-05-01T10:00:00.123Z'),
    body: 'About the plan',
  });
  await c.updateTask(LOC, ID, 'task1', { body: 'More' });
  await c.updateTask(LOC, ID, 'task1', {
    title: 'Call again',
    dueDate: '2024-05-02 10:00:00',
    completed: false,
  });
  await c.setTaskCompleted(LOC, ID, 'task1', true);
  await c.deleteTask(LOC, ID, 'task1');
  await c.addTags(LOC, ID, ['vip']);
  await c.removeTags(LOC, ID, ['vip']);
  await c.createNote(LOC, ID, { body: 'Hello', title: 'Visit', pinned: true });
  await c.updateNote(LOC, ID, 'note1', { body: 'Hello again' });
  await c.deleteNote(LOC, ID, 'note1');
  await c.deleteContact(LOC, ID);
  await c.loadContactBundle(LOC, ID);
  await c.matchContact(LOC, { site: 'gleantap', hostRecordId: 'gt_1001', email: 'ana@example.com' });
  await c.matchContact(LOC, { site: 'gleantap', hostRecordId: 'gt_1002', phone: '+1 555 123 4567' });
  await c.matchContact(LOC, {
    site: 'gleantap',
    hostRecordId: 'gt_1003',
    phone: '555 765 4321',
    name: 'John Smith',
  });
  for await (const _ of c.iterateSearch(LOC, { pageLimit: 1, query: 'a' }, { maxItems: 1 })) break;
  for await (const _ of c.iterateBusinessContacts(LOC, 'BizGimnasioSol000001', { maxItems: 1 })) break;
  for await (const _ of c.iterateContacts(LOC, { maxItems: 1 })) break;
}

describe('conformance with the OpenAPI documents', () => {
  it('every request of every method is a valid request for HighLevel', async () => {
    await driveEveryMethod(client);
    const invalid = captured.filter((request) => request.errors.length > 0);
    expect(
      invalid.map((request) => `${request.method} ${request.url}: ${request.errors.join('; ')}`),
    ).toEqual([]);
    expect(captured.length).toBeGreaterThan(30);
  });

  it('covers every endpoint the sidebar needs', async () => {
    await driveEveryMethod(client);
    const seen = new Set(captured.map((request) => request.template));
    expect(REQUIRED.filter((template) => !seen.has(template))).toEqual([]);
  });

  it('sends a duplicate lookup’s number with its + encoded, as HighLevel needs', async () => {
    await client.findDuplicate(LOC, { number: '+34612345678' });
    const url = captured.find((r) => r.template === 'GET /contacts/search/duplicate')?.url ?? '';
    expect(url).toContain('number=%2B34612345678');
    expect(new URL(url).searchParams.get('locationId')).toBe(LOC);
  });

  it('the checker would catch an undeclared field (the test can fail)', () => {
    const result = validateRequest(
      'POST',
      `https://services.leadconnectorhq.com/contacts/${ID}/tasks`,
      { Version: '2021-07-28', Authorization: 'Bearer x', 'content-type': 'application/json' },
      JSON.stringify({ title: 'x', dueDate: '2024-05-01T10:00:00Z', completed: false, id: 'nope' }),
    );
    expect(result.valid).toBe(false);
  });
});
