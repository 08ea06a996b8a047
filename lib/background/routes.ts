/**
 * The background's message routes: for each message type, who may send it, the schema its payload must
 * match, and the scope it needs — checked by the router before the handler runs (lib/messaging/router.ts).
 */
import * as v from 'valibot';
import type { AutomationProtocol } from '../automations/protocol';
import type {
  BusinessPageView,
  EndpointCheck,
  MatchView,
  ProtocolMap,
  RateView,
  SectionName,
  SectionOutcomes,
  SectionView,
  StatusView,
} from '../messaging/protocol';
import { type ErrorView, fail, ok, type Reply } from '../messaging/reply';
import type { Route } from '../messaging/router';
import { idSchema, pageContactSchema, siteSchema } from '../messaging/schemas';
import type { TrustedSender } from '../messaging/sender';
import type { PageContact, SiteId } from '../sites/types';
import type { ConnectionInfo } from '../storage/items';
import type { Connections } from './connections';
import type { LinkStore } from './links';
import type { OAuthService } from './oauth-service';
import type { WriteService } from './writes';

export interface ContactData {
  business(
    locationId: string,
    businessId: string,
    page: { skip: number; limit: number; query?: string },
  ): Promise<BusinessPageView>;
  /** `exclude`: contacts the agent said this record is not. */
  match(locationId: string, page: PageContact, exclude: string[]): Promise<MatchView>;
  section(locationId: string, contactId: string, name: SectionName, fresh: boolean): Promise<SectionView>;
  probeScopes(locationId: string): Promise<{ scopes: string[] }>;
  testConnection(locationId: string): Promise<EndpointCheck[]>;
  forgetLocation(locationId: string): Promise<void>;
}

export interface RouteDeps {
  connections: Connections;
  links: LinkStore;
  data: ContactData;
  oauth: Pick<OAuthService, 'connect' | 'view' | 'setApp'>;
  writes: Pick<WriteService, 'enqueue' | 'unsettled' | 'retry' | 'discard'>;
  tagSuggestions(locationId: string): string[];
  assigneeSuggestions(locationId: string): string[];
  rateState(locationId: string): RateView;
  openOptions(): Promise<void>;
  /** Every other service's data about a location, dropped when its connection is removed. */
  forgetLocation(locationId: string): Promise<void>;
  /** Turns anything a service threw into an error value (ApiError, CredentialError…), or null if unknown. */
  toErrorView(error: unknown): ErrorView | null;
  now?: () => number;
}

const SECTION_NAMES: SectionName[] = ['contact', 'tasks', 'notes', 'appointments'];
const SITE = siteSchema;
const ID = idSchema;
const PAGE_CONTACT = pageContactSchema;

/** Messages the background sends rather than receives. */
type Outbound = 'sidebar.toggle' | 'write.update';

const SHORT = v.pipe(v.string(), v.trim(), v.maxLength(200));
const CONTACT_FIELDS = v.strictObject({
  firstName: v.optional(SHORT),
  lastName: v.optional(SHORT),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200), v.email())),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40))),
  companyName: v.optional(SHORT),
});
const TITLE = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
const BODY = v.pipe(v.string(), v.maxLength(20_000));
const DUE = v.pipe(v.string(), v.isoTimestamp());
const TAGS = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  v.minLength(1),
  v.maxLength(50),
);
const SIDEBAR_WRITE = v.variant('kind', [
  v.strictObject({
    kind: v.literal('task.create'),
    contactId: ID,
    input: v.strictObject({ title: TITLE, dueDate: DUE, body: v.optional(BODY), assignedTo: v.optional(ID) }),
  }),
  v.strictObject({
    kind: v.literal('task.update'),
    contactId: ID,
    taskId: ID,
    patch: v.strictObject({
      title: v.optional(TITLE),
      dueDate: v.optional(DUE),
      body: v.optional(BODY),
      assignedTo: v.optional(ID),
    }),
  }),
  v.strictObject({ kind: v.literal('task.complete'), contactId: ID, taskId: ID, completed: v.boolean() }),
  v.strictObject({ kind: v.literal('task.delete'), contactId: ID, taskId: ID }),
  v.strictObject({ kind: v.picklist(['tags.add', 'tags.remove']), contactId: ID, tags: TAGS }),
  v.strictObject({
    kind: v.literal('note.create'),
    contactId: ID,
    input: v.strictObject({ body: v.pipe(BODY, v.minLength(1)) }),
  }),
  v.strictObject({
    kind: v.literal('note.update'),
    contactId: ID,
    noteId: ID,
    patch: v.strictObject({ body: v.pipe(BODY, v.minLength(1)) }),
  }),
  v.strictObject({ kind: v.literal('contact.create'), hostRecordId: ID, input: CONTACT_FIELDS }),
  v.strictObject({ kind: v.literal('contact.update'), contactId: ID, input: CONTACT_FIELDS }),
  v.strictObject({ kind: v.literal('contact.delete'), contactId: ID }),
]);

