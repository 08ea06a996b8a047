/**
 * The sidebar inside its frame: waits for the key its content script hands it, has the background accept it,
 * then renders the sidebar and follows what the content script says the page shows. Everything of HighLevel's
 * it shows comes from the background, asked by this frame itself.
 */
import { render } from 'preact';
import { FRAME_PORT, type FromFrame, isHandshake, type ToFrame } from '../../lib/host-page/frame-channel';
import type { SiteId } from '../../lib/host-page/sites/types';
import { settle } from '../../lib/messaging/reply';
import { uiLanguage } from '../../lib/ui/i18n';
import type { HostAccessBrowser } from '../settings/host-access';
import { sendMessage } from './messenger';
import type { FramePush } from './protocol';
import { createSidebarState, type SidebarState } from './state';
import { Sidebar } from './views/Sidebar';

/** How often the open sidebar reads its contact again while the tab is visible. */
const POLL_MS = 60_000;
/** Keys tried before the frame stops listening (a page posting guesses cannot keep it busy). */
const MAX_KEYS = 20;

/** A port to the background (runtime.connect), given by the entrypoint. */
export interface BackgroundPort {
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
export type Connect = (name: string) => BackgroundPort;

export function startSidebarFrame(
  win: Window,
  connect: Connect,
  access?: HostAccessBrowser,
  send: typeof sendMessage = sendMessage,
): void {
  win.document.documentElement.lang = uiLanguage();
  let tried = 0;
  let attached = false;
  const onMessage = async (event: MessageEvent) => {
    // Only the parent window (the host page and our content script share it: the key tells them apart).
    if (attached || event.source !== win.parent || !isHandshake(event.data) || !event.ports[0]) return;
    if (++tried > MAX_KEYS) return win.removeEventListener('message', onMessage);
    const port = event.ports[0];
    const reply = await settle(send('frame.attach', { key: event.data.key }));
    if (!reply.ok || attached) return;
    attached = true;
    win.removeEventListener('message', onMessage);
    showSidebar(win, reply.value.site, port, send, connect, access);
  };
  win.addEventListener('message', onMessage);
}

function showSidebar(
  win: Window,
  site: SiteId,
  port: MessagePort,
  send: typeof sendMessage,
  connect: Connect,
  access: HostAccessBrowser | undefined,
) {
  const doc = win.document;
  const state = createSidebarState(site, send, access);
  const tell = (message: FromFrame) => port.postMessage(message);
  void state.loadStatus();
  const app = doc.getElementById('app');
  if (app)
    render(
      <Sidebar
        state={state}
        onClose={() => tell({ type: 'close' })}
        onOpenOptions={() => void send('options.open', undefined).catch(() => undefined)}
      />,
      app,
    );
  const receipts = followReceipts(state, connect);

  port.onmessage = (event: MessageEvent) => {
    const message = event.data as ToFrame;
    switch (message?.type) {
      case 'page':
        receipts.ensure();
        state.openPage(message.page, message.settled);
        break;
      case 'leave':
        state.leavePage();
        break;
      case 'refresh':
        state.refresh();
        break;
      case 'shown':
        if (message.focus) {
          // The frame takes focus itself too: the page's focus() on the iframe may land before it was laid out.
          win.focus();
          doc.querySelector<HTMLElement>('.hls-title')?.focus();
        }
        break;
    }
  };
  // Esc that nothing inside the sidebar took (a form, a menu, a dialog): back to the page.
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) tell({ type: 'escape' });
  });
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') state.refresh();
  });
  win.setInterval(() => {
    if (doc.visibilityState === 'visible') state.refresh();
  }, POLL_MS);
  tell({ type: 'ready' });
}

/**
 * How writes go reaches the frame over a port to the background. The worker may stop while idle, closing the
 * port: it is opened again when the frame next needs it (a page shown, a write), and the receipts it may have
 * missed are asked for again.
 */
function followReceipts(state: SidebarState, connect: Connect) {
  let port: BackgroundPort | null = null;
  const ensure = () => {
    if (port) return;
    port = connect(FRAME_PORT);
    port.onMessage.addListener((message: unknown) => {
      const push = message as FramePush;
      if (push?.type === 'receipt') state.writes.update(push.receipt);
      else if (push?.type === 'host-access') void state.hostAccess.load();
    });
    port.onDisconnect.addListener(() => {
      port = null;
      const contactId = state.contactId.value;
      const open = state.writes.receipts.value.some((r) => r.status === 'pending' || r.status === 'sending');
      if (open && contactId) {
        ensure();
        void state.writes.loadUnsettled(contactId);
      }
    });
  };
  const submit = state.writes.submit;
  state.writes.submit = (...args) => {
    ensure();
    return submit(...args);
  };
  return { ensure };
}
