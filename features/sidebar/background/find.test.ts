import { describe, expect, it, vi } from 'vitest';
import type { HighLevelClient } from '../../../lib/api/client';
import type { Contact } from '../../../lib/api/schemas';
import type { FoundView } from '../protocol';
import { createContactData } from './contact-data';
import { createContactFinder, exactLookup, FIND_PAGE_SIZE } from './find';

const LOCATION = 've9EPM428h8vShlRW1KT';
const ben: Contact = {
  id: 'BenCarterCnt00000002',
  locationId: LOCATION,
  firstName: 'Ben',
  lastName: 'Carter',
  email: 'ben.carter@example.com',
  phone: '+15551234567',
  companyName: 'Northwind',
} as Contact;

function fakeClient(duplicate: Contact | null, found: Contact[] = [ben]) {
  const findDuplicate = vi.fn(async () => duplicate);
  const searchContacts = vi.fn(async () => ({ contacts: found, total: found.length }));
  const client = { findDuplicate, searchContacts } as unknown as HighLevelClient;
  return { data: createContactData(client, () => null), findDuplicate, searchContacts };
}

describe('which lookup a query needs', () => {
  it('takes a whole email or a whole phone number (7 to 15 digits) for an exact lookup', () => {
    expect(exactLookup('ben.carter@example.com')).toEqual({ email: 'ben.carter@example.com' });
    expect(exactLookup(' +1 (555) 123-4567 ')).toEqual({ number: '+15551234567' });
    expect(exactLookup('555 123 4567')).toEqual({ number: '5551234567' });
    for (const text of [
      'Ben Carter',
      'ben.carter@',
      '@example.com',
      'ben@example',
      '555 12',
      '+1234567890123456',
    ])
      expect(exactLookup(text), text).toBeNull();
  });

  it('looks a whole email up exactly, and stops there when HighLevel has it', async () => {
    const { data, findDuplicate, searchContacts } = fakeClient(ben);
    const found = await data.find(LOCATION, 'ben.carter@example.com');
    expect(found).toMatchObject({ exact: true, contacts: [{ id: ben.id, companyName: 'Northwind' }] });
    expect(findDuplicate).toHaveBeenCalledWith(
      LOCATION,
      { email: 'ben.carter@example.com' },
      expect.objectContaining({ priority: 'interactive' }),
    );
    expect(searchContacts).not.toHaveBeenCalled();
  });

  it('looks a phone number up exactly, and searches the text when nobody has exactly it', async () => {
    const { data, findDuplicate, searchContacts } = fakeClient(null);
    const found = await data.find(LOCATION, '+1 555 123 4567');
    expect(findDuplicate).toHaveBeenCalledWith(LOCATION, { number: '+15551234567' }, expect.anything());
    expect(searchContacts).toHaveBeenCalledWith(
      LOCATION,
      { query: '+1 555 123 4567', pageLimit: FIND_PAGE_SIZE },
      expect.anything(),
    );
    expect(found).toMatchObject({ exact: false, contacts: [{ id: ben.id }] });
  });

  it('searches a name as free text, one small page, without an exact lookup', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...ben, id: `Contact${i}xxxxxxxxxxxx` }));
    const { data, findDuplicate, searchContacts } = fakeClient(null, many);
    const found = await data.find(LOCATION, 'Carter');
    expect(findDuplicate).not.toHaveBeenCalled();
    expect(searchContacts).toHaveBeenCalledWith(
      LOCATION,
      { query: 'Carter', pageLimit: 10 },
      expect.anything(),
    );
    expect(found.contacts).toHaveLength(FIND_PAGE_SIZE);
  });
});

describe('the finder: one search in flight per tab, answers kept briefly', () => {
  const answer = (query: string): FoundView => ({ query, contacts: [], exact: false });

  it('runs tabs independently, and the latest waiting query of a tab once its search answers', async () => {
    const releases: (() => void)[] = [];
    const find = vi.fn(
      (_location: string, query: string) =>
        new Promise<FoundView>((resolve) => releases.push(() => resolve(answer(query)))),
    );
    const finder = createContactFinder(find);
    const a1 = finder.search(1, LOCATION, 'an');
    const b1 = finder.search(2, LOCATION, 'be');
    const a2 = finder.search(1, LOCATION, 'ana');
    const a3 = finder.search(1, LOCATION, 'ana g');
    expect(finder.pending(1)).toBe(2);
    expect(find.mock.calls.map((c) => c[1])).toEqual(['an', 'be']);
    releases.shift()?.();
    await expect(a1).resolves.toMatchObject({ query: 'an' });
    await vi.waitFor(() => expect(find).toHaveBeenCalledTimes(3));
    expect(find.mock.calls[2]?.[1]).toBe('ana g');
    releases.shift()?.();
    await expect(b1).resolves.toMatchObject({ query: 'be' });
    releases.shift()?.();
    await expect(a2).resolves.toMatchObject({ query: 'ana g' });
    await expect(a3).resolves.toMatchObject({ query: 'ana g' });
    await vi.waitFor(() => expect(finder.pending(1)).toBe(0));
  });

  it('answers the same query again from memory for 30 s, then asks HighLevel again', async () => {
    let now = 1_000;
    const find = vi.fn(async (_location: string, query: string) => answer(query));
    const finder = createContactFinder(find, () => now);
    await finder.search(1, LOCATION, 'Ben Carter');
    await expect(finder.search(2, LOCATION, 'ben  carter')).resolves.toMatchObject({ query: 'ben  carter' });
    expect(find).toHaveBeenCalledTimes(1);
    now += 30_001;
    await finder.search(1, LOCATION, 'Ben Carter');
    expect(find).toHaveBeenCalledTimes(2);
    await finder.search(1, 'OtherLocation0000001', 'Ben Carter');
    expect(find).toHaveBeenCalledTimes(3);
  });
});
