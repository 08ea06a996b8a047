import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxClient, type SandboxClient, type SandboxResponse } from './client.ts';
import { BIG_BUSINESS, LOCATIONS, SANDBOX_OAUTH_CLIENT, SANDBOX_PITS, SMALL_BUSINESS } from './fixtures.ts';
import { SEED_IDS } from './ghl/seed.ts';
import { validateRequest, validateResponse } from './openapi.ts';
import { type Sandbox, startSandbox } from './server.ts';

const API = 'https://services.leadconnectorhq.com';
const MARKETPLACE = 'https://marketplace.gohighlevel.com';
const MAIN = LOCATIONS.main.id;
const CLINIC = LOCATIONS.clinic.id;
const RW = SANDBOX_PITS.mainReadWrite.token;
const RO = SANDBOX_PITS.mainReadOnly.token;
const CLINIC_RW = SANDBOX_PITS.clinicReadWrite.token;
const ANA = 'AnaGarciaCnt00000001';
const BEN = 'BenCarterCnt00000002';
const LUCIA = 'LuciaMorenoCnt000007';
const UNKNOWN = 'NoSuchContact0000000';
const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/oauth';
const TRACE = /^[0-9a-f-]{36}$/;
const RATE_HEADERS = [
  'x-ratelimit-max',
  'x-ratelimit-remaining',
  'x-ratelimit-interval-milliseconds',
  'x-ratelimit-limit-daily',
  'x-ratelimit-daily-remaining',
];

let sandbox: Sandbox;
let client: SandboxClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  client = createSandboxClient(sandbox.port);
});

afterAll(async () => {
  client.close();
  await sandbox.close();
});

beforeEach(() => {
  sandbox.control.reset();
});

interface CallOptions {
  /** Bearer token; null sends none. Default: the main location's read/write PIT. */
  token?: string | null;
  body?: unknown;
  /** Version header; null sends none. */
  version?: string | null;
  /** False when the test sends a deliberately non-conformant request. */
  conformantRequest?: boolean;
}

/** Calls the API and checks the answer against the OpenAPI documents and the notes' error shape. */
async function call(
  method: string,
  path: string,
  template: string,
  options: CallOptions = {},
): Promise<SandboxResponse> {
  const headers: Record<string, string> = {};
  if (options.version !== null) headers.Version = options.version ?? '2021-07-28';
  const token = options.token === undefined ? RW : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  if (options.conformantRequest !== false) {
    expect(
      validateRequest(method, `${API}${path}`, headers, body).errors,
      `request ${method} ${path}`,
    ).toEqual([]);
  }
  const response = await client.send({ method, url: `${API}${path}`, headers, body });
  const verdict = validateResponse(method, template, response.status, response.json());
  expect(verdict.errors, `${method} ${path} → ${response.status} ${response.text.slice(0, 300)}`).toEqual([]);
  expect(response.headers['x-trace-id']).toMatch(TRACE);
  if (response.status >= 400)
    expect(response.json<{ traceId: string }>().traceId).toBe(response.headers['x-trace-id']);
  return response;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI schemas before the tests read them.
type Json = Record<string, any>;
const json = (response: SandboxResponse): Json => response.json<Json>();

async function consentPage(
  params: Record<string, string>,
  host = MARKETPLACE,
  path = '/v2/oauth/chooselocation',
) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: SANDBOX_OAUTH_CLIENT.clientId,
    redirect_uri: REDIRECT,
    scope: 'contacts.readonly contacts.write',
    state: 'st-123',
    ...params,
  });
  return client.send({ url: `${host}${path}?${query}` });
}

async function decide(
  page: SandboxResponse,
  decision: 'allow' | 'deny',
  location: string = MAIN,
  host = MARKETPLACE,
) {
  const requestId = /name="request" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
  return client.send({
    method: 'POST',
    url: `${host}/v2/oauth/chooselocation`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, location, decision }).toString(),
  });
}

async function authorizationCode(
  params: Record<string, string> = {},
  location: string = MAIN,
): Promise<string> {
  const answer = await decide(await consentPage(params), 'allow', location);
  expect(answer.status).toBe(302);
  return new URL(answer.headers.location ?? '').searchParams.get('code') ?? '';
}

async function tokenRequest(form: Record<string, string>): Promise<SandboxResponse> {
  const body = new URLSearchParams(form).toString();
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const response = await client.send({ method: 'POST', url: `${API}/oauth/token`, headers, body });
  const verdict = validateResponse('POST', '/oauth/token', response.status, response.json());
  expect(verdict.errors, response.text).toEqual([]);
  return response;
}

const clientCredentials = {
  client_id: SANDBOX_OAUTH_CLIENT.clientId,
  client_secret: SANDBOX_OAUTH_CLIENT.clientSecret,
};

async function exchange(code: string, extra: Record<string, string> = {}): Promise<SandboxResponse> {
  return tokenRequest({
    ...clientCredentials,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    user_type: 'Location',
    ...extra,
  });
}

