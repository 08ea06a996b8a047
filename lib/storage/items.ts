/**
 * The values the extension keeps in storage.local, declared once: typed, versioned, its area in its key. Only
 * what the content script needs lives here (a content script can read and write storage.local): the sites' URL
 * patterns and selectors and the sidebar's layout, from which the background decides nothing. What decides what
 * the extension may do (connections, the OAuth app, site bindings, automation rules) is in the extension-origin
 * IndexedDB (settings.ts); access tokens in `session:` (trusted contexts only) through lib/auth; refresh tokens
 * and Private Integration Tokens in the IndexedDB vault (lib/auth/vault.ts). The types below are what those
 * settings hold.
 */
import { storage } from 'wxt/utils/storage';
import type { SiteId, SiteOverrides } from '../host-page/sites/types';
import { SITE_OVERRIDES } from './keys';

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
  /** OAuth only: the app whose tokens these are; its refresh token goes to this broker (or client) only. */
  issuer?: OAuthIssuer;
  /** OAuth only: set when the admin changed the app after this connection was made; connect again. */
  reconnect?: 'oauth.app.changed';
}

/** The app that issued a connection's tokens: its client id and, in broker mode, the broker's URL. */
export interface OAuthIssuer {
  clientId: string;
  brokerUrl?: string;
}

/** Per-site overrides of the adapters' URL pattern and selectors, edited in the options page. */
export const siteOverridesItem = storage.defineItem<Partial<Record<SiteId, SiteOverrides>>>(
  `local:${SITE_OVERRIDES.key}`,
  {
    fallback: SITE_OVERRIDES.fallback,
    version: 1,
  },
);

/** The HighLevel OAuth app an admin configured (the client secret, in direct mode, lives in the vault). */
export interface OAuthAppSettings {
  mode: 'broker' | 'direct';
  clientId: string;
  brokerUrl?: string;
}
