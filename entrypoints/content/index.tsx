import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { Sidebar } from '../../components/Sidebar';
import { SidebarFrame } from '../../components/SidebarFrame';
import '../../components/sidebar.css';
import { CRM_MATCHES } from '../../lib/hosts';
import { messenger, sendMessage } from '../../lib/messaging/protocol';
import { ok } from '../../lib/messaging/reply';
import { createPageWatcher } from '../../lib/sidebar/page-watcher';
import { createShell } from '../../lib/sidebar/shell';
import { createSidebarState } from '../../lib/sidebar/state';
import { adapterForUrl } from '../../lib/sites';
import type { SiteOverrides } from '../../lib/sites/types';
import { siteOverridesItem } from '../../lib/storage/items';

const POLL_MS = 60_000;

export default defineContentScript({
  matches: [...CRM_MATCHES],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const adapter = adapterForUrl(new URL(location.href));
    if (!adapter) return;
    let overrides: SiteOverrides | undefined = (await siteOverridesItem.getValue())[adapter.id];
    const unwatchOverrides = siteOverridesItem.watch((all) => {
      overrides = all[adapter.id];
    });
    ctx.onInvalidated(unwatchOverrides);

    const state = createSidebarState(adapter.id);
    let building: Promise<void> | null = null;

    // The sidebar is built the first time the page shows a contact: other pages pay for a URL check only.
    const ensureUi = () => {
      building ??= buildUi();
      return building;
    };
    const shell = createShell(adapter.id);
    const buildUi = async () => {
      void state.loadStatus();
      await shell.load();
      const created = await createShadowRootUi(ctx, {
        name: 'highlevel-sidebar',
        position: 'overlay',
        anchor: 'body',
        append: 'last',
        onMount(container) {
          const root = document.createElement('div');
          root.className = 'hls-root';
          container.append(root);
          render(
            <SidebarFrame shell={shell}>
              <Sidebar
                state={state}
                onClose={shell.close}
                onOpenOptions={() => void sendMessage('options.open', undefined).catch(() => undefined)}
              />
            </SidebarFrame>,
            root,
          );
          return root;
        },
        onRemove(root) {
          if (root) render(null, root);
        },
      });
      created.mount();
    };

    const watcher = createPageWatcher({
      adapter,
      overrides: () => overrides,
      doc: document,
      signal: ctx.signal,
      onContact(contact, settled) {
        void ensureUi();
        state.openPage(contact, settled);
      },
      onLeave() {
        state.leavePage();
      },
    });

    // The keyboard shortcut (manifest `commands`) reaches us from our own background only.
    const stopToggle = messenger.onMessage('sidebar.toggle', async (message) => {
      if (message.sender.id !== browser.runtime.id || message.sender.tab) return ok(null);
      await ensureUi();
      shell.toggle();
      return ok(null);
    });
    ctx.onInvalidated(stopToggle);
    const stopReceipts = messenger.onMessage('write.update', (message) => {
      if (message.sender.id !== browser.runtime.id || message.sender.tab) return ok(null);
      state.writes.update(message.data);
      return ok(null);
    });
    ctx.onInvalidated(stopReceipts);

    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => watcher.check(newUrl.href, false));
    adapter.observe(
      document,
      ctx.signal,
      (event) => {
        if (event.type === 'contact.updated') state.refresh();
      },
      overrides,
    );
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') state.refresh();
    });
    ctx.setInterval(() => {
      if (document.visibilityState === 'visible') state.refresh();
    }, POLL_MS);

    watcher.check(location.href, true);
  },
});