describe('contact reads', () => {
  it('answers a contact with the spec fields plus real-world extras', async () => {
    const contact = json(await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}')).contact;
    expect(contact).toMatchObject({
      id: ANA,
      locationId: MAIN,
      firstName: 'Ana',
      email: 'ana.garcia@example.com',
      phone: '+34612345678',
      businessId: BIG_BUSINESS.id,
      tags: ['vip', 'member'],
    });
    expect(contact.createdBy).toMatchObject({ source: expect.any(String) });
    expect(contact.additionalPhones).toEqual(['+34911222333']);
    expect(contact.customFields).toContainEqual({ id: SEED_IDS.customFields.plan, value: 'Gold' });
  });

  it('answers 400 "Contact with id … not found" for an unknown contact', async () => {
    const response = await call('GET', `/contacts/${UNKNOWN}`, '/contacts/{contactId}');
    expect(response.status).toBe(400);
    expect(json(response).message).toBe(`Contact with id ${UNKNOWN} not found`);
  });

  it("answers 403 for a contact of another location than the token's", async () => {
    const response = await call('GET', `/contacts/${LUCIA}`, '/contacts/{contactId}');
    expect(response.status).toBe(403);
    expect(json(response).message).toBe('The token does not have access to this location');
  });

  it("lists Ana's tasks: one overdue, one due today, one upcoming and two completed", async () => {
    const tasks = json(await call('GET', `/contacts/${ANA}/tasks`, '/contacts/{contactId}/tasks'))
      .tasks as Json[];
    const now = new Date();
    const sameDay = (d: Date) => d.toDateString() === now.toDateString();
    const open = tasks.filter((t) => !t.completed).map((t) => new Date(t.dueDate));
    expect(tasks.filter((t) => t.completed)).toHaveLength(2);
    expect(open.filter((d) => d < now && !sameDay(d))).toHaveLength(1);
    expect(open.filter((d) => sameDay(d) && d >= now)).toHaveLength(1);
    expect(open.filter((d) => d > now && !sameDay(d))).toHaveLength(1);
  });

  it('answers one task, and 400 for a task id the contact does not have', async () => {
    const id = SEED_IDS.anaTasks.overdue;
    const task = json(
      await call('GET', `/contacts/${ANA}/tasks/${id}`, '/contacts/{contactId}/tasks/{taskId}'),
    ).task;
    expect(task).toMatchObject({ id, contactId: ANA, completed: false });
    const missing = await call('GET', `/contacts/${BEN}/tasks/${id}`, '/contacts/{contactId}/tasks/{taskId}');
    expect(missing.status).toBe(400);
  });

  it("lists Ana's four notes newest first, including a long multi-paragraph one", async () => {
    const notes = json(await call('GET', `/contacts/${ANA}/notes`, '/contacts/{contactId}/notes'))
      .notes as Json[];
    expect(notes).toHaveLength(4);
    const times = notes.map((n) => Date.parse(n.dateAdded));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(notes.some((n) => n.body.split('\n\n').length >= 3 && n.body.length > 300)).toBe(true);
  });

  it('answers one note, and 400 for an unknown note id', async () => {
    const id = SEED_IDS.anaNotes.pinned;
    const note = json(
      await call('GET', `/contacts/${ANA}/notes/${id}`, '/contacts/{contactId}/notes/{id}'),
    ).note;
    expect(note).toMatchObject({ id, pinned: true });
    const missing = await call(
      'GET',
      `/contacts/${ANA}/notes/NoSuchNote0000000000`,
      '/contacts/{contactId}/notes/{id}',
    );
    expect(missing.status).toBe(400);
  });

  it("lists Ana's appointments with both time formats and past and upcoming statuses", async () => {
    const events = json(
      await call('GET', `/contacts/${ANA}/appointments`, '/contacts/{contactId}/appointments'),
    ).events as Json[];
    expect(events).toHaveLength(3);
    const starts = events.map((e) => e.startTime as string);
    expect(starts.some((s) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s))).toBe(true);
    expect(starts.some((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(s))).toBe(true);
    expect(events.map((e) => e.appointmentStatus).sort()).toEqual(['confirmed', 'noshow', 'showed']);
  });

  it('serves the xss person with payloads in tasks and notes, as data', async () => {
    const id = 'XssPayloadCnt0000006';
    const contact = json(await call('GET', `/contacts/${id}`, '/contacts/{contactId}')).contact;
    expect(contact.firstName).toContain('<img');
    const tasks = json(await call('GET', `/contacts/${id}/tasks`, '/contacts/{contactId}/tasks'))
      .tasks as Json[];
    expect(tasks.some((t) => t.title.includes('onerror'))).toBe(true);
    const notes = json(await call('GET', `/contacts/${id}/notes`, '/contacts/{contactId}/notes'))
      .notes as Json[];
    expect(notes[0]?.body).toContain('<iframe');
  });
});

