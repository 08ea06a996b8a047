/**
 * Follows the host page: which contact it shows, and when that contact's fields have settled on screen.
 * Single-page apps change the URL first and render after (often after a fetch), so right after a navigation the
 * DOM may still show the previous person: fields are only trusted once the page has changed since the URL did.
 */
import type { PageContact, SiteAdapter, SiteOverrides } from '../sites/types';

export interface PageWatcherOptions {
  adapter: SiteAdapter;
  overrides: () => SiteOverrides | undefined;
  doc: Document;
  signal: AbortSignal;
  /** Called at once with what the URL says, then again with `settled` once the page shows the fields. */
  onContact(contact: PageContact, settled: boolean): void;
  onLeave(): void;
  /** After this long without a complete set of fields, go with what the page shows. */
  quietMs?: number;
  timeoutMs?: number;
}

export function createPageWatcher(options: PageWatcherOptions) {
  const { adapter, doc, signal } = options;
  const quietMs = options.quietMs ?? 400;
  const timeoutMs = options.timeoutMs ?? 3000;
  let stopSettling: (() => void) | null = null;

  function complete(contact: PageContact | null): contact is PageContact {
    return !!contact && !!(contact.name || contact.firstName) && !!(contact.email || contact.phone);
  }

  function settle(url: URL, hostRecordId: string, trustCurrentDom: boolean) {
    stopSettling?.();
    let best: PageContact | null = null;
    let done = false;
    const read = () => {
      const contact = adapter.extractContact(doc, url, options.overrides());
      return contact && contact.hostRecordId === hostRecordId ? contact : null;
    };
    const finish = (contact: PageContact) => {
      if (done) return;
      done = true;
      cleanup();
      options.onContact(contact, true);
    };
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      const contact = read();
      if (contact) best = contact;
      if (complete(contact)) return finish(contact);
      clearTimeout(quiet);
      if (best) quiet = setTimeout(() => best && finish(best), quietMs);
    });
    const timeout = setTimeout(() => finish(best ?? { site: adapter.id, hostRecordId }), timeoutMs);
    const cleanup = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(timeout);
      signal.removeEventListener('abort', cleanup);
      if (stopSettling === cleanup) stopSettling = null;
    };
    stopSettling = cleanup;
    signal.addEventListener('abort', cleanup);

    if (trustCurrentDom) {
      const contact = read();
      if (contact) best = contact;
      if (complete(contact)) return finish(contact);
      if (best) quiet = setTimeout(() => best && finish(best), quietMs);
    }
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  }

  return {
    /** Look at the page as it is now; `initial` when the document was loaded, not navigated to in-app. */
    check(href: string, initial: boolean) {
      const url = new URL(href);
      const match = adapter.matchContactPage(url, options.overrides());
      if (!match) {
        stopSettling?.();
        options.onLeave();
        return;
      }
      options.onContact({ site: adapter.id, hostRecordId: match.hostRecordId }, false);
      settle(url, match.hostRecordId, initial);
    },
  };
}
