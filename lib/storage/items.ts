/**
 * Every value the extension keeps in browser storage, declared once: typed, versioned, its area in its key.
 * Nothing here is a credential: access tokens live in `session:` (trusted contexts only) through lib/auth,
 * refresh tokens and Private Integration Tokens in the extension-origin IndexedDB vault (lib/auth/vault.ts).
 */
import { storage } from 'wxt/utils/storage';
import type { SiteId, SiteOverrides } from '../sites/types';
import { SIDEBAR_UI, SITE_OVERRIDES, type SidebarUiState } from './keys';

export { DEFAULT_SIDEBAR_UI, type SidebarUiState } from './keys';

export type ConnectionMode = 'pit' | 'oauth';

/** What the UI may know about a connection. No token, ever. */
export interface ConnectionInfo {
  locationId: string;
  locationName?: string;
  companyId?: string;
  /** OAuth only: the HighLevel user who granted access (the token answer's userId); "Me" when assigning. */
  userId?: string;
  mode: ConnectionMode;
  scopes: string[];
  connectedAt: number;
  /** OAuth only: when the access token expires and when it was last refreshed. */
  accessExpiresAt?: number;
  lastRefreshAt?: number;
}

export const connectionsItem = storage.defineItem<ConnectionInfo[]>('local:connections', {
  fallback: [],
  version: 1,
});

/** Which location each host CRM reads from. */
export const siteBindingsItem = storage.defineItem<Partial<Record<SiteId, string>>>('local:siteBindings', {
  fallback: {},
  version: 1,
});

/** Per-site overrides of the adapters' URL pattern and selectors, edited in the options page. */
export const siteOverridesItem = storage.defineItem<Partial<Record<SiteId, SiteOverrides>>>(
  `local:${SITE_OVERRIDES.key}`,
  {
    fallback: SITE_OVERRIDES.fallback,
    version: 1,
  },
);

export const sidebarUiItem = storage.defineItem<Partial<Record<SiteId, SidebarUiState>>>(
  `local:${SIDEBAR_UI.key}`,
  {
    fallback: SIDEBAR_UI.fallback,
    version: 1,
  },
);

/** The HighLevel OAuth app an admin configured (the client secret, in direct mode, lives in the vault). */
export interface OAuthAppSettings {
  mode: 'broker' | 'direct';
  clientId: string;
  brokerUrl?: string;
}

export const oauthAppItem = storage.defineItem<OAuthAppSettings | null>('local:oauthApp', {
  fallback: null,
  version: 1,
});
