/**
 * Runs code in the extension's content-script world of a page (its isolated world), through the DevTools
 * protocol: what a compromised or curious content script could do, it does here.
 */
import type { Page } from 'playwright-core';
import { sidebarFrame } from '../tour.ts';

export interface ContentWorld {
  evaluate<T>(expression: string): Promise<T>;
  /** Sends a message the way the content script does (@webext-core/messaging's envelope); resolves the raw reply. */
  send(type: string, data: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function contentWorld(page: Page, extensionId: string): Promise<ContentWorld> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) =>
    contexts.push(event.context as (typeof contexts)[number]),
  );
  await cdp.send('Runtime.enable');
  const deadline = Date.now() + 10_000;
  let found: (typeof contexts)[number] | undefined;
  while (!found && Date.now() < deadline) {
    found = contexts.find(
      (c) => c.origin === `chrome-extension://${extensionId}` && c.auxData?.type === 'isolated',
    );
    if (!found) await new Promise((r) => setTimeout(r, 100));
  }
  if (!found) throw new Error('The content script world did not appear on this page.');
  const contextId = found.id;
  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = await cdp.send('Runtime.evaluate', {
      expression,
      contextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails) {
      throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
    }
    return result.result.value as T;
  };
  return {
    evaluate,
    send: (type, data) =>
      evaluate(
        `chrome.runtime.sendMessage({ id: 1, type: ${JSON.stringify(type)}, data: ${JSON.stringify(data)}, timestamp: Date.now() })`,
      ),
    close: () => cdp.detach(),
  };
}

/** Sends a message from an extension page (options), as the options UI does. */
export async function sendFromPage(
  page: Page,
  type: string,
  data: unknown,
): Promise<{ res?: unknown; err?: unknown }> {
  return page.evaluate(
    ([t, d]) => chrome.runtime.sendMessage({ id: 1, type: t, data: d, timestamp: Date.now() }),
    [type, data] as const,
  );
}

/** Sends a message from the sidebar's frame on `page` (the extension's page its content script vouched for). */
export async function sendFromFrame(
  page: Page,
  type: string,
  data: unknown,
): Promise<{ res?: unknown; err?: unknown }> {
  const frame = await sidebarFrame(page);
  return frame.evaluate(
    ([t, d]) => chrome.runtime.sendMessage({ id: 1, type: t, data: d, timestamp: Date.now() }),
    [type, data] as const,
  );
}
