/**
 * The sidebar's message payloads, each defined once as the schema its route checks (background/routes.ts);
 * the protocol map (protocol.ts) takes their types from here with a type-only import, so the frame, which only
 * sends, never bundles valibot.
 */
import * as v from 'valibot';
import { SECTION_NAMES } from '../../lib/api/sections';
import { hlIdSchema, idSchema, pageContactSchema, siteSchema } from '../../lib/messaging/schemas';

const SITE = siteSchema;
/** HighLevel ids: nothing else may reach a request path. */
const ID = hlIdSchema;
const HOST_RECORD = idSchema;

/** HighLevel takes up to 75 characters of free text in a search. */
const FIND_QUERY_MAX = 75;
const SHORT = v.pipe(v.string(), v.trim(), v.maxLength(200));
const TITLE = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
const BODY = v.pipe(v.string(), v.maxLength(20_000));
const DUE = v.pipe(v.string(), v.isoTimestamp());
const TAGS = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  v.minLength(1),
  v.maxLength(50),
);

/** The page's fields a contact is created or updated from. */
const contactFieldsSchema = v.strictObject({
  firstName: v.optional(SHORT),
  lastName: v.optional(SHORT),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200), v.email())),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40))),
  companyName: v.optional(SHORT),
});
export type ContactFieldsInput = v.InferOutput<typeof contactFieldsSchema>;

/** A write the sidebar asks for; the background adds the location and sends it through the outbox. */
const sidebarWriteSchema = v.variant('kind', [
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
  v.strictObject({ kind: v.literal('contact.create'), hostRecordId: idSchema, input: contactFieldsSchema }),
  v.strictObject({ kind: v.literal('contact.update'), contactId: ID, input: contactFieldsSchema }),
  v.strictObject({ kind: v.literal('contact.delete'), contactId: ID }),
]);
export type SidebarWrite = v.InferOutput<typeof sidebarWriteSchema>;

export const SIDEBAR_PAYLOADS = {
  'frame.attach': v.strictObject({ key: v.pipe(v.string(), v.regex(/^[0-9a-f]{48}$/)) }),
  'contact.match': v.strictObject({ site: SITE, page: pageContactSchema, settled: v.boolean() }),
  'contact.section': v.strictObject({
    site: SITE,
    contactId: ID,
    section: v.picklist(SECTION_NAMES),
    fresh: v.boolean(),
  }),
  'contact.sections': v.strictObject({ site: SITE, contactId: ID }),
  'business.contacts': v.strictObject({
    site: SITE,
    businessId: ID,
    skip: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
    limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
    query: v.optional(v.pipe(v.string(), v.maxLength(100))),
  }),
  /** A search over HighLevel by hand: name, email or phone; shorter than 2 characters is refused. */
  'contact.find': v.strictObject({
    site: SITE,
    query: v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(FIND_QUERY_MAX)),
  }),
  'contact.link': v.strictObject({ site: SITE, hostRecordId: HOST_RECORD, contactId: v.nullable(ID) }),
  'write.enqueue': v.strictObject({ site: SITE, write: sidebarWriteSchema }),
  'write.list': v.strictObject({ site: SITE, contactId: ID }),
  'write.retry': v.strictObject({ site: SITE, id: ID }),
  'write.discard': v.strictObject({ site: SITE, id: ID }),
  'tags.suggest': v.strictObject({ site: SITE }),
  'assignees.suggest': v.strictObject({ site: SITE }),
} as const;
