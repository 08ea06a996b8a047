/**
 * Following a host page once it can matter: which contact it shows (page-watcher.ts), what the agent does on it
 * (the adapter's watcher), messages from our background, and the sidebar, whose UI module is imported the first
 * time a page shows a contact. The content script starts this on a contact or company page, on a pending
 * submit, on a form submit, or on the toggle shortcut.
 */
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendEnvelope } from '../messaging/envelope';
import { type MatchView, messenger, sendMessage } from '../messaging/protocol';
import { ok, type Reply } from '../messaging/reply';
import { SITE_ADAPTERS } from '../sites';
import type { SiteId, SiteOverrides } from '../sites/types';
import { type EarlyReplies, earlyKey } from './early';
import { importModule, SIDEBAR_UI_MODULE } from './modules';
import type { mountSidebar, SidebarController } from './mount';
import { createPageWatcher } from './page-watcher';

const POLL_MS = 60_000;
/** The longest the sidebar's module waits for the page to show a contact's fields. */
const HOLD_MAX_MS = 1_000;

export interface HostPageOptions {
  site: SiteId;
  /** The site's current overrides (the content script keeps them up to date). */
  overrides(): SiteOverrides | undefined;
  /**
   * True when what the page shows belongs to its URL: the document loaded on it, or the page has changed
   * since the in-app navigation to it. Otherwise fields are read once the page changes.
   */
  initial: boolean;
  /** After an in-app navigation to the page: a copy of the page as the navigation found it. */
  before?: Document;
  /** Forms submitted before this started. */
  submitted: readonly HTMLFormElement[];
  /** Messages the content script already sent for the sidebar (its first match). */
  early: EarlyReplies;
}

export interface HostPage {
  toggle(): void;
}

export function startHostPage(options: HostPageOptions): HostPage {
  // WXT's context from here on (listeners tied to its signal, the shadow-root UI), made only on pages that matter.
  const ctx = new ContentScriptContext('crm-content');
  // `options` is read here only, never from a closure: its copy of the page before the navigation is let go.
  const { site, overrides } = options;
  const adapter = SITE_ADAPTERS.find((candidate) => candidate.id === site);
  if (!adapter) throw new Error(`No adapter for ${site}`);

  let sidebar: Promise<SidebarController> | null = null;
  let loaded = false;
  // While the sidebar module loads, its first question (which HighLevel contact is this?) is already asked.
  const { early } = options;
  // Calls go through one promise chain, so they reach the sidebar in order even while it loads.
  const withSidebar = (call: (ui: SidebarController) => void) => {
    sidebar ??= importModule<{ mountSidebar: typeof mountSidebar }>(SIDEBAR_UI_MODULE)
      .then((ui) => ui.mountSidebar(ctx, adapter.id, early))
      .then((ui) => {
        loaded = true;
        return ui;
      });
    sidebar.then(call, () => undefined);
  };
  const ifLoaded = (call: (ui: SidebarController) => void) => sidebar?.then(call, () => undefined);
  /**
   * On a contact page the sidebar's module waits until the page shows the contact's fields, or the first match
   * has found a linked contact, or a moment has passed: loading it competes for the main thread with the host
   * page's own rendering, which the page's fields (and so an email match) wait for. Calls made meanwhile are kept
   * in order.
   */
  let held: ((ui: SidebarController) => void)[] | null = null;
  const release = () => {
    const calls = held;
    held = null;
    for (const call of calls ?? []) withSidebar(call);
  };
  const whenShown = (call: (ui: SidebarController) => void) => {
    if (held) held.push(call);
    else withSidebar(call);
  };
  const holdUntilShown = (firstReply: Promise<unknown> | undefined) => {
    if (sidebar || held) return;
    held = [];
    const timer = setTimeout(release, HOLD_MAX_MS);
    const done = () => {
      clearTimeout(timer);
      release();
    };
    firstReply?.then((reply) => {
      const answer = reply as Reply<MatchView> | undefined;
      if (answer?.ok && answer.value.status === 'linked') done();
    }, done);
    ctx.onInvalidated(() => clearTimeout(timer));
  };

  const watcher = createPageWatcher({
    adapter,
    overrides,
    doc: document,
    signal: ctx.signal,
    onContact: (contact, settled) => {
      const key = earlyKey('contact.match', { site: adapter.id, page: contact, settled });
      if (!loaded && !early.has(key))
        early.set(key, sendEnvelope('contact.match', { site: adapter.id, page: contact, settled }));
      if (!settled) holdUntilShown(early.get(key));
      whenShown((ui) => ui.openPage(contact, settled));
      if (settled) release();
    },
    // Automations hear of it too; the reply only comes when their runs finish, so nobody waits for it.
    onOpened: (contact) =>
      void sendMessage('host.event', {
        site: adapter.id,
        event: { type: 'contact.opened', contact },
      }).catch(() => undefined),
    onLeave: () => (held ? held.push((ui) => ui.leavePage()) : ifLoaded((ui) => ui.leavePage())),
  });

  // How writes went, from our own background only.
  ctx.onInvalidated(
    messenger.onMessage('write.update', (message) => {
      if (message.sender.id === browser.runtime.id && !message.sender.tab)
        ifLoaded((ui) => ui.receipt(message.data));
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
    overrides(),
    options.submitted,
  );
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible') ifLoaded((ui) => ui.refresh());
  });
  ctx.setInterval(() => {
    if (document.visibilityState === 'visible') ifLoaded((ui) => ui.refresh());
  }, POLL_MS);

  watcher.check(location.href, options.initial, options.before);
  return {
    // The first toggle on a page without the sidebar shows it, whatever state it was last left in.
    toggle: () => {
      const shown = sidebar !== null;
      release();
      withSidebar((ui) => (shown ? ui.toggle() : ui.show()));
    },
  };
}
