/**
 * Following a host page once it can matter: which contact it shows (page-watcher.ts), what the agent does on it
 * (the adapter's watcher), and the sidebar's frame (frame-host.ts), put on the page the first time it shows a
 * contact. The content script starts this on a contact or company page, on a pending submit, on a form submit,
 * or on the toggle shortcut. It reports what the page shows and never receives anything of HighLevel's.
 */

import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Recipe } from '../recipes/types';
import { createFrameHost, type FrameHost } from './frame-host';
import { sendToBackground } from './messenger';
import { createPageWatcher } from './page-watcher';
import { SITE_ADAPTERS } from './sites';
import { withRecipes } from './sites/recipe-adapter';
import type { PageContact, SiteId, SiteOverrides } from './sites/types';

export interface HostPageOptions {
  site: SiteId;
  /** The site's current overrides (the content script keeps them up to date). */
  overrides(): SiteOverrides | undefined;
  /** The agent's recipes for this page's host, as the background last gave them. */
  recipes(): readonly Recipe[];
  /**
   * True when what the page shows belongs to its URL: the document loaded on it, or the page has changed
   * since the in-app navigation to it. Otherwise fields are read once the page changes.
   */
  initial: boolean;
  /** After an in-app navigation to the page: a copy of the page as the navigation found it. */
  before?: Document;
  /** Forms submitted before this started. */
  submitted: readonly HTMLFormElement[];
  /** The page the content script already reported (from its URL, before this module loaded), if it did. */
  early?: Promise<unknown>;
}

export interface HostPage {
  toggle(): void;
}

export function startHostPage(options: HostPageOptions): HostPage {
  // WXT's context from here on (listeners tied to its signal), made only on pages that matter.
  const ctx = new ContentScriptContext('crm-content');
  // `options` is read here only, never from a closure: its copy of the page before the navigation is let go.
  const { site, overrides } = options;
  const builtIn = SITE_ADAPTERS.find((candidate) => candidate.id === site);
  if (!builtIn) throw new Error(`No adapter for ${site}`);
  const adapter = withRecipes(builtIn, options.recipes);

  let sidebar: Promise<FrameHost> | null = null;
  // Calls go through one promise chain, so they reach the sidebar in order even while it is put on the page.
  const withSidebar = (call: (ui: FrameHost) => void) => {
    sidebar ??= createFrameHost(ctx, adapter.id);
    sidebar.then(call, () => undefined);
  };
  const ifShown = (call: (ui: FrameHost) => void) => sidebar?.then(call, () => undefined);
  /**
   * What the page shows goes to the background first (which starts finding the contact at once) and, once it
   * has it, to the sidebar's frame, which then asks the background for that contact.
   */
  let reported: Promise<unknown> = options.early ?? Promise.resolve();
  const report = (page: PageContact | null, settled: boolean) => {
    const sent = reported.then(() => sendToBackground('page.show', { page, settled }).catch(() => undefined));
    reported = sent;
    return sent;
  };

  const watcher = createPageWatcher({
    adapter,
    overrides,
    doc: document,
    signal: ctx.signal,
    onContact: (contact, settled) => {
      const sent = report(contact, settled);
      withSidebar((ui) => void sent.then(() => ui.openPage(contact, settled)));
    },
    // Automations hear of it too; the reply only comes when their runs finish, so nobody waits for it.
    onOpened: (contact) =>
      void sendToBackground('host.event', {
        site: adapter.id,
        event: { type: 'contact.opened', contact },
      }).catch(() => undefined),
    onLeave: () => {
      const sent = report(null, false);
      ifShown((ui) => void sent.then(() => ui.leavePage()));
    },
  });

  // In-app navigations: WXT's location watcher (the Navigation API, else a poll every second), and a hash route's
  // `hashchange` at once where there is no Navigation API. Each URL is looked at once.
  let followed = location.href;
  const follow = (href: string) => {
    if (href === followed) return;
    followed = href;
    watcher.check(href, false);
  };
  ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => follow(newUrl.href));
  ctx.addEventListener(window, 'hashchange', () => follow(location.href));
  adapter.observe(
    document,
    ctx.signal,
    (event) => {
      if (event.type === 'contact.updated') ifShown((ui) => ui.refresh());
      void sendToBackground('host.event', { site: adapter.id, event }).catch(() => undefined);
    },
    overrides(),
    options.submitted,
  );

  watcher.check(location.href, options.initial, options.before);
  return {
    // The first toggle on a page without the sidebar shows it, whatever state it was last left in.
    toggle: () => {
      const shown = sidebar !== null;
      withSidebar((ui) => (shown ? ui.toggle() : ui.show()));
    },
  };
}
