/**
 * Connecting with HighLevel's consent page: the app settings (admin's, else the build's), the consent window,
 * and what happens to the tokens afterwards (vault, connection record). Used by the background only.
 */
import {
  authorize,
  brokerExchange,
  directExchange,
  type PendingAuth,
  READ_SCOPES,
  WRITE_SCOPES,
} from '../auth/oauth';
import type { RefreshExchange, TokenGrant } from '../auth/tokens';
import type { Vault } from '../auth/vault';
import type { OAuthAppView } from '../messaging/protocol';
import { type ConnectionInfo, type OAuthAppSettings, oauthAppItem } from '../storage/items';
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

  async function exchanger() {
    const settings = await app();
    if (!settings) return null;
    return settings.mode === 'broker' && settings.brokerUrl
      ? brokerExchange(settings.brokerUrl)
      : directExchange(settings.clientId, clientSecret);
  }

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

  async function store(grant: TokenGrant): Promise<ConnectionInfo> {
    const accessIssuedAt = now();
    const accessExpiresAt = accessIssuedAt + grant.expiresInSeconds * 1000;
    await deps.vault.put(grant.locationId, {
      kind: 'oauth',
      refreshToken: grant.refreshToken,
      accessToken: grant.accessToken,
      accessExpiresAt,
      accessIssuedAt,
    });
    return deps.connections.recordOAuth({
      locationId: grant.locationId,
      companyId: grant.companyId,
      ...(grant.userId ? { userId: grant.userId } : {}),
      scopes: grant.scopes,
      accessExpiresAt,
      lastRefreshAt: now(),
    });
  }

  const refresh: RefreshExchange = async (refreshToken) => {
    const exchange = await exchanger();
    if (!exchange) throw new Error('The HighLevel app is not configured.');
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
      return store(grant);
    },
    async setApp(settings: OAuthAppSettings, secret?: string): Promise<OAuthAppView> {
      await oauthAppItem.setValue(settings);
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
