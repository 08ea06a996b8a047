/**
 * The whole contract between the content script, the extension pages and the background: every feature's
 * messages in one map, assembled here where the features are wired (lib/messaging holds only the generic parts).
 * Every message answers a Reply (lib/messaging/reply.ts).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { AutomationProtocol } from '../../features/automations/protocol';
import type { RecipesProtocol } from '../../features/recipes/protocol';
import type { SettingsProtocol } from '../../features/settings/protocol';
import type { SidebarProtocol } from '../../features/sidebar/protocol';
import type { HostPageProtocol } from '../host-page/protocol';

export interface ProtocolMap
  extends HostPageProtocol,
    SidebarProtocol,
    SettingsProtocol,
    AutomationProtocol,
    RecipesProtocol {}

/** Messages the background sends rather than receives: no route answers them. */
export type Outbound = 'sidebar.toggle';

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
