/**
 * Connecting with HighLevel's consent page: the app settings (admin's, else the build's), the consent window,
 * and what happens to the tokens afterwards (vault, connection record). Used by the background only.
 *
 * A refresh token goes back only to the app that issued it: each OAuth connection records its issuer (client id
 * and broker URL) and is refreshed through that broker only; when the admin changes the app, the connections of
 * the old one are marked to connect again (connections.appChanged).
 */

import { isBrokerUrl } from '../../../lib/auth/broker-url';
import {
  authorize,
  brokerExchange,
  directExchange,
  type PendingAuth,
  READ_SCOPES,
  WRITE_SCOPES,
} from '../../../lib/auth/oauth';
import { CredentialError, type RefreshExchange, type TokenGrant } from '../../../lib/auth/tokens';
import type { Vault } from '../../../lib/auth/vault';
import type { ConnectionInfo, OAuthAppSettings, OAuthIssuer } from '../../../lib/storage/items';
import { oauthAppItem } from '../../../lib/storage/settings';
import type { OAuthAppView } from '../protocol';
import type { Connections } from './connections';

const CLIENT_SECRET_ID = 'oauth-client-secret';

export interface OAuthServiceDeps {
  vault: Vault;
  connections: Connections;
  /** The app baked in at build time (WXT_HL_CLIENT_ID, WXT_HL_BROKER_URL), if any. */
  buildApp: OAuthAppSettings | null;
  redirectUri: () => string;
  launch: (url: string) => Promise<string | undefined>;
  pending: { get(): Promise<PendingAuth | null>; set(value: PendingAuth | null): Promise<void> };
  now?: () => number;
}

export function createOAuthService(deps: OAuthServiceDeps) {
  const now = deps.now ?? Date.now;
  const app = async () => (await oauthAppItem.getValue()) ?? deps.buildApp;
  const clientSecret = async () => {
    const secret = await deps.vault.get(CLIENT_SECRET_ID);
    return secret?.kind === 'client-secret' ? secret.clientSecret : null;
  };

  /** Who issues (and alone refreshes) the tokens of a connection made with these settings. */
  const issuerOf = (settings: OAuthAppSettings | null): OAuthIssuer | null =>
    settings
      ? {
          clientId: settings.clientId,
          ...(settings.mode === 'broker' && settings.brokerUrl ? { brokerUrl: settings.brokerUrl } : {}),
        }
      : null;

  /** The token endpoint of an issuer; a broker only over https (plain http only on this machine). */
  function exchangerOf(issuer: OAuthIssuer | null) {
    if (!issuer) return null;
    if (issuer.brokerUrl === undefined) return directExchange(issuer.clientId, clientSecret);
    return isBrokerUrl(issuer.brokerUrl) ? brokerExchange(issuer.brokerUrl) : null;
  }

  const exchanger = async () => exchangerOf(issuerOf(await app()));

  async function view(): Promise<OAuthAppView | null> {
    const settings = await app();
    if (!settings) return null;
    return {
      mode: settings.mode,
      clientId: settings.clientId,
      brokerUrl: settings.brokerUrl,
      hasClientSecret: (await clientSecret()) !== null,
      fromBuild: (await oauthAppItem.getValue()) === null,
      redirectUri: deps.redirectUri(),
    };
  }

  async function store(grant: TokenGrant, settings: OAuthAppSettings | null): Promise<ConnectionInfo> {
    const accessIssuedAt = now();
    const accessExpiresAt = accessIssuedAt + grant.expiresInSeconds * 1000;
    await deps.vault.put(grant.locationId, {
      kind: 'oauth',
      refreshToken: grant.refreshToken,
      accessToken: grant.accessToken,
      accessExpiresAt,
      accessIssuedAt,
    });
    const issuer = issuerOf(settings);
    return deps.connections.recordOAuth({
      ...(issuer ? { issuer } : {}),
      locationId: grant.locationId,
      companyId: grant.companyId,
      ...(grant.userId ? { userId: grant.userId } : {}),
      scopes: grant.scopes,
      accessExpiresAt,
      lastRefreshAt: now(),
    });
  }

  const refresh: RefreshExchange = async (refreshToken, locationId) => {
    const connection = locationId ? await deps.connections.get(locationId) : null;
    if (connection?.reconnect) {
      throw new CredentialError('auth.expired', 'The HighLevel app changed since this connection was made.');
    }
    // Connections made before issuers were recorded: the app configured now, which is the one that issued
    // them until an admin changes it (and changing it marks them to connect again).
    const exchange = exchangerOf(connection?.issuer ?? issuerOf(await app()));
    if (!exchange) throw new CredentialError('auth.config', 'The HighLevel app is not configured.');
    return exchange.refresh(refreshToken);
  };

  return {
    view,
    refresh,
    async connect(write: boolean): Promise<ConnectionInfo> {
      const settings = await app();
      const exchange = await exchanger();
      const grant = await authorize(
        {
          app: settings,
          redirectUri: deps.redirectUri(),
          launch: deps.launch,
          pending: deps.pending,
          exchange: (code, redirectUri, verifier) =>
            exchange
              ? exchange.code(code, redirectUri, verifier)
              : Promise.reject(new Error('not configured')),
          now,
        },
        write ? WRITE_SCOPES : READ_SCOPES,
      );
      return store(grant, settings);
    },
    async setApp(settings: OAuthAppSettings, secret?: string): Promise<OAuthAppView> {
      const before = issuerOf(await app());
      await oauthAppItem.setValue(settings);
      await deps.connections.appChanged(issuerOf(settings), before);
      if (settings.mode === 'direct' && secret)
        await deps.vault.put(CLIENT_SECRET_ID, { kind: 'client-secret', clientSecret: secret });
      if (settings.mode === 'broker') await deps.vault.delete(CLIENT_SECRET_ID);
      const result = await view();
      if (!result) throw new Error('unreachable: settings were just saved');
      return result;
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
