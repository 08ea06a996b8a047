/**
 * Which HighLevel contact a host CRM record is, once known: remembered per site, host record and location, in
 * the extension-origin IndexedDB (the background's own store; pages cannot read it).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { SiteId } from '../sites/types';

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
  return {
    async get(site: SiteId, hostRecordId: string, locationId: string): Promise<ContactLink | null> {
      return (await (await db()).get('links', keyOf(site, hostRecordId, locationId))) ?? null;
    },
    async set(link: ContactLink): Promise<void> {
      await (await db()).put('links', link, keyOf(link.site, link.hostRecordId, link.locationId));
    },
    async delete(site: SiteId, hostRecordId: string, locationId: string): Promise<void> {
      await (await db()).delete('links', keyOf(site, hostRecordId, locationId));
    },
    /** Forget every link into a location (its connection was removed). */
    async deleteLocation(locationId: string): Promise<void> {
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
