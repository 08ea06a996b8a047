import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followNavigations, type NavigationWindow, URL_POLL_MS } from './navigations';

const LIST = 'https://app.gleantap.com/contacts';
const CONTACT = 'https://app.gleantap.com/contacts/gt_1';

/** A window whose Navigation API the test drives: `navigate` runs the listeners the way the browser does. */
function fakeWindow(withNavigationApi: boolean) {
  const target = new EventTarget();
  const events = new EventTarget();
  const win: NavigationWindow = {
    location: { href: LIST },
    addEventListener: (type, listener) => events.addEventListener(type, listener),
    removeEventListener: (type, listener) => events.removeEventListener(type, listener),
    setTimeout: (handler, ms) => setTimeout(handler, ms),
    setInterval: (handler, ms) => setInterval(handler, ms),
    clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
    ...(withNavigationApi
      ? {
          navigation: {
            addEventListener: (type: string, listener: (event: never) => void) =>
              target.addEventListener(type, (event) => listener((event as CustomEvent).detail as never)),
          },
        }
      : {}),
  };
  return {
    win,
    navigate(url: string, sameDocument: boolean, intercepted = false) {
      target.dispatchEvent(new CustomEvent('navigate', { detail: { destination: { url, sameDocument } } }));
      // Same-document and intercepted navigations change the URL once the event's listeners ran.
      if (sameDocument || intercepted) win.location.href = url;
    },
    succeed() {
      target.dispatchEvent(new CustomEvent('navigatesuccess', { detail: {} }));
    },
    /** A hash route's navigation (a link to `#/…`, `location.hash = …`): the URL changes, then `hashchange`. */
    changeHash(hash: string) {
      const url = new URL(win.location.href);
      url.hash = hash;
      if (win.navigation)
        target.dispatchEvent(
          new CustomEvent('navigate', { detail: { destination: { url: url.href, sameDocument: true } } }),
        );
      win.location.href = url.href;
      events.dispatchEvent(new Event('hashchange'));
    },
    /** Back or forward between two entries of the same document. */
    popstate(href: string) {
      win.location.href = href;
      events.dispatchEvent(new Event('popstate'));
    },
  };
}

/** Follows `win` for good, recording each URL reported and whether its navigation had finished. */
function follow(win: NavigationWindow): [string, boolean][] {
  const seen: [string, boolean][] = [];
  followNavigations(
    win,
    (url, finished) => seen.push([url.href, finished]),
    () => false,
  );
  return seen;
}

describe('following in-app navigations', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a history.pushState navigation at once, before the app renders it', () => {
    const page = fakeWindow(true);
    const seen = follow(page.win);
    page.navigate(CONTACT, true);
    expect(seen).toEqual([[CONTACT, false]]);
  });

  it('leaves a navigation that replaces the document to the next page', () => {
    const page = fakeWindow(true);
    const onUrl = vi.fn();
    followNavigations(page.win, onUrl, () => false);
    page.navigate(CONTACT, false);
    vi.runAllTimers();
    expect(onUrl).not.toHaveBeenCalled();
  });

  it('follows a link the app intercepts, once the URL has changed', () => {
    const page = fakeWindow(true);
    const seen = follow(page.win);
    page.navigate(CONTACT, false, true);
    expect(seen).toEqual([]);
    vi.runAllTimers();
    expect(seen).toEqual([[CONTACT, false]]);
  });

  it('reports a navigation as finished when it succeeds (an intercepted one that changes the URL late)', () => {
    const page = fakeWindow(true);
    const seen = follow(page.win);
    page.navigate(CONTACT, false);
    vi.runAllTimers();
    page.win.location.href = CONTACT;
    page.succeed();
    expect(seen).toEqual([[CONTACT, true]]);
  });

  it('stops reporting once done', () => {
    const page = fakeWindow(true);
    const onUrl = vi.fn();
    followNavigations(page.win, onUrl, () => true);
    page.navigate(CONTACT, true);
    page.navigate(LIST, false, true);
    page.succeed();
    vi.runAllTimers();
    expect(onUrl).not.toHaveBeenCalled();
  });

  it('compares the URL every second where there is no Navigation API, and stops polling once done', () => {
    const page = fakeWindow(false);
    const onUrl = vi.fn();
    let done = false;
    followNavigations(page.win, onUrl, () => done);
    vi.advanceTimersByTime(URL_POLL_MS);
    expect(onUrl).not.toHaveBeenCalled();
    page.win.location.href = CONTACT;
    vi.advanceTimersByTime(URL_POLL_MS);
    expect(onUrl).toHaveBeenCalledTimes(1);
    expect(onUrl).toHaveBeenLastCalledWith(new URL(CONTACT), false);
    done = true;
    vi.advanceTimersByTime(URL_POLL_MS);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows a hash route at once where there is no Navigation API, as it follows the history', () => {
    const page = fakeWindow(false);
    const seen = follow(page.win);
    page.changeHash('#/clientes/4512');
    expect(seen).toEqual([[`${LIST}#/clientes/4512`, false]]);
    page.changeHash('#/clientes/4513');
    page.popstate(`${LIST}#/clientes/4512`);
    expect(seen.map(([href]) => href)).toEqual([
      `${LIST}#/clientes/4512`,
      `${LIST}#/clientes/4513`,
      `${LIST}#/clientes/4512`,
    ]);
    // The poll finds nothing new afterwards: each URL is reported once.
    vi.advanceTimersByTime(URL_POLL_MS * 2);
    expect(seen).toHaveLength(3);
  });

  it('follows a hash route through the Navigation API once, before the app renders it', () => {
    const page = fakeWindow(true);
    const seen = follow(page.win);
    page.changeHash('#/clientes/4512');
    expect(seen).toEqual([[`${LIST}#/clientes/4512`, false]]);
  });

  it('stops listening for hash changes once done', () => {
    const page = fakeWindow(false);
    const onUrl = vi.fn();
    let done = false;
    followNavigations(page.win, onUrl, () => done);
    done = true;
    page.changeHash('#/clientes/1');
    page.changeHash('#/clientes/2');
    expect(onUrl).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
