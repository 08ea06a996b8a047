/**
 * The persisted stale-while-revalidate cache: one record per location, contact and section (contact, tasks,
 * notes, appointments), kept through an injected store — IndexedDB in the extension, memory in tests and the
 * benchmark. Records are fresh for a while, then served as stale while a new copy is fetched, and dropped
 * after a maximum age; the least recently used go first when the store is over its size cap. A broken store
 * never breaks a request: cache failures only cost a round trip.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { SECTION_NAMES, type SectionName } from './sections.ts';

export interface CacheRecord {
  key: string;
  locationId: string;
  value: unknown;
  storedAt: number;
  accessedAt: number;
}

export interface CacheStore {
  get(key: string): Promise<CacheRecord | undefined>;
  put(record: CacheRecord): Promise<void>;
  /** Records a read, for LRU eviction. */
  touch(key: string, accessedAt: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every record whose key starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
  /** Evicts the least recently used records until at most `maxEntries` remain. */
  prune(maxEntries: number): Promise<void>;
  clear(): Promise<void>;
}

export function createMemoryStore(): CacheStore & { readonly size: number } {
  const records = new Map<string, CacheRecord>();
  return {
    get size() {
      return records.size;
    },
    async get(key) {
      const record = records.get(key);
      return record ? structuredClone(record) : undefined;
    },
    async put(record) {
      records.set(record.key, structuredClone(record));
    },
    async touch(key, accessedAt) {
      const record = records.get(key);
      if (record) record.accessedAt = accessedAt;
    },
    async delete(key) {
      records.delete(key);
    },
    async deletePrefix(prefix) {
      for (const key of [...records.keys()]) if (key.startsWith(prefix)) records.delete(key);
    },
    async prune(maxEntries) {
      if (records.size <= maxEntries) return;
      const oldestFirst = [...records.values()].sort((a, b) => a.accessedAt - b.accessedAt);
      for (const record of oldestFirst.slice(0, records.size - maxEntries)) records.delete(record.key);
    },
    async clear() {
      records.clear();
    },
  };
}

interface CacheDb extends DBSchema {
  records: { key: string; value: CacheRecord; indexes: { accessedAt: number } };
}

export const IDB_CACHE_NAME = 'hl-sidebar-api-cache';

/** The extension's store: an IndexedDB database in the background's origin, opened on first use. */
export function createIdbStore(name: string = IDB_CACHE_NAME): CacheStore {
  let opening: Promise<IDBPDatabase<CacheDb>> | undefined;
  const db = () => {
    opening ??= openDB<CacheDb>(name, 1, {
      upgrade(database) {
        const store = database.createObjectStore('records', { keyPath: 'key' });
        store.createIndex('accessedAt', 'accessedAt');
      },
    }).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    async get(key) {
      return (await db()).get('records', key);
    },
    async put(record) {
      await (await db()).put('records', record);
    },
    async touch(key, accessedAt) {
      const tx = (await db()).transaction('records', 'readwrite');
      const record = await tx.store.get(key);
      if (record) await tx.store.put({ ...record, accessedAt });
      await tx.done;
    },
    async delete(key) {
      await (await db()).delete('records', key);
    },
    async deletePrefix(prefix) {
      await (await db()).delete('records', IDBKeyRange.bound(prefix, `${prefix}\uffff`));
    },
    async prune(maxEntries) {
      const tx = (await db()).transaction('records', 'readwrite');
      let excess = (await tx.store.count()) - maxEntries;
      let cursor = excess > 0 ? await tx.store.index('accessedAt').openCursor() : null;
      while (cursor && excess > 0) {
        await cursor.delete();
        excess--;
        cursor = await cursor.continue();
      }
      await tx.done;
    },
    async clear() {
      await (await db()).clear('records');
    },
  };
}

/** How long after the first read or write since the last pass reads are recorded and old records evicted. */
const MAINTENANCE_DELAY_MS = 2_000;

export interface CachePolicy {
  /** Served without asking HighLevel for this long. */
  freshMs: number;
  /** Served as stale (while revalidating) up to this age; older records are dropped. */
  maxAgeMs: number;
  /** Size cap of the store, in records. */
  maxEntries: number;
}

export const DEFAULT_CACHE_POLICY: CachePolicy = {
  freshMs: 60_000,
  maxAgeMs: 7 * 24 * 3_600_000,
  maxEntries: 2_000,
};

export { SECTION_NAMES, type SectionName };

/** Bumped when the shape of cached values changes, so old records are simply never read again. */
const FORMAT = 'v1';

export function sectionKey(locationId: string, contactId: string, section: SectionName): string {
  return `${contactPrefix(locationId, contactId)}${section}`;
}

function locationPrefix(locationId: string): string {
  return `${FORMAT}|${encodeURIComponent(locationId)}|`;
}

function contactPrefix(locationId: string, contactId: string): string {
  return `${locationPrefix(locationId)}${encodeURIComponent(contactId)}|`;
}

export interface Cached<T> {
  value: T;
  storedAt: number;
  /** Older than the fresh period: show it, but fetch a new copy. */
  stale: boolean;
}