type RouteTable = {
  [K in Exclude<keyof ProtocolMap, Outbound | keyof AutomationProtocol>]: Route<
    Parameters<ProtocolMap[K]>[0],
    ReturnType<ProtocolMap[K]> extends Reply<infer R> ? R : never
  >;
};

const PAGES: TrustedSender['kind'][] = ['extension-page'];
const EVERYONE: TrustedSender['kind'][] = ['extension-page', 'content-script'];

export function createRoutes(deps: RouteDeps): RouteTable {
  const { connections, links, data } = deps;
  const now = deps.now ?? Date.now;
  const siteLocation = (payload: { site: SiteId }) => connections.locationForSite(payload.site);
  /** Every section of a contact, read in parallel; a section that fails says why (a deleted contact: not.found). */
  const readSections = async (locationId: string, contactId: string): Promise<SectionOutcomes> => {
    const sections: SectionOutcomes = {};
    await Promise.all(
      SECTION_NAMES.map(async (name) => {
        try {
          sections[name] = {
            ok: true,
            view: (await data.section(locationId, contactId, name, false)) as never,
          };
        } catch (error) {
          sections[name] = { ok: false, error: deps.toErrorView(error) ?? { kind: 'internal' } };
        }
      }),
    );
    return sections;
  };

  /** Runs a service call; its failure becomes an error value the UI can explain. */
  async function attempt<T>(work: () => Promise<T>): Promise<Reply<T>> {
    try {
      return ok(await work());
    } catch (error) {
      const view = deps.toErrorView(error);
      if (view) return fail(view);
      throw error;
    }
  }

  return {
    'status.get': {
      from: EVERYONE,
      payload: v.strictObject({ site: v.optional(SITE) }),
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
      payload: v.strictObject({
        token: v.pipe(v.string(), v.trim(), v.minLength(8), v.maxLength(512), v.regex(/^[\w.-]+$/)),
        locationId: ID,
      }),
      handle: ({ token, locationId }): Promise<Reply<ConnectionInfo>> =>
        attempt(() => connections.addPit(token, locationId, data.probeScopes)),
    },

    'connection.remove': {
      from: PAGES,
      payload: v.strictObject({ locationId: ID }),
      async handle({ locationId }) {
        await connections.remove(locationId);
        await links.deleteLocation(locationId);
        await data.forgetLocation(locationId);
        await deps.forgetLocation(locationId);
        return ok(null);
      },
    },

    'connection.oauth': {
      from: EVERYONE,
      payload: v.strictObject({ write: v.boolean(), site: v.optional(SITE) }),
      async handle({ write, site }) {
        const reply = await attempt(() => deps.oauth.connect(write));
        if (reply.ok && site) await connections.bind(site, reply.value.locationId);
        return reply;
      },
    },

    'oauth.app.get': {
      from: PAGES,
      payload: v.undefined(),
      handle: async () => ok(await deps.oauth.view()),
    },

    'oauth.app.set': {
      from: PAGES,
      payload: v.strictObject({
        mode: v.picklist(['broker', 'direct']),
        clientId: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(256)),
        // https, or plain http on this machine only (a broker run locally with `npm run broker`).
        brokerUrl: v.optional(
          v.pipe(
            v.string(),
            v.url(),
            v.maxLength(512),
            v.check(
              (url) => /^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url),
              'https only',
            ),
          ),
        ),
        clientSecret: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(512))),
      }),
      async handle({ mode, clientId, brokerUrl, clientSecret }) {
        if (mode === 'broker' && !brokerUrl) return fail({ kind: 'payload.invalid', path: 'brokerUrl' });
        return ok(
          await deps.oauth.setApp({ mode, clientId, ...(brokerUrl ? { brokerUrl } : {}) }, clientSecret),
        );
      },
    },

    'connection.test': {
      from: PAGES,
      payload: v.strictObject({ locationId: ID }),
      scope: { needs: 'contacts.readonly', location: (p) => p.locationId },
      handle: ({ locationId }) => attempt(() => data.testConnection(locationId)),
    },

    'site.bind': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, locationId: ID }),
      async handle({ site, locationId }) {
        if (!(await connections.get(locationId))) return fail({ kind: 'not.connected' });
        await connections.bind(site, locationId);
        return ok(null);
      },
    },

    'contact.match': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, page: PAGE_CONTACT, settled: v.boolean() }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ site, page, settled }, _sender, locationId) {
        if (page.site !== site) return fail({ kind: 'payload.invalid', path: 'page.site' });
        if (!locationId) return fail({ kind: 'not.connected' });
        const link = await links.get(site, page.hostRecordId, locationId);
        // Linked: no lookup at all; every section is read at once, in parallel, and comes back with the answer
        // (a deleted contact shows as not.found in its sections).
        if (link?.contactId) {
          const contactId = link.contactId;
          return ok({
            status: 'linked',
            locationId,
            contactId,
            candidates: [],
            sections: await readSections(locationId, contactId),
          } satisfies MatchView);
        }
        if (!settled) return ok({ status: 'needs-page', locationId, candidates: [] } satisfies MatchView);
        const rejected = link?.rejected ?? [];
        return attempt(async () => {
          const view = await data.match(locationId, page, rejected);
          // A unique email match is certain enough to remember; phone and name matches wait for the agent,
          // and so does anything once the agent has turned a match down for this record.
          const first = view.candidates[0];
          // The sidebar asks for the sections next: start them now, so its requests join these in flight.
          if (view.status === 'matched' && first) {
            for (const name of SECTION_NAMES)
              void data.section(locationId, first.contact.id, name, false).catch(() => undefined);
          }
          // Remembered for the next open; this answer does not wait for the store (a link that failed to be kept
          // only means searching again next time).
          if (view.status === 'matched' && first?.matchedOn === 'email' && rejected.length === 0) {
            void links
              .set({
                site,
                hostRecordId: page.hostRecordId,
                locationId,
                contactId: first.contact.id,
                linkedAt: now(),
              })
              .catch(() => undefined);
          }
          return view;
        });
      },
    },

    'contact.section': {
      from: EVERYONE,
      payload: v.strictObject({
        site: SITE,
        contactId: ID,
        section: v.picklist(['contact', 'tasks', 'notes', 'appointments'] satisfies SectionName[]),
        fresh: v.boolean(),
      }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ contactId, section, fresh }, _sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        return attempt(() => data.section(locationId, contactId, section, fresh));
      },
    },

    'contact.sections': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, contactId: ID }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ contactId }, _sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        return ok(await readSections(locationId, contactId));
      },
    },

    'business.contacts': {
      from: EVERYONE,
      payload: v.strictObject({
        site: SITE,
        businessId: ID,
        skip: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
        limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
        query: v.optional(v.pipe(v.string(), v.maxLength(100))),
      }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ businessId, skip, limit, query }, _sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        return attempt(() => data.business(locationId, businessId, { skip, limit, query }));
      },
    },

    'write.enqueue': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, write: SIDEBAR_WRITE }),
      scope: { needs: 'contacts.write', location: siteLocation },
      async handle({ site, write }, sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        const tabId = sender.kind === 'content-script' ? sender.tabId : undefined;
        return ok(await deps.writes.enqueue(site, locationId, write, tabId));
      },
    },

    'write.list': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, contactId: v.optional(ID) }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ contactId }, sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        const tabId = sender.kind === 'content-script' ? sender.tabId : undefined;
        return ok(await deps.writes.unsettled(locationId, contactId, tabId));
      },
    },

    'write.retry': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, id: ID }),
      scope: { needs: 'contacts.write', location: siteLocation },
      async handle({ id }, sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        const receipt = await deps.writes.retry(
          id,
          locationId,
          sender.kind === 'content-script' ? sender.tabId : undefined,
        );
        return receipt ? ok(receipt) : fail({ kind: 'not.found' });
      },
    },

    'write.discard': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, id: ID }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ id }, _sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        const receipt = await deps.writes.discard(id, locationId);
        return receipt ? ok(receipt) : fail({ kind: 'not.found' });
      },
    },

    'tags.suggest': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle(_payload, _sender, locationId) {
        return ok(locationId ? deps.tagSuggestions(locationId) : []);
      },
    },

    'assignees.suggest': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle(_payload, _sender, locationId) {
        return ok(locationId ? deps.assigneeSuggestions(locationId) : []);
      },
    },

    'contact.link': {
      from: EVERYONE,
      payload: v.strictObject({ site: SITE, hostRecordId: ID, contactId: v.nullable(ID) }),
      scope: { needs: 'contacts.readonly', location: siteLocation },
      async handle({ site, hostRecordId, contactId }, _sender, locationId) {
        if (!locationId) return fail({ kind: 'not.connected' });
        if (contactId) {
          await links.set({ site, hostRecordId, locationId, contactId, linkedAt: now() });
          return ok(null);
        }
        // "Not this contact": forget the link and remember the refusal, so the same match is not made again.
        const previous = await links.get(site, hostRecordId, locationId);
        const rejected = [
          ...new Set([...(previous?.rejected ?? []), ...(previous?.contactId ? [previous.contactId] : [])]),
        ];
        await links.set({ site, hostRecordId, locationId, contactId: null, rejected, linkedAt: now() });
        return ok(null);
      },
    },

    'options.open': {
      from: EVERYONE,
      payload: v.undefined(),
      async handle() {
        await deps.openOptions();
        return ok(null);
      },
    },
  };
}
