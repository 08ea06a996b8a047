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
