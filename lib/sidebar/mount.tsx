/**
 * Builds the sidebar into a shadow root on the host page and hands the content script a small controller.
 * This module is the sidebar's whole UI (Preact, views, state); it is loaded only once a page shows a contact.
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Sidebar } from '../../components/Sidebar';
import { SidebarFrame } from '../../components/SidebarFrame';
import css from '../../components/sidebar.css?inline';
import { sendEnvelope } from '../messaging/envelope';
import type { ProtocolMap, sendMessage, WriteReceipt } from '../messaging/protocol';
import type { PageContact, SiteId } from '../sites/types';
import { type EarlyReplies, earlyKey } from './early';
import { createShell } from './shell';
import { createSidebarState } from './state';

export interface SidebarController {
  openPage(contact: PageContact, settled: boolean): void;
  leavePage(): void;
  refresh(): void;
  toggle(): void;
  /** Shows the sidebar, whatever state it was last left in. */
  show(): void;
  receipt(receipt: WriteReceipt): void;
}

export async function mountSidebar(
  ctx: ContentScriptContext,
  site: SiteId,
  early: EarlyReplies = new Map(),
): Promise<SidebarController> {
  // The first match was asked while this module loaded: its answer is taken instead of asking again.
  const send = ((type: keyof ProtocolMap, data: unknown) => {
    const key = earlyKey(type, data);
    const pending = early.get(key);
    if (pending) {
      early.delete(key);
      return pending;
    }
    // Sent at once, in the same wire format: the messaging library's sendMessage waits a microtask first, which
    // let a render queued by an answer (the card) run before the question that answer led to (the sections).
    return sendEnvelope(type, data as never);
  }) as typeof sendMessage;
  const state = createSidebarState(site, send);
  const shell = createShell(site);
  void state.loadStatus();
  await shell.load();
  const ui = await createShadowRootUi(ctx, {
    name: 'highlevel-sidebar',
    position: 'overlay',
    anchor: 'body',
    append: 'last',
    css,
    onMount(container) {
      const root = document.createElement('div');
      root.className = 'hls-root';
      container.append(root);
      render(
        <SidebarFrame shell={shell}>
          <Sidebar
            state={state}
            onClose={shell.close}
            onOpenOptions={() => void send('options.open', undefined).catch(() => undefined)}
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
  ui.mount();
  // Make room for the open sidebar instead of covering the page's right edge (where CRMs put their buttons).
  const root = document.documentElement;
  const previousMargin = root.style.marginRight;
  const stopMargin = effect(() => {
    const { open, width } = shell.ui.value;
    root.style.marginRight = open ? `${width}px` : previousMargin;
  });
  ctx.onInvalidated(() => {
    stopMargin();
    root.style.marginRight = previousMargin;
  });
  return {
    openPage: (contact, settled) => state.openPage(contact, settled),
    leavePage: () => state.leavePage(),
    refresh: () => state.refresh(),
    toggle: () => shell.toggle(),
    show: () => shell.open(),
    receipt: (receipt) => state.writes.update(receipt),
  };
}
