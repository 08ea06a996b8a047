/** How the options page reaches the background with the recipes' messages. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { RecipesProtocol } from './protocol';

export const { sendMessage: sendRecipeMessage } = defineExtensionMessaging<RecipesProtocol>({
  logger: undefined,
});
