/**
 * The content script's view of storage.local: typed reads, writes and watches of a few declared items, on the
 * browser's own API. Background and extension pages use the same items through WXT's storage (items.ts); the
 * keys are shared, so both sides always name the same values. Only non-secret items live in storage.local.
 */
import { browser } from 'wxt/browser';

export interface LocalItem<T> {
  /** The storage.local key (WXT's `local:<key>`). */
  key: string;
  fallback: T;
}

/** An item's value in what storage.local answered, or its fallback. */
const storedValue = <T>(stored: Record<string, unknown>, item: LocalItem<T>): T =>
  (stored[item.key] as T | undefined) ?? item.fallback;

export async function readLocal<T>(item: LocalItem<T>): Promise<T> {
  return storedValue((await browser.storage.local.get(item.key)) as Record<string, unknown>, item);
}

/** Two items in one read (one trip to the browser). */
export async function readLocalPair<A, B>(first: LocalItem<A>, second: LocalItem<B>): Promise<[A, B]> {
  const stored = (await browser.storage.local.get([first.key, second.key])) as Record<string, unknown>;
  return [storedValue(stored, first), storedValue(stored, second)];
}

export async function writeLocal<T>(item: LocalItem<T>, value: T): Promise<void> {
  await browser.storage.local.set({ [item.key]: value });
}

export function watchLocal<T>(item: LocalItem<T>, listener: (value: T) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[item.key];
    if (area === 'local' && change) listener((change.newValue as T | undefined) ?? item.fallback);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
