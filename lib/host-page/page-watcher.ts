/**
 * Follows the host page: which contact it shows, and when that contact's fields have settled on screen.
 * Single-page apps change the URL first and render after (often after a fetch), so right after a navigation the
 * DOM may still show the previous person: fields are only trusted once the page has changed since the URL did.
 */
import { hasContactDetails } from './sites/extract';
import type { PageContact, SiteAdapter, SiteOverrides } from './sites/types';

export interface PageWatcherOptions {
  adapter: SiteAdapter;
  overrides: () => SiteOverrides | undefined;
  doc: Document;
  signal: AbortSignal;
  /**
   * Called at once with what the URL says, then again with `settled` once the page shows the fields (twice when
   * the page was slow to show anyone: first with the record id alone, then with the fields).
   */
  onContact(contact: PageContact, settled: boolean): void;
  /**
   * Once per contact page opened, for host events: the settled contact, or (a page that showed nobody) the
   * record id alone once it has been watched in vain or is left.
   */
  onOpened?(contact: PageContact): void;
  onLeave(): void;
  /** After this long without a complete set of fields (but some), go with what the page shows. */
  quietMs?: number;
  /** At the latest after this long: what the page shows by then, or (showing nobody yet) the URL's record id. */
  timeoutMs?: number;
  /** How much longer a page that showed nobody by then is watched for the person. */
  lateMs?: number;
}

export function createPageWatcher(options: PageWatcherOptions) {
  const { adapter, doc, signal } = options;
  const quietMs = options.quietMs ?? 400;
  const timeoutMs = options.timeoutMs ?? 3000;
  const lateMs = options.lateMs ?? 30_000;
  let stopSettling: (() => void) | null = null;

  function complete(contact: PageContact | null): contact is PageContact {
    return !!contact && !!(contact.name || contact.firstName) && !!(contact.email || contact.phone);
  }
  /** Whether the page shows anything of the person yet: a page still loading shows only its own frame. */
  const shown = (contact: PageContact | null): contact is PageContact =>
    !!contact && hasContactDetails(contact);
  /** Who the page shows, whatever record its URL names. */
  const identity = (c: PageContact) => JSON.stringify([c.name, c.firstName, c.lastName, c.email, c.phone]);

  function settle(url: URL, hostRecordId: string, trustCurrentDom: boolean, before?: Document) {
    stopSettling?.();
    let best: PageContact | null = null;
    let done = false;
    const read = () => {
      const contact = adapter.extractContact(doc, url, options.overrides());
      return contact && contact.hostRecordId === hostRecordId ? contact : null;
    };
    // After an in-app navigation the page shows the previous page until the app renders this one, and may
    // change other things meanwhile (a progress bar): the person it showed when the navigation began (a
    // previous record, or a list's first row) is not this record's.
    const earlier = before
      ? adapter.extractContact(before, url, options.overrides())
      : trustCurrentDom
        ? null
        : read();
    const previous = shown(earlier) ? identity(earlier) : null;
    const finish = (contact: PageContact) => {
      if (done) return;
      done = true;
      cleanup();
      options.onContact(contact, true);
      options.onOpened?.(contact);
    };
    /** The page showed nobody: watched in vain, or left. What it was opened as is the record id alone. */
    let nobody: PageContact | null = null;
    const stop = () => {
      if (done) return;
      done = true;
      cleanup();
      if (nobody) options.onOpened?.(nobody);
    };
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const consider = (contact: PageContact | null) => {
      if (previous !== null && contact && identity(contact) === previous) return;
      if (shown(contact)) best = contact;
      if (complete(contact)) return finish(contact);
      clearTimeout(quiet);
      if (best) quiet = setTimeout(() => best && finish(best), quietMs);
    };
    const observer = new MutationObserver(() => consider(read()));
    let late: ReturnType<typeof setTimeout> | undefined;
    const timeout = setTimeout(() => {
      if (best) return finish(best);
      // The page shows nobody yet: the record id alone for now, so the sidebar stops waiting. Should the page
      // show the person later (a slow host), they are reported then.
      nobody = { site: adapter.id, hostRecordId };
      options.onContact(nobody, true);
      late = setTimeout(stop, lateMs);
    }, timeoutMs);
    const cleanup = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(timeout);
      clearTimeout(late);
      signal.removeEventListener('abort', cleanup);
      if (stopSettling === stop) stopSettling = null;
    };
    stopSettling = stop;
    signal.addEventListener('abort', cleanup);

    if (trustCurrentDom) consider(read());
    if (!done) observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  }

  return {
    /**
     * Look at the page as it is now. `trusted` when what it shows belongs to `href` (the document was loaded
     * on it, or has changed since an in-app navigation to it); `before`, the page as that navigation found it.
     */
    check(href: string, trusted: boolean, before?: Document) {
      const url = new URL(href);
      const match = adapter.matchContactPage(url, options.overrides());
      if (!match) {
        stopSettling?.();
        options.onLeave();
        return;
      }
      options.onContact({ site: adapter.id, hostRecordId: match.hostRecordId }, false);
      settle(url, match.hostRecordId, trusted, before);
    },
  };
}
