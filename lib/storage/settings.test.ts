import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeSettings, connectionsItem, defineSetting, oauthAppItem, siteBindingsItem } from './settings';

const connection = {
  locationId: 'loc1',
  mode: 'oauth' as const,
  scopes: ['contacts.readonly'],
  connectedAt: 1,
};

beforeEach(async () => {
  await closeSettings();
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
});

/** A later start of the background: the database is opened afresh. */
const restart = () => closeSettings();

describe('settings moving out of storage.local on update', () => {
  it('copies what an older version kept in storage.local, then removes the old keys', async () => {
    await fakeBrowser.storage.local.set({
      connections: [connection],
      connections$: { v: 1 },
      siteBindings: { gleantap: 'loc1' },
      oauthApp: { mode: 'broker', clientId: 'cid', brokerUrl: 'https://broker.example.com' },
      automationRules: [],
      siteOverrides: { gleantap: {} },
    });
    expect(await connectionsItem.getValue()).toEqual([connection]);
    expect(await siteBindingsItem.getValue()).toEqual({ gleantap: 'loc1' });
    expect(await oauthAppItem.getValue()).toEqual({
      mode: 'broker',
      clientId: 'cid',
      brokerUrl: 'https://broker.example.com',
    });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ siteOverrides: { gleantap: {} } });
  });

  it('never runs twice: an old key written after the move changes nothing', async () => {
    await fakeBrowser.storage.local.set({ siteBindings: { gleantap: 'loc1' } });
    expect(await siteBindingsItem.getValue()).toEqual({ gleantap: 'loc1' });
    await fakeBrowser.storage.local.set({
      siteBindings: { gleantap: 'elsewhere' },
      connections: [{ ...connection, scopes: ['contacts.readonly', 'contacts.write'] }],
      oauthApp: { mode: 'broker', clientId: 'x', brokerUrl: 'https://attacker.example' },
    });
    await restart();
    expect(await siteBindingsItem.getValue()).toEqual({ gleantap: 'loc1' });
    expect(await connectionsItem.getValue()).toEqual([]);
    expect(await oauthAppItem.getValue()).toBeNull();
  });

  it('runs once even when storage.local held nothing to move', async () => {
    expect(await connectionsItem.getValue()).toEqual([]);
    await fakeBrowser.storage.local.set({ connections: [connection] });
    await restart();
    expect(await connectionsItem.getValue()).toEqual([]);
  });

  it('keeps a value IndexedDB already has over the one found in storage.local', async () => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hl-sidebar-settings', 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('settings');
        open.result.createObjectStore('meta');
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = database.transaction('settings', 'readwrite');
      tx.objectStore('settings').put({ version: 1, value: { gleantap: 'kept' } }, 'siteBindings');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    database.close();
    await fakeBrowser.storage.local.set({ siteBindings: { gleantap: 'older' } });
    expect(await siteBindingsItem.getValue()).toEqual({ gleantap: 'kept' });
    expect(await fakeBrowser.storage.local.get('siteBindings')).toEqual({});
  });
});

describe('a declared setting', () => {
  it('answers its fallback until set, then what was set, across restarts', async () => {
    const item = defineSetting<{ n: number }>('test.counter', { fallback: { n: 0 }, version: 1 });
    expect(await item.getValue()).toEqual({ n: 0 });
    await item.setValue({ n: 2 });
    await restart();
    expect(await item.getValue()).toEqual({ n: 2 });
  });

  it('brings a value stored at an older version up to date with its migrations', async () => {
    const v1 = defineSetting<string>('test.shape', { fallback: '', version: 1 });
    await v1.setValue('ana');
    const v2 = defineSetting<{ name: string }>('test.shape', {
      fallback: { name: '' },
      version: 2,
      migrations: { 2: (old) => ({ name: old as string }) },
    });
    expect(await v2.getValue()).toEqual({ name: 'ana' });
  });

  it('is out of a content script’s reach: nothing of it is in storage.local', async () => {
    await connectionsItem.setValue([connection]);
    await siteBindingsItem.setValue({ gestioo: 'loc1' });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});
