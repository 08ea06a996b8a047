import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The hosts the extension reads: the two CRMs (content script) and HighLevel's API (background).
export const CRM_MATCHES = ['https://*.gestioo.com/*', 'https://app.gleantap.com/*'];
export const HIGHLEVEL_API_ORIGIN = 'https://services.leadconnectorhq.com/*';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['identity', 'storage'],
    host_permissions: [...CRM_MATCHES, HIGHLEVEL_API_ORIGIN],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'highlevel-sidebar@highlevel-sidebar.app',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});
