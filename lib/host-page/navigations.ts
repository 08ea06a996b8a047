/**
 * The in-app navigations of a host page, as the content script needs them: the URLs the document moves to
 * without being replaced. A navigation that leaves the document is not one of them: the next document's own
 * content script looks at its URL (following it here too would ask the background about a contact from a page
 * about to unload).
 */

/**
 * Where the browser has no Navigation API the URL is compared on every `hashchange` and `popstate` (a hash route's
 * navigation, back and forward) and this often (pushState, which fires no event; in-app navigations change no
 * DOM we see).
 */
export const URL_POLL_MS = 1_000;

interface NavigateEventLike {
  destination: { url: string; sameDocument: boolean };
}
interface NavigationLike {
  addEventListener(type: 'navigate', listener: (event: NavigateEventLike) => void): void;
  addEventListener(type: 'navigatesuccess', listener: () => void): void;
}
export interface NavigationWindow {
  location: { href: string };
  navigation?: NavigationLike;
  setTimeout(handler: () => void, ms: number): unknown;
  setInterval(handler: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  addEventListener(
    type: 'hashchange' | 'popstate',
    listener: () => void,
    options?: { passive?: boolean },
  ): void;
  removeEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
}

/**
 * Calls `onUrl` for the URLs the page moves to in-app, until `done()`. `finished` says whether the navigation
 * has completed (the page shows its destination by then) or has only begun (the app renders after).
 */
export function followNavigations(
  win: NavigationWindow,
  onUrl: (url: URL, finished: boolean) => void,
  done: () => boolean,
): void {
  const { navigation } = win;
  if (typeof navigation?.addEventListener === 'function') {
    navigation.addEventListener('navigate', (event) => {
      if (done()) return;
      const { url, sameDocument } = event.destination;
      // history.pushState and the like: the earliest moment, before the app renders the new page.
      if (sameDocument) return onUrl(new URL(url), false);
      // A link or location change: the document is left, unless the app's router intercepts the navigation.
      // Then the URL has changed once every listener of this event has run.
      win.setTimeout(() => {
        if (!done() && win.location.href === url) onUrl(new URL(url), false);
      }, 0);
    });
    // An intercepted navigation that changes the URL only when it ends.
    navigation.addEventListener('navigatesuccess', () => {
      if (!done()) onUrl(new URL(win.location.href), true);
    });
    return;
  }
  let last = win.location.href;
  const compare = () => {
    if (done()) {
      win.clearInterval(poll);
      win.removeEventListener('hashchange', compare);
      win.removeEventListener('popstate', compare);
      return;
    }
    if (win.location.href === last) return;
    last = win.location.href;
    onUrl(new URL(last), false);
  };
  const poll = win.setInterval(compare, URL_POLL_MS);
  win.addEventListener('hashchange', compare, { passive: true });
  win.addEventListener('popstate', compare, { passive: true });
}

/**
 * An inert copy of the page as it is now (nothing in it runs or loads), for reading later what the page showed
 * when a navigation began.
 */
export function copyOfPage(doc: Document): Document {
  const copy = doc.implementation.createHTMLDocument('');
  copy.replaceChild(copy.importNode(doc.documentElement, true), copy.documentElement);
  return copy;
}
