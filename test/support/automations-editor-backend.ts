/**
 * For tests of the extension pages: the automations editor talking to the real routes and engine through the
 * router (schemas and sender checks included), over a fake HighLevel client and outbox, with structuredClone
 * both ways like a real message.
 */
import { createAutomationEngine } from '../../features/automations/engine';
import type { AutomationSend } from '../../features/automations/protocol';
import { createAutomationRoutes } from '../../features/automations/routes';
import { createMemoryRuleStore, createMemoryStores } from '../../features/automations/stores';
import { createDispatcher, type Route } from '../../lib/messaging/router';
import { contactOf, createFakeClient, createFakeOutbox } from './automations-fakes';

export const TEST_LOCATION = 've9EPM428h8vShlRW1KT';
export const TEST_EXTENSION = {
  id: 'ourextensionidourextensionidabcd',
  baseUrl: 'chrome-extension://ourextensionidourextensionidabcd/',
};

export function editorBackend() {
  const rules = createMemoryRuleStore();
  const stores = createMemoryStores();
  const fake = createFakeClient({
    contacts: [
      contactOf({
        id: 'AnaCnt',
        firstName: 'Ana',
        lastName: 'García',
        email: 'ana@example.com',
        companyName: 'Gimnasio Sol',
      }),
    ],
  });
  const box = createFakeOutbox();
  const engine = createAutomationEngine({
    client: fake.client,
    outbox: box.outbox,
    rules,
    ...stores,
    resolveLocation: async () => TEST_LOCATION,
    grantedScopes: async () => ['contacts.readonly', 'contacts.write'],
  });
  const routes = createAutomationRoutes({
    engine,
    rules,
    connections: {
      list: async () => [
        {
          locationId: TEST_LOCATION,
          locationName: 'Sunrise Fitness',
          mode: 'pit',
          scopes: ['contacts.readonly', 'contacts.write'],
          connectedAt: 1,
        },
      ],
      locationForSite: async () => TEST_LOCATION,
    },
    toErrorView: () => null,
  });
  const dispatch = createDispatcher(routes as unknown as Record<string, Route<unknown, unknown>>, {
    self: TEST_EXTENSION,
    grantedScopes: async () => ['contacts.readonly', 'contacts.write'],
  });
  const page = { id: TEST_EXTENSION.id, url: `${TEST_EXTENSION.baseUrl}options.html` };
  const send = (async (type: string, payload: unknown) =>
    structuredClone(await dispatch(type, structuredClone(payload), page))) as unknown as AutomationSend;
  return { send, rules, engine, box };
}
