/**
 * A submit the watcher armed, kept in the tab's sessionStorage for a few seconds, so that a host that reloads
 * the page after saving (a classic form POST) or a restarted watcher still reports it. Small and free of DOM
 * reading: the content script checks it after a page load to know whether the watcher must start at once, when
 * storage.local says a submit may be awaited on the site (pendingSubmitItem).
 */
import { pendingSubmitItem } from '../../storage/keys.ts';
import type { SiteId } from './types.ts';

/** How long a submit waits for the page to show its result. */
export const PENDING_MS = 15_000;
const STORAGE_KEY = 'hl-sidebar:pending-host-event';

export interface StoredSubmit {
  v: 1;
  site: SiteId;
  /** What the watcher armed (validated by the watcher, which owns its shape). */
  pending: unknown;
  url: string;
  until: number;
}

function storage(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** Stores `submit`, or forgets the stored one when null. A full or blocked storage only costs that event. */
export function saveSubmit(win: Window, submit: StoredSubmit | null): void {
  try {
    const store = storage(win);
    if (!submit) store?.removeItem(STORAGE_KEY);
    else {
      store?.setItem(STORAGE_KEY, JSON.stringify(submit));
      announce(submit.site, submit.until);
    }
  } catch {
    // Nothing to do: the event after a full page load is lost, never the page.
  }
}

interface LocalArea {
  set(items: Record<string, unknown>): Promise<void> | undefined;
}

/**
 * Tells the site's next page loads (this tab's among them) to look for a kept submit until `until`. Through the
 * `chrome` namespace, which Chrome and Firefox both give content scripts: this module also runs in unit tests'
 * pages, where there is none (the sessionStorage copy is kept all the same).
 */
function announce(site: SiteId, until: number): void {
  const local = (globalThis as { chrome?: { storage?: { local?: LocalArea } } }).chrome?.storage?.local;
  if (!local) return;
  const item = pendingSubmitItem(site);
  Promise.resolve()
    .then(() => local.set({ [item.key]: until }))
    .catch(() => undefined);
}

/** The stored submit of `site` while it is still awaited; anything else found there is removed. */
export function loadSubmit(win: Window, site: SiteId, now: number): StoredSubmit | null {
  try {
    const raw = storage(win)?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Partial<StoredSubmit>;
    if (
      stored.v === 1 &&
      stored.site === site &&
      typeof stored.url === 'string' &&
      typeof stored.until === 'number' &&
      stored.until >= now &&
      stored.until <= now + PENDING_MS
    )
      return stored as StoredSubmit;
    storage(win)?.removeItem(STORAGE_KEY);
    return null;
  } catch {
    return null;
  }
}

/** A control that names a person: what a form creating a contact has (English and Spanish CRMs). */
const PERSON_NAME = /name|nombre|apellido/i;

/**
 * A submit the content script saw before the watcher was running, on a page that is neither a contact's nor
 * a company's: the only host event it can lead to is a new contact. Kept as the watcher keeps its own (a
 * pending contact from no record), so that it survives a host that reloads the page on saving before the
 * watcher has loaded; the watcher reports it only if the page it leads to shows a new contact. Forms that
 * name no person (searches, filters) are not kept.
 */
export function saveEarlyContactSubmit(win: Window, site: SiteId, form: HTMLFormElement, now: number): void {
  const namesPerson = [...form.elements].some((element) =>
    PERSON_NAME.test(
      `${element.getAttribute('name') ?? ''} ${element.id} ${element.getAttribute('autocomplete') ?? ''}`,
    ),
  );
  if (!namesPerson) return;
  const pending = { kind: 'contact', fromId: null };
  saveSubmit(win, { v: 1, site, pending, url: win.location.href, until: now + PENDING_MS });
}
