/**
 * The content script: on every page of a supported CRM. It recognises contact pages (the site's adapter),
 * follows in-app navigation, and forwards host events; the sidebar's UI is a separate module, imported the
 * first time a page shows a contact, so other pages pay for a URL check and a few listeners only.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CRM_MATCHES } from '../../lib/hosts';
import { messenger, sendMessage } from '../../lib/messaging/protocol';
import { ok } from '../../lib/messaging/reply';
import type { EarlyReplies } from '../../lib/sidebar/early';
import { earlyKey } from '../../lib/sidebar/early';
import type { mountSidebar, SidebarController } from '../../lib/sidebar/mount';
import { createPageWatcher } from '../../lib/sidebar/page-watcher';
import { adapterForUrl } from '../../lib/sites';
import type { SiteId, SiteOverrides } from '../../lib/sites/types';
import { SITE_OVERRIDES } from '../../lib/storage/keys';
import { readLocal, watchLocal } from '../../lib/storage/local';

const POLL_MS = 60_000;
const UI_MODULE = '/sidebar-ui.js';
const UI_GLOBAL = '__hlSidebarUi';

function loadSidebar(
  ctx: ContentScriptContext,
  site: SiteId,
  early: EarlyReplies,
): Promise<SidebarController> {
  return import(/* @vite-ignore */ browser.runtime.getURL(UI_MODULE)).then(() => {
    const ui = (globalThis as Record<string, unknown>)[UI_GLOBAL] as
      | { mountSidebar: typeof mountSidebar }
      | undefined;
    if (!ui) throw new Error('The sidebar module did not load.');
    return ui.mountSidebar(ctx, site, early);
  });
}

export default defineContentScript({
  matches: [...CRM_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    const adapter = adapterForUrl(new URL(location.href));
    if (!adapter) return;
    let overrides: SiteOverrides | undefined = (await readLocal(SITE_OVERRIDES))[adapter.id];
    ctx.onInvalidated(
      watchLocal(SITE_OVERRIDES, (all) => {
        overrides = all[adapter.id];
      }),
    );

    let sidebar: Promise<SidebarController> | null = null;
    let loaded = false;
    // While the sidebar module loads, its first question (which HighLevel contact is this?) is already asked.
    const early: EarlyReplies = new Map();
    // Calls go through one promise chain, so they reach the sidebar in order even while it loads.
    const withSidebar = (call: (ui: SidebarController) => void) => {
      sidebar ??= loadSidebar(ctx, adapter.id, early).then((ui) => {
        loaded = true;
        return ui;
      });
      sidebar.then(call, () => undefined);
    };
    const ifLoaded = (call: (ui: SidebarController) => void) => sidebar?.then(call, () => undefined);

    const watcher = createPageWatcher({
      adapter,
      overrides: () => overrides,
      doc: document,
      signal: ctx.signal,
      onContact: (contact, settled) => {
        if (!loaded) {
          const payload = { site: adapter.id, page: contact, settled };
          early.set(earlyKey('contact.match', payload), sendMessage('contact.match', payload));
        }
        withSidebar((ui) => ui.openPage(contact, settled));
        // Automations hear of it too; the reply only comes when their runs finish, so nobody waits for it.
        if (settled)
          void sendMessage('host.event', {
            site: adapter.id,
            event: { type: 'contact.opened', contact },
          }).catch(() => undefined);
      },
      onLeave: () => ifLoaded((ui) => ui.leavePage()),
    });

    // From our own background only: the keyboard shortcut, and how writes went.
    const fromBackground = (sender: { id?: string; tab?: unknown }) =>
      sender.id === browser.runtime.id && !sender.tab;
    ctx.onInvalidated(
      messenger.onMessage('sidebar.toggle', (message) => {
        if (fromBackground(message.sender)) withSidebar((ui) => ui.toggle());
        return ok(null);
      }),
    );
    ctx.onInvalidated(
      messenger.onMessage('write.update', (message) => {
        if (fromBackground(message.sender)) ifLoaded((ui) => ui.receipt(message.data));
        return ok(null);
      }),
    );

    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => watcher.check(newUrl.href, false));
    adapter.observe(
      document,
      ctx.signal,
      (event) => {
        if (event.type === 'contact.updated') ifLoaded((ui) => ui.refresh());
        void sendMessage('host.event', { site: adapter.id, event }).catch(() => undefined);
      },
      overrides,
    );
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') ifLoaded((ui) => ui.refresh());
    });
    ctx.setInterval(() => {
      if (document.visibilityState === 'visible') ifLoaded((ui) => ui.refresh());
    }, POLL_MS);

    watcher.check(location.href, true);
  },
});
