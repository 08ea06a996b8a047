/**
 * The outbox's IndexedDB database: one object store of entries, keyed by id, with a unique index on dedupeKey
 * (the same key twice is the same write, across restarts), a unique index on seq (enqueue order, shared by every
 * context that opens the database) and an index on status (what is still to send). Every write transaction
 * asks for strict durability: "saved" in the UI means written to disk, not to a cache in front of it.
 */
import { type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, openDB } from 'idb';
import type { EntryStatus, OutboxEntry } from './types.ts';

export const OUTBOX_DB_NAME = 'hl-sidebar-outbox';

/** Who is sending an entry right now, and whether the request may already have left. */
export interface Claim {
  token: string;
  at: number;
  /** Other contexts treat the claim as abandoned after this (when Web Locks are unavailable). */
  until: number;
  /** Persisted just before the request goes out: a claim found with `sent` means the write may have happened. */
  sent: boolean;
}

/** An entry as stored: the public fields plus the outbox's own bookkeeping. */
export interface StoredEntry extends OutboxEntry {
  /** Enqueue order across every context (a manual retry takes a new place at the end). */
  seq: number;
  /** Start of the current round of attempts (enqueue, or the last manual retry): the age bound counts from here. */
  since: number;
  /** Failed answers from HighLevel counted against the attempt bound (offline and disconnected waits are not). */
  failures: number;
  /** Creates: ids of records that already matched before the first send; null when it cannot be looked up. */
  baseline?: string[] | null;
  claim?: Claim;
}

export interface OutboxDb extends DBSchema {
  entries: {
    key: string;
    value: StoredEntry;
    indexes: { dedupeKey: string; seq: number; status: EntryStatus };
  };
}

export type Database = IDBPDatabase<OutboxDb>;
export type WriteTx = IDBPTransaction<OutboxDb, ['entries'], 'readwrite'>;

export function openOutboxDb(name: string): Promise<Database> {
  return openDB<OutboxDb>(name, 1, {
    upgrade(database) {
      const store = database.createObjectStore('entries', { keyPath: 'id' });
      store.createIndex('dedupeKey', 'dedupeKey', { unique: true });
      store.createIndex('seq', 'seq', { unique: true });
      store.createIndex('status', 'status');
    },
  });
}

export function writeTx(db: Database): WriteTx {
  return db.transaction('entries', 'readwrite', { durability: 'strict' });
}

/** The next place in enqueue order; inside a readwrite transaction, so two contexts never take the same one. */
export async function nextSeq(tx: WriteTx): Promise<number> {
  const last = await tx.store.index('seq').openCursor(null, 'prev');
  return (last?.value.seq ?? 0) + 1;
}

/** Entries still to send or being sent. */
export async function activeEntries(
  store: IDBPObjectStore<OutboxDb, ['entries'], 'entries', IDBTransactionMode>,
): Promise<StoredEntry[]> {
  const byStatus = store.index('status');
  const [pending, sending] = await Promise.all([byStatus.getAll('pending'), byStatus.getAll('sending')]);
  return [...pending, ...sending];
}

/** The entry without the outbox's bookkeeping, as listeners and callers see it. */
export function toPublic(entry: StoredEntry): OutboxEntry {
  const {
    seq: _seq,
    since: _since,
    failures: _failures,
    baseline: _baseline,
    claim: _claim,
    ...rest
  } = entry;
  return structuredClone(rest);
}

/** Drops keys whose value is undefined, so stored records stay minimal and `in` checks stay honest. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
