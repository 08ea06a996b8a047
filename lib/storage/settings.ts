/**
 * The settings that decide what the extension may do — connections and their scopes, the OAuth app, which
 * location each site reads, automation rules — declared once each (name, fallback, version) like the
 * storage.local items, but kept in the extension origin's IndexedDB: a content script runs in the page's origin,
 * so it can neither read nor write this database, while storage.local is open to it (and Firefox has no
 * `storage.session.setAccessLevel`-like switch for storage.local). Only trusted contexts use this module: the
 * background writes, the options page may read.
 *
 * The first open copies what older versions kept in storage.local, once (see `migrateLegacy`).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { storage } from 'wxt/utils/storage';
import type { SiteId } from '../host-page/sites/types';
import type { ConnectionInfo, OAuthAppSettings } from './items';

export interface Setting<T> {
  readonly name: string;
  readonly fallback: T;
  readonly version: number;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

interface Stored {
  version: number;
  value: unknown;
}

/** The one-time copy out of storage.local: when it ran, and which keys it found. */
interface Migrated {
  at: number;
  copied: string[];
}

interface SettingsSchema extends DBSchema {
  settings: { key: string; value: Stored };
  meta: { key: string; value: Migrated };
}

const DB_NAME = 'hl-sidebar-settings';
const MIGRATION_KEY = 'migrated-from-storage-local';

/**
 * What older versions kept in storage.local (WXT items at version 1), under the same names here. Listed in one
 * place rather than per setting: whichever trusted context opens the database first migrates all of them, even
 * if it never imports the module that declares a setting (the options page does not load the automations).
 */
export const LEGACY_LOCAL_KEYS = ['connections', 'siteBindings', 'oauthApp', 'automationRules'] as const;
const LEGACY_VERSION = 1;

let dbPromise: Promise<IDBPDatabase<SettingsSchema>> | null = null;

function db(): Promise<IDBPDatabase<SettingsSchema>> {
  dbPromise ??= (async () => {
    const database = await openDB<SettingsSchema>(DB_NAME, 1, {
      upgrade(created) {
        created.createObjectStore('settings');
        created.createObjectStore('meta');
      },
    });
    await migrateLegacy(database);
    return database;
  })().catch((error) => {
    dbPromise = null;
    throw error;
  });
  return dbPromise;
}

/**
 * Copies the legacy storage.local keys into IndexedDB, each only where IndexedDB has no value yet, marks the
 * migration done and removes the old keys. The marker is checked and written in the same IndexedDB transaction
 * as the copy, so two contexts opening at once copy once; once it is there, storage.local is never read again
 * (a content script writing an old key later changes nothing).
 */
async function migrateLegacy(database: IDBPDatabase<SettingsSchema>): Promise<void> {
  if (await database.get('meta', MIGRATION_KEY)) return;
  const keys = LEGACY_LOCAL_KEYS.map((name) => `local:${name}` as const);
  // Read before the transaction: an IndexedDB transaction ends at the first await on anything else.
  const found = await storage.getItems(keys);
  const tx = database.transaction(['settings', 'meta'], 'readwrite');
  if (await tx.objectStore('meta').get(MIGRATION_KEY)) {
    await tx.done;
    return;
  }
  const copied: string[] = [];
  for (const [index, name] of LEGACY_LOCAL_KEYS.entries()) {
    const value: unknown = found[index]?.value;
    if (value === undefined || value === null) continue;
    if (await tx.objectStore('settings').get(name)) continue;
    await tx.objectStore('settings').put({ version: LEGACY_VERSION, value }, name);
    copied.push(name);
  }
  await tx.objectStore('meta').put({ at: Date.now(), copied }, MIGRATION_KEY);
  await tx.done;
  // WXT kept each item's version under `<key>$`: both go.
  await storage.removeItems(keys.map((key) => ({ key, options: { removeMeta: true } })));
}

export interface SettingOptions<T> {
  fallback: T;
  version: number;
  /** From version n-1 to n, keyed by n (as WXT's storage items do). */
  migrations?: Record<number, (old: unknown) => unknown>;
}

export function defineSetting<T>(name: string, options: SettingOptions<T>): Setting<T> {
  const { fallback, version, migrations = {} } = options;
  return {
    name,
    fallback,
    version,
    async getValue() {
      const stored = await (await db()).get('settings', name);
      if (!stored) return structuredClone(fallback);
      let value = stored.value;
      for (let step = stored.version + 1; step <= version; step += 1) {
        const migrate = migrations[step];
        if (migrate) value = migrate(value);
      }
      return (value ?? structuredClone(fallback)) as T;
    },
    async setValue(value) {
      await (await db()).put('settings', { version, value }, name);
    },
  };
}

/** Opens the database now (and so runs the one-time migration): the background calls it at start. */
export async function openSettings(): Promise<void> {
  await db();
}

/** Tests: forget the open database, so the next use opens (and migrates) afresh. */
export async function closeSettings(): Promise<void> {
  const open = dbPromise;
  dbPromise = null;
  if (open) (await open.catch(() => null))?.close();
}

// ---------------------------------------------------------------------------------------------------------
// The settings (the automation rules are declared with the automations: features/automations/stores.ts)

/** The connected locations as the UI may know them (no token): their scopes decide which writes are let through. */
export const connectionsItem = defineSetting<ConnectionInfo[]>('connections', { fallback: [], version: 1 });

/** Which location each host CRM reads from. */
export const siteBindingsItem = defineSetting<Partial<Record<SiteId, string>>>('siteBindings', {
  fallback: {},
  version: 1,
});

/** The OAuth app an admin configured; null: the build's, if any (its client secret, in direct mode, is in the vault). */
export const oauthAppItem = defineSetting<OAuthAppSettings | null>('oauthApp', {
  fallback: null,
  version: 1,
});