export class ResourceCache {
  readonly #store: CacheStore;
  readonly #policy: CachePolicy;
  readonly #now: () => number;
  readonly #generations = new Map<string, number>();
  /** Reads not yet recorded in the store (key → when), written with the next maintenance pass. */
  readonly #touched = new Map<string, number>();
  #pruneWanted = false;
  #maintenanceTimer: ReturnType<typeof setTimeout> | undefined;
  #maintaining: Promise<void> | undefined;

  constructor(store: CacheStore, policy: Partial<CachePolicy> = {}, now: () => number = Date.now) {
    this.#store = store;
    this.#policy = { ...DEFAULT_CACHE_POLICY, ...policy };
    this.#now = now;
  }

  get policy(): Readonly<CachePolicy> {
    return this.#policy;
  }

  async read<T>(key: string): Promise<Cached<T> | undefined> {
    const record = await this.#safe(() => this.#store.get(key));
    if (!record) return undefined;
    const now = this.#now();
    const age = now - record.storedAt;
    if (age > this.#policy.maxAgeMs || age < 0) {
      await this.#safe(() => this.#store.delete(key));
      return undefined;
    }
    this.#touched.set(key, now);
    this.#scheduleMaintenance();
    return { value: record.value as T, storedAt: record.storedAt, stale: age >= this.#policy.freshMs };
  }

  /**
   * A counter that moves whenever a local write touches the key. A fetch that started before the write must
   * not overwrite it with what the server said earlier: it passes the generation it saw to write().
   */
  generation(key: string): number {
    return this.#generations.get(key) ?? 0;
  }

  /** Stores a fetched value, unless a local write touched the key since `seenGeneration`. */
  async write(key: string, locationId: string, value: unknown, seenGeneration?: number): Promise<boolean> {
    if (seenGeneration !== undefined && seenGeneration !== this.generation(key)) return false;
    const now = this.#now();
    await this.#safe(() => this.#store.put({ key, locationId, value, storedAt: now, accessedAt: now }));
    this.#touched.delete(key);
    this.#pruneWanted = true;
    this.#scheduleMaintenance();
    return true;
  }

  /** Applies a local change to a cached value, if there is one; its age is kept. */
  async patch<T>(key: string, change: (value: T) => T): Promise<void> {
    this.#bump(key);
    const record = await this.#safe(() => this.#store.get(key));
    if (!record) return;
    const value = change(record.value as T);
    await this.#safe(() => this.#store.put({ ...record, value, accessedAt: this.#now() }));
  }

  async invalidate(key: string): Promise<void> {
    this.#bump(key);
    await this.#safe(() => this.#store.delete(key));
  }

  async forgetContact(locationId: string, contactId: string): Promise<void> {
    for (const section of SECTION_NAMES) this.#bump(sectionKey(locationId, contactId, section));
    await this.#safe(() => this.#store.deletePrefix(contactPrefix(locationId, contactId)));
  }

  /** Drops everything cached for a location (e.g. when it is disconnected). */
  async forgetLocation(locationId: string): Promise<void> {
    const prefix = locationPrefix(locationId);
    for (const key of this.#generations.keys()) if (key.startsWith(prefix)) this.#bump(key);
    await this.#safe(() => this.#store.deletePrefix(prefix));
  }

  /** Runs the pending maintenance now and resolves when it is done (tests and shutdown). */
  async settled(): Promise<void> {
    if (this.#maintenanceTimer !== undefined) {
      clearTimeout(this.#maintenanceTimer);
      this.#maintenanceTimer = undefined;
      this.#maintain();
    }
    while (this.#maintaining) await this.#maintaining;
  }

  #bump(key: string): void {
    this.#generations.set(key, this.generation(key) + 1);
  }

  /**
   * Recording reads (for least-recently-read eviction) and evicting both take a read-write transaction, which
   * would queue the reads of the contact being opened behind them: they run as one pass a moment after the
   * first of them. Not pushed back by later ones, so a cache that is never quiet is still kept within its cap.
   */
  #scheduleMaintenance(): void {
    if (this.#maintenanceTimer !== undefined) return;
    this.#maintenanceTimer = setTimeout(() => {
      this.#maintenanceTimer = undefined;
      this.#maintain();
    }, MAINTENANCE_DELAY_MS);
  }

  #maintain(): void {
    const previous = this.#maintaining ?? Promise.resolve();
    const pass = previous.then(async () => {
      const touched = [...this.#touched];
      this.#touched.clear();
      for (const [key, at] of touched) await this.#safe(() => this.#store.touch(key, at));
      if (this.#pruneWanted) {
        this.#pruneWanted = false;
        await this.#safe(() => this.#store.prune(this.#policy.maxEntries));
      }
    });
    const current: Promise<void> = pass.finally(() => {
      if (this.#maintaining === current) this.#maintaining = undefined;
    });
    this.#maintaining = current;
  }

  async #safe<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await operation();
    } catch {
      return undefined;
    }
  }
}
