/**
 * storage.local items that the content script reads too. Declared here, free of WXT's storage module, so the
 * content script can use them through lib/storage/local.ts while items.ts wraps the same keys for the rest.
 */
import type { SiteId, SiteOverrides } from '../host-page/sites/types';
import type { LocalItem } from './local';

export interface SidebarUiState {
  open: boolean;
  collapsed: boolean;
  width: number;
}

export const DEFAULT_SIDEBAR_UI: SidebarUiState = { open: true, collapsed: false, width: 360 };

/** Per-site overrides of the adapters' URL pattern and selectors, edited in the options page. */
export const SITE_OVERRIDES: LocalItem<Partial<Record<SiteId, SiteOverrides>>> = {
  key: 'siteOverrides',
  fallback: {},
};

export const SIDEBAR_UI: LocalItem<Partial<Record<SiteId, SidebarUiState>>> = {
  key: 'sidebarUi',
  fallback: {},
};

/**
 * Until when a submit may be awaited on a site's pages (ms since the epoch), written by the tab that keeps one
 * in its sessionStorage (lib/host-page/sites/armed-store.ts). The content script reads it with the site's overrides and
 * looks in the tab's sessionStorage only while it is set: most page loads follow no submit, and a page's first
 * sessionStorage read is a synchronous trip to the browser.
 */
export const pendingSubmitItem = (site: SiteId): LocalItem<number> => ({
  key: `pendingSubmitUntil.${site}`,
  fallback: 0,
});
