/**
 * The host permissions on the pages' side (options page, popup, the sidebar's frame): what the background says
 * of them, the "Allow" that asks the browser for them, and the background's word that they changed.
 */
import { signal } from '@preact/signals';
import { HOST_PERMISSIONS } from '../../lib/hosts';
import { type Reply, settle } from '../../lib/messaging/reply';
import { HOST_ACCESS_CHANGED, type HostAccessView } from './protocol';

export interface HostAccessBrowser {
  /** Asks the browser for every host permission: only from a click handler, before anything is awaited. */
  request(): Promise<boolean>;
  /** Calls `listener` when the background says the grant changed; answers how to stop. */
  onChanged(listener: () => void): () => void;
}

type Heard = (message: unknown, sender: { id?: string; tab?: unknown }) => void;

/** The part of `browser` it needs (wxt/browser's, given by each page's entrypoint). */
interface PermissionsBrowser {
  permissions: { request(permissions: { origins: string[] }): Promise<boolean> };
  runtime: { id: string; onMessage: { addListener(heard: Heard): void; removeListener(heard: Heard): void } };
}

/** The browser's side, given by each page's entrypoint (the states stay free of the browser, for their tests). */
export function browserHostAccess(api: PermissionsBrowser): HostAccessBrowser {
  return {
    request: () => api.permissions.request({ origins: [...HOST_PERMISSIONS] }),
    onChanged(listener) {
      const heard: Heard = (message, sender) => {
        // The background's word only: a content script's message always names its tab.
        const type = (message as { type?: unknown } | null)?.type;
        if (type === HOST_ACCESS_CHANGED && sender.id === api.runtime.id && !sender.tab) listener();
      };
      api.runtime.onMessage.addListener(heard);
      return () => api.runtime.onMessage.removeListener(heard);
    },
  };
}

/** Where the browser's permissions cannot be reached: asking fails (see `cannotAsk`), and nothing changes. */
const UNREACHABLE: HostAccessBrowser = {
  request: () => Promise.reject(new Error('no permissions API here')),
  onChanged: () => () => undefined,
};

/**
 * `ask` reads the background's view; `cannotAsk` runs when the browser refuses to ask from this page (then
 * another page must: the sidebar's frame opens the settings).
 */
export function createHostAccessState(
  ask: () => Promise<Reply<HostAccessView>>,
  access: HostAccessBrowser = UNREACHABLE,
  cannotAsk: () => void = () => undefined,
) {
  const view = signal<HostAccessView | null>(null);
  const load = async () => {
    const reply = await settle(ask());
    if (reply.ok) view.value = reply.value;
  };
  access.onChanged(() => void load());
  return {
    view,
    load,
    /** The "Allow" button's click handler itself: the browser asks for a user gesture, so nothing is awaited first. */
    allow(): void {
      let asked: Promise<boolean>;
      try {
        asked = access.request();
      } catch (error) {
        asked = Promise.reject(error);
      }
      void asked.then(
        (granted) => {
          if (granted) void load();
        },
        () => cannotAsk(),
      );
    },
  };
}