describe('contact lists and search', () => {
  it('lists contacts with meta and walks every page of a location through startAfter/startAfterId', async () => {
    const seen: string[] = [];
    let path = `/contacts/?locationId=${CLINIC}&limit=7`;
    let total = 0;
    for (let pages = 0; pages < 50; pages++) {
      const body = json(await call('GET', path, '/contacts/', { token: CLINIC_RW }));
      total = body.meta.total;
      seen.push(...body.contacts.map((c: Json) => c.id));
      if (!body.meta.nextPageUrl) break;
      expect(body.meta.nextPage).toBe(body.meta.currentPage + 1);
      const next = new URL(body.meta.nextPageUrl);
      expect(next.searchParams.get('startAfterId')).toBe(body.meta.startAfterId);
      path = `${next.pathname}${next.search}`;
    }
    expect(total).toBe(sandbox.control.data.contacts(CLINIC).length);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('answers 422 without locationId, 422 above 100 per page and 403 for another location', async () => {
    const missing = await call('GET', '/contacts/', '/contacts/', { conformantRequest: false });
    expect(missing.status).toBe(422);
    expect(Array.isArray(json(missing).message)).toBe(true);
    const tooMany = await call('GET', `/contacts/?locationId=${MAIN}&limit=101`, '/contacts/', {
      conformantRequest: false,
    });
    expect(tooMany.status).toBe(422);
    expect((await call('GET', `/contacts/?locationId=${CLINIC}`, '/contacts/')).status).toBe(403);
  });

  it('filters the deprecated list with query', async () => {
    const body = json(await call('GET', `/contacts/?locationId=${MAIN}&query=garcia`, '/contacts/'));
    expect(body.contacts.map((c: Json) => c.id)).toContain(ANA);
  });

  it('walks every page of a business with limit/skip without duplicates', async () => {
    const expected = sandbox.control.data.businessContacts(BIG_BUSINESS.id).length;
    expect(expected).toBeGreaterThanOrEqual(35);
    const seen: string[] = [];
    for (let skip = 0; skip < 1000; skip += 7) {
      const path = `/contacts/business/${BIG_BUSINESS.id}?locationId=${MAIN}&limit=7&skip=${skip}`;
      const body = json(await call('GET', path, '/contacts/business/{businessId}'));
      expect(body.count).toBe(expected);
      seen.push(...body.contacts.map((c: Json) => c.id));
      if (body.contacts.length < 7) break;
    }
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(seen).toContain(ANA);
  });

  it('answers 422 for a business list without locationId', async () => {
    const path = `/contacts/business/${SMALL_BUSINESS.id}`;
    const response = await call('GET', path, '/contacts/business/{businessId}', { conformantRequest: false });
    expect(response.status).toBe(422);
  });

  it('searches by email, phone and name filters and a business filter', async () => {
    const search = (body: Json) =>
      call('POST', '/contacts/search', '/contacts/search', {
        body: { locationId: MAIN, pageLimit: 20, ...body },
      });
    const byEmail = json(
      await search({ filters: [{ field: 'email', operator: 'eq', value: 'ana.garcia@example.com' }] }),
    );
    expect(byEmail.contacts.map((c: Json) => c.id)).toEqual([ANA]);
    expect(byEmail.total).toBe(1);
    const byPhone = json(
      await search({ filters: [{ field: 'phone', operator: 'eq', value: '+1 555 123 4567' }] }),
    );
    expect(byPhone.contacts.map((c: Json) => c.id)).toEqual([BEN]);
    const byName = json(
      await search({
        filters: [
          { field: 'firstNameLowerCase', operator: 'eq', value: 'john' },
          { field: 'lastNameLowerCase', operator: 'eq', value: 'smith' },
        ],
      }),
    );
    expect(byName.contacts.map((c: Json) => c.id).sort()).toEqual([
      'JohnSmithCnt00000003',
      'JohnSmithCnt00000004',
    ]);
    const either = json(
      await search({
        filters: [
          {
            group: 'OR',
            filters: [
              { field: 'email', operator: 'eq', value: 'ben.carter@example.com' },
              { field: 'firstName', operator: 'eq', value: 'Ana' },
            ],
          },
        ],
      }),
    );
    expect(either.contacts.map((c: Json) => c.id).sort()).toEqual([ANA, BEN]);
    const business = json(
      await search({ filters: [{ field: 'businessId', operator: 'eq', value: SMALL_BUSINESS.id }] }),
    );
    expect(business.contacts.every((c: Json) => c.businessId === SMALL_BUSINESS.id)).toBe(true);
    expect(business.contacts.map((c: Json) => c.id)).toContain(BEN);
  });

  it('searches free text and sorts, with a searchAfter cursor on each result', async () => {
    const body = json(
      await call('POST', '/contacts/search', '/contacts/search', {
        body: {
          locationId: MAIN,
          pageLimit: 5,
          query: 'smith',
          sort: [{ field: 'firstNameLowerCase', direction: 'asc' }],
        },
      }),
    );
    expect(body.contacts.length).toBeGreaterThanOrEqual(2);
    expect(body.contacts[0].searchAfter).toHaveLength(2);
  });

  it('pages search results with page and with searchAfter to the same contacts', async () => {
    const base = { locationId: MAIN, pageLimit: 25 };
    const byPage: string[] = [];
    for (let page = 1; page < 20; page++) {
      const body = json(
        await call('POST', '/contacts/search', '/contacts/search', { body: { ...base, page } }),
      );
      byPage.push(...body.contacts.map((c: Json) => c.id));
      if (body.contacts.length < 25) break;
    }
    const byCursor: string[] = [];
    let searchAfter: unknown[] | undefined;
    for (let i = 0; i < 20; i++) {
      const body = json(
        await call('POST', '/contacts/search', '/contacts/search', { body: { ...base, searchAfter } }),
      );
      byCursor.push(...body.contacts.map((c: Json) => c.id));
      if (body.contacts.length < 25) break;
      searchAfter = body.contacts.at(-1).searchAfter;
    }
    expect(byPage).toEqual(byCursor);
    expect(new Set(byPage).size).toBe(sandbox.control.data.contacts(MAIN).length);
  });

  it('answers 422 when pageLimit or locationId is missing, or a filter field is unsupported', async () => {
    const noLimit = await call('POST', '/contacts/search', '/contacts/search', {
      body: { locationId: MAIN },
      conformantRequest: false,
    });
    expect(noLimit.status).toBe(422);
    expect(json(noLimit).message).toContain('pageLimit should not be empty');
    const noLocation = await call('POST', '/contacts/search', '/contacts/search', {
      body: { pageLimit: 10 },
      conformantRequest: false,
    });
    expect(noLocation.status).toBe(422);
    const badField = await call('POST', '/contacts/search', '/contacts/search', {
      body: { locationId: MAIN, pageLimit: 10, filters: [{ field: 'shoeSize', operator: 'eq', value: 42 }] },
    });
    expect(badField.status).toBe(422);
  });

  it('finds the duplicate of an email or number', async () => {
    const path = `/contacts/search/duplicate?locationId=${MAIN}&email=ANA.GARCIA%40example.com`;
    expect(json(await call('GET', path, '/contacts/search/duplicate')).contact.id).toBe(ANA);
    const none = `/contacts/search/duplicate?locationId=${MAIN}&number=%2B10000000000`;
    expect(json(await call('GET', none, '/contacts/search/duplicate')).contact).toBeNull();
    const byNumber = `/contacts/search/duplicate?locationId=${MAIN}&number=%2B15551234567`;
    expect(json(await call('GET', byNumber, '/contacts/search/duplicate')).contact.id).toBe(BEN);
    const neither = `/contacts/search/duplicate?locationId=${MAIN}`;
    expect(json(await call('GET', neither, '/contacts/search/duplicate')).contact).toBeNull();
  });

  it('answers a duplicate lookup 422 without locationId, 403 for another location, 401 without the read scope', async () => {
    const noLocation = await call(
      'GET',
      '/contacts/search/duplicate?email=ana.garcia%40example.com',
      '/contacts/search/duplicate',
      {
        conformantRequest: false,
      },
    );
    expect(noLocation.status).toBe(422);
    const other = `/contacts/search/duplicate?locationId=${CLINIC}&email=ana.garcia%40example.com`;
    expect((await call('GET', other, '/contacts/search/duplicate')).status).toBe(403);
    const writeOnly = sandbox.control.mintToken({ locationId: MAIN, scopes: ['contacts.write'] });
    const path = `/contacts/search/duplicate?locationId=${MAIN}&email=ana.garcia%40example.com`;
    expect((await call('GET', path, '/contacts/search/duplicate', { token: writeOnly })).status).toBe(401);
    expect((await call('GET', path, '/contacts/search/duplicate', { token: RO })).status).toBe(200);
  });

  it('finds a contact by free text on its name, email or phone, a small page at a time', async () => {
    const search = async (query: string) =>
      json(
        await call('POST', '/contacts/search', '/contacts/search', {
          body: { locationId: MAIN, pageLimit: 10, query },
        }),
      );
    for (const query of ['ben carter', 'Carter', 'ben.carter@example.com', '+1 555 123 4567', '5551234567']) {
      const found = await search(query);
      expect(
        found.contacts.map((c: Json) => c.id),
        query,
      ).toContain(BEN);
      expect(found.contacts.length).toBeLessThanOrEqual(10);
    }
    expect((await search('zzqx nobody')).contacts).toEqual([]);
  });
});

describe('contact writes', () => {
  it('creates a contact, normalising its phone to E.164', async () => {
    const response = await call('POST', '/contacts/', '/contacts/', {
      body: {
        locationId: MAIN,
        firstName: 'Nora',
        lastName: 'Quintana',
        email: 'nora.quintana@example.com',
        phone: '(305) 555-0142',
        tags: ['New Lead'],
      },
    });
    expect(response.status).toBe(201);
    const contact = json(response).contact;
    expect(contact).toMatchObject({ phone: '+13055550142', tags: ['new lead'], locationId: MAIN });
    expect(sandbox.control.data.contact(contact.id)?.email).toBe('nora.quintana@example.com');
  });

  it('answers 400 with meta.contactId when the main location already has the email or phone', async () => {
    const byEmail = await call('POST', '/contacts/', '/contacts/', {
      body: { locationId: MAIN, firstName: 'Another', email: 'Ana.Garcia@example.com' },
    });
    expect(byEmail.status).toBe(400);
    expect(json(byEmail).meta).toMatchObject({ contactId: ANA, matchingField: 'email' });
    const byPhone = await call('POST', '/contacts/', '/contacts/', {
      body: { locationId: MAIN, firstName: 'Another', phone: '+34 612 345 678' },
    });
    expect(json(byPhone).meta.contactId).toBe(ANA);
  });

  it('creates duplicates in the clinic, which allows them', async () => {
    const body = { locationId: CLINIC, firstName: 'Lucía', email: 'lucia.moreno@example.com' };
    const response = await call('POST', '/contacts/', '/contacts/', { token: CLINIC_RW, body });
    expect(response.status).toBe(201);
  });

  it('answers 422 "property x should not exist" for undeclared fields, and for a missing locationId', async () => {
    const extra = await call('POST', '/contacts/', '/contacts/', {
      body: { locationId: MAIN, firstName: 'X', businessId: BIG_BUSINESS.id },
      conformantRequest: false,
    });
    expect(extra.status).toBe(422);
    expect(json(extra).message).toEqual(['property businessId should not exist']);
    const missing = await call('POST', '/contacts/', '/contacts/', {
      body: { firstName: 'X' },
      conformantRequest: false,
    });
    expect(missing.status).toBe(422);
    expect(sandbox.control.data.contacts(MAIN).some((c) => c.firstName === 'X')).toBe(false);
  });

  it('upserts: updates the contact matched by email (new: false), creates otherwise (new: true)', async () => {
    const matched = await call('POST', '/contacts/upsert', '/contacts/upsert', {
      body: { locationId: MAIN, email: 'ana.garcia@example.com', city: 'Madrid' },
    });
    expect(json(matched)).toMatchObject({ new: false, contact: { id: ANA, city: 'Madrid' } });
    expect(json(matched).traceId).toMatch(TRACE);
    const created = await call('POST', '/contacts/upsert', '/contacts/upsert', {
      body: { locationId: MAIN, email: 'brand.new@example.com', firstName: 'Brand' },
    });
    expect(json(created).new).toBe(true);
    expect(sandbox.control.data.contact(json(created).contact.id)?.firstName).toBe('Brand');
  });

  it('upserts into a new contact when the location allows duplicates and the body asks for it', async () => {
    const body = { locationId: CLINIC, email: 'lucia.moreno@example.com', createNewIfDuplicateAllowed: true };
    const response = await call('POST', '/contacts/upsert', '/contacts/upsert', { token: CLINIC_RW, body });
    expect(json(response).new).toBe(true);
    expect(json(response).contact.id).not.toBe(LUCIA);
  });

  it('updates a contact; tags sent with PUT replace all tags', async () => {
    const response = await call('PUT', `/contacts/${ANA}`, '/contacts/{contactId}', {
      body: { lastName: 'García López', tags: ['solo'] },
    });
    expect(json(response)).toMatchObject({
      succeded: true,
      contact: { lastName: 'García López', tags: ['solo'] },
    });
    expect(sandbox.control.data.contact(ANA)?.tags).toEqual(['solo']);
  });

  it('answers 422 when an update carries locationId, and leaves the contact unchanged', async () => {
    const response = await call('PUT', `/contacts/${ANA}`, '/contacts/{contactId}', {
      body: { locationId: MAIN, firstName: 'Changed' },
      conformantRequest: false,
    });
    expect(response.status).toBe(422);
    expect(sandbox.control.data.contact(ANA)?.firstName).toBe('Ana');
  });

  it('deletes a contact with {"succeded": true}, after which it is not found', async () => {
    const response = await call('DELETE', `/contacts/${BEN}`, '/contacts/{contactId}');
    expect(json(response)).toEqual({ succeded: true });
    expect((await call('GET', `/contacts/${BEN}`, '/contacts/{contactId}')).status).toBe(400);
  });

  it('adds and removes tags through the tags endpoints', async () => {
    const added = await call('POST', `/contacts/${ANA}/tags`, '/contacts/{contactId}/tags', {
      body: { tags: ['Yoga', 'vip'] },
    });
    expect(added.status).toBe(201);
    expect(json(added).tags).toEqual(['vip', 'member', 'yoga']);
    const removed = await call('DELETE', `/contacts/${ANA}/tags`, '/contacts/{contactId}/tags', {
      body: { tags: ['vip'] },
    });
    expect(json(removed).tags).toEqual(['member', 'yoga']);
  });
});

describe('task and note writes', () => {
  const tasksPath = `/contacts/${ANA}/tasks`;

  it('creates a task (201) and stores its due date in ISO form', async () => {
    const response = await call('POST', tasksPath, '/contacts/{contactId}/tasks', {
      body: { title: 'Call back', dueDate: '2030-01-02T10:00:00Z', completed: false },
    });
    expect(response.status).toBe(201);
    expect(json(response).task).toMatchObject({
      title: 'Call back',
      dueDate: '2030-01-02T10:00:00.000Z',
      contactId: ANA,
    });
    expect(sandbox.control.data.tasks(ANA)).toHaveLength(6);
  });

  it('answers 422 when title, dueDate or completed is missing', async () => {
    const response = await call('POST', tasksPath, '/contacts/{contactId}/tasks', {
      body: { title: 'No date' },
      conformantRequest: false,
    });
    expect(response.status).toBe(422);
    expect(json(response).message).toEqual(['dueDate should not be empty', 'completed should not be empty']);
  });

  it('updates a task, toggles it completed, and deletes it', async () => {
    const id = SEED_IDS.anaTasks.upcoming;
    const template = '/contacts/{contactId}/tasks/{taskId}';
    const updated = await call('PUT', `${tasksPath}/${id}`, template, {
      body: { title: 'Renamed', dueDate: '2030-02-03T09:00:00Z' },
    });
    expect(json(updated).task).toMatchObject({ title: 'Renamed', dueDate: '2030-02-03T09:00:00.000Z' });
    const completed = await call('PUT', `${tasksPath}/${id}/completed`, `${template}/completed`, {
      body: { completed: true },
    });
    expect(json(completed).task.completed).toBe(true);
    const deleted = await call('DELETE', `${tasksPath}/${id}`, template);
    expect(json(deleted)).toEqual({ succeded: true });
    expect(sandbox.control.data.tasks(ANA).some((t) => t.id === id)).toBe(false);
  });

  it('creates, updates and deletes a note', async () => {
    const created = await call('POST', `/contacts/${ANA}/notes`, '/contacts/{contactId}/notes', {
      body: { body: 'Hello' },
    });
    expect(created.status).toBe(201);
    const id = json(created).note.id;
    const template = '/contacts/{contactId}/notes/{id}';
    const updated = await call('PUT', `/contacts/${ANA}/notes/${id}`, template, {
      body: { body: 'Hello again', pinned: true },
    });
    expect(json(updated).note).toMatchObject({ body: 'Hello again', pinned: true });
    expect(json(await call('DELETE', `/contacts/${ANA}/notes/${id}`, template))).toEqual({ succeded: true });
    expect(sandbox.control.data.notes(ANA)).toHaveLength(4);
  });

  it('answers 422 for a note without a body', async () => {
    const response = await call('POST', `/contacts/${ANA}/notes`, '/contacts/{contactId}/notes', {
      body: { title: 'Only a title' },
      conformantRequest: false,
    });
    expect(response.status).toBe(422);
  });
});

describe('gateway behaviour', () => {
  it('answers 400 without a Version header or with another version', async () => {
    const missing = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', {
      version: null,
      conformantRequest: false,
    });
    expect(missing.status).toBe(400);
    expect(json(missing).message).toBe('Version header was not found');
    const sdkDefault = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', {
      version: '2023-02-21',
      conformantRequest: false,
    });
    expect(sdkDefault.status).toBe(400);
  });

  it('answers 401 without a token, with an unknown token, and "Invalid JWT" for an expired one', async () => {
    const none = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', {
      token: null,
      conformantRequest: false,
    });
    expect(none.status).toBe(401);
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', { token: 'nope' })).status).toBe(
      401,
    );
    const expired = sandbox.control.mintToken({
      locationId: MAIN,
      scopes: ['contacts.readonly'],
      expiresInSeconds: 0,
    });
    const answer = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', { token: expired });
    expect(answer.status).toBe(401);
    expect(json(answer).message).toBe('Invalid JWT');
  });

  it('answers 404 "Cannot GET …" for routes HighLevel does not have, with the error shape', async () => {
    const response = await client.send({
      url: `${API}/contacts/${ANA}/unknown`,
      headers: { Version: '2021-07-28', Authorization: `Bearer ${RW}` },
    });
    expect(response.status).toBe(404);
    expect(json(response)).toMatchObject({
      statusCode: 404,
      message: `Cannot GET /contacts/${ANA}/unknown`,
      error: 'Not Found',
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await client.send({
      method: 'POST',
      url: `${API}/contacts/${ANA}/notes`,
      headers: { Version: '2021-07-28', Authorization: `Bearer ${RW}`, 'Content-Type': 'application/json' },
      body: '{"body": ',
    });
    expect(response.status).toBe(400);
    expect(validateResponse('POST', '/contacts/{contactId}/notes', 400, json(response)).errors).toEqual([]);
  });

  it('puts the rate-limit headers on every authenticated answer, errors included', async () => {
    for (const response of [
      await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}'),
      await call('GET', `/contacts/${UNKNOWN}`, '/contacts/{contactId}'),
    ]) {
      for (const header of RATE_HEADERS) expect(response.headers[header], header).toMatch(/^\d+$/);
    }
  });

  it('does not answer for hosts it does not serve', async () => {
    const response = await client.send({ url: 'https://example.com/' });
    expect(response.status).toBe(421);
  });
});

