/**
 * The content script, on every page of a supported CRM (declared in wxt.config.ts). Most host pages (lists,
 * reports, settings) never show a contact, so this stays small: it tells from the URL whether the page can
 * matter and otherwise only waits. The page is followed in full (lib/host-page/host-page.ts, imported on demand,
 * with WXT's content script context) once it shows a contact or a company, when a submit is still awaited from
 * before a reload, when a form is submitted, or when the agent toggles the sidebar.
 *
 * It is an unlisted script rather than WXT's content script entrypoint: that one builds its context (an
 * abort controller, a started event posted to the page, a location watcher) on every page, which cost more
 * main-thread time than everything else this script does.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { HostPage, startHostPage } from '../lib/host-page/host-page';
import { sendToBackground } from '../lib/host-page/messenger';
import { HOST_PAGE_MODULE, importModule } from '../lib/host-page/modules';
import { copyOfPage, followNavigations } from '../lib/host-page/navigations';
import { loadSubmit, saveEarlyContactSubmit } from '../lib/host-page/sites/armed-store';
import { siteForUrl } from '../lib/host-page/sites/catalog';
import { recipeAt } from '../lib/host-page/sites/recipe-adapter';
import type { SiteOverrides } from '../lib/host-page/sites/types';
import { businessIdAt, contactIdAt } from '../lib/host-page/sites/url';
import { ok } from '../lib/messaging/reply';
import type { Recipe } from '../lib/recipes/types';
import { pendingSubmitItem, SITE_OVERRIDES } from '../lib/storage/keys';
import { readLocalPair, watchLocal } from '../lib/storage/local';

/** Whether what the page shows belongs to its URL, and (after an in-app navigation) the page as it was before. */
interface PageView {
  shown(): boolean;
  before?: Document;
}
const LOADED: PageView = { shown: () => true };
const UNKNOWN: PageView = { shown: () => false };

async function main(): Promise<void> {
  const site = siteForUrl(new URL(location.href));
  if (!site) return;
  // Where the benchmark's ui.frame.ready.ms starts (the frame host marks its end).
  performance.mark('hls-content-start');
  // The agent's recipes for this host come from the background (a content script cannot read them itself). The
  // built-in routes do not wait for them: a page they know starts at once, and one only a recipe knows starts
  // when the recipes arrive (see below).
  let recipes: readonly Recipe[] = [];
  const recipesArrived = sendToBackground('recipes.forPage', undefined).then(
    (reply) => {
      if (reply.ok) recipes = reply.value.recipes;
    },
    () => undefined,
  );
  const [allOverrides, awaitedUntil] = await readLocalPair(SITE_OVERRIDES, pendingSubmitItem(site.id));
  let overrides: SiteOverrides | undefined = allOverrides[site.id];
  watchLocal(SITE_OVERRIDES, (all) => {
    overrides = all[site.id];
  });

  let hostPage: Promise<HostPage> | null = null;
  let running = false;
  const submitted: HTMLFormElement[] = [];
  /** The page as its URL names it, reported before the module loaded. */
  let early: Promise<unknown> | undefined;
  /** `view.shown()`: whether what the page shows now belongs to its URL (see HostPageOptions.initial, .before). */
  const start = (view: PageView): Promise<HostPage> => {
    hostPage ??= importModule<{ startHostPage: typeof startHostPage }>(HOST_PAGE_MODULE).then((module) => {
      running = true;
      const { before } = view;
      const options = {
        site: site.id,
        overrides: () => overrides,
        recipes: () => recipes,
        initial: view.shown(),
        before,
        submitted,
        early,
      };
      return module.startHostPage(options);
    });
    return hostPage;
  };
  /** The record a URL names: the built-in routes' (or the agent's override), else a recipe's. */
  const recordAt = (url: URL) =>
    contactIdAt(site, url, overrides) ?? recipeAt(recipes, url)?.hostRecordId ?? null;
  const showsRecord = (url: URL) => recordAt(url) !== null || businessIdAt(site, url) !== null;
  /**
   * Starts following the page. On a contact page the background hears of the record at once, while the module
   * loads: the URL names it, and a linked contact needs nothing else to be found.
   */
  const startOn = (url: URL, view: PageView) => {
    const contactId = recordAt(url);
    if (contactId !== null && !hostPage) {
      early = sendToBackground('page.show', {
        page: { site: site.id, hostRecordId: contactId },
        settled: false,
      });
      early.catch(() => undefined);
    }
    void start(view).catch(() => undefined);
  };
  /**
   * After an in-app navigation the page may still show the previous page (a list, under a progress bar); once
   * it has changed, what it shows may be the new record's (the watcher reads on, and does not take the person
   * the previous page showed, read from a copy made now). Watched from the navigation on, so a page that
   * finished rendering before the module loaded is still read at once.
   */
  const sinceNavigation = (): PageView => {
    let changed = false;
    const observer = new MutationObserver(() => {
      changed = true;
      observer.disconnect();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    return {
      before: copyOfPage(document),
      shown: () => {
        observer.disconnect();
        return changed;
      },
    };
  };

  // The keyboard shortcut, from our own background only: on any page, it opens the sidebar.
  browser.runtime.onMessage.addListener(
    (message: unknown, sender: { id?: string; tab?: unknown }, reply: (answer: unknown) => void) => {
      if ((message as { type?: unknown } | null)?.type !== 'sidebar.toggle') return;
      if (sender.id === browser.runtime.id && !sender.tab)
        start(UNKNOWN).then(
          (page) => page.toggle(),
          () => undefined,
        );
      reply({ res: ok(null) });
    },
  );

  const here = new URL(location.href);
  if (showsRecord(here)) return startOn(here, LOADED);
  void recipesArrived.then(() => {
    const now = new URL(location.href);
    if (!hostPage && recipes.length > 0 && showsRecord(now)) startOn(now, LOADED);
  });

  // Until then: a navigation to a contact or company page, or a submit (a contact created from a list).
  followNavigations(
    window,
    (url, finished) => {
      if (showsRecord(url)) startOn(url, finished ? LOADED : sinceNavigation());
    },
    () => hostPage !== null,
  );
  // The agent starts filling a form: the watcher loads meanwhile, so it is running when the form is submitted.
  document.addEventListener(
    'focusin',
    (event) => {
      if (!hostPage && (event.target as Element | null)?.closest?.('form'))
        void start(UNKNOWN).catch(() => undefined);
    },
    { capture: true, passive: true },
  );
  document.addEventListener(
    'submit',
    (event) => {
      // Submits after the watcher started are its own to see.
      if (running || !(event.target instanceof HTMLFormElement)) return;
      submitted.push(event.target);
      // Should the host reload the page on saving before the watcher loads, it finds this after the reload.
      saveEarlyContactSubmit(window, site.id, event.target, Date.now());
      void start(UNKNOWN).catch(() => undefined);
    },
    { capture: true, passive: true },
  );
  // A submit awaited from before a reload (a host that saves with a full page load), looked for only while one
  // may be awaited on the site. The page's first use of sessionStorage is a synchronous trip to the browser:
  // made once the page is idle, not while it loads.
  if (awaitedUntil >= Date.now())
    requestIdleCallback(
      () => {
        if (!hostPage && loadSubmit(window, site.id, Date.now())) startOn(new URL(location.href), LOADED);
      },
      { timeout: 1_000 },
    );
}

export default defineUnlistedScript(() => {
  void main();
});
