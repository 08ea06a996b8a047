/**
 * The background service worker, wired: vault → token provider → HighLevel client → routes → messaging.
 * Listeners are registered synchronously at start so that a message that woke the worker is not missed.
 */
import { type Browser, browser } from 'wxt/browser';
import { createAutomationEngine } from '../../features/automations/engine';
import { createAutomationRoutes } from '../../features/automations/routes';
import { createAutomationStores } from '../../features/automations/stores';
import { createRecipeRoutes } from '../../features/recipes/background/routes';
import { createConnections, sessionAccessCache } from '../../features/settings/background/connections';
import { createHostAccess } from '../../features/settings/background/host-access';
import { createOAuthService } from '../../features/settings/background/oauth-service';
import { createSettingsRoutes } from '../../features/settings/background/routes';
import { HOST_ACCESS_CHANGED } from '../../features/settings/protocol';
import { createContactData } from '../../features/sidebar/background/contact-data';
import { createLinkStore } from '../../features/sidebar/background/links';
import { createSidebarRoutes } from '../../features/sidebar/background/routes';
import { createTabSessions, type TabSessions } from '../../features/sidebar/background/tabs';
import { createWriteService } from '../../features/sidebar/background/writes';
import type { FramePush, WriteReceipt } from '../../features/sidebar/protocol';
import { createIdbStore } from '../api/cache';
import { createHighLevelClient } from '../api/client';
import { isApiError } from '../api/errors';
import { OAuthFailure, type PendingAuth } from '../auth/oauth';
import { CredentialError, createTokenProvider } from '../auth/tokens';
import { createVault, rememberSecrets } from '../auth/vault';
import { FRAME_PORT } from '../host-page/frame-channel';
import type { ErrorView } from '../messaging/reply';
import { createDispatcher, type RouteTable } from '../messaging/router';
import { classifySender } from '../messaging/sender';
import { createOutbox } from '../outbox/outbox';
import { importRecipes, listRecipes, removeRecipe, saveRecipe } from '../recipes/store';
import type { OAuthAppSettings } from '../storage/items';
import { openSettings } from '../storage/settings';
import { messenger, type Outbound, type ProtocolMap } from './protocol';

export function toErrorView(error: unknown): ErrorView | null {
  if (isApiError(error)) {
    const { kind, status, traceId, scope, messages, daily, retryAt, path } = error;
    return { kind, status, traceId, scope, messages, daily, retryAt, path };
  }
  if (error instanceof CredentialError || error instanceof OAuthFailure) return { kind: error.kind };
  return null;
}

function buildOAuthApp(): OAuthAppSettings | null {
  const clientId = import.meta.env.WXT_HL_CLIENT_ID as string | undefined;
  const brokerUrl = import.meta.env.WXT_HL_BROKER_URL as string | undefined;
  return clientId && brokerUrl ? { mode: 'broker', clientId, brokerUrl } : null;
}

const PENDING_KEY = 'oauth.pending';

/**
 * How a write went reaches the sidebar frame that asked for it over the port it opens (the frame is an extension
 * page in a tab: messages to the tab reach only its content scripts). A port is taken only from the frame its tab
 * vouched for.
 */
function listenToFrames(tabs: TabSessions) {
  const ports = new Map<number, Browser.runtime.Port>();
  const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== FRAME_PORT) return;
    const sender = classifySender(port.sender, self);
    if (sender.kind !== 'sidebar-frame') return port.disconnect();
    void tabs.frame(sender.tabId, sender.frameId).then((session) => {
      if (!session) return port.disconnect();
      ports.set(sender.tabId, port);
      port.onDisconnect.addListener(() => {
        if (ports.get(sender.tabId) === port) ports.delete(sender.tabId);
      });
    });
  });
  const post = (tabId: number, port: Browser.runtime.Port, push: FramePush) => {
    try {
      port.postMessage(push);
    } catch {
      ports.delete(tabId);
    }
  };
  return {
    push(tabId: number, receipt: WriteReceipt) {
      const port = ports.get(tabId);
      if (port) post(tabId, port, { type: 'receipt', receipt });
    },
    /** To every frame. */
    broadcast(push: FramePush) {
      for (const [tabId, port] of ports) post(tabId, port, push);
    },
  };
}

