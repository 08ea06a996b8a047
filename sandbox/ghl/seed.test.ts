import { describe, expect, it } from 'vitest';
import { BIG_BUSINESS, DEMO_PEOPLE, LOCATIONS } from '../fixtures.ts';
import { businessContacts, searchContacts } from './search.ts';
import { LARGE_EXTRA_CONTACTS, SEED_IDS, seedStore } from './seed.ts';
import { formatIsoWithOffset, formatLocal } from './time.ts';

const ids = (store: ReturnType<typeof seedStore>) => [...store.contacts.keys()].sort();

describe('seedStore', () => {
  it('gives every demo person in HighLevel their exact id, and none to the others', () => {
    const store = seedStore();
    for (const person of DEMO_PEOPLE) {
      if (person.ghlContactId) {
        expect(store.contacts.get(person.ghlContactId)).toMatchObject({
          email: person.email,
          locationId: person.locationId,
        });
      } else {
        expect([...store.contacts.values()].some((c) => c.email === person.email)).toBe(false);
      }
    }
  });

  it('generates about 200 more contacts over both locations, about 40 of them in the big business', () => {
    const store = seedStore();
    const all = [...store.contacts.values()];
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(all.length).toBeLessThanOrEqual(220);
    expect(all.filter((c) => c.locationId === LOCATIONS.clinic.id).length).toBeGreaterThanOrEqual(40);
    const big = all.filter((c) => c.businessId === BIG_BUSINESS.id).length;
    expect(big).toBeGreaterThanOrEqual(35);
    expect(big).toBeLessThanOrEqual(45);
  });

  it('is deterministic for a seed number and differs for another', () => {
    expect(ids(seedStore({ seedNumber: 7 }))).toEqual(ids(seedStore({ seedNumber: 7 })));
    expect(ids(seedStore({ seedNumber: 7 }))).not.toEqual(ids(seedStore({ seedNumber: 8 })));
  });

  it('keeps emails and phones unique in the main location, which forbids duplicates', () => {
    const main = [...seedStore({ seed: 'large' }).contacts.values()].filter(
      (c) => c.locationId === LOCATIONS.main.id,
    );
    const emails = main.flatMap((c) => (c.email ? [c.email.toLowerCase()] : []));
    const phones = main.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('places Ana’s dates relative to the moment of seeding', () => {
    const now = Date.UTC(2031, 5, 15, 14, 0);
    const store = seedStore({ clock: () => now });
    const tasks = store.tasks.get('AnaGarciaCnt00000001') ?? [];
    const overdue = tasks.find((t) => t.id === SEED_IDS.anaTasks.overdue);
    expect(Date.parse(overdue?.dueDate ?? '')).toBeLessThan(now);
    const upcoming = tasks.find((t) => t.id === SEED_IDS.anaTasks.upcoming);
    expect(Date.parse(upcoming?.dueDate ?? '')).toBeGreaterThan(now);
  });

  it('seeds the large world with at least 5,000 contacts in the big business in well under 2 seconds', () => {
    const started = performance.now();
    const store = seedStore({ seed: 'large' });
    const elapsed = performance.now() - started;
    const big = businessContacts(store, LOCATIONS.main.id, BIG_BUSINESS.id, {
      query: '',
      limit: 100,
      skip: 0,
    });
    expect(big.total).toBeGreaterThanOrEqual(LARGE_EXTRA_CONTACTS);
    expect(elapsed).toBeLessThan(1500);
  });

  it('walks the large business with searchAfter, and refuses standard paging beyond 10,000 results', () => {
    const store = seedStore({ seed: 'large' });
    const filters = [{ field: 'businessId', operator: 'eq', value: BIG_BUSINESS.id }];
    const seen = new Set<string>();
    let searchAfter: unknown[] | undefined;
    for (let i = 0; i < 20; i++) {
      const page = searchContacts(store, {
        locationId: LOCATIONS.main.id,
        pageLimit: 500,
        filters,
        searchAfter,
      });
      for (const { contact } of page.contacts) seen.add(contact.id);
      if (page.contacts.length < 500) break;
      searchAfter = page.contacts.at(-1)?.searchAfter;
    }
    const expected = [...store.contacts.values()].filter((c) => c.businessId === BIG_BUSINESS.id).length;
    expect(seen.size).toBe(expected);
    expect(() => searchContacts(store, { locationId: LOCATIONS.main.id, pageLimit: 500, page: 21 })).toThrow(
      /10000/,
    );
  });
});

describe('appointment time formats', () => {
  const instant = Date.UTC(2021, 6, 16, 15, 0);

  it('writes location-local wall time without an offset', () => {
    expect(formatLocal(instant, 'America/New_York')).toBe('2021-07-16 11:00:00');
  });

  it('writes ISO 8601 with the zone offset', () => {
    expect(formatIsoWithOffset(instant, 'America/New_York')).toBe('2021-07-16T11:00:00-04:00');
    expect(formatIsoWithOffset(instant, 'Europe/Madrid')).toBe('2021-07-16T17:00:00+02:00');
  });
});
