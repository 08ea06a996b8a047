import { describe, expect, it } from 'vitest';
import { type Lookup, laneHeads, laneOf } from './lanes.ts';
import type { StoredEntry } from './store.ts';
import type { WriteOp } from './types.ts';

function stored(id: string, seq: number, op: WriteOp, extra: Partial<StoredEntry> = {}): StoredEntry {
  return {
    id,
    seq,
    op,
    status: 'pending',
    origin: { kind: 'sidebar' },
    attempts: 0,
    createdAt: 0,
    updatedAt: 0,
    since: 0,
    failures: 0,
    ...extra,
  };
}

const create = (id: string, seq: number, extra: Partial<StoredEntry> = {}) =>
  stored(id, seq, { kind: 'contact.create', locationId: 'L', input: { email: `${id}@example.com` } }, extra);
const tags = (
  id: string,
  seq: number,
  contactId: string | { fromEntry: string },
  extra: Partial<StoredEntry> = {},
) => stored(id, seq, { kind: 'tags.add', locationId: 'L', contactId, tags: ['x'] }, extra);

function lookupOf(entries: StoredEntry[]): Lookup {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return (id) => byId.get(id);
}

describe('lanes', () => {
  it('puts writes for a contact still being created in the lane of its create, and in the contact lane once saved', () => {
    const pendingCreate = create('f', 1);
    const dependent = tags('d', 2, { fromEntry: 'f' });
    expect(laneOf(dependent, lookupOf([pendingCreate, dependent]))).toBe(laneOf(pendingCreate, lookupOf([])));

    const savedCreate = create('f', 1, { status: 'saved', result: { contactId: 'c9' } });
    const named = tags('n', 3, 'c9');
    const lookup = lookupOf([savedCreate, dependent, named]);
    expect(laneOf(dependent, lookup)).toBe(laneOf(named, lookup));
  });

  it('sends the earliest pending entry of each lane, and nothing from a lane that is sending', () => {
    const entries = [
      tags('a', 1, 'c1'),
      tags('b', 2, 'c1'),
      tags('c', 3, 'c2', { status: 'sending' }),
      tags('d', 4, 'c2'),
    ];
    const heads = [...laneHeads(entries, lookupOf(entries)).values()].map((entry) => entry.id);
    expect(heads).toEqual(['a']);
  });

  it('passes over an entry waiting for its ContactRef, so the create it waits for goes first', () => {
    // A dependent can sit before its create in order when the create was retried and took a new place.
    const dependent = tags('d', 2, { fromEntry: 'f' });
    const retriedCreate = create('f', 10);
    const entries = [dependent, retriedCreate];
    const heads = [...laneHeads(entries, lookupOf(entries)).values()].map((entry) => entry.id);
    expect(heads).toEqual(['f']);
  });
});
