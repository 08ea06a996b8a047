/**
 * The wire format of @webext-core/messaging, for the content script's own few bytes: it asks its first question
 * (which HighLevel contact is on this page?) before the module that carries the library has loaded. The reply is
 * the same Reply any `sendMessage` resolves to.
 */
import { browser } from 'wxt/browser';

type PayloadOf<F> = F extends (payload: infer P) => unknown ? P : never;
type AnswerOf<F> = F extends (payload: never) => infer R ? R : never;

/** A sender for the messages of `M` (a protocol map), in the library's wire format. */
export function envelopeSender<M>() {
  return async function sendEnvelope<K extends keyof M & string>(
    type: K,
    data: PayloadOf<M[K]>,
  ): Promise<AnswerOf<M[K]>> {
    const message = { id: Math.floor(Math.random() * 10_000), type, data, timestamp: Date.now() };
    const reply = (await browser.runtime.sendMessage(message)) as
      | { res?: unknown; err?: unknown }
      | undefined;
    if (reply == null) throw new Error('No response');
    if (reply.err != null) {
      const { message: text } = reply.err as { message?: unknown };
      throw new Error(typeof text === 'string' ? text : 'The background could not answer.');
    }
    return reply.res as AnswerOf<M[K]>;
  };
}
