/**
 * The shape of a HighLevel id (location, contact, task, note, business, user): letters, digits, `_` and `-`,
 * 1–128 characters. Ids become URL path segments, so anything else — `.`, `..`, `/`, `%2e%2e`, an empty string —
 * could address another endpoint once the URL is resolved; the client refuses it before any request, and the
 * message boundary can refuse it earlier with the same schema. Host CRM record ids are not HighLevel ids.
 */
import * as v from 'valibot';

export const HIGHLEVEL_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function isHighLevelId(value: unknown): value is string {
  return typeof value === 'string' && HIGHLEVEL_ID.test(value);
}

export const highLevelIdSchema = v.pipe(v.string(), v.regex(HIGHLEVEL_ID, 'not a HighLevel id'));
