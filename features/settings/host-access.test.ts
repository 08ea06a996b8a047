import { describe, expect, it, vi } from 'vitest';
import { HOST_PERMISSIONS } from '../../lib/hosts';
import { browserHostAccess } from './host-access';
import { HOST_ACCESS_CHANGED } from './protocol';

type Heard = (message: unknown, sender: { id?: string; tab?: unknown }) => void;

function fakeBrowser() {
  const listeners = new Set<Heard>();
  const api = {
    permissions: { request: vi.fn(async () => true) },
    runtime: {
      id: 'ours',
      onMessage: {
        addListener: (heard: Heard) => void listeners.add(heard),
        removeListener: (heard: Heard) => void listeners.delete(heard),
      },
    },
  };
  const deliver = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    for (const heard of listeners) heard(message, sender);
  };
  return { api, deliver, listeners };
}

describe('the host permissions on the pages’ side', () => {
  it('asks the browser for exactly the manifest’s host permissions', async () => {
    const { api } = fakeBrowser();
    await expect(browserHostAccess(api).request()).resolves.toBe(true);
    expect(api.permissions.request).toHaveBeenCalledWith({ origins: [...HOST_PERMISSIONS] });
  });

  it('hears the background that the grant changed, and no content script, tab or other extension', () => {
    const { api, deliver, listeners } = fakeBrowser();
    const changed = vi.fn();
    const stop = browserHostAccess(api).onChanged(changed);
    const message = { type: HOST_ACCESS_CHANGED };
    deliver(message, { id: 'ours', tab: { id: 4 } });
    deliver(message, { id: 'theirs' });
    deliver({ type: 'something.else' }, { id: 'ours' });
    expect(changed).not.toHaveBeenCalled();
    deliver(message, { id: 'ours' });
    expect(changed).toHaveBeenCalledTimes(1);
    stop();
    expect(listeners.size).toBe(0);
  });
});
