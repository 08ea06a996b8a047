/**
 * storage.local items that the content script reads too. Declared here, free of WXT's storage module, so the
 * content script can use them through lib/storage/local.ts while items.ts wraps the same keys for the rest.
 */
import type { SiteId, SiteOverrides } from '../sites/types';
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
