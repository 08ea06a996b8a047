/**
 * The settings' messages: connections, the OAuth app, which location a site reads, and opening the options page.
 * The options page and the popup send them, and so does the sidebar's frame for its own site; the background's
 * routes (features/settings/background/routes.ts) check sender, payload and scope before a handler runs.
 */
import type { SiteId } from '../../lib/host-page/sites/types';
import type { ErrorView, Reply } from '../../lib/messaging/reply';
import type { ConnectionInfo } from '../../lib/storage/items';

/** A location's share of HighLevel's rate limit, as the client last saw it. */
export interface RateView {
  remaining: number;
  limit: number;
  intervalMs: number;
  dailyRemaining: number | null;
  dailyLimit: number | null;
  /** The daily quota is used up (not a 10-second burst). */
  exhausted: boolean;
}

export interface StatusView {
  connections: ConnectionInfo[];
  /** Per location; for extension pages only. */
  rates?: Record<string, RateView>;
  /** The location the asking site reads, when a site was named. */
  locationId: string | null;
  canWrite: boolean;
  /** An OAuth app is configured: "Connect" runs HighLevel's consent in one click. */
  oauthReady: boolean;
}

export interface EndpointCheck {
  name: string;
  ok: boolean;
  error?: ErrorView;
}

/** The OAuth app as the options page sees it: never the secret, only whether one is stored. */
export interface OAuthAppView {
  mode: 'broker' | 'direct';
  clientId: string;
  brokerUrl?: string;
  hasClientSecret: boolean;
  /** Set at build time: the admin may still override it. */
  fromBuild: boolean;
  redirectUri: string;
}

export interface SettingsProtocol {
  'status.get'(payload: { site?: SiteId }): Reply<StatusView>;
  'connection.addPit'(payload: { token: string; locationId: string }): Reply<ConnectionInfo>;
  'connection.remove'(payload: { locationId: string }): Reply<null>;
  /** Runs HighLevel's consent flow; `write` asks for contacts.write too. */
  'connection.oauth'(payload: { write: boolean; site?: SiteId }): Reply<ConnectionInfo>;
  'oauth.app.get'(payload: undefined): Reply<OAuthAppView | null>;
  'oauth.app.set'(payload: {
    mode: 'broker' | 'direct';
    clientId: string;
    brokerUrl?: string;
    clientSecret?: string;
  }): Reply<OAuthAppView>;
  'connection.test'(payload: { locationId: string }): Reply<EndpointCheck[]>;
  'site.bind'(payload: { site: SiteId; locationId: string }): Reply<null>;
  'options.open'(payload: undefined): Reply<null>;
}