export function startBackground() {
  // Opening the settings database moves an older version's settings out of storage.local, once.
  void openSettings().catch((error) =>
    console.error('[hl-sidebar] settings:', error instanceof Error ? error.name : 'error'),
  );
  const vault = rememberSecrets(createVault());
  const accessCache = sessionAccessCache(browser.storage.session);
  const connections = createConnections({ vault, accessCache });
  const oauth = createOAuthService({
    vault,
    connections,
    buildApp: buildOAuthApp(),
    redirectUri: () => browser.identity.getRedirectURL('oauth'),
    launch: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
    pending: {
      get: async () =>
        ((await browser.storage.session.get(PENDING_KEY))[PENDING_KEY] as PendingAuth | undefined) ?? null,
      set: async (value) =>
        value
          ? browser.storage.session.set({ [PENDING_KEY]: value })
          : browser.storage.session.remove(PENDING_KEY),
    },
  });
  const tokens = createTokenProvider({
    vault,
    accessCache,
    refreshExchange: oauth.refresh,
    onRotated: (locationId, rotation) => connections.updateRotation(locationId, rotation),
  });
  // The host permissions: the extension's pages hear when they change, and writes held for them go out.
  const hostAccess = createHostAccess(browser.permissions, (view) => {
    void browser.runtime.sendMessage({ type: HOST_ACCESS_CHANGED }).catch(() => undefined);
    frames.broadcast({ type: 'host-access' });
    if (view.highLevel) void outbox.nudge().catch(() => undefined);
  });
  const client = createHighLevelClient({
    tokens,
    store: createIdbStore(),
    permitted: async () => (await hostAccess.view()).highLevel,
  });
  const links = createLinkStore();
  const outbox = createOutbox({
    client,
    // Wake the worker when the next retry is due (alarms survive the worker being stopped).
    scheduleWake: (at) => void browser.alarms.create('outbox', { when: Math.max(at, Date.now() + 1000) }),
    onError: (error) => console.error('[hl-sidebar] outbox:', error instanceof Error ? error.name : 'error'),
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === 'outbox') void outbox.drain();
  });
  globalThis.addEventListener?.('online', () => void outbox.nudge());
  const tabs = createTabSessions(browser.storage.session);
  browser.tabs.onRemoved.addListener((tabId) => void tabs.forget(tabId));
  const frames = listenToFrames(tabs);
  const writes = createWriteService({ outbox, links, notify: frames.push });
  void writes.reconcile().catch(() => undefined);
  const data = createContactData(client, toErrorView);
  const automation = createAutomationStores();
  const engine = createAutomationEngine({
    client,
    outbox,
    ...automation,
    links,
    resolveLocation: (site) => connections.locationForSite(site),
    grantedScopes: (locationId) => connections.grantedScopes(locationId),
    onError: (error) =>
      console.error('[hl-sidebar] automation:', error instanceof Error ? error.name : 'error'),
  });

  // Every message the background receives has its route: the type says so, feature by feature.
  const routes: RouteTable<Omit<ProtocolMap, Outbound>> = {
    ...createSidebarRoutes({
      connections,
      links,
      data,
      writes,
      tabs,
      tagSuggestions: (locationId) => data.seenTags(locationId),
      assigneeSuggestions: (locationId) => data.seenAssignees(locationId),
      toErrorView,
    }),
    ...createSettingsRoutes({
      connections,
      links,
      data,
      oauth,
      rateState: (locationId) => {
        const { remaining, limit, intervalMs, dailyRemaining, dailyLimit, exhausted } =
          client.rateState(locationId);
        return { remaining, limit, intervalMs, dailyRemaining, dailyLimit, exhausted };
      },
      openOptions: () => browser.runtime.openOptionsPage(),
      hostAccess: () => hostAccess.view(),
      forgetLocation: (locationId) => engine.forgetLocation(locationId),
      toErrorView,
    }),
    ...createAutomationRoutes({ engine, rules: automation.rules, connections, toErrorView }),
    ...createRecipeRoutes({
      list: listRecipes,
      import: importRecipes,
      save: saveRecipe,
      remove: removeRecipe,
    }),
  };
  const dispatch = createDispatcher(routes, {
    self: { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') },
    grantedScopes: (locationId) => connections.grantedScopes(locationId),
    frameSite: async (tabId, frameId) => (await tabs.frame(tabId, frameId))?.site ?? null,
    onInternalError: (type, error) =>
      console.error(`[hl-sidebar] ${type} failed:`, error instanceof Error ? error.name : 'error'),
  });

  for (const type of Object.keys(routes) as (keyof ProtocolMap)[]) {
    messenger.onMessage(type, (message) => dispatch(type, message.data, message.sender) as never);
  }

  browser.commands?.onCommand.addListener(async (command, tab) => {
    if (command !== 'toggle-sidebar') return;
    const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (tabId !== undefined)
      await messenger.sendMessage('sidebar.toggle', undefined, tabId).catch(() => undefined);
  });
}
