/**
 * The credential vault: refresh tokens, Private Integration Tokens and a direct-mode client secret, kept in
 * the extension origin's IndexedDB (content scripts cannot open it) and encrypted at rest with an AES-GCM key
 * that is non-extractable, so the raw key never leaves WebCrypto even if the database files are copied.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

export type Secret =
  | { kind: 'pit'; token: string }
  | {
      kind: 'oauth';
      refreshToken: string;
      accessToken: string;
      accessExpiresAt: number;
      accessIssuedAt?: number;
    }
  | { kind: 'client-secret'; clientSecret: string };

interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

interface VaultSchema extends DBSchema {
  keys: { key: string; value: CryptoKey };
  secrets: { key: string; value: Sealed };
}

const DB_NAME = 'hl-sidebar-vault';
const KEY_ID = 'seal';

export interface Vault {
  get(id: string): Promise<Secret | null>;
  put(id: string, secret: Secret): Promise<void>;
  delete(id: string): Promise<void>;
  ids(): Promise<string[]>;
  clear(): Promise<void>;
}

export function createVault(subtle: SubtleCrypto = crypto.subtle): Vault {
  let dbPromise: Promise<IDBPDatabase<VaultSchema>> | null = null;
  let keyPromise: Promise<CryptoKey> | null = null;

  const db = () => {
    dbPromise ??= openDB<VaultSchema>(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore('keys');
        database.createObjectStore('secrets');
      },
    }).catch((error) => {
      dbPromise = null;
      throw error;
    });
    return dbPromise;
  };

  const sealingKey = () => {
    keyPromise ??= (async () => {
      const database = await db();
      const existing = await database.get('keys', KEY_ID);
      if (existing) return existing;
      const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      // Two contexts may race to create the key: `add` fails for the loser, who then reads the winner's.
      try {
        await database.add('keys', key, KEY_ID);
        return key;
      } catch {
        const winner = await database.get('keys', KEY_ID);
        if (!winner) throw new Error('vault key missing');
        return winner;
      }
    })().catch((error) => {
      keyPromise = null;
      throw error;
    });
    return keyPromise;
  };

  return {
    async get(id) {
      const sealed = await (await db()).get('secrets', id);
      if (!sealed) return null;
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, await sealingKey(), sealed.data);
      return JSON.parse(new TextDecoder().decode(plain)) as Secret;
    },
    async put(id, secret) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await subtle.encrypt(
        { name: 'AES-GCM', iv },
        await sealingKey(),
        new TextEncoder().encode(JSON.stringify(secret)),
      );
      await (await db()).put('secrets', { iv, data }, id);
    },
    async delete(id) {
      await (await db()).delete('secrets', id);
    },
    async ids() {
      return (await (await db()).getAllKeys('secrets')).map(String);
    },
    async clear() {
      await (await db()).clear('secrets');
    },
  };
}

/**
 * `vault`, with what it read kept in memory: for the one context that reads and writes the vault (the
 * background), so that each request's token is not read and decrypted again. Writes go through to the vault
 * first and then replace what is kept; a read that was under way during a write is not kept (it may be older).
 * The decrypted secrets live only in this context's memory, for as long as it runs.
 */
export function rememberSecrets(vault: Vault): Vault {
  const kept = new Map<string, Promise<Secret | null>>();
  /** Bumped by every write, so a read that started before one cannot keep an older secret. */
  let version = 0;
  /** Forgets what is kept of `id` (of everything: null) and makes reads under way stale. */
  const forget = (id: string | null) => {
    version += 1;
    if (id === null) kept.clear();
    else kept.delete(id);
  };
  const changing = async (id: string | null, write: () => Promise<void>) => {
    forget(id);
    try {
      await write();
    } finally {
      forget(id);
    }
  };
  return {
    get(id) {
      const known = kept.get(id);
      if (known) return known;
      const started = version;
      const read = vault.get(id);
      read.then(
        () => {
          if (version === started && !kept.has(id)) kept.set(id, read);
        },
        () => undefined,
      );
      return read;
    },
    put: (id, secret) => changing(id, () => vault.put(id, secret)),
    delete: (id) => changing(id, () => vault.delete(id)),
    ids: () => vault.ids(),
    clear: () => changing(null, () => vault.clear()),
  };
}
