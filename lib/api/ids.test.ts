import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingTokens, startTestServer, type TestServer } from '../../test/support/api-test-server.ts';
import { createMemoryStore } from './cache.ts';
import { createHighLevelClient, type HighLevelClient } from './client.ts';
import { ApiError } from './errors.ts';
import { HIGHLEVEL_ID, highLevelIdSchema, isHighLevelId } from './ids.ts';

const LOC = 've9EPM428h8vShlRW1KT';
const CONTACT = 'c1_Ab-9';
const BAD_IDS = ['..', '.', 'a/b', '%2e%2e', '', 'x'.repeat(129), 'a b', 'a?b=1', 'a#b', 'é'];

describe('the shape of a HighLevel id', () => {
  it.each(BAD_IDS)('refuses %j', (id) => {
    expect(isHighLevelId(id)).toBe(false);
    expect(v.is(highLevelIdSchema, id)).toBe(false);
  });

  it.each([LOC, CONTACT, 'x', 'x'.repeat(128)])('accepts %j', (id) => {
    expect(isHighLevelId(id)).toBe(true);
    expect(v.is(highLevelIdSchema, id)).toBe(true);
    expect(HIGHLEVEL_ID.test(id)).toBe(true);
  });

  it('refuses what is not a string', () => {
    expect(isHighLevelId(undefined)).toBe(false);
    expect(isHighLevelId(12)).toBe(false);
  });
});

describe('the client, given an id that is not a HighLevel id', () => {
  let server: TestServer;
  let tokens: ReturnType<typeof countingTokens>;
  let client: HighLevelClient;

  beforeEach(async () => {
    server = await startTestServer(() => ({
      json: { contact: { id: CONTACT }, tasks: [], task: { id: 't1', title: 'T' }, succeded: true },
    }));
    tokens = countingTokens();
    client = createHighLevelClient({
      tokens: tokens.provider,
      baseUrl: server.origin,
      store: createMemoryStore(),
    });
  });
  afterEach(async () => {
    await server.close();
  });

  /** Every call that puts an id in a path, with the bad id in each position. */
  const calls = (bad: string): [string, () => Promise<unknown>][] => [
    ['getContact(contactId)', () => client.getContact(LOC, bad)],
    ['getTasks(contactId)', () => client.getTasks(LOC, bad)],
    ['getTask(taskId)', () => client.getTask(LOC, CONTACT, bad)],
    ['getNote(noteId)', () => client.getNote(LOC, CONTACT, bad)],
    ['getContact(locationId)', () => client.getContact(bad, CONTACT)],
    ['loadContactBundle(contactId)', () => client.loadContactBundle(LOC, bad)],
    ['getBusinessContacts(businessId)', () => client.getBusinessContacts(LOC, bad)],
    ['updateTask(taskId)', () => client.updateTask(LOC, CONTACT, bad, { title: 'x' })],
    ['deleteTask(contactId)', () => client.deleteTask(LOC, bad, 't1')],
    ['deleteNote(noteId)', () => client.deleteNote(LOC, CONTACT, bad)],
    ['deleteContact(contactId)', () => client.deleteContact(LOC, bad)],
    ['addTags(contactId)', () => client.addTags(LOC, bad, ['vip'])],
  ];

  it.each(BAD_IDS)('refuses %j as a validation error before any request or token', async (bad) => {
    for (const [name, call] of calls(bad)) {
      const error = await call().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, name).toBeInstanceOf(ApiError);
      expect((error as ApiError).kind, name).toBe('validation');
    }
    expect(server.requests).toEqual([]);
    expect(tokens.calls.accessToken).toBe(0);
  });

  it('never echoes the refused value in the error', async () => {
    const error = (await client.getContact(LOC, '../../oauth/token').catch((caught) => caught)) as ApiError;
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('oauth');
  });

  it('sends a well-formed id on its way', async () => {
    await client.getContact(LOC, CONTACT);
    await client.getTasks(LOC, CONTACT);
    expect(server.requests.map((request) => request.path)).toEqual([
      `/contacts/${CONTACT}`,
      `/contacts/${CONTACT}/tasks`,
    ]);
  });
});
