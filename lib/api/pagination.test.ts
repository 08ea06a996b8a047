import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { walkSearch, walkSkip, walkStartAfter } from './pagination.ts';
import type { SearchInput } from './requests.ts';
import { type Contact, contactSchema } from './schemas.ts';

const people = Array.from({ length: 23 }, (_, index) =>
  v.parse(contactSchema, { id: `c${String(index).padStart(2, '0')}`, searchAfter: [index, `c${index}`] }),
);

async function collect(
  iterator: AsyncIterable<Contact>,
  stopAfter = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const ids: string[] = [];
  for await (const contact of iterator) {
    ids.push(contact.id);
    if (ids.length >= stopAfter) break;
  }
  return ids;
}

describe('walkSearch', () => {
  it('follows searchAfter cursors through every page exactly once', async () => {
    const asked: SearchInput[] = [];
    const ids = await collect(
      walkSearch(
        async (input) => {
          asked.push(input);
          const start = input.searchAfter ? (input.searchAfter[0] as number) + 1 : 0;
          return { contacts: people.slice(start, start + 10), total: people.length };
        },
        { pageLimit: 10, query: 'x' },
      ),
    );
    expect(ids).toEqual(people.map((person) => person.id));
    expect(asked).toHaveLength(3);
    expect(asked[0]).toEqual({ pageLimit: 10, query: 'x', page: 1 });
    expect(asked[1]).toEqual({ pageLimit: 10, query: 'x', searchAfter: [9, 'c9'] });
  });

  it('uses page numbers when the answers carry no cursor', async () => {
    const plain = people.map(({ searchAfter: _cursor, ...rest }) => rest as Contact);
    const pages: number[] = [];
    const ids = await collect(
      walkSearch(
        async (input) => {
          pages.push(input.page ?? 0);
          const start = ((input.page ?? 1) - 1) * 10;
          return { contacts: plain.slice(start, start + 10) };
        },
        { pageLimit: 10 },
      ),
    );
    expect(ids).toHaveLength(23);
    expect(pages).toEqual([1, 2, 3]);
  });

  it('stops fetching when the consumer stops reading', async () => {
    let calls = 0;
    await collect(
      walkSearch(
        async () => {
          calls++;
          return { contacts: people.slice(0, 10) };
        },
        { pageLimit: 10 },
      ),
      5,
    );
    expect(calls).toBe(1);
  });

  it('ends instead of looping when a server repeats the same page', async () => {
    let calls = 0;
    const ids = await collect(
      walkSearch(
        async () => {
          calls++;
          return {
            contacts: people.slice(0, 10).map(({ searchAfter: _cursor, ...rest }) => rest as Contact),
          };
        },
        { pageLimit: 10 },
      ),
    );
    expect(ids).toHaveLength(10);
    expect(calls).toBe(2);
  });
});

describe('walkSkip', () => {
  it('pages with skip until a short page, honouring maxItems', async () => {
    const skips: number[] = [];
    const fetchPage = async (skip: number, limit: number) => {
      skips.push(skip);
      return { contacts: people.slice(skip, skip + limit), total: people.length };
    };
    expect(await collect(walkSkip(fetchPage, 10))).toHaveLength(23);
    expect(skips).toEqual([0, 10, 20]);
    expect(await collect(walkSkip(fetchPage, 10, { maxItems: 12 }))).toHaveLength(12);
  });
});

describe('walkStartAfter', () => {
  it('continues from the meta cursor of the previous page', async () => {
    const cursors: unknown[] = [];
    const ids = await collect(
      walkStartAfter(async (cursor) => {
        cursors.push(cursor);
        const start = cursor.startAfterId
          ? people.findIndex((person) => person.id === cursor.startAfterId) + 1
          : 0;
        const contacts = people.slice(start, start + 10);
        const last = contacts[contacts.length - 1];
        return { contacts, meta: { total: people.length, startAfterId: last?.id, startAfter: start + 10 } };
      }, 10),
    );
    expect(ids).toEqual(people.map((person) => person.id));
    expect(cursors).toEqual([
      {},
      { startAfterId: 'c09', startAfter: 10 },
      { startAfterId: 'c19', startAfter: 20 },
    ]);
  });
});
