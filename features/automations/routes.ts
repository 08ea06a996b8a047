/**
 * The automations' message routes, in the shape of features/sidebar/background/routes.ts: who may send each message, the
 * schema its payload must match (payloads.ts), the scope it needs. Everything is for extension pages except 'host.event',
 * which only a content script may send, about the site its own tab shows.
 */

import { HOST_PAGE_PAYLOADS } from '../../lib/host-page/payloads.ts';
import { adapterForUrl } from '../../lib/host-page/sites/index.ts';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import { type ErrorView, fail, ok, type Reply } from '../../lib/messaging/reply.ts';
import type { Route } from '../../lib/messaging/router.ts';
import type { TrustedSender } from '../../lib/messaging/sender.ts';
import type { ConnectionInfo } from '../../lib/storage/items.ts';
import { formatNumber, t } from '../../lib/ui/i18n.ts';
import { type AutomationEngine, AutomationError } from './engine.ts';
import { checkRule, MAX_RULES, type Rule, SITES } from './model.ts';
import { AUTOMATION_PAYLOADS } from './payloads.ts';
import { PRESETS } from './presets.ts';
import type { AutomationProtocol, AutomationsView } from './protocol.ts';
import { RuleLimitError, type RuleStore } from './stores.ts';

export interface AutomationRouteDeps {
  engine: AutomationEngine;
  rules: RuleStore;
  connections: {
    list(): Promise<ConnectionInfo[]>;
    locationForSite(site: SiteId): Promise<string | null>;
  };
  /** Turns anything a service threw into an error value (ApiError…), or null if unknown. */
  toErrorView(error: unknown): ErrorView | null;
  now?: () => number;
}

export type AutomationRouteTable = {
  [K in keyof AutomationProtocol]: Route<
    Parameters<AutomationProtocol[K]>[0],
    ReturnType<AutomationProtocol[K]> extends Reply<infer R> ? R : never
  >;
};

const PAGES: TrustedSender['kind'][] = ['extension-page'];
const CONTENT: TrustedSender['kind'][] = ['content-script'];

export function createAutomationRoutes(deps: AutomationRouteDeps): AutomationRouteTable {
  const { engine, rules, connections } = deps;
  const now = deps.now ?? Date.now;

  async function attempt<T>(work: () => Promise<T>): Promise<Reply<T>> {
    try {
      return ok(await work());
    } catch (error) {
      if (error instanceof AutomationError) return fail({ kind: error.kind });
      const view = deps.toErrorView(error);
      if (view) return fail(view);
      throw error;
    }
  }

  async function view(): Promise<AutomationsView> {
    const list = await connections.list();
    const siteDefaults: AutomationsView['siteDefaults'] = {};
    for (const site of SITES) siteDefaults[site] = await connections.locationForSite(site);
    return {
      rules: await rules.list(),
      presets: structuredClone([...PRESETS]),
      locations: list.map((connection) => ({
        locationId: connection.locationId,
        name: connection.locationName ?? connection.locationId,
        canWrite: connection.scopes.includes('contacts.write'),
      })),
      siteDefaults,
    };
  }

  return {
    'automations.list': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.list'],
      handle: async () => ok(await view()),
    },

    'automations.save': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.save'],
      async handle({ rule }) {
        const errors = checkRule(rule as Rule).filter((issue) => issue.severity === 'error');
        if (errors.length > 0) {
          return fail({
            kind: 'payload.invalid',
            path: `rule.${errors[0]?.path}`,
            messages: errors.map((issue) => issue.message),
          });
        }
        try {
          return ok(await rules.save({ ...(rule as Rule), updatedAt: now() }));
        } catch (error) {
          if (error instanceof RuleLimitError) {
            return fail({
              kind: 'payload.invalid',
              path: 'rule',
              messages: [t('auto_max_rules', formatNumber(MAX_RULES))],
            });
          }
          throw error;
        }
      },
    },

    'automations.delete': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.delete'],
      async handle({ id }) {
        return (await rules.remove(id)) ? ok(null) : fail({ kind: 'not.found' });
      },
    },

    'automations.setEnabled': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.setEnabled'],
      async handle({ id, enabled }) {
        const rule = await rules.get(id);
        if (!rule) return fail({ kind: 'not.found' });
        if (enabled) {
          const errors = checkRule(rule).filter((issue) => issue.severity === 'error');
          if (errors.length > 0) {
            return fail({
              kind: 'payload.invalid',
              path: 'rule',
              messages: errors.map((issue) => issue.message),
            });
          }
        }
        return ok(await rules.save({ ...rule, enabled, updatedAt: now() }));
      },
    },

    'automations.dryRun': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.dryRun'],
      handle: ({ rule, event }) => attempt(() => engine.dryRun(rule as Rule, event)),
    },

    'automations.samplePage': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.samplePage'],
      handle: async ({ site }) => ok(await engine.lastPage(site)),
    },

    'automations.runs': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.runs'],
      handle: (options) => attempt(() => engine.runs(options)),
    },

    'automations.clearRuns': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.clearRuns'],
      async handle() {
        await engine.clearRuns();
        return ok(null);
      },
    },

    'automations.report': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.report'],
      async handle({ id }) {
        const report = await engine.report(id);
        return report ? ok(report) : fail({ kind: 'not.found' });
      },
    },

    'automations.reports': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.reports'],
      handle: async () => ok(await engine.reports()),
    },

    'automations.buildReport': {
      from: PAGES,
      payload: AUTOMATION_PAYLOADS['automations.buildReport'],
      scope: {
        needs: 'contacts.readonly',
        location: (payload) => payload.locationId ?? connections.locationForSite(payload.site),
      },
      handle: ({ site, businessName, locationId, maxContacts }) =>
        attempt(() =>
          engine.buildReport(
            site,
            { name: businessName },
            { ...(locationId ? { locationId } : {}), ...(maxContacts ? { maxContacts } : {}) },
          ),
        ),
    },

    'host.event': {
      from: CONTENT,
      payload: HOST_PAGE_PAYLOADS['host.event'],
      async handle({ site, event }, sender) {
        if (sender.kind !== 'content-script') return fail({ kind: 'sender.denied' });
        // A tab speaks for the site it shows, and for nobody else.
        if (adapterForUrl(new URL(sender.url))?.id !== site) return fail({ kind: 'sender.denied' });
        if (event.type !== 'business.updated' && event.contact.site !== site) {
          return fail({ kind: 'payload.invalid', path: 'event.contact.site' });
        }
        const runs = await engine.onHostEvent(site, event, { tabId: sender.tabId });
        return ok({ runs: runs.length });
      },
    },
  };
}
