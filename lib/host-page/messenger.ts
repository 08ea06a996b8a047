/**
 * How what runs on the CRM page reaches the background: @webext-core/messaging, as everywhere else (about 1 kB
 * gzip in the content script, so its first question can leave before the host-page module loads).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { HostPageProtocol } from './protocol';

export const { sendMessage: sendToBackground } = defineExtensionMessaging<HostPageProtocol>({
  logger: undefined,
});