describe('scopes', () => {
  it('answers 401 "The token is not authorized for this scope." to a read-only token that writes', async () => {
    const response = await call('POST', `/contacts/${ANA}/notes`, '/contacts/{contactId}/notes', {
      token: RO,
      body: { body: 'Nope' },
    });
    expect(response.status).toBe(401);
    expect(json(response).message).toBe('The token is not authorized for this scope.');
    expect(sandbox.control.data.notes(ANA)).toHaveLength(4);
  });

  it('requires contacts.readonly for reads and for POST /contacts/search', async () => {
    const writeOnly = sandbox.control.mintToken({ locationId: MAIN, scopes: ['contacts.write'] });
    expect(
      (await call('GET', `/contacts/${ANA}/tasks`, '/contacts/{contactId}/tasks', { token: writeOnly }))
        .status,
    ).toBe(401);
    const search = await call('POST', '/contacts/search', '/contacts/search', {
      token: writeOnly,
      body: { locationId: MAIN, pageLimit: 1 },
    });
    expect(search.status).toBe(401);
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', { token: RO })).status).toBe(200);
  });

  it('gives each Private Integration Token its own location', async () => {
    expect(
      (await call('GET', `/contacts/${LUCIA}`, '/contacts/{contactId}', { token: CLINIC_RW })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', { token: CLINIC_RW })).status,
    ).toBe(403);
  });
});

describe('rate limits', () => {
  it('answers the 101st request within 10 seconds with 429, the headers, and no Retry-After', async () => {
    const token = sandbox.control.mintToken({ locationId: CLINIC, scopes: ['contacts.readonly'] });
    const send = () =>
      client.send({
        url: `${API}/contacts/${LUCIA}`,
        headers: { Version: '2021-07-28', Authorization: `Bearer ${token}` },
      });
    const answers = await Promise.all(Array.from({ length: 100 }, send));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Math.min(...answers.map((a) => Number(a.headers['x-ratelimit-remaining'])))).toBe(0);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers).toMatchObject({
      'x-ratelimit-max': '100',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-interval-milliseconds': '10000',
      'x-ratelimit-limit-daily': '200000',
    });
    expect(refused.headers['retry-after']).toBeUndefined();
    expect(validateResponse('GET', '/contacts/{contactId}', 429, json(refused)).errors).toEqual([]);
    const otherLocation = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}');
    expect(otherLocation.status).toBe(200);
  });

  it('sends Retry-After once configured to', async () => {
    sandbox.control.configure({ retryAfter: true });
    sandbox.control.setDailyRemaining(MAIN, 0);
    const refused = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('reports daily exhaustion through X-RateLimit-Daily-Remaining', async () => {
    sandbox.control.setDailyRemaining(MAIN, 1);
    const last = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}');
    expect(last.status).toBe(200);
    expect(last.headers['x-ratelimit-daily-remaining']).toBe('0');
    const refused = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}');
    expect(refused.status).toBe(429);
    expect(json(refused).message).toMatch(/daily/i);
  });
});

