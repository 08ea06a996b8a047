/** The toolbar popup's state: the connections and their access, and one click to connect. */
import { signal } from '@preact/signals';
import { type ErrorView, settle } from '../../lib/messaging/reply';
import { createHostAccessState, type HostAccessBrowser } from './host-access';
import { sendMessage } from './messenger';
import type { StatusView } from './protocol';

export function createPopupState(
  send: typeof sendMessage = sendMessage,
  close: () => void = () => window.close(),
  access?: HostAccessBrowser,
) {
  const hostAccess = createHostAccessState(() => send('host-access.get', undefined), access);
  const status = signal<StatusView | null>(null);
  const error = signal<ErrorView | null>(null);
  const busy = signal(false);
  const openOptions = async () => {
    await settle(send('options.open', undefined));
    close();
  };
  return {
    status,
    error,
    busy,
    hostAccess,
    async load() {
      void hostAccess.load();
      const reply = await settle(send('status.get', {}));
      if (reply.ok) status.value = reply.value;
      else error.value = reply.error;
    },
    openOptions,
    /** HighLevel's consent page when the app is configured, else the settings where an admin sets it up. */
    async connect() {
      if (!status.value?.oauthReady) return openOptions();
      busy.value = true;
      const reply = await settle(send('connection.oauth', { write: false }));
      busy.value = false;
      if (!reply.ok) {
        error.value = reply.error;
        return;
      }
      const next = await settle(send('status.get', {}));
      if (next.ok) status.value = next.value;
    },
  };
}

export type PopupState = ReturnType<typeof createPopupState>;
