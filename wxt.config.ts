import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { CRM_MATCHES, HIGHLEVEL_API_MATCH } from './lib/hosts';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['identity', 'storage', 'alarms'],
    host_permissions: [...CRM_MATCHES, HIGHLEVEL_API_MATCH],
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_command_toggle__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'highlevel-sidebar@highlevel-sidebar.app',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});