describe('OAuth', () => {
  it('shows an accessible consent page listing the locations and the requested scopes', async () => {
    const page = await consentPage({ state: '"><script>x</script>' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const needle of [
      'id="approve"',
      'id="deny"',
      'name="location"',
      LOCATIONS.main.name,
      LOCATIONS.clinic.name,
      'contacts.write',
      '<legend>',
    ]) {
      expect(page.text).toContain(needle);
    }
    expect(page.text).not.toContain('<script>x</script>');
  });

  it('redirects with a code and the state on Allow, and with access_denied on Deny', async () => {
    const allowed = await decide(await consentPage({}), 'allow', CLINIC);
    const target = new URL(allowed.headers.location ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(REDIRECT);
    expect(target.searchParams.get('state')).toBe('st-123');
    expect(target.searchParams.get('code')).toMatch(/^[0-9a-f]{40}$/);
    const denied = await decide(await consentPage({}), 'deny');
    const back = new URL(denied.headers.location ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-123');
  });

  it('serves the older path and the white-label host too', async () => {
    const old = await consentPage({}, 'https://marketplace.leadconnectorhq.com', '/oauth/chooselocation');
    expect(old.status).toBe(200);
    expect(old.text).toContain('id="approve"');
  });

  it('shows an error page, not a redirect, for an unknown client_id', async () => {
    const page = await consentPage({ client_id: 'someone-else' });
    expect(page.status).toBe(400);
    expect(page.headers.location).toBeUndefined();
  });

  it('exchanges a code once for tokens of the chosen location', async () => {
    const code = await authorizationCode({}, CLINIC);
    const response = await exchange(code);
    expect(response.status).toBe(200);
    expect(json(response)).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86399,
      scope: 'contacts.readonly contacts.write',
      userType: 'Location',
      locationId: CLINIC,
      companyId: LOCATIONS.clinic.companyId,
      userId: expect.any(String),
      refresh_token: expect.any(String),
    });
    const reads = await call('GET', `/contacts/${LUCIA}`, '/contacts/{contactId}', {
      token: json(response).access_token,
    });
    expect(reads.status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(json(again).error).toBe('invalid_grant');
  });

  it('refuses an expired code and a code presented with another redirect_uri', async () => {
    const expired = await authorizationCode();
    sandbox.state.auth.expireCode(expired);
    expect(json(await exchange(expired)).error).toBe('invalid_grant');
    const moved = await authorizationCode();
    expect(json(await exchange(moved, { redirect_uri: 'https://evil.example/cb' })).error).toBe(
      'invalid_grant',
    );
  });

  it('rotates refresh tokens: each is single use and the old one is dead at once', async () => {
    // Reset keeps issued tokens valid (the app stays installed), so count from here.
    const aliveBefore = sandbox.control.tokenStats().refreshTokensAlive[MAIN] ?? 0;
    const first = json(await exchange(await authorizationCode()));
    const refresh = (token: string) =>
      tokenRequest({ ...clientCredentials, grant_type: 'refresh_token', refresh_token: token });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(json(second).refresh_token).not.toBe(first.refresh_token);
    expect(json(second).access_token).not.toBe(first.access_token);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(json(reused).error).toBe('invalid_grant');
    expect((await refresh(json(second).refresh_token)).status).toBe(200);
    const stats = sandbox.control.tokenStats();
    expect(stats.tokenRequests).toBe(4);
    expect(stats.byGrantType).toEqual({ authorization_code: 1, refresh_token: 3 });
    expect(stats.refreshTokensAlive[MAIN]).toBe(aliveBefore + 1);
  });

  it('answers 401 invalid_client for a wrong secret and 422 for missing or undeclared fields', async () => {
    const code = await authorizationCode();
    const wrong = await exchange(code, { client_secret: 'guess' });
    expect(wrong.status).toBe(401);
    expect(json(wrong).error).toBe('invalid_client');
    expect(wrong.text).not.toContain(SANDBOX_OAUTH_CLIENT.clientSecret);
    const missing = await tokenRequest({
      client_id: SANDBOX_OAUTH_CLIENT.clientId,
      grant_type: 'refresh_token',
    });
    expect(missing.status).toBe(422);
    const extra = await exchange(code, { scope: 'contacts.readonly' });
    expect(json(extra).message).toEqual(['property scope should not exist']);
  });

  it('verifies a PKCE code_verifier when the consent request carried a challenge', async () => {
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const bad = await exchange(await authorizationCode(pkce), { code_verifier: 'b'.repeat(50) });
    expect(json(bad).error).toBe('invalid_grant');
    const good = await exchange(await authorizationCode(pkce), { code_verifier: verifier });
    expect(good.status).toBe(200);
  });

  it('issues tokens with the configured lifetime, which then expire', async () => {
    sandbox.control.configure({ tokenLifetimeSeconds: 1 });
    const tokens = json(await exchange(await authorizationCode()));
    expect(tokens.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answer = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', {
      token: tokens.access_token,
    });
    expect(answer.status).toBe(401);
  });
});

describe('faults, latency and the request log', () => {
  const note = { body: 'Written, never acknowledged' };

  it('dropAfterProcessing writes the note, then hangs up without an answer', async () => {
    sandbox.control.addFault({ method: 'POST', path: '/notes$', kind: 'dropAfterProcessing' });
    const headers = {
      Version: '2021-07-28',
      Authorization: `Bearer ${RW}`,
      'Content-Type': 'application/json',
    };
    await expect(
      client.send({
        method: 'POST',
        url: `${API}/contacts/${ANA}/notes`,
        headers,
        body: JSON.stringify(note),
      }),
    ).rejects.toThrow();
    expect(sandbox.control.data.notes(ANA).map((n) => n.body)).toContain(note.body);
    const [entry] = sandbox.control.requests().filter((r) => r.fault === 'dropAfterProcessing');
    expect(entry).toMatchObject({ status: null, path: `/contacts/${ANA}/notes` });
  });

  it('dropBeforeProcessing hangs up without writing', async () => {
    sandbox.control.addFault({ path: '/notes$', kind: 'dropBeforeProcessing' });
    const headers = {
      Version: '2021-07-28',
      Authorization: `Bearer ${RW}`,
      'Content-Type': 'application/json',
    };
    await expect(
      client.send({
        method: 'POST',
        url: `${API}/contacts/${ANA}/notes`,
        headers,
        body: JSON.stringify(note),
      }),
    ).rejects.toThrow();
    expect(sandbox.control.data.notes(ANA)).toHaveLength(4);
  });

  it('answers injected 500, 503 and 429 with HighLevel-shaped bodies, for the given number of times', async () => {
    sandbox.control.addFault({ path: '^/contacts/', kind: 'status503', times: 2 });
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}')).status).toBe(503);
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}')).status).toBe(503);
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}')).status).toBe(200);
    sandbox.control.addFault({ kind: 'status500' });
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}')).status).toBe(500);
    sandbox.control.addFault({ kind: 'status429' });
    const limited = await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}');
    expect(limited.status).toBe(429);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('answers malformed JSON when asked to', async () => {
    sandbox.control.addFault({ method: 'GET', kind: 'malformedJson' });
    const response = await client.send({
      url: `${API}/contacts/${ANA}`,
      headers: { Version: '2021-07-28', Authorization: `Bearer ${RW}` },
    });
    expect(response.status).toBe(200);
    expect(() => response.json()).toThrow();
  });

  it('delays API answers by the configured latency', async () => {
    sandbox.control.configure({ latencyMs: 150 });
    const started = performance.now();
    await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}');
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    const controlStarted = performance.now();
    await client.send({ url: `${sandbox.origin}/__sandbox/token-stats` });
    expect(performance.now() - controlStarted).toBeLessThan(145);
  });

  it('logs API, token and consent requests without tokens, codes or secrets', async () => {
    const code = await authorizationCode();
    const tokens = json(await exchange(code));
    await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', { token: tokens.access_token });
    const log = sandbox.control.requests();
    expect(log.map((e) => e.host)).toEqual([
      'marketplace.gohighlevel.com',
      'marketplace.gohighlevel.com',
      'services.leadconnectorhq.com',
      'services.leadconnectorhq.com',
    ]);
    const apiCall = log.at(-1);
    expect(apiCall).toMatchObject({ method: 'GET', path: `/contacts/${ANA}`, status: 200, locationId: MAIN });
    expect(apiCall?.scopes).toEqual(['contacts.readonly', 'contacts.write']);
    const text = JSON.stringify(log);
    for (const secret of [
      code,
      tokens.access_token,
      tokens.refresh_token,
      SANDBOX_OAUTH_CLIENT.clientSecret,
      RW,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(log[2]?.body).toMatchObject({ grant_type: 'authorization_code', code: '[redacted]' });
    expect(sandbox.control.requests({ since: log[2]?.seq ?? 0 })).toHaveLength(1);
  });
});

