// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copyOfPage } from './navigations';
import { createPageWatcher } from './page-watcher';
import type { PageContact, SiteAdapter } from './sites/types';

const URL_OF = (id: string) => `https://app.gleantap.com/contacts/${id}`;

/** A CRM whose contact page shows the person in `[data-field]` elements once it has loaded them. */
const adapter: SiteAdapter = {
  id: 'gleantap',
  label: 'Gleantap',
  matches: ['https://app.gleantap.com/*'],
  contactRoutes: [],
  matchContactPage: (url) => {
    const id = /^\/contacts\/(\w+)$/.exec(url.pathname)?.[1];
    return id ? { hostRecordId: id } : null;
  },
  extractContact(doc, url) {
    const match = adapter.matchContactPage(url);
    if (!match) return null;
    const contact: PageContact = { site: 'gleantap', hostRecordId: match.hostRecordId };
    for (const field of ['name', 'email', 'phone'] as const) {
      const text = doc.querySelector(`[data-field="${field}"]`)?.textContent;
      if (text) contact[field] = text;
    }
    return contact;
  },
  observe: () => undefined,
};

/** What the page shows: the app's frame while loading, then the fields it was given. */
function show(fields: Partial<Record<'name' | 'email' | 'phone', string>> | 'loading') {
  document.body.replaceChildren();
  if (fields === 'loading') {
    const p = document.createElement('p');
    p.textContent = 'Loading contact…';
    document.body.append(p);
    return;
  }
  for (const [field, value] of Object.entries(fields)) {
    const el = document.createElement('span');
    el.dataset.field = field;
    el.textContent = value;
    document.body.append(el);
  }
}

/** The app adds a progress bar while it loads, leaving what it showed on screen. */
function addProgressBar() {
  const bar = document.createElement('div');
  bar.setAttribute('role', 'progressbar');
  document.body.prepend(bar);
}

/** What the watcher reports for record `id` with these fields read. */
const person = (id: string, fields: Partial<PageContact> = {}): PageContact => ({
  site: 'gleantap',
  hostRecordId: id,
  ...fields,
});

/** Lets the MutationObserver deliver, then moves the clock. */
async function elapse(ms: number) {
  await Promise.resolve();
  await vi.advanceTimersByTimeAsync(ms);
}

function watch() {
  const seen: [PageContact, boolean][] = [];
  const opened: PageContact[] = [];
  const controller = new AbortController();
  const watcher = createPageWatcher({
    adapter,
    overrides: () => undefined,
    doc: document,
    signal: controller.signal,
    onContact: (contact, settled) => seen.push([contact, settled]),
    onOpened: (contact) => opened.push(contact),
    onLeave: () => undefined,
    quietMs: 400,
    timeoutMs: 3_000,
    lateMs: 30_000,
  });
  /** The settled reports only. */
  const settled = () => seen.filter(([, isSettled]) => isSettled);
  return { seen, settled, opened, watcher, controller };
}

