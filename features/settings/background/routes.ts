/**
 * The settings' message routes: connections, the OAuth app, a site's location, the options page. For each
 * message type, who may send it, the schema its payload must match, and the scope it needs — checked by the
 * router before the handler runs (lib/messaging/router.ts).
 */
import { attempt as attemptWith, type ErrorView, fail, ok, type Reply } from '../../../lib/messaging/reply';
import type { RouteTable } from '../../../lib/messaging/router';
import type { TrustedSender } from '../../../lib/messaging/sender';
import type { ConnectionInfo } from '../../../lib/storage/items';
import type { LinkStore } from '../../sidebar/background/links';
import type { ContactData } from '../../sidebar/background/routes';
import { SETTINGS_PAYLOADS } from '../payloads';
import type { HostAccessView, RateView, SettingsProtocol, StatusView } from '../protocol';
import type { Connections } from './connections';
import type { OAuthService } from './oauth-service';

export interface SettingsRouteDeps {
  connections: Connections;
  links: Pick<LinkStore, 'deleteLocation'>;
  data: Pick<ContactData, 'probeScopes' | 'testConnection' | 'forgetLocation'>;
  oauth: Pick<OAuthService, 'connect' | 'view' | 'setApp'>;
  rateState(locationId: string): RateView;
  openOptions(): Promise<void>;
  /** Whether the browser grants the host permissions, as the background last learnt (host-access.ts). */
  hostAccess(): Promise<HostAccessView>;
  /** Every other service's data about a location, dropped when its connection is removed. */
  forgetLocation(locationId: string): Promise<void>;
  /** Turns anything a service threw into an error value (ApiError, CredentialError…), or null if unknown. */
  toErrorView(error: unknown): ErrorView | null;
}

const PAGES: TrustedSender['kind'][] = ['extension-page'];
const PAGES_AND_FRAME: TrustedSender['kind'][] = ['extension-page', 'sidebar-frame'];

export function createSettingsRoutes(deps: SettingsRouteDeps): RouteTable<SettingsProtocol> {
  const { connections, links, data } = deps;
  /** Runs a service call; its failure becomes an error value the UI can explain. */
  const attempt = <T>(work: () => Promise<T>) => attemptWith(work, deps.toErrorView);

  return {
    'status.get': {
      from: PAGES_AND_FRAME,
      payload: SETTINGS_PAYLOADS['status.get'],
      async handle({ site }, sender): Promise<Reply<StatusView>> {
        const list = await connections.list();
        const rates =
          sender.kind === 'extension-page'
            ? Object.fromEntries(list.map((c) => [c.locationId, deps.rateState(c.locationId)]))
            : undefined;
        const locationId = site ? await connections.locationForSite(site) : null;
        const scopes = list.find((c) => c.locationId === locationId)?.scopes ?? [];
        const oauthReady = (await deps.oauth.view()) !== null;
        return ok({
          connections: list,
          locationId,
          canWrite: scopes.includes('contacts.write'),
          oauthReady,
          ...(rates ? { rates } : {}),
        });
      },
    },

    'connection.addPit': {
      from: PAGES,
      payload: SETTINGS_PAYLOADS['connection.addPit'],
      handle: ({ token, locationId }): Promise<Reply<ConnectionInfo>> =>
        attempt(() => connections.addPit(token, locationId, data.probeScopes)),
    },

    'connection.remove': {
      from: PAGES,
      payload: SETTINGS_PAYLOADS['connection.remove'],
      async handle({ locationId }) {
        await connections.remove(locationId);
        await links.deleteLocation(locationId);
        await data.forgetLocation(locationId);
        await deps.forgetLocation(locationId);
        return ok(null);
      },
    },

    'connection.oauth': {
      from: PAGES_AND_FRAME,
      payload: SETTINGS_PAYLOADS['connection.oauth'],
      async handle({ write, site }) {
        // The consent would end in a token exchange with HighLevel that the browser does not let through.
        if (!(await deps.hostAccess()).highLevel) return fail({ kind: 'permission.missing' });
        const reply = await attempt(() => deps.oauth.connect(write));
        if (reply.ok && site) await connections.bind(site, reply.value.locationId);
        return reply;
      },
    },

    'oauth.app.get': {
      from: PAGES,
      payload: SETTINGS_PAYLOADS['oauth.app.get'],
      handle: async () => ok(await deps.oauth.view()),
    },

    'oauth.app.set': {
      from: PAGES,
      payload: SETTINGS_PAYLOADS['oauth.app.set'],
      async handle({ mode, clientId, brokerUrl, clientSecret }) {
        if (mode === 'broker' && !brokerUrl) return fail({ kind: 'payload.invalid', path: 'brokerUrl' });
        return ok(
          await deps.oauth.setApp({ mode, clientId, ...(brokerUrl ? { brokerUrl } : {}) }, clientSecret),
        );
      },
    },

    'connection.test': {
      from: PAGES,
      payload: SETTINGS_PAYLOADS['connection.test'],
      scope: { needs: 'contacts.readonly', location: (p) => p.locationId },
      handle: ({ locationId }) => attempt(() => data.testConnection(locationId)),
    },

    'site.bind': {
      from: PAGES_AND_FRAME,
      payload: SETTINGS_PAYLOADS['site.bind'],
      async handle({ site, locationId }) {
        if (!(await connections.get(locationId))) return fail({ kind: 'not.connected' });
        await connections.bind(site, locationId);
        return ok(null);
      },
    },

    'options.open': {
      from: PAGES_AND_FRAME,
      payload: SETTINGS_PAYLOADS['options.open'],
      async handle() {
        await deps.openOptions();
        return ok(null);
      },
    },

    // The extension's pages and the sidebar say when the browser withholds the host permissions; a content
    // script has no use for it.
    'host-access.get': {
      from: PAGES_AND_FRAME,
      payload: SETTINGS_PAYLOADS['host-access.get'],
      handle: async () => ok(await deps.hostAccess()),
    },
  };
}
