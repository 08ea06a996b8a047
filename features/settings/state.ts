/** The options page's state: the connections as the background reports them, and the actions on them. */
import { signal } from '@preact/signals';
import type { ProtocolMap } from '../../lib/background/protocol';
import type { SiteId, SiteOverrides } from '../../lib/host-page/sites/types';
import { type ErrorView, settle } from '../../lib/messaging/reply';
import { siteOverridesItem } from '../../lib/storage/items';
// An extension page may read the settings database itself; the background remains its only writer.
import { siteBindingsItem } from '../../lib/storage/settings';
import { createHostAccessState, type HostAccessBrowser } from './host-access';
import { sendMessage } from './messenger';
import type { EndpointCheck, OAuthAppView, StatusView } from './protocol';

export function createOptionsState(access?: HostAccessBrowser) {
  const hostAccess = createHostAccessState(() => sendMessage('host-access.get', undefined), access);
  const status = signal<StatusView | null>(null);
  const statusError = signal<ErrorView | null>(null);
  const bindings = signal<Partial<Record<SiteId, string>>>({});
  const overrides = signal<Partial<Record<SiteId, SiteOverrides>>>({});
  const tests = signal<Record<string, EndpointCheck[] | 'running' | ErrorView>>({});
  const oauthApp = signal<OAuthAppView | null>(null);

  async function refresh() {
    void hostAccess.load();
    const reply = await settle(sendMessage('status.get', {}));
    if (reply.ok) {
      status.value = reply.value;
      statusError.value = null;
    } else statusError.value = reply.error;
    const app = await settle(sendMessage('oauth.app.get', undefined));
    oauthApp.value = app.ok ? app.value : null;
    bindings.value = await siteBindingsItem.getValue();
    overrides.value = await siteOverridesItem.getValue();
  }

  return {
    status,
    statusError,
    bindings,
    overrides,
    tests,
    oauthApp,
    hostAccess,
    refresh,
    async connectOAuth(write: boolean) {
      const reply = await settle(sendMessage('connection.oauth', { write }));
      await refresh();
      return reply;
    },
    async saveOAuthApp(settings: Parameters<ProtocolMap['oauth.app.set']>[0]) {
      const reply = await settle(sendMessage('oauth.app.set', settings));
      await refresh();
      return reply;
    },
    async addPit(token: string, locationId: string) {
      const reply = await settle(sendMessage('connection.addPit', { token, locationId }));
      await refresh();
      return reply;
    },
    async remove(locationId: string) {
      const reply = await settle(sendMessage('connection.remove', { locationId }));
      await refresh();
      return reply;
    },
    async test(locationId: string) {
      tests.value = { ...tests.value, [locationId]: 'running' };
      const reply = await settle(sendMessage('connection.test', { locationId }));
      tests.value = { ...tests.value, [locationId]: reply.ok ? reply.value : reply.error };
    },
    async bind(site: SiteId, locationId: string) {
      const reply = await settle(sendMessage('site.bind', { site, locationId }));
      await refresh();
      return reply;
    },
    async saveOverrides(site: SiteId, value: SiteOverrides) {
      await siteOverridesItem.setValue({ ...(await siteOverridesItem.getValue()), [site]: value });
      overrides.value = await siteOverridesItem.getValue();
    },
  };
}

export type OptionsState = ReturnType<typeof createOptionsState>;
