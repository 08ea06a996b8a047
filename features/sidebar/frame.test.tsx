// @vitest-environment jsdom
import { cleanup } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../lib/messaging/reply';
import { startSidebarFrame } from './frame';
import type { sendMessage } from './messenger';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const GOOD = 'a'.repeat(48);

function setup() {
  document.body.innerHTML = '<div id="app"></div>';
  const send = vi.fn(async (type: string, data: unknown) => {
    if (type === 'frame.attach')
      return (data as { key: string }).key === GOOD
        ? ok({ site: 'gleantap' })
        : fail({ kind: 'sender.denied' });
    return fail({ kind: 'not.connected' });
  }) as unknown as typeof sendMessage;
  /** What the background pushes over the frame's port. */
  const pushes: ((message: unknown) => void)[] = [];
  const connect = () => ({
    onMessage: { addListener: (listener: (message: unknown) => void) => void pushes.push(listener) },
    onDisconnect: { addListener: () => undefined },
  });
  startSidebarFrame(window, connect, undefined, send);
  /** Posts a handshake as the parent window would (jsdom's top window is its own parent). */
  const post = (data: unknown, withPort = true, source: Window | null = window.parent) => {
    const channel = new MessageChannel();
    window.dispatchEvent(
      new MessageEvent('message', { data, source, ports: withPort ? [channel.port2] : [] }),
    );
    return channel.port1;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  const push = (message: unknown) => {
    for (const listener of pushes) listener(message);
  };
  return { send: send as unknown as ReturnType<typeof vi.fn>, post, settle, push };
}

describe('the sidebar frame', () => {
  it('shows nothing for a key the background refuses, nor for a message without a port or from elsewhere', async () => {
    const { send, post, settle } = setup();
    post({ type: 'hls.frame.key', key: 'b'.repeat(48) });
    post({ type: 'hls.frame.key', key: GOOD }, false);
    post({ type: 'hls.frame.key', key: GOOD }, true, null);
    post({ type: 'something.else', key: GOOD });
    await settle();
    expect(send.mock.calls.map(([type]) => type)).toEqual(['frame.attach']);
    expect(document.getElementById('app')?.textContent).toBe('');
  });

  it('writes nothing of a handshake to the console (the one-time key is a secret)', async () => {
    const spies = (['log', 'info', 'debug', 'warn', 'error'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(() => undefined),
    );
    try {
      const { post, settle } = setup();
      post({ type: 'hls.frame.key', key: 'b'.repeat(48) });
      post({ type: 'hls.frame.key', key: GOOD });
      await settle();
      const written = spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' ')));
      expect(written.filter((line) => line.includes(GOOD) || line.includes('b'.repeat(48)))).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('renders the sidebar once the background accepts the key, and says so on the port it came with', async () => {
    const { send, post, settle } = setup();
    const port = post({ type: 'hls.frame.key', key: GOOD });
    const told: unknown[] = [];
    port.onmessage = (event) => told.push(event.data);
    await settle();
    expect(document.querySelector('.hls-sidebar')).not.toBeNull();
    expect(told).toContainEqual({ type: 'ready' });
    // Attached once: a later key (a page guessing) is not even tried.
    post({ type: 'hls.frame.key', key: GOOD });
    await settle();
    expect(send.mock.calls.filter(([type]) => type === 'frame.attach')).toHaveLength(1);
  });

  it('asks for the host permissions again when the background pushes that they changed', async () => {
    const { send, post, settle, push } = setup();
    const port = post({ type: 'hls.frame.key', key: GOOD });
    await settle();
    port.postMessage({ type: 'page', page: { site: 'gleantap', hostRecordId: 'gt_1' }, settled: false });
    await settle();
    const asked = () => send.mock.calls.filter(([type]) => type === 'host-access.get').length;
    const before = asked();
    push({ type: 'host-access' });
    await settle();
    expect(asked()).toBe(before + 1);
  });
});
