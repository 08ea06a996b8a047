// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadSubmit,
  PENDING_MS,
  type StoredSubmit,
  saveEarlyContactSubmit,
  saveSubmit,
} from './armed-store.ts';

const NOW = 1_700_000_000_000;
const submit = (overrides: Partial<StoredSubmit> = {}): StoredSubmit => ({
  v: 1,
  site: 'gleantap',
  pending: { kind: 'contact', fromId: null },
  url: 'https://app.gleantap.com/contacts/new',
  until: NOW + 10_000,
  ...overrides,
});

afterEach(() => sessionStorage.clear());

describe('a submit awaited across a page load', () => {
  it('is found again by the same site while it is awaited', () => {
    saveSubmit(window, submit());
    expect(loadSubmit(window, 'gleantap', NOW)).toEqual(submit());
  });

  it('is forgotten when cleared', () => {
    saveSubmit(window, submit());
    saveSubmit(window, null);
    expect(loadSubmit(window, 'gleantap', NOW)).toBeNull();
  });

  it.each([
    ['expired', submit({ until: NOW - 1 })],
    ['dated too far ahead', submit({ until: NOW + PENDING_MS + 1 })],
    ['of another site', submit({ site: 'gestioo' })],
  ])('is dropped when %s', (_, stored) => {
    saveSubmit(window, stored);
    expect(loadSubmit(window, 'gleantap', NOW)).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('ignores what is not ours to read', () => {
    sessionStorage.setItem('hl-sidebar:pending-host-event', '{not json');
    expect(loadSubmit(window, 'gleantap', NOW)).toBeNull();
  });
});

describe('a submit seen before the watcher runs', () => {
  const form = (html: string) => {
    const element = document.createElement('form');
    element.innerHTML = html;
    return element;
  };

  it('is kept as a pending new contact when the form names a person', () => {
    saveEarlyContactSubmit(window, 'gestioo', form('<input name="nombre"><input name="email">'), NOW);
    expect(loadSubmit(window, 'gestioo', NOW)).toMatchObject({
      site: 'gestioo',
      pending: { kind: 'contact', fromId: null },
      until: NOW + PENDING_MS,
    });
  });

  it('is not kept for a form that names nobody, such as a search', () => {
    saveEarlyContactSubmit(window, 'gleantap', form('<input name="q" type="search">'), NOW);
    expect(loadSubmit(window, 'gleantap', NOW)).toBeNull();
  });
});

describe('the word to the next page loads that a submit may be awaited', () => {
  /** chrome.storage.local as content scripts have it, recording what is set. */
  function extensionStorage() {
    const writes: Record<string, unknown>[] = [];
    const chrome = {
      storage: { local: { set: async (items: Record<string, unknown>) => void writes.push(items) } },
    };
    Object.assign(globalThis, { chrome });
    return writes;
  }
  afterEach(() => {
    delete (globalThis as { chrome?: unknown }).chrome;
  });
  const flushed = () => new Promise((done) => setTimeout(done, 0));

  it('is written to storage.local, per site, with the time the submit is awaited until', async () => {
    const writes = extensionStorage();
    saveSubmit(window, submit({ site: 'gestioo', until: NOW + 5_000 }));
    await flushed();
    expect(writes).toEqual([{ 'pendingSubmitUntil.gestioo': NOW + 5_000 }]);
  });

  it('is not written when a submit is only forgotten, nor for a form that names nobody', async () => {
    const writes = extensionStorage();
    saveSubmit(window, null);
    const search = document.createElement('form');
    search.innerHTML = '<input name="q" type="search">';
    saveEarlyContactSubmit(window, 'gleantap', search, NOW);
    await flushed();
    expect(writes).toEqual([]);
  });

  it('costs nothing but itself when the extension storage refuses it', async () => {
    Object.assign(globalThis, {
      chrome: { storage: { local: { set: () => Promise.reject(new Error('quota')) } } },
    });
    saveSubmit(window, submit());
    await flushed();
    expect(loadSubmit(window, 'gleantap', NOW)).toEqual(submit());
  });
});
