/**
 * What the outbox forgets. Saved and discarded entries are kept a while for receipts and for dedupe (a
 * dedupeKey is remembered as long as its entry is), then go once past the retention period or over the cap,
 * newest kept first. Failed entries stay until someone retries or discards them, and a done entry that an
 * entry still to send points to (its ContactRef) stays, or that entry could never learn its contact.
 */

import { refOf } from './operations.ts';
import type { StoredEntry } from './store.ts';

export interface RetentionBounds {
  /** Saved and discarded entries are kept this long for receipts and dedupe… */
  retentionMs: number;
  /** …and at most this many of them. Failed entries are kept until retried or discarded. */
  maxKept: number;
}

const isDone = (entry: StoredEntry) => entry.status === 'saved' || entry.status === 'discarded';

/** Ids of the entries to delete now. */
export function toPrune(entries: readonly StoredEntry[], at: number, bounds: RetentionBounds): string[] {
  const needed = new Set(
    entries
      .filter((entry) => !isDone(entry))
      .map((entry) => refOf(entry.op))
      .filter((ref): ref is string => ref !== undefined),
  );
  const cutoff = at - bounds.retentionMs;
  return entries
    .filter((entry) => isDone(entry) && !needed.has(entry.id))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .filter((entry, index) => index >= bounds.maxKept || entry.updatedAt < cutoff)
    .map((entry) => entry.id);
}
