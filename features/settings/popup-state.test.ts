import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../lib/messaging/reply';
import type { sendMessage } from './messenger';
import { createPopupState } from './popup-state';
import type { StatusView } from './protocol';

const status = (oauthReady: boolean): StatusView => ({
  connections: [],
  locationId: null,
  canWrite: false,
  oauthReady,
});

function setup(answers: Record<string, unknown>) {
  const sent: string[] = [];
  const send = vi.fn(async (type: string) => {
    sent.push(type);
    return answers[type] ?? fail({ kind: 'internal' });
  }) as unknown as typeof sendMessage;
  const close = vi.fn();
  return { state: createPopupState(send, close), sent, close };
}

describe('the popup', () => {
  it('connects through HighLevel’s consent when an app is set up, then shows the new status', async () => {
    const { state, sent } = setup({ 'status.get': ok(status(true)), 'connection.oauth': ok({}) });
    await state.load();
    await state.connect();
    expect(sent).toEqual(['host-access.get', 'status.get', 'connection.oauth', 'status.get']);
    expect(state.busy.value).toBe(false);
  });

  it('opens the settings instead when no app is set up, and closes', async () => {
    const { state, sent, close } = setup({ 'status.get': ok(status(false)), 'options.open': ok(null) });
    await state.load();
    await state.connect();
    expect(sent).toEqual(['host-access.get', 'status.get', 'options.open']);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('says why when connecting failed', async () => {
    const { state } = setup({
      'status.get': ok(status(true)),
      'connection.oauth': fail({ kind: 'auth.cancelled' }),
    });
    await state.load();
    await state.connect();
    expect(state.error.value).toEqual({ kind: 'auth.cancelled' });
  });
});
