/**
 * How the sidebar's frame reaches the background: its own messages, and the settings' it uses for its site
 * (status, connect, bind a location, open the options page). Kept apart from protocol.ts, whose schemas only
 * the background needs.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { SettingsProtocol } from '../settings/protocol';
import type { SidebarProtocol } from './protocol';

export const { sendMessage } = defineExtensionMessaging<SidebarProtocol & SettingsProtocol>({
  logger: undefined,
});
