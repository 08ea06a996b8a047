/**
 * What each kind of write is: which contact it touches, whether repeating it could create a second record,
 * and the one client call that performs it. The outbox owns retries, so every call goes with `retry: false`.
 */
import type { HighLevelClient } from '../api/client.ts';
import type { CallOptions } from '../api/types.ts';
import type { OutboxEntry, WriteKind, WriteOp } from './types.ts';

/** The part of the HighLevel client the outbox uses. */
export type OutboxClient = Pick<
  HighLevelClient,
  | 'createContact'
  | 'upsertContact'
  | 'updateContact'
  | 'deleteContact'
  | 'createTask'
  | 'updateTask'
  | 'setTaskCompleted'
  | 'deleteTask'
  | 'addTags'
  | 'removeTags'
  | 'createNote'
  | 'updateNote'
  | 'deleteNote'
  | 'getTasks'
  | 'getNotes'
  | 'searchContacts'
  | 'forgetContact'
>;

export type WriteResult = NonNullable<OutboxEntry['result']>;

export const WRITE_KINDS: ReadonlySet<WriteKind> = new Set<WriteKind>([
  'contact.create',
  'contact.upsert',
  'contact.update',
  'contact.delete',
  'task.create',
  'task.update',
  'task.complete',
  'task.delete',
  'tags.add',
  'tags.remove',
  'note.create',
  'note.update',
  'note.delete',
]);

/** The entry whose contact this write is for, when it names one through a ContactRef. */
export function refOf(op: WriteOp): string | undefined {
  if (!('contactId' in op)) return undefined;
  return typeof op.contactId === 'object' ? op.contactId.fromEntry : undefined;
}

/** The contact id the write names outright, if any. */
export function contactIdOf(op: WriteOp): string | undefined {
  if (!('contactId' in op)) return undefined;
  return typeof op.contactId === 'string' ? op.contactId : undefined;
}

/** Writes that produce a contact id a later entry can point to. */
export function makesContact(op: WriteOp): boolean {
  return op.kind === 'contact.create' || op.kind === 'contact.upsert';
}

/**
 * Writes that may leave a second record behind when sent twice. An upsert normally finds the contact again,
 * except when it is told to create a new one on locations that allow duplicates.
 */
export function createsRecord(op: WriteOp): boolean {
  switch (op.kind) {
    case 'contact.create':
    case 'task.create':
    case 'note.create':
      return true;
    case 'contact.upsert':
      return op.input.createNewIfDuplicateAllowed === true;
    default:
      return false;
  }
}

export function isDelete(op: WriteOp): boolean {
  return op.kind === 'contact.delete' || op.kind === 'task.delete' || op.kind === 'note.delete';
}

/** The ids a write is about, known before sending it (for deletes and updates, the whole result). */
export function knownIds(op: WriteOp, contactId: string | undefined): WriteResult {
  const ids: WriteResult = {};
  if (contactId) ids.contactId = contactId;
  if ('taskId' in op) ids.taskId = op.taskId;
  if ('noteId' in op) ids.noteId = op.noteId;
  return ids;
}

/** Sends the write once. `contactId` is the resolved contact for writes that address one. */
export async function perform(
  client: OutboxClient,
  op: WriteOp,
  contactId: string | undefined,
  call: CallOptions,
): Promise<WriteResult> {
  const location = op.locationId;
  const contact = contactId ?? '';
  switch (op.kind) {
    case 'contact.create':
      return { contactId: (await client.createContact(location, op.input, call)).id };
    case 'contact.upsert':
      return { contactId: (await client.upsertContact(location, op.input, call)).contact.id };
    case 'contact.update':
      await client.updateContact(location, contact, op.input, call);
      return { contactId: contact };
    case 'contact.delete':
      await client.deleteContact(location, op.contactId, call);
      return { contactId: op.contactId };
    case 'task.create':
      return { contactId: contact, taskId: (await client.createTask(location, contact, op.input, call)).id };
    case 'task.update':
      await client.updateTask(location, op.contactId, op.taskId, op.patch, call);
      return { contactId: op.contactId, taskId: op.taskId };
    case 'task.complete':
      await client.setTaskCompleted(location, op.contactId, op.taskId, op.completed, call);
      return { contactId: op.contactId, taskId: op.taskId };
    case 'task.delete':
      await client.deleteTask(location, op.contactId, op.taskId, call);
      return { contactId: op.contactId, taskId: op.taskId };
    case 'tags.add':
      await client.addTags(location, contact, op.tags, call);
      return { contactId: contact };
    case 'tags.remove':
      await client.removeTags(location, contact, op.tags, call);
      return { contactId: contact };
    case 'note.create':
      return { contactId: contact, noteId: (await client.createNote(location, contact, op.input, call)).id };
    case 'note.update':
      await client.updateNote(location, op.contactId, op.noteId, op.patch, call);
      return { contactId: op.contactId, noteId: op.noteId };
    case 'note.delete':
      await client.deleteNote(location, op.contactId, op.noteId, call);
      return { contactId: op.contactId, noteId: op.noteId };
  }
}

/** Why an op cannot be stored, or null. Checks shape only: HighLevel judges the contents. */
export function invalidOp(op: unknown): string | null {
  if (typeof op !== 'object' || op === null) return 'op must be an object';
  const record = op as Record<string, unknown>;
  if (!WRITE_KINDS.has(record.kind as WriteKind)) return `unknown kind ${String(record.kind)}`;
  const kind = record.kind as WriteKind;
  if (!nonEmpty(record.locationId)) return 'locationId is required';
  if ('contactId' in record || needsContact(kind)) {
    const ref = record.contactId;
    const ok =
      nonEmpty(ref) ||
      (!onlyString(kind) &&
        typeof ref === 'object' &&
        ref !== null &&
        nonEmpty((ref as { fromEntry?: unknown }).fromEntry));
    if (!ok) return 'contactId is required';
  }
  if (kind.startsWith('task.') && kind !== 'task.create' && !nonEmpty(record.taskId))
    return 'taskId is required';
  if (kind.startsWith('note.') && kind !== 'note.create' && !nonEmpty(record.noteId))
    return 'noteId is required';
  if (kind.startsWith('tags.')) {
    const tags = record.tags;
    if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => typeof tag === 'string')) {
      return 'tags must be a non-empty list of strings';
    }
  }
  if (kind === 'task.complete' && typeof record.completed !== 'boolean') return 'completed must be a boolean';
  const payload = kind.endsWith('.update') && kind !== 'contact.update' ? record.patch : record.input;
  const needsPayload = !isDeleteKind(kind) && !kind.startsWith('tags.') && kind !== 'task.complete';
  if (needsPayload && (typeof payload !== 'object' || payload === null)) return 'the write carries no data';
  return null;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function needsContact(kind: WriteKind): boolean {
  return kind !== 'contact.create' && kind !== 'contact.upsert';
}

/** Writes on existing tasks, notes or contacts name the contact outright (a ContactRef is for new contacts). */
function onlyString(kind: WriteKind): boolean {
  return (
    kind === 'contact.delete' ||
    kind === 'task.update' ||
    kind === 'task.complete' ||
    kind === 'task.delete' ||
    kind === 'note.update' ||
    kind === 'note.delete'
  );
}

function isDeleteKind(kind: WriteKind): boolean {
  return kind === 'contact.delete' || kind === 'task.delete' || kind === 'note.delete';
}
