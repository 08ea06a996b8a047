/**
 * The sidebar's place on the host page, kept by the content script: an element with a random name whose shadow
 * root is closed, holding the launcher tab, the resize edge and an iframe of the extension's sidebar page. The
 * page's scripts cannot reach into the closed root nor read a frame of another origin, and HighLevel's data lives
 * only in that frame (see frame-channel.ts for how the frame learns it may trust this content script).
 *
 * Layout (open, folded, width) is remembered per site (shell.ts); the page gets a right margin as wide as the
 * open sidebar, so the CRM's own buttons on the right edge stay reachable.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { originOf, SIDEBAR_PAGE } from '../messaging/sender';
import type { SidebarUiState } from '../storage/keys';
import { t } from '../ui/i18n';
import type { FrameHandshake, FromFrame, ToFrame } from './frame-channel';
import { sendToBackground } from './messenger';
import { createShell, MAX_WIDTH, MIN_WIDTH } from './shell';
import type { PageContact, SiteId } from './sites/types';

export interface FrameHost {
  openPage(contact: PageContact, settled: boolean): void;
  leavePage(): void;
  refresh(): void;
  toggle(): void;
  /** Shows the sidebar, whatever state it was last left in, and puts focus into it. */
  show(): void;
}

/** How often the page may take the sidebar off the page before it stays off (a page at war with it). */
const MAX_REATTACH = 20;

const STYLE = `
:host { all: initial; }
.launcher {
  position: fixed; right: 0; top: 40%; z-index: 2147483646; writing-mode: vertical-rl; padding: 10px 6px;
  border-radius: 8px 0 0 8px; border: 1px solid #e5e7eb; border-right: 0; background: #155eef; color: #fff;
  font: 600 12px system-ui, sans-serif; cursor: pointer;
}
.launcher:focus-visible { outline: 2px solid #155eef; outline-offset: 2px; }
.panel { position: fixed; top: 0; right: 0; bottom: 0; z-index: 2147483646; display: flex; }
.resizer { width: 6px; cursor: col-resize; background: transparent; touch-action: none; }
.resizer:hover, .resizer:focus-visible { background: #155eef; opacity: 0.5; outline: none; }
iframe { border: 0; height: 100%; display: block; color-scheme: normal; background: transparent; }
[hidden] { display: none !important; }
@media (prefers-color-scheme: dark) {
  .launcher { background: #84adff; color: #0b1220; border-color: #374151; }
}
`;