describe('control surface over HTTPS', () => {
  it('mints tokens, resets data and reports state as JSON on 127.0.0.1', async () => {
    const minted = await client.send({
      method: 'POST',
      url: `${sandbox.origin}/__sandbox/tokens`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locationId: MAIN, scopes: ['contacts.readonly'] }),
    });
    const token = minted.json<{ access_token: string }>().access_token;
    expect((await call('GET', `/contacts/${ANA}`, '/contacts/{contactId}', { token })).status).toBe(200);
    await call('DELETE', `/contacts/${BEN}`, '/contacts/{contactId}');
    const reset = await client.send({
      method: 'POST',
      url: `${sandbox.origin}/__sandbox/reset`,
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(reset.status).toBe(200);
    const ben = await client.send({ url: `${sandbox.origin}/__sandbox/contacts/${BEN}` });
    expect(ben.json<{ id: string }>().id).toBe(BEN);
    const requests = await client.send({ url: `${sandbox.origin}/__sandbox/requests` });
    expect(requests.json()).toEqual([]);
  });

  it('adds faults over HTTPS', async () => {
    const added = await client.send({
      method: 'POST',
      url: `${sandbox.origin}/__sandbox/faults`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'status500', path: 'appointments' }),
    });
    expect(added.status).toBe(201);
    expect(
      (await call('GET', `/contacts/${ANA}/appointments`, '/contacts/{contactId}/appointments')).status,
    ).toBe(500);
  });
});

describe('throughput', () => {
  it('serves 200 concurrent authenticated reads in well under a second', async () => {
    const send = (token: string, id: string) =>
      client.send({
        url: `${API}/contacts/${id}`,
        headers: { Version: '2021-07-28', Authorization: `Bearer ${token}` },
      });
    const started = performance.now();
    const answers = await Promise.all([
      ...Array.from({ length: 100 }, () => send(RW, ANA)),
      ...Array.from({ length: 100 }, () => send(CLINIC_RW, LUCIA)),
    ]);
    const elapsed = performance.now() - started;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });
});
