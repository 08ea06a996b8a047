/**
 * The settings' message payloads, each defined once as the schema its route checks (background/routes.ts);
 * the protocol map (protocol.ts) takes their types from here with a type-only import, so the pages that only
 * send never bundle valibot for it.
 */
import * as v from 'valibot';
import { hlIdSchema, siteSchema } from '../../lib/messaging/schemas';

const SITE = siteSchema;
/** HighLevel ids: nothing else may reach a request path. */
const ID = hlIdSchema;

export const SETTINGS_PAYLOADS = {
  'status.get': v.strictObject({ site: v.optional(SITE) }),
  'connection.addPit': v.strictObject({
    token: v.pipe(v.string(), v.trim(), v.minLength(8), v.maxLength(512), v.regex(/^[\w.-]+$/)),
    locationId: ID,
  }),
  'connection.remove': v.strictObject({ locationId: ID }),
  'connection.oauth': v.strictObject({ write: v.boolean(), site: v.optional(SITE) }),
  'oauth.app.get': v.undefined(),
  'oauth.app.set': v.strictObject({
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
  'connection.test': v.strictObject({ locationId: ID }),
  'site.bind': v.strictObject({ site: SITE, locationId: ID }),
  'options.open': v.undefined(),
  'host-access.get': v.undefined(),
} as const;