function randomName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `hl-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export async function createFrameHost(ctx: ContentScriptContext, site: SiteId): Promise<FrameHost> {
  const host = document.createElement(randomName());
  // Inline and !important: no stylesheet of the page can move, hide or restyle it.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('z-index', '2147483647', 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.textContent = 'HighLevel';
  launcher.setAttribute('aria-label', t('sidebar_launcher'));
  const panel = document.createElement('div');
  panel.className = 'panel';
  const resizer = document.createElement('div');
  resizer.className = 'resizer';
  resizer.tabIndex = 0;
  resizer.setAttribute('role', 'separator');
  resizer.setAttribute('aria-orientation', 'vertical');
  resizer.setAttribute('aria-label', t('sidebar_resize'));
  resizer.setAttribute('aria-valuemin', String(MIN_WIDTH));
  resizer.setAttribute('aria-valuemax', String(MAX_WIDTH));
  const frame = document.createElement('iframe');
  frame.title = t('extName');
  const src = browser.runtime.getURL(SIDEBAR_PAGE as '/sidebar-frame.html');
  panel.append(resizer, frame);
  root.append(style, launcher, panel);

  // ---- Layout --------------------------------------------------------------------------------------------
  const page = document.documentElement;
  const previousMargin = page.style.marginRight;
  let focusInside = false;
  const layout = (ui: SidebarUiState) => {
    launcher.hidden = ui.open;
    panel.hidden = !ui.open;
    frame.style.width = `${ui.width}px`;
    resizer.setAttribute('aria-valuenow', String(ui.width));
    page.style.marginRight = ui.open ? `${ui.width + 6}px` : previousMargin;
  };
  let wasOpen: boolean | null = null;
  const shell = createShell(site, (ui) => {
    layout(ui);
    if (wasOpen === true && !ui.open && focusInside) launcher.focus();
    if (!ui.open) focusInside = false;
    wasOpen = ui.open;
  });
  await shell.load();

  // ---- The frame and its channel -----------------------------------------------------------------------
  let port: MessagePort | null = null;
  let ready = false;
  /** The agent opened the sidebar from the keyboard or the launcher before the frame was ready. */
  let focusWanted = false;
  /** What the frame is to show once ready: the page's latest state (later ones replace earlier ones). */
  let latest: ToFrame | null = null;
  const post = (message: ToFrame) => {
    if (message.type === 'page' || message.type === 'leave') latest = message;
    if (ready && port) port.postMessage(message);
  };
  /** Where focus was on the page before it went into the sidebar: Esc takes it back there. */
  let pageFocus: HTMLElement | null = null;
  const backToPage = () => {
    focusInside = false;
    if (pageFocus?.isConnected) pageFocus.focus();
    else (document.activeElement as HTMLElement | null)?.blur?.();
  };
  const onFrameMessage = (event: MessageEvent) => {
    const message = event.data as FromFrame;
    if (message?.type === 'ready') {
      ready = true;
      performance.mark?.('hls-frame-ready');
      if (latest) port?.postMessage(latest);
      if (focusWanted) {
        focusWanted = false;
        port?.postMessage({ type: 'shown', focus: true } satisfies ToFrame);
      }
    } else if (message?.type === 'close') shell.close();
    else if (message?.type === 'escape') backToPage();
  };
  /**
   * Each load of the frame gets a new key and a new channel: the key is asked first (while the frame loads) and
   * handed to the frame's window alone, at the extension's origin.
   */
  const handshake = async (key: Promise<string | null>) => {
    const value = await key;
    const target = frame.contentWindow;
    if (!value || !target) return;
    port?.close();
    port = null;
    ready = false;
    // Chrome loads a dynamic URL (use_dynamic_url) at the extension's static origin, or at the dynamic one: the
    // key goes to whichever the frame has, each with its own channel (a message to the other origin is dropped).
    const origins = new Set([originOf(src), `${new URL(src).protocol}//${browser.runtime.id}`]);
    for (const origin of origins) {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (port !== channel.port1) {
          port?.close();
          port = channel.port1;
        }
        onFrameMessage(event);
      };
      target.postMessage({ type: 'hls.frame.key', key: value } satisfies FrameHandshake, origin, [
        channel.port2,
      ]);
    }
  };
  const askKey = () =>
    sendToBackground('frame.key', undefined).then(
      (reply) => (reply.ok ? reply.value.key : null),
      () => null,
    );
  // The first key is asked while the frame loads; a frame loaded again (the page navigated it away and back)
  // gets a new one, which replaces the first in the background.
  let firstKey: Promise<string | null> | null = askKey();
  frame.addEventListener('load', () => {
    void handshake(firstKey ?? askKey());
    firstKey = null;
  });
  frame.src = src;

  // ---- Keeping it on the page --------------------------------------------------------------------------
  let reattached = 0;
  const attach = () => (document.body ?? page).append(host);
  attach();
  const keeper = new MutationObserver(() => {
    if (!host.isConnected && reattached < MAX_REATTACH) {
      reattached += 1;
      attach();
    }
  });
  keeper.observe(page, { childList: true, subtree: true });

  // ---- Agent input -------------------------------------------------------------------------------------
  const focusFrame = () => {
    focusInside = true;
    frame.focus();
    // Shown just now, the iframe may not be laid out yet: focus it again on the next frame.
    requestAnimationFrame(() => frame.focus());
    if (ready && port) port.postMessage({ type: 'shown', focus: true } satisfies ToFrame);
    else focusWanted = true;
  };
  launcher.addEventListener('click', () => {
    shell.open();
    focusFrame();
  });
  document.addEventListener(
    'focusin',
    (event) => {
      if (event.target === host) focusInside = true;
      else {
        focusInside = false;
        pageFocus = event.target as HTMLElement;
      }
    },
    { capture: true, signal: ctx.signal },
  );
  resizer.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 60 : 20;
    if (event.key === 'ArrowLeft') shell.resize(shell.ui.width + step);
    else if (event.key === 'ArrowRight') shell.resize(shell.ui.width - step);
    else return;
    event.preventDefault();
  });
  let drag: { startX: number; startWidth: number } | null = null;
  resizer.addEventListener('pointerdown', (event) => {
    drag = { startX: event.clientX, startWidth: shell.ui.width };
    resizer.setPointerCapture(event.pointerId);
    // The frame would take the pointer as it passes over it.
    frame.style.pointerEvents = 'none';
  });
  resizer.addEventListener('pointermove', (event) => {
    if (drag) shell.resize(drag.startWidth + (drag.startX - event.clientX));
  });
  const endDrag = () => {
    drag = null;
    frame.style.pointerEvents = '';
  };
  resizer.addEventListener('pointerup', endDrag);
  resizer.addEventListener('pointercancel', endDrag);

  ctx.onInvalidated(() => {
    keeper.disconnect();
    port?.close();
    host.remove();
    page.style.marginRight = previousMargin;
  });

  return {
    openPage: (contact, settled) => post({ type: 'page', page: contact, settled }),
    leavePage: () => post({ type: 'leave' }),
    refresh: () => post({ type: 'refresh' }),
    // Folded from the keyboard while the agent works in the sidebar, focus goes to the launcher; from the page,
    // it stays where the agent works.
    toggle: () => {
      if (shell.ui.open) shell.close();
      else {
        shell.open();
        focusFrame();
      }
    },
    show: () => {
      shell.open();
      focusFrame();
    },
  };
}
