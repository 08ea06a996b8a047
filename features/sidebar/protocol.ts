/**
 * The sidebar's write payloads: each schema is the one definition, and its type is inferred from it, so what the
 * frame may ask for and what the background's routes accept cannot drift apart.
 */
import * as v from 'valibot';
import { hlIdSchema, idSchema } from '../../lib/messaging/schemas';

const SHORT = v.pipe(v.string(), v.trim(), v.maxLength(200));
const TITLE = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
const BODY = v.pipe(v.string(), v.maxLength(20_000));
const DUE = v.pipe(v.string(), v.isoTimestamp());
const TAGS = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  v.minLength(1),
  v.maxLength(50),
);
/** HighLevel ids: nothing else may reach a request path. */
const ID = hlIdSchema;

/** The page's fields a contact is created or updated from. */
export const contactFieldsSchema = v.strictObject({
  firstName: v.optional(SHORT),
  lastName: v.optional(SHORT),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200), v.email())),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40))),
  companyName: v.optional(SHORT),
});
export type ContactFieldsInput = v.InferOutput<typeof contactFieldsSchema>;

/** A write the sidebar asks for; the background adds the location and sends it through the outbox. */
export const sidebarWriteSchema = v.variant('kind', [
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
