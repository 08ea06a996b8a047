/**
 * The host permissions as the pages see them, for view tests: the background's view (`ask`), the browser's
 * request (granted at once, as Firefox does with prompts off, or refused from this page), and the background's
 * word that the grant changed.
 */
import { vi } from 'vitest';
import type { HostAccessBrowser } from '../../features/settings/host-access';
import type { HostAccessView } from '../../features/settings/protocol';

export function fakeHostAccess(granted: boolean, { requestFails = false } = {}) {
  let view: HostAccessView = { granted, highLevel: granted };
  const listeners = new Set<() => void>();
  const set = (next: HostAccessView) => {
    view = next;
    for (const listener of listeners) listener();
  };
  const request = vi.fn((): Promise<boolean> => {
    if (requestFails) throw new Error('permissions.request is not available here');
    set({ granted: true, highLevel: true });
    return Promise.resolve(true);
  });
  const access: HostAccessBrowser = {
    request,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    access,
    request,
    /** The background's answer to host-access.get. */
    ask: async () => ({ ok: true as const, value: view }),
    /** The user revoked (or granted) in the browser's settings: the background tells the pages. */
    set,
  };
}
