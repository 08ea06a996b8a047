/**
 * The payloads of what the content script sends, each defined once as the schema its route checks (the
 * sidebar's routes); protocol.ts takes their types from here with a type-only import, so the content script
 * never bundles valibot. 'host.event' is checked by the automations' schema, which lib/ cannot import: its
 * type stays written in protocol.ts, and the automations' route table checks their schema against it.
 */
import * as v from 'valibot';
import { pageContactSchema } from '../messaging/schemas';

export const HOST_PAGE_PAYLOADS = {
  'page.show': v.strictObject({ page: v.nullable(pageContactSchema), settled: v.boolean() }),
  'frame.key': v.undefined(),
} as const;
