/**
 * The content script, on every page of a supported CRM. Most host pages (lists, reports, settings) never show
 * a contact, so this stays small: it tells from the URL whether the page can matter and otherwise only waits.
 * The page is followed in full (lib/sidebar/host-page.ts, imported on demand) once it shows a contact or a
 * company, when a submit is still awaited from before a reload, when a form is submitted, or when the agent
 * toggles the sidebar.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CRM_MATCHES } from '../../lib/hosts';
import { sendEnvelope } from '../../lib/messaging/envelope';
import { ok } from '../../lib/messaging/reply';
import { type EarlyReplies, earlyKey, firstMatch } from '../../lib/sidebar/early';
import type { HostPage, startHostPage } from '../../lib/sidebar/host-page';
import { HOST_PAGE_MODULE, importModule, SIDEBAR_UI_MODULE } from '../../lib/sidebar/modules';
import { loadSubmit } from '../../lib/sites/armed-store';
import { siteForUrl } from '../../lib/sites/definitions';
import type { SiteOverrides } from '../../lib/sites/types';
import { businessIdAt, contactIdAt } from '../../lib/sites/url';
import { SITE_OVERRIDES } from '../../lib/storage/keys';
import { readLocal, watchLocal } from '../../lib/storage/local';

export default defineContentScript({
  matches: [...CRM_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    const site = siteForUrl(new URL(location.href));
    if (!site) return;
    let overrides: SiteOverrides | undefined = (await readLocal(SITE_OVERRIDES))[site.id];
    ctx.onInvalidated(
      watchLocal(SITE_OVERRIDES, (all) => {
        overrides = all[site.id];
      }),
    );

    let hostPage: Promise<HostPage> | null = null;
    let running = false;
    const submitted: HTMLFormElement[] = [];
    const early: EarlyReplies = new Map();
    const start = (initial: boolean): Promise<HostPage> => {
      hostPage ??= importModule<{ startHostPage: typeof startHostPage }>(HOST_PAGE_MODULE).then((module) => {
        running = true;
        return module.startHostPage(ctx, {
          site: site.id,
          overrides: () => overrides,
          initial,
          submitted,
          early,
        });
      });
      return hostPage;
    };
    const showsRecord = (url: URL) =>
      contactIdAt(site, url, overrides) !== null || businessIdAt(site, url) !== null;
    /**
     * Starts following the page. On a contact page, the sidebar's UI loads alongside and the first match is
     * asked at once: the URL names the contact, and a linked one needs nothing else.
     */
    const startOn = (url: URL, initial: boolean) => {
      const contactId = contactIdAt(site, url, overrides);
      if (contactId !== null && !hostPage) {
        const question = firstMatch(site.id, contactId);
        const reply = sendEnvelope('contact.match', question);
        reply.catch(() => undefined);
        early.set(earlyKey('contact.match', question), reply);
        void importModule(SIDEBAR_UI_MODULE).catch(() => undefined);
      }
      void start(initial).catch(() => undefined);
    };

    // The keyboard shortcut, from our own background only: on any page, it opens the sidebar.
    const onMessage = (
      message: unknown,
      sender: { id?: string; tab?: unknown },
      reply: (r: unknown) => void,
    ) => {
      if ((message as { type?: unknown } | null)?.type !== 'sidebar.toggle') return;
      if (sender.id === browser.runtime.id && !sender.tab)
        start(false).then(
          (page) => page.toggle(),
          () => undefined,
        );
      reply({ res: ok(null) });
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    const here = new URL(location.href);
    if (showsRecord(here)) return startOn(here, true);
    // A submit awaited from before a reload (a host that saves with a full page load). The page's first use of
    // sessionStorage is a synchronous trip to the browser: made once the page is idle, not while it loads.
    ctx.requestIdleCallback(
      () => {
        if (!hostPage && loadSubmit(window, site.id, Date.now())) startOn(new URL(location.href), true);
      },
      { timeout: 1_000 },
    );
    // Until then: a navigation to a contact or company page, or a submit (a contact created from a list).
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
      if (!hostPage && showsRecord(newUrl)) startOn(newUrl, false);
    });
    ctx.addEventListener(
      document,
      'submit',
      (event) => {
        // Submits after the watcher started are its own to see.
        if (running || !(event.target instanceof HTMLFormElement)) return;
        submitted.push(event.target);
        void start(false).catch(() => undefined);
      },
      { capture: true, passive: true },
    );
  },
});
