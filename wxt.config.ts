import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { CRM_MATCHES, HOST_PERMISSIONS } from './lib/hosts';

/**
 * What the sources archive (`npm run zip`: .output/*-sources.zip, for addons.mozilla.org's review) holds: what a
 * reviewer needs to rebuild .output/firefox-mv3 with `npm ci && npm run build:firefox`, and nothing else. Anything
 * else at the top of the project, present or future (sandbox, broker, tests, benchmarks, scripts, screenshots,
 * tool configs, demo-output, logs), stays out; WXT already leaves out node_modules, .output, dotfiles (.env*,
 * .wxt, .git, .ci) and *.test.ts(x). `npm run check:sources` (scripts/check-sources.ts) rebuilds from it.
 */
const SOURCES = {
  folders: ['entrypoints', 'features', 'lib', 'public'],
  files: ['package.json', 'package-lock.json', 'tsconfig.json', 'wxt.config.ts', 'README.md'],
} as const;

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // The content script and the sidebar module it loads run on host pages, within a size budget: there they use
    // the browser's own promise-based API (Chrome MV3, Firefox) instead of the polyfill, which every other
    // context keeps.
    'vite:build:extendConfig'(entrypoints, config) {
      const pageScripts = ['content-script', 'unlisted-script'];
      if (!entrypoints.every((entry) => pageScripts.includes(entry.type))) return;
      const existing = config.resolve?.alias ?? [];
      const list = Array.isArray(existing)
        ? existing
        : Object.entries(existing).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = {
        ...config.resolve,
        alias: [{ find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' }, ...list],
      };
    },
  },
  zip: {
    excludeSources: [`@(!(${SOURCES.folders.join('|')}))/**`, `@(!(${SOURCES.files.join('|')}))`],
  },
  vite: () => ({ plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['identity', 'storage', 'alarms'],
    host_permissions: [...HOST_PERMISSIONS],
    // The content script (entrypoints/crm-content.ts, an unlisted script: see there why), the module it imports
    // once a page can matter (see lib/host-page/modules.ts), and the sidebar's page, which it shows in a frame
    // (lib/host-page/frame-host.ts). Chrome serves that page at a URL that changes every session, so no page can
    // frame it by a URL learnt once; Firefox's extension URLs are random per installation already.
    content_scripts: [{ matches: [...CRM_MATCHES], js: ['crm-content.js'], run_at: 'document_idle' }],
    web_accessible_resources: [
      { resources: ['host-page.js'], matches: [...CRM_MATCHES] },
      {
        resources: ['sidebar-frame.html'],
        matches: [...CRM_MATCHES],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    // What an admin may set through enterprise policy (storage.managed): site recipes (lib/recipes/store.ts).
    // Chrome reads policy only for an extension that declares its schema; Firefox has no such key (it reads
    // managed storage from a native managed-storage manifest or its policies), so only Chrome's manifest has it.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
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
