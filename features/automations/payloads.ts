/**
 * The automations' message payloads, each defined once as the schema its route checks (routes.ts); the
 * protocol map (protocol.ts) takes their types from here with a type-only import, so the pages that only send
 * never bundle valibot for it. 'host.event' is the content script's, defined with the rest of what that script
 * sends (lib/host-page/payloads.ts).
 */
import * as v from 'valibot';
import { pageEventSchema } from '../../lib/host-page/payloads.ts';
import { REPORT_MAX_CONTACTS, ruleSchema, siteSchema } from './model.ts';

const ID = v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.regex(/^[\w.:-]+$/));

export const AUTOMATION_PAYLOADS = {
  'automations.list': v.undefined(),
  'automations.save': v.strictObject({ rule: ruleSchema }),
  'automations.delete': v.strictObject({ id: ID }),
  'automations.setEnabled': v.strictObject({ id: ID, enabled: v.boolean() }),
  'automations.dryRun': v.strictObject({ rule: ruleSchema, event: pageEventSchema }),
  'automations.samplePage': v.strictObject({ site: siteSchema }),
  'automations.runs': v.strictObject({
    ruleId: v.optional(ID),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))),
  }),
  'automations.clearRuns': v.undefined(),
  'automations.report': v.strictObject({ id: ID }),
  'automations.reports': v.undefined(),
  'automations.buildReport': v.strictObject({
    site: siteSchema,
    businessName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512)),
    locationId: v.optional(ID),
    maxContacts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(REPORT_MAX_CONTACTS))),
  }),
} as const;
