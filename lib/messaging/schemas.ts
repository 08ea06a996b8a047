/**
 * Payload shapes that more than one set of background routes checks (the sidebar's and the automations'):
 * one definition, so a page contact is the same thing to both.
 */
import * as v from 'valibot';
import { SITE_IDS } from '../host-page/sites/catalog';

export const siteSchema = v.picklist(SITE_IDS);
/** A host CRM's record id (read from its URLs; it never reaches a HighLevel path). */
export const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.regex(/^[\w.:-]+$/));
/** A HighLevel id (location, contact, task, note, user, business): the client's own rule (lib/api/ids.ts). */
export { highLevelIdSchema as hlIdSchema } from '../api/ids';
/** A short text field read off a page. */
export const textSchema = v.pipe(v.string(), v.maxLength(512));

export const pageContactSchema = v.strictObject({
  site: siteSchema,
  hostRecordId: idSchema,
  name: v.optional(textSchema),
  firstName: v.optional(textSchema),
  lastName: v.optional(textSchema),
  email: v.optional(textSchema),
  phone: v.optional(textSchema),
  companyName: v.optional(textSchema),
  companyId: v.optional(textSchema),
});
