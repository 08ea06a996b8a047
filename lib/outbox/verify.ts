/**
 * "Did HighLevel already make it?" For a create whose answer never arrived, HighLevel is asked before the create
 * is sent again. The records that already matched before the first send are remembered (the baseline), so a
 * task, note or contact that existed beforehand is never mistaken for ours; a matching record outside the
 * baseline is ours. Contacts are looked up by email and phone (what HighLevel's duplicate rule uses), by name
 * when the contact has neither; a contact with none of these cannot be looked up at all.
 */
import {
  emailsOf,
  nameKey,
  namesOf,
  normalizeEmail,
  phoneKey,
  phonesOf,
  samePhone,
} from '../api/identity.ts';
import {
  apiDateTime,
  type ContactCreateInput,
  type NoteInput,
  type SearchFilter,
  type TaskInput,
} from '../api/requests.ts';
import type { Contact, Note, Task } from '../api/schemas.ts';
import type { CallOptions } from '../api/types.ts';
import type { OutboxClient, WriteResult } from './operations.ts';
import type { WriteOp } from './types.ts';

/** A record that matches the write, and when HighLevel says it was added. */
interface Candidate {
  id: string;
  addedAt: number;
}

/** Enough for every record that shares an email or phone; names are sorted newest first, so ours come first. */
const SEARCH_PAGE = 100;

/**
 * The records that match the write right now: ids of tasks, notes or contacts. Null when the write cannot be
 * looked up (a contact without email, phone or name), or for writes that create nothing.
 */
export async function snapshot(
  client: OutboxClient,
  op: WriteOp,
  contactId: string | undefined,
  call: CallOptions,
): Promise<string[] | null> {
  const found = await candidates(client, op, contactId, call);
  return found ? found.map((candidate) => candidate.id) : null;
}

/**
 * The record an earlier attempt created, if HighLevel has it: a match outside the baseline (the oldest such,
 * should there be several). 'unknown' when the write cannot be looked up.
 */
export async function findCreated(
  client: OutboxClient,
  op: WriteOp,
  contactId: string | undefined,
  baseline: readonly string[],
  call: CallOptions,
): Promise<WriteResult | null | 'unknown'> {
  const found = await candidates(client, op, contactId, call);
  if (!found) return 'unknown';
  const known = new Set(baseline);
  const ours = found.filter((candidate) => !known.has(candidate.id)).sort((a, b) => a.addedAt - b.addedAt)[0];
  if (!ours) return null;
  switch (op.kind) {
    case 'task.create':
      return { contactId: contactId ?? '', taskId: ours.id };
    case 'note.create':
      return { contactId: contactId ?? '', noteId: ours.id };
    default:
      return { contactId: ours.id };
  }
}

/**
 * After a create: any other record matching it that was not there before our first send was made by the same
 * write, sent twice below us (a browser resends a request whose reused connection closed without an answer,
 * and the server may have processed both). Those copies are removed, keeping `keep`. Tasks and notes only:
 * contacts are protected by HighLevel's duplicate rule, and deleting a person is not a repair to guess at.
 * Returns the ids removed.
 */
export async function removeCopies(
  client: OutboxClient,
  op: WriteOp,
  contactId: string | undefined,
  baseline: readonly string[],
  keep: string,
  call: CallOptions,
): Promise<string[]> {
  if ((op.kind !== 'task.create' && op.kind !== 'note.create') || !contactId) return [];
  const found = await candidates(client, op, contactId, call);
  const known = new Set([...baseline, keep]);
  const copies = (found ?? [])
    .filter((candidate) => !known.has(candidate.id))
    .map((candidate) => candidate.id);
  for (const id of copies) {
    if (op.kind === 'task.create') await client.deleteTask(op.locationId, contactId, id, call);
    else await client.deleteNote(op.locationId, contactId, id, call);
  }
  return copies;
}

async function candidates(
  client: OutboxClient,
  op: WriteOp,
  contactId: string | undefined,
  call: CallOptions,
): Promise<Candidate[] | null> {
  switch (op.kind) {
    case 'task.create': {
      const tasks = await client.getTasks(op.locationId, contactId ?? '', call);
      return tasks
        .filter((task) => sameTask(task, op.input))
        .map((task) => candidate(task.id, task.dateAdded));
    }
    case 'note.create': {
      const notes = await client.getNotes(op.locationId, contactId ?? '', call);
      return notes
        .filter((note) => sameNote(note, op.input))
        .map((note) => candidate(note.id, note.dateAdded));
    }
    case 'contact.create':
    case 'contact.upsert':
      return matchingContacts(client, op.locationId, op.input, call);
    default:
      return null;
  }
}

