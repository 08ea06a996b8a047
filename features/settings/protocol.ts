/**
 * The settings' messages: connections, the OAuth app, which location a site reads, and opening the options page.
 * The options page and the popup send them, and so does the sidebar's frame for its own site; the background's
 * routes (features/settings/background/routes.ts) check sender, payload and scope before a handler runs. Each
 * payload's type is inferred from the schema its route checks (payloads.ts, imported for types only).
 */
import type { Messages } from '../../lib/messaging/messages';
import type { ErrorView } from '../../lib/messaging/reply';
import type { ConnectionInfo } from '../../lib/storage/items';
import type { SETTINGS_PAYLOADS } from './payloads';

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

/**
 * Whether the browser grants the extension's host permissions (HOST_PERMISSIONS, lib/hosts.ts): Firefox lets the
 * user withhold them (and may install without them), Chrome's site access too.
 */
export interface HostAccessView {
  /** Every one of them: HighLevel's API and each CRM. */
  granted: boolean;
  /** HighLevel's API: without it nothing is sent there (`permission.missing`). */
  highLevel: boolean;
}

/** What the background sends the extension's pages when that grant changed (no data: they ask again). */
export const HOST_ACCESS_CHANGED = 'host-access.changed';

/** What each message answers; its payload is its schema's output (payloads.ts). */
interface SettingsResults {
  'status.get': StatusView;
  'connection.addPit': ConnectionInfo;
  'connection.remove': null;
  /** Runs HighLevel's consent flow; `write` asks for contacts.write too. */
  'connection.oauth': ConnectionInfo;
  'oauth.app.get': OAuthAppView | null;
  'oauth.app.set': OAuthAppView;
  'connection.test': EndpointCheck[];
  'site.bind': null;
  'options.open': null;
  'host-access.get': HostAccessView;
}

export type SettingsProtocol = Messages<typeof SETTINGS_PAYLOADS, SettingsResults>;
