/**
 * The payloads of what the content script sends, each defined once as the schema its route checks ('page.show'
 * and 'frame.key': the sidebar's routes; 'host.event': the automations'). protocol.ts and sites/types.ts take
 * their types from here with type-only imports, so the content script never bundles valibot.
 */
import * as v from 'valibot';
import { idSchema, pageContactSchema, siteSchema } from '../messaging/schemas';

/** A task the agent created on the host page. `dueDate`: ISO 8601 date or date-time when the page gave one. */
export const hostTaskSchema = v.strictObject({
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  dueDate: v.optional(v.pipe(v.string(), v.maxLength(64))),
  description: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

/** What the page reports: what happened on it, or that it shows a contact (what automation rules react to). */
export const pageEventSchema = v.variant('type', [
  v.strictObject({ type: v.literal('contact.opened'), contact: pageContactSchema }),
  v.strictObject({ type: v.literal('contact.updated'), contact: pageContactSchema }),
  v.strictObject({ type: v.literal('contact.created'), contact: pageContactSchema }),
  v.strictObject({
    type: v.literal('business.updated'),
    business: v.strictObject({
      id: v.optional(idSchema),
      name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512)),
    }),
  }),
  v.strictObject({ type: v.literal('task.created'), contact: pageContactSchema, task: hostTaskSchema }),
]);

export const HOST_PAGE_PAYLOADS = {
  'page.show': v.strictObject({ page: v.nullable(pageContactSchema), settled: v.boolean() }),
  'frame.key': v.undefined(),
  'host.event': v.strictObject({ site: siteSchema, event: pageEventSchema }),
  'recipes.forPage': v.undefined(),
} as const;