function candidate(id: string, dateAdded: string | undefined): Candidate {
  const at = dateAdded ? Date.parse(dateAdded) : Number.NaN;
  return { id, addedAt: Number.isNaN(at) ? Number.MAX_SAFE_INTEGER : at };
}

/** Free text as HighLevel may give it back: tags dropped, whitespace collapsed. */
function textKey(value: string | null | undefined): string {
  return (value ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sameTask(task: Task, input: TaskInput): boolean {
  return (
    textKey(task.title) === textKey(input.title) &&
    textKey(task.body) === textKey(input.body) &&
    sameDueDate(task.dueDate, input.dueDate)
  );
}

/**
 * The same instant to the second; or, when HighLevel gives a zone-less wall time, the same digits as the UTC
 * time we sent (how it reads them back is not documented).
 */
function sameDueDate(theirs: string | undefined, ours: Date | string): boolean {
  if (!theirs) return false;
  let sent: string;
  try {
    sent = apiDateTime(ours, 'dueDate');
  } catch {
    return false;
  }
  const at = Date.parse(theirs);
  if (!Number.isNaN(at) && Math.floor(at / 1000) === Math.floor(Date.parse(sent) / 1000)) return true;
  return !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(theirs) && theirs.slice(0, 19) === sent.slice(0, 19);
}

export function sameNote(note: Note, input: NoteInput): boolean {
  if (textKey(note.body) !== textKey(input.body)) return false;
  return input.title === undefined || textKey(note.title) === textKey(input.title);
}

async function matchingContacts(
  client: OutboxClient,
  locationId: string,
  input: ContactCreateInput,
  call: CallOptions,
): Promise<Candidate[] | null> {
  const email = normalizeEmail(input.email);
  const phone = phoneKey(input.phone);
  const name = fullName(input);
  const sort = [{ field: 'dateAdded', direction: 'desc' as const }];
  const searches: Promise<{ contacts: Contact[] }>[] = [];

  const filters: SearchFilter[] = [];
  if (email) filters.push({ field: 'email', operator: 'eq', value: email });
  if (phone?.e164) filters.push({ field: 'phone', operator: 'eq', value: phone.e164 });
  if (filters.length > 0) {
    searches.push(
      client.searchContacts(
        locationId,
        {
          filters: filters.length === 1 ? filters : [{ group: 'OR', filters }],
          sort,
          pageLimit: SEARCH_PAGE,
        },
        call,
      ),
    );
  }
  // A number without its country code cannot be filtered exactly: free text finds it, and the digits decide.
  if (phone && !phone.e164) {
    searches.push(
      client.searchContacts(locationId, { query: phone.digits, sort, pageLimit: SEARCH_PAGE }, call),
    );
  }
  if (searches.length === 0 && name) {
    // HighLevel caps free-text queries at 75 characters.
    searches.push(
      client.searchContacts(
        locationId,
        { query: name.display.slice(0, 75), sort, pageLimit: SEARCH_PAGE },
        call,
      ),
    );
  }
  if (searches.length === 0) return null;

  const found = (await Promise.all(searches)).flatMap((page) => page.contacts);
  const unique = new Map<string, Candidate>();
  for (const contact of found) {
    // Checked again here: a search that ignored its filter must not pass for a match.
    const matches =
      (email !== null && emailsOf(contact).includes(email)) ||
      (phone !== null && phonesOf(contact).some((digits) => samePhone(digits, phone.digits))) ||
      (!email && !phone && name !== null && namesOf(contact).includes(name.key));
    if (matches) unique.set(contact.id, candidate(contact.id, contact.dateAdded));
  }
  return [...unique.values()];
}

function fullName(input: ContactCreateInput): { display: string; key: string } | null {
  const display = (input.name?.trim() || [input.firstName, input.lastName].filter(Boolean).join(' '))
    .replace(/\s+/g, ' ')
    .trim();
  return display ? { display, key: nameKey(display) } : null;
}
