import { defineExtensionMessaging } from '@webext-core/messaging';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { envelopeSender } from './envelope';
import { ok, type Reply } from './reply';

type Listener = (message: unknown, sender: object, respond: (reply: unknown) => void) => unknown;

/** Chrome's runtime messaging, as far as both sides use it: the first listener to keep the channel answers. */
function runtimeBus() {
  const listeners: Listener[] = [];
  return {
    onMessage: {
      addListener: (listener: Listener) => listeners.push(listener),
      removeListener: (listener: Listener) => listeners.splice(listeners.indexOf(listener), 1),
    },
    sendMessage: (message: unknown, callback?: (reply: unknown) => void) =>
      new Promise((resolve) => {
        const respond = (reply: unknown) => {
          resolve(reply);
          callback?.(reply);
        };
        for (const listener of listeners) if (listener(message, { id: 'ours' }, respond) === true) return;
        respond(undefined);
      }),
  };
}

const payload = {
  site: 'gleantap' as const,
  page: { site: 'gleantap' as const, hostRecordId: 'gt_1' },
  settled: false,
};
const view = { status: 'none' as const, locationId: 'loc', candidates: [] };

/** Any protocol map: the envelope is the library's wire format whatever the messages are. */
interface TestProtocol {
  'contact.match'(data: typeof payload): Reply<typeof view>;
}
const messenger = defineExtensionMessaging<TestProtocol>({ logger: undefined });
const sendEnvelope = envelopeSender<TestProtocol>();

describe("the content script's first message, before the messaging library loads", () => {
  const original = { ...fakeBrowser.runtime };
  beforeEach(() => {
    Object.assign(fakeBrowser.runtime, runtimeBus());
  });
  afterEach(() => {
    messenger.removeAllListeners();
    Object.assign(fakeBrowser.runtime, original);
  });

  it("reaches the library's listener and resolves to its reply", async () => {
    const seen: unknown[] = [];
    messenger.onMessage('contact.match', (message) => {
      seen.push(message.data);
      return ok(view);
    });
    await expect(sendEnvelope('contact.match', payload)).resolves.toEqual(ok(view));
    expect(seen).toEqual([payload]);
  });

  it('rejects, as the library does, when the listener throws', async () => {
    messenger.onMessage('contact.match', () => {
      throw new Error('the background broke');
    });
    await expect(sendEnvelope('contact.match', payload)).rejects.toThrow('the background broke');
  });

  it('rejects when nobody answers', async () => {
    await expect(sendEnvelope('contact.match', payload)).rejects.toThrow('No response');
  });
});
