/** How the options page and the popup reach the background with the settings' messages. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { SettingsProtocol } from './protocol';

export const { sendMessage } = defineExtensionMessaging<SettingsProtocol>({ logger: undefined });
