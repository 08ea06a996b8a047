import { describe, expect, it } from 'vitest';
import { toPrune } from './retention.ts';
import type { StoredEntry } from './store.ts';
import type { EntryStatus, WriteOp } from './types.ts';

const BOUNDS = { retentionMs: 60_000, maxKept: 2 };
const AT = 1_000_000;
let seq = 0;

function entry(id: string, status: EntryStatus, updatedAt: number, op?: WriteOp): StoredEntry {
  seq += 1;
  return {
    id,
    seq,
    op: op ?? { kind: 'tags.add', locationId: 'L', contactId: 'C', tags: [id] },
    status,
    origin: { kind: 'sidebar' },
    attempts: 1,
    createdAt: 0,
    updatedAt,
    since: 0,
    failures: 0,
  };
}

describe('toPrune', () => {
  it('forgets saved and discarded entries past the retention period', () => {
    const entries = [
      entry('old-saved', 'saved', AT - 60_001),
      entry('old-discarded', 'discarded', AT - 90_000),
      entry('recent', 'saved', AT - 60_000),
    ];
    expect(toPrune(entries, AT, BOUNDS).sort()).toEqual(['old-discarded', 'old-saved']);
  });

  it('keeps at most maxKept of them, the most recently updated', () => {
    const entries = [
      entry('a', 'saved', AT - 3),
      entry('b', 'discarded', AT - 1),
      entry('c', 'saved', AT - 2),
      entry('d', 'saved', AT - 4),
    ];
    expect(toPrune(entries, AT, BOUNDS).sort()).toEqual(['a', 'd']);
  });

  it('keeps failed, pending and sending entries however old or many', () => {
    const entries = (['failed', 'pending', 'sending', 'failed'] as const).map((status, index) =>
      entry(`e${index}`, status, 0),
    );
    expect(toPrune(entries, AT, BOUNDS)).toEqual([]);
  });

  it('keeps a done create that an entry still to send points to, and lets it go after', () => {
    const create = entry('create', 'saved', 0, {
      kind: 'contact.create',
      locationId: 'L',
      input: { email: 'a@example.com' },
    });
    const tags = (status: EntryStatus) =>
      entry('tags', status, AT, {
        kind: 'tags.add',
        locationId: 'L',
        contactId: { fromEntry: 'create' },
        tags: ['x'],
      });
    expect(toPrune([create, tags('pending')], AT, BOUNDS)).toEqual([]);
    expect(toPrune([create, tags('failed')], AT, BOUNDS)).toEqual([]);
    expect(toPrune([create, tags('saved')], AT, BOUNDS)).toEqual(['create']);
  });

  it('does not count the entries it must keep against the cap', () => {
    const create = entry('create', 'saved', AT, {
      kind: 'contact.create',
      locationId: 'L',
      input: { email: 'a@x.io' },
    });
    const waiting = entry('w', 'pending', AT, {
      kind: 'tags.add',
      locationId: 'L',
      contactId: { fromEntry: 'create' },
      tags: ['x'],
    });
    const saved = [entry('s1', 'saved', AT - 1), entry('s2', 'saved', AT - 2), entry('s3', 'saved', AT - 3)];
    expect(toPrune([create, waiting, ...saved], AT, BOUNDS)).toEqual(['s3']);
  });
});
