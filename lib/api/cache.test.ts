import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import {
  type CacheRecord,
  type CacheStore,
  createIdbStore,
  createMemoryStore,
  ResourceCache,
  sectionKey,
} from './cache.ts';

const record = (key: string, accessedAt: number, locationId = 'L'): CacheRecord => ({
  key,
  locationId,
  value: { key },
  storedAt: accessedAt,
  accessedAt,
});

let databases = 0;
const stores: [string, () => CacheStore][] = [
  ['memory', () => createMemoryStore()],
  ['IndexedDB', () => createIdbStore(`test-cache-${++databases}`)],
];

describe.each(stores)('the %s store', (_name, make) => {
  it('stores, reads and deletes records', async () => {
    const store = make();
    await store.put(record('a', 1));
    expect(await store.get('a')).toEqual(record('a', 1));
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('evicts the least recently used records down to the cap', async () => {
    const store = make();
    for (const [key, at] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const) {
      await store.put(record(key, at));
    }
    await store.touch('a', 10);
    await store.prune(2);
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('d')).toBeDefined();
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toBeUndefined();
  });

  it('deletes by prefix without touching other keys', async () => {
    const store = make();
    await store.put(record('v1|L1|c1|contact', 1));
    await store.put(record('v1|L1|c1|tasks', 1));
    await store.put(record('v1|L1|c10|tasks', 1));
    await store.deletePrefix('v1|L1|c1|');
    expect(await store.get('v1|L1|c1|contact')).toBeUndefined();
    expect(await store.get('v1|L1|c1|tasks')).toBeUndefined();
    expect(await store.get('v1|L1|c10|tasks')).toBeDefined();
  });

  it('hands out copies, so changing a read value does not change the store', async () => {
    const store = make();
    await store.put(record('a', 1));
    const read = (await store.get('a')) as CacheRecord;
    (read.value as { key: string }).key = 'changed';
    expect((await store.get('a'))?.value).toEqual({ key: 'a' });
  });
});

describe('ResourceCache', () => {
  function setup(policy = { freshMs: 1_000, maxAgeMs: 10_000, maxEntries: 3 }) {
    let now = 100_000;
    const store = createMemoryStore();
    const cache = new ResourceCache(store, policy, () => now);
    return { cache, store, advance: (ms: number) => (now += ms) };
  }

  it('serves a record as fresh, then as stale, then not at all past its maximum age', async () => {
    const { cache, advance } = setup();
    await cache.write('k', 'L', [1, 2]);
    expect(await cache.read('k')).toMatchObject({ value: [1, 2], stale: false });
    advance(1_000);
    expect(await cache.read('k')).toMatchObject({ value: [1, 2], stale: true });
    advance(9_001);
    expect(await cache.read('k')).toBeUndefined();
  });

  it('stays under its size cap by evicting the least recently read', async () => {
    const { cache, store, advance } = setup();
    for (const key of ['a', 'b', 'c']) {
      await cache.write(key, 'L', key);
      advance(1);
    }
    await cache.read('a');
    advance(1);
    await cache.write('d', 'L', 'd');
    await cache.settled();
    expect(store.size).toBe(3);
    expect(await cache.read('b')).toBeUndefined();
    expect(await cache.read('a')).toBeDefined();
  });

  it('keeps read-write transactions off the reads: reads are recorded in one pass a moment later', async () => {
    vi.useFakeTimers();
    try {
      const { cache, store, advance } = setup();
      await cache.write('a', 'L', 'a');
      const touches = vi.spyOn(store, 'touch');
      const prunes = vi.spyOn(store, 'prune');
      advance(5);
      await cache.read('a');
      await cache.read('a');
      expect(touches).not.toHaveBeenCalled();
      expect(prunes).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      await cache.settled();
      expect(touches).toHaveBeenCalledTimes(1);
      expect(prunes).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still keeps its cap when it is never quiet', async () => {
    vi.useFakeTimers();
    try {
      const { cache, store } = setup();
      const prunes = vi.spyOn(store, 'prune');
      for (let step = 0; step < 10; step++) {
        await cache.write(`k${step}`, 'L', step);
        await vi.advanceTimersByTimeAsync(500);
      }
      expect(prunes.mock.calls.length).toBeGreaterThanOrEqual(2);
      await cache.settled();
      expect(store.size).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not let an older fetch overwrite a local write that happened meanwhile', async () => {
    const { cache } = setup();
    await cache.write('k', 'L', ['old']);
    const seen = cache.generation('k');
    await cache.patch<string[]>('k', (items) => [...items, 'mine']);
    expect(await cache.write('k', 'L', ['server said earlier'], seen)).toBe(false);
    expect((await cache.read<string[]>('k'))?.value).toEqual(['old', 'mine']);
  });

  it('patches keep the record’s age, so a stale list stays stale', async () => {
    const { cache, advance } = setup();
    await cache.write('k', 'L', [1]);
    advance(2_000);
    await cache.patch<number[]>('k', (items) => [...items, 2]);
    expect(await cache.read('k')).toMatchObject({ value: [1, 2], stale: true });
  });

  it('forgets a contact or a whole location', async () => {
    const { cache } = setup({ freshMs: 1_000, maxAgeMs: 10_000, maxEntries: 100 });
    await cache.write(sectionKey('L1', 'c1', 'contact'), 'L1', 1);
    await cache.write(sectionKey('L1', 'c1', 'tasks'), 'L1', 2);
    await cache.write(sectionKey('L1', 'c2', 'tasks'), 'L1', 3);
    await cache.write(sectionKey('L2', 'c1', 'tasks'), 'L2', 4);
    await cache.forgetContact('L1', 'c1');
    expect(await cache.read(sectionKey('L1', 'c1', 'tasks'))).toBeUndefined();
    expect(await cache.read(sectionKey('L1', 'c2', 'tasks'))).toBeDefined();
    await cache.forgetLocation('L1');
    expect(await cache.read(sectionKey('L1', 'c2', 'tasks'))).toBeUndefined();
    expect(await cache.read(sectionKey('L2', 'c1', 'tasks'))).toBeDefined();
  });

  it('turns a failing store into cache misses instead of failures', async () => {
    const broken: CacheStore = {
      get: () => Promise.reject(new Error('quota')),
      put: () => Promise.reject(new Error('quota')),
      touch: () => Promise.reject(new Error('quota')),
      delete: () => Promise.reject(new Error('quota')),
      deletePrefix: () => Promise.reject(new Error('quota')),
      prune: () => Promise.reject(new Error('quota')),
      clear: () => Promise.reject(new Error('quota')),
    };
    const cache = new ResourceCache(broken);
    await expect(cache.write('k', 'L', 1)).resolves.toBe(true);
    await expect(cache.read('k')).resolves.toBeUndefined();
  });
});
