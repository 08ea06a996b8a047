import { describe, expect, it } from 'vitest';
import type { StatusView, sendMessage } from '../messaging/protocol';
import { createSidebarState } from './state';

const status = (userId?: string): StatusView => ({
  connections: [
    {
      locationId: 'L1',
      mode: userId ? 'oauth' : 'pit',
      scopes: ['contacts.readonly', 'contacts.write'],
      connectedAt: 0,
      ...(userId ? { userId } : {}),
    },
    { locationId: 'L2', mode: 'oauth', scopes: [], connectedAt: 0, userId: 'UsrOfL2' },
  ],
  locationId: 'L1',
  canWrite: true,
  oauthReady: false,
});

const answering = (view: StatusView) =>
  (async (type: string) => {
    if (type === 'status.get') return { ok: true, value: view };
    return { ok: false, error: { kind: 'internal' } };
  }) as unknown as typeof sendMessage;

describe('the sidebar state: who "Me" is', () => {
  it("is the user of the site's location when its connection knows one (OAuth)", async () => {
    const state = createSidebarState('gleantap', answering(status('UsrMe')));
    expect(state.me.value).toBeNull();
    await state.loadStatus();
    expect(state.me.value).toBe('UsrMe');
  });

  it("is unknown for a Private Integration Token, never another location's user", async () => {
    const state = createSidebarState('gleantap', answering(status()));
    await state.loadStatus();
    expect(state.me.value).toBeNull();
  });
});
