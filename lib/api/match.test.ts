import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { PageContact } from '../host-page/sites/types.ts';
import { ApiError } from './errors.ts';
import { nameKey } from './identity.ts';
import { type MatchPort, matchContact } from './match.ts';
import type { SearchInput } from './requests.ts';
import { type Contact, contactSchema } from './schemas.ts';

const contact = (fields: Record<string, unknown>): Contact => v.parse(contactSchema, fields);

const ANA = contact({
  id: 'ana',
  firstName: 'Ana',
  lastName: 'García',
  email: 'ana.garcia@example.com',
  phone: '+34612345678',
});
const BEN = contact({
  id: 'ben',
  firstName: 'Ben',
  lastName: 'Carter',
  email: 'ben@example.com',
  phone: '+15551234567',
});
const JOHN1 = contact({ id: 'john1', firstName: 'John', lastName: 'Smith', phone: '+15557654321' });
const JOHN2 = contact({ id: 'john2', firstName: 'John', lastName: 'Smith', phone: '+15550001111' });
const PEOPLE = [ANA, BEN, JOHN1, JOHN2];

/** A port that answers like HighLevel's search, and records what was asked. */
function port(people: Contact[] = PEOPLE) {
  const searches: SearchInput[] = [];
  const gets: string[] = [];
  const impl: MatchPort = {
    async getContact(_location, id) {
      gets.push(id);
      const found = people.find((person) => person.id === id);
      if (!found) throw new ApiError({ kind: 'not.found', status: 400, message: 'Contact not found' });
      return found;
    },
    async searchContacts(_location, input) {
      searches.push(input);
      const filter = input.filters?.[0] as { field: string; value: string } | undefined;
      const contacts = people.filter((person) => {
        if (filter?.field === 'email') return person.email === filter.value;
        if (filter?.field === 'phone') return person.phone === filter.value;
        const terms = nameKey(input.query ?? '').split(' ');
        const text = nameKey(`${person.firstName} ${person.lastName} ${person.phone}`).replace(/[^\w ]/g, '');
        return terms.every((term) => text.includes(term));
      });
      return { contacts };
    },
  };
  return { impl, searches, gets };
}

const page = (fields: Partial<PageContact>): PageContact => ({
  site: 'gleantap',
  hostRecordId: 'h1',
  ...fields,
});

describe('matchContact', () => {
  it('uses the linked id first, without searching', async () => {
    const { impl, searches } = port();
    const result = await matchContact(impl, 'L', page({ email: 'ben@example.com' }), {
      linkedContactId: 'ana',
    });
    expect(result).toEqual({ status: 'linked', candidates: [{ contact: ANA, matchedOn: 'id' }] });
    expect(searches).toHaveLength(0);
  });

  it('falls back to searching when the linked contact was deleted', async () => {
    const { impl } = port();
    const result = await matchContact(impl, 'L', page({ email: 'ben@example.com' }), {
      linkedContactId: 'gone',
    });
    expect(result).toMatchObject({
      status: 'matched',
      candidates: [{ contact: { id: 'ben' }, matchedOn: 'email' }],
    });
  });

  it('does not swallow other failures of the linked lookup', async () => {
    const { impl } = port();
    impl.getContact = async () => {
      throw new ApiError({ kind: 'network.offline', message: 'x' });
    };
    await expect(matchContact(impl, 'L', page({}), { linkedContactId: 'ana' })).rejects.toMatchObject({
      kind: 'network.offline',
    });
  });

  it('matches by email in one search, whatever the case and spacing on the page', async () => {
    const { impl, searches } = port();
    const result = await matchContact(impl, 'L', page({ email: '  Ana.Garcia@Example.com ' }));
    expect(result.status).toBe('matched');
    expect(result.candidates[0]?.contact).toBe(ANA);
    expect(searches).toEqual([
      { filters: [{ field: 'email', operator: 'eq', value: 'ana.garcia@example.com' }], pageLimit: 10 },
    ]);
  });

  it('goes on to the phone when the email finds nobody', async () => {
    const { impl, searches } = port();
    const result = await matchContact(
      impl,
      'L',
      page({ email: 'bcarter.work@example.org', phone: '+1 (555) 123-4567' }),
    );
    expect(result).toMatchObject({
      status: 'matched',
      candidates: [{ contact: { id: 'ben' }, matchedOn: 'phone' }],
    });
    expect(searches[1]?.filters).toEqual([{ field: 'phone', operator: 'eq', value: '+15551234567' }]);
  });

  it('matches a phone written without its country code by its digits', async () => {
    const { impl, searches } = port();
    const result = await matchContact(impl, 'L', page({ phone: '612 34 56 78' }));
    expect(result).toMatchObject({
      status: 'matched',
      candidates: [{ contact: { id: 'ana' }, matchedOn: 'phone' }],
    });
    expect(searches[0]?.query).toBe('612345678');
  });

  it('calls two people with the same full name ambiguous and lists both', async () => {
    const { impl } = port();
    const result = await matchContact(impl, 'L', page({ name: 'John  Smith' }));
    expect(result.status).toBe('ambiguous');
    expect(result.candidates.map((candidate) => [candidate.contact.id, candidate.matchedOn])).toEqual([
      ['john1', 'name'],
      ['john2', 'name'],
    ]);
  });

  it('matches names regardless of accents and case', async () => {
    const { impl } = port([contact({ id: 'ana', firstName: 'Ana', lastName: 'García' })]);
    const result = await matchContact(impl, 'L', page({ firstName: 'ana', lastName: 'GARCIA' }));
    expect(result.status).toBe('matched');
  });

  it('does not match on a single first name', async () => {
    const { impl, searches } = port();
    expect(await matchContact(impl, 'L', page({ name: 'Ana' }))).toEqual({ status: 'none', candidates: [] });
    expect(searches).toHaveLength(0);
  });

  it('answers none when nothing matches at any step', async () => {
    const { impl, searches } = port();
    const result = await matchContact(
      impl,
      'L',
      page({ email: 'nora@example.com', phone: '+34699887766', name: 'Nora Quintana' }),
    );
    expect(result).toEqual({ status: 'none', candidates: [] });
    expect(searches).toHaveLength(3);
  });

  it('does not take search results that ignored the email filter for a match', async () => {
    const { impl } = port();
    impl.searchContacts = async () => ({ contacts: PEOPLE });
    const result = await matchContact(impl, 'L', page({ email: 'nobody@example.com' }));
    expect(result.status).toBe('none');
  });

  it('propagates a failed search instead of answering none', async () => {
    const { impl } = port();
    impl.searchContacts = async () => {
      throw new ApiError({ kind: 'rate.limited', message: 'x' });
    };
    await expect(matchContact(impl, 'L', page({ email: 'ana.garcia@example.com' }))).rejects.toMatchObject({
      kind: 'rate.limited',
    });
  });
});
