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
