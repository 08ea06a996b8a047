/**
 * Which HighLevel contact a host CRM record is, once known: remembered per site, host record and location, in
 * the extension-origin IndexedDB (the background's own store; pages cannot read it).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { SiteId } from '../../../lib/host-page/sites/types';

export interface ContactLink {
  site: SiteId;
  hostRecordId: string;
  locationId: string;
  /** null: no link, only refusals. */
  contactId: string | null;
  /** Contacts the agent said this record is not. */
  rejected?: string[];
  linkedAt: number;
}

interface LinksSchema extends DBSchema {
  links: { key: string; value: ContactLink };
}

const keyOf = (site: SiteId, hostRecordId: string, locationId: string) =>
  `${site}\u0000${locationId}\u0000${hostRecordId}`;

export function createLinkStore(dbName = 'hl-sidebar-links') {
  let dbPromise: Promise<IDBPDatabase<LinksSchema>> | null = null;
  const db = () => {
    dbPromise ??= openDB<LinksSchema>(dbName, 1, {
      upgrade(database) {
        database.createObjectStore('links');
      },
    });
    return dbPromise;
  };
  // Every open asks for a link first: answers are kept in memory too (this worker is the only writer).
  const memory = new Map<string, ContactLink | null>();
  return {
    async get(site: SiteId, hostRecordId: string, locationId: string): Promise<ContactLink | null> {
      const key = keyOf(site, hostRecordId, locationId);
      const known = memory.get(key);
      if (known !== undefined) return known;
      const link = (await (await db()).get('links', key)) ?? null;
      memory.set(key, link);
      return link;
    },
    async set(link: ContactLink): Promise<void> {
      const key = keyOf(link.site, link.hostRecordId, link.locationId);
      await (await db()).put('links', link, key);
      memory.set(key, link);
    },
    async delete(site: SiteId, hostRecordId: string, locationId: string): Promise<void> {
      const key = keyOf(site, hostRecordId, locationId);
      await (await db()).delete('links', key);
      memory.set(key, null);
    },
    /** Forget every link into a location (its connection was removed). */
    async deleteLocation(locationId: string): Promise<void> {
      memory.clear();
      const database = await db();
      const tx = database.transaction('links', 'readwrite');
      for await (const cursor of tx.store) {
        if (cursor.value.locationId === locationId) await cursor.delete();
      }
      await tx.done;
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
