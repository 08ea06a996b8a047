/**
 * The wire format of @webext-core/messaging (lib/messaging/protocol.ts), for the content script's own few
 * bytes: it asks its first question (which HighLevel contact is on this page?) before the module that carries
 * the library has loaded. The reply is the same Reply any `sendMessage` resolves to.
 */
import { browser } from 'wxt/browser';
import type { ProtocolMap } from './protocol';

type Payload<K extends keyof ProtocolMap> = Parameters<ProtocolMap[K]>[0];
type Answer<K extends keyof ProtocolMap> = ReturnType<ProtocolMap[K]>;

export async function sendEnvelope<K extends keyof ProtocolMap>(
  type: K,
  data: Payload<K>,
): Promise<Answer<K>> {
  const message = { id: Math.floor(Math.random() * 10_000), type, data, timestamp: Date.now() };
  const reply = (await browser.runtime.sendMessage(message)) as { res?: unknown; err?: unknown } | undefined;
  if (reply == null) throw new Error('No response');
  if (reply.err != null) {
    const { message: text } = reply.err as { message?: unknown };
    throw new Error(typeof text === 'string' ? text : 'The background could not answer.');
  }
  return reply.res as Answer<K>;
}