describe('the page watcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    show('loading');
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('settles at once on a page that already shows the person', () => {
    show({ name: 'Ana García', email: 'ana@example.com' });
    const { seen, opened, watcher } = watch();
    watcher.check(URL_OF('a1'), true);
    expect(seen).toEqual([
      [person('a1'), false],
      [person('a1', { name: 'Ana García', email: 'ana@example.com' }), true],
    ]);
    expect(opened).toEqual([seen[1]?.[0]]);
  });

  it('waits out a page still loading for longer than the quiet delay, then settles on what it shows', async () => {
    const { seen, settled, watcher } = watch();
    watcher.check(URL_OF('a1'), true);
    // The app keeps changing its frame while it loads, showing nobody yet.
    for (let i = 0; i < 4; i++) {
      show('loading');
      await elapse(400);
    }
    expect(settled()).toEqual([]);
    show({ name: 'Ben Carter', phone: '+15551234567' });
    await elapse(0);
    expect(seen.at(-1)).toEqual([person('a1', { name: 'Ben Carter', phone: '+15551234567' }), true]);
  });

  it('goes with part of the person once the page has been quiet a moment', async () => {
    const { seen, settled, watcher } = watch();
    watcher.check(URL_OF('a1'), true);
    show({ name: 'Ben Carter' });
    await elapse(399);
    expect(settled()).toEqual([]);
    await elapse(1);
    expect(seen.at(-1)).toEqual([person('a1', { name: 'Ben Carter' }), true]);
  });

  it('settles on the record id alone when the page shows nobody in time, and on the person when they appear', async () => {
    const { seen, settled, watcher } = watch();
    watcher.check(URL_OF('a1'), true);
    await elapse(3_000);
    expect(seen.at(-1)).toEqual([person('a1'), true]);
    await elapse(5_000);
    show({ name: 'Ben Carter', email: 'ben@example.com' });
    await elapse(0);
    expect(seen.at(-1)).toEqual([person('a1', { name: 'Ben Carter', email: 'ben@example.com' }), true]);
    expect(settled()).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells host events once per page opened: with the person, however late they appear', async () => {
    const { opened, watcher } = watch();
    watcher.check(URL_OF('a1'), true);
    await elapse(3_000);
    expect(opened).toEqual([]);
    show({ name: 'Ben Carter', email: 'ben@example.com' });
    await elapse(0);
    expect(opened).toEqual([person('a1', { name: 'Ben Carter', email: 'ben@example.com' })]);
  });

  it('tells host events of a page that never showed the person once it is left, or watched in vain', async () => {
    const left = watch();
    left.watcher.check(URL_OF('a1'), true);
    await elapse(3_000);
    expect(left.opened).toEqual([]);
    left.watcher.check('https://app.gleantap.com/contacts', false);
    expect(left.opened).toEqual([person('a1')]);

    const waited = watch();
    waited.watcher.check(URL_OF('a2'), true);
    await elapse(3_000 + 30_000);
    expect(waited.opened).toEqual([person('a2')]);
  });

  it('stops watching a page that never shows the person', async () => {
    const { settled, watcher } = watch();
    watcher.check(URL_OF('a1'), true);
    await elapse(3_000 + 30_000);
    expect(vi.getTimerCount()).toBe(0);
    show({ name: 'Ben Carter', email: 'ben@example.com' });
    await elapse(0);
    expect(settled()).toEqual([[person('a1'), true]]);
  });

  it('after an in-app navigation, does not take the previous person, still shown while the app loads, for the new record', async () => {
    show({ name: 'Ana García', email: 'ana@example.com' });
    const { seen, settled, watcher } = watch();
    watcher.check(URL_OF('b2'), false);
    // The app keeps the previous person on screen and adds a progress bar while it loads the next one.
    addProgressBar();
    await elapse(1_000);
    expect(settled()).toEqual([]);
    show({ name: 'Ben Carter', phone: '+15551234567' });
    await elapse(400);
    expect(seen.at(-1)).toEqual([person('b2', { name: 'Ben Carter', phone: '+15551234567' }), true]);
  });

  it('started by a navigation from another page, does not take the person that page showed', async () => {
    // A list whose first row the adapter reads as a person, copied when the navigation began.
    show({ email: 'first.row@example.com' });
    const before = copyOfPage(document);
    // The app has changed the page since (a progress bar), so it is read at once, but still shows the list.
    addProgressBar();
    const { seen, settled, watcher } = watch();
    watcher.check(URL_OF('b2'), true, before);
    await elapse(1_000);
    expect(settled()).toEqual([]);
    show({ name: 'Ben Carter', phone: '+15551234567' });
    await elapse(0);
    expect(seen.at(-1)).toEqual([person('b2', { name: 'Ben Carter', phone: '+15551234567' }), true]);
  });

  it('after an in-app navigation, trusts the page only once it has changed', async () => {
    show({ name: 'Ana García', email: 'ana@example.com' });
    const { seen, settled, watcher } = watch();
    watcher.check(URL_OF('b2'), false);
    // The previous person still shows (the adapter reads them under the new record id).
    await elapse(1_000);
    expect(settled()).toEqual([]);
    show({ name: 'Ben Carter', email: 'ben@example.com' });
    await elapse(0);
    expect(seen.at(-1)).toEqual([person('b2', { name: 'Ben Carter', email: 'ben@example.com' }), true]);
  });
});
