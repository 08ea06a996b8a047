/**
 * Per-contact order. Every entry belongs to a lane: its contact, or, while that contact is still being created,
 * the creating entry. A lane sends one entry at a time, in enqueue order; lanes run in parallel. An entry that
 * waits for its ContactRef is passed over (it cannot go first anyway), so the create it waits for is never
 * stuck behind it.
 */
import { contactIdOf, refOf } from './operations.ts';
import type { StoredEntry } from './store.ts';

export type Lookup = (id: string) => StoredEntry | undefined;

/** The contact an entry writes to, once known: named outright, or created by the entry its ContactRef points to. */
export function resolvedContact(entry: StoredEntry, lookup: Lookup): string | undefined {
  const named = contactIdOf(entry.op);
  if (named) return named;
  const ref = refOf(entry.op);
  if (ref) {
    const target = lookup(ref);
    return target?.status === 'saved' ? target.result?.contactId : undefined;
  }
  return entry.result?.contactId;
}

export function laneOf(entry: StoredEntry, lookup: Lookup): string {
  const contact = resolvedContact(entry, lookup);
  if (contact && (contactIdOf(entry.op) || refOf(entry.op))) {
    return `contact ${JSON.stringify([entry.op.locationId, contact])}`;
  }
  return `entry ${refOf(entry.op) ?? entry.id}`;
}

/** How an entry's ContactRef stands: none, saved (ready to send), waiting, or broken (its target will not make one). */
export function refState(entry: StoredEntry, lookup: Lookup): 'none' | 'ready' | 'waiting' | 'broken' {
  const ref = refOf(entry.op);
  if (!ref) return 'none';
  const target = lookup(ref);
  if (!target) return 'broken';
  switch (target.status) {
    case 'saved':
      return target.result?.contactId ? 'ready' : 'broken';
    case 'pending':
    case 'sending':
      return 'waiting';
    default:
      return 'broken';
  }
}

/**
 * For each lane, the entry that goes next: the earliest pending entry that is not waiting for its ContactRef.
 * A lane with an entry being sent has no head. Whether the head is due yet is the caller's question.
 */
export function laneHeads(active: readonly StoredEntry[], lookup: Lookup): Map<string, StoredEntry> {
  const lanes = new Map<string, StoredEntry[]>();
  for (const entry of active) {
    const lane = laneOf(entry, lookup);
    const members = lanes.get(lane);
    if (members) members.push(entry);
    else lanes.set(lane, [entry]);
  }
  const heads = new Map<string, StoredEntry>();
  for (const [lane, members] of lanes) {
    if (members.some((entry) => entry.status === 'sending')) continue;
    const head = members
      .filter((entry) => entry.status === 'pending' && refState(entry, lookup) !== 'waiting')
      .sort((a, b) => a.seq - b.seq)[0];
    if (head) heads.set(lane, head);
  }
  return heads;
}
