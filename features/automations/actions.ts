/**
 * What each action does, written once for both modes: `live` reads from HighLevel and queues writes in the
 * outbox; `dry` records the same calls without making them (no request, no outbox entry). The dry run is
 * therefore the real code path with its effects swapped, not a description that could drift from it.
 *
 * Which HighLevel contact a host record is: the link the agent confirmed (or an automation made) wins; then a
 * contact an earlier automation write of this record is creating (chained with `{fromEntry}` while the outbox
 * has not sent it); then a search. Reads accept any unique match; writes only a unique email match, since
 * writing to the wrong person is worse than not writing.
 */
import { isApiError } from '../../lib/api/errors.ts';
import { normalizeEmail, phoneKey } from '../../lib/api/identity.ts';
import type { ContactCreateInput, ContactUpdateInput, SearchInput } from '../../lib/api/requests.ts';
import type { Contact, Note, Task } from '../../lib/api/schemas.ts';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { ErrorView } from '../../lib/messaging/reply.ts';
import { formatNumber, lazyLabels, t, tCount } from '../../lib/ui/i18n.ts';
import { describeSearch, describeSectionRead, describeWrite, type PlannedCall } from './calls.ts';
import { dedupeKey } from './dedupe.ts';
import type { AutomationWriteReceipt, PullSummary, Receipt } from './log.ts';
import { receiptStatusOf } from './log.ts';
import {
  ACTION_LABELS,
  type Action,
  type AutomationEvent,
  CONTACT_FIELDS,
  type ContactField,
  type Rule,
  WRITE_ACTIONS,
} from './model.ts';
import type { AutomationClient, AutomationWriteOp, ContactRef, LinkPort, OutboxPort } from './ports.ts';
import { buildBusinessReport, isOverdue } from './report.ts';
import type { LedgerStore, ReportStore } from './stores.ts';
import { dueDateFrom, renderTemplate, type TemplateContext, templateVariables } from './templates.ts';

export type FoundBy = PullSummary['foundBy'];

export type Found =
  | { kind: 'id'; contactId: string; foundBy: FoundBy }
  /** Being created by a queued outbox entry: later writes chain to it. */
  | { kind: 'entry'; entryId: string }
  /** One contact matched, but by phone or name only: good enough to read, not to write. */
  | { kind: 'uncertain'; contactId: string; foundBy: 'phone' | 'name' }
  | { kind: 'ambiguous'; count: number }
  | { kind: 'none' }
  /** Dry run: a search would decide. */
  | { kind: 'unknown' };

/** A host record in a location. */
export interface RecordRef {
  site: SiteId;
  hostRecordId: string;
  locationId: string;
}

export interface ActionDeps {
  client: AutomationClient;
  outbox: OutboxPort;
  ledger: LedgerStore;
  reports: ReportStore;
  links?: LinkPort | undefined;
  newId(): string;
  reportConcurrency: number;
  /** Told when a contact create or upsert is queued for a record, to adopt its contact once it exists. */
  queuedCreate(entryId: string, record: RecordRef): void;
}

export interface Session {
  mode: 'live' | 'dry';
  rule: Rule;
  site: SiteId;
  locationId: string;
  event: AutomationEvent;
  hostRecordId: string;
  /** Ledger key of the host record in this location. */
  recordKey: string;
  hash: string;
  revision: number;
  runId: string;
  now: number;
  canWrite: boolean;
  /** Why writes are held back for this event (the loop guard), or null. */
  writesHeld: string | null;
  template: TemplateContext;
  /** What this run knows of the contact so far (found, or being created by its own write). */
  found?: Found;
  /** A search already made in this run, so two actions do not search twice. */
  searched?: Found;
  /** How chained entries are named in described paths ("the contact from step 1"). */
  labels: Map<string, string>;
  /** Writes queued (or, dry, planned) so far in this run. */
  writes: number;
  deps: ActionDeps;
}

export function recordKeyOf(site: SiteId, locationId: string, hostRecordId: string): string {
  return `rec|${site}|${locationId}|${hostRecordId}`;
}

export function revisionKeyOf(ruleId: string, site: SiteId, hostRecordId: string): string {
  return `rev|${ruleId}|${site}|${hostRecordId}`;
}

export function errorViewOf(error: unknown): ErrorView {
  if (isApiError(error)) {
    const { kind, status, traceId, scope, messages, daily, retryAt, path } = error;
    const view: ErrorView = { kind };
    Object.assign(
      view,
      Object.fromEntries(
        Object.entries({ status, traceId, scope, messages, daily, retryAt, path }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
    );
    return view;
  }
  return { kind: 'internal' };
}

const background = { priority: 'background' as const };

function newReceipt(action: Action, actionIndex: number): Receipt {
  return { actionIndex, action: action.type, status: 'done', warnings: [], calls: [], writes: [] };
}

function skip(receipt: Receipt, message: string): Receipt {
  receipt.status = 'skipped';
  receipt.message = message;
  return receipt;
}

function fail(receipt: Receipt, message: string, error?: ErrorView): Receipt {
  receipt.status = 'failed';
  receipt.message = message;
  if (error) receipt.error = error;
  return receipt;
}

function render(session: Session, receipt: Receipt, source: string): string {
  const rendered = renderTemplate(source, session.template);
  for (const warning of rendered.warnings) {
    if (!receipt.warnings.includes(warning)) receipt.warnings.push(warning);
  }
  return rendered.text.trim();
}

// ---------------------------------------------------------------------------------------------------------
// Finding the contact

/**
 * The contact an automation's create or upsert of this record made: remembered for the record and, unless the
 * agent decided otherwise (their own link, or "not this one"), linked for the sidebar.
 */
export async function adoptContact(
  deps: Pick<ActionDeps, 'ledger' | 'links'>,
  record: RecordRef,
  entryId: string,
  contactId: string,
  now: number,
): Promise<void> {
  const key = recordKeyOf(record.site, record.locationId, record.hostRecordId);
  const stored = await deps.ledger.record(key);
  if (stored?.entryId === entryId && stored.contactId !== contactId) {
    await deps.ledger.setRecord(key, { ...stored, contactId });
  }
  if (!deps.links) return;
  const link = await deps.links.get(record.site, record.hostRecordId, record.locationId);
  if (link?.contactId || link?.rejected?.includes(contactId)) return;
  await deps.links.set({
    ...record,
    contactId,
    ...(link?.rejected ? { rejected: link.rejected } : {}),
    linkedAt: now,
  });
}

/** Link, then the record's own automation write: no request to HighLevel. */
async function knownContact(session: Session): Promise<Found | null> {
  const { deps, site, hostRecordId, locationId } = session;
  const link = await deps.links?.get(site, hostRecordId, locationId);
  if (link?.contactId) return { kind: 'id', contactId: link.contactId, foundBy: 'link' };
  const record = await deps.ledger.record(session.recordKey);
  if (record?.contactId) return { kind: 'id', contactId: record.contactId, foundBy: 'automation' };
  if (!record?.entryId) return null;
  const entry = await deps.outbox.get(record.entryId);
  if (!entry || entry.status === 'discarded') return null;
  if (entry.status === 'saved' && entry.result?.contactId) {
    // Saved while no worker was listening (a restart): adopted now. A dry run only looks.
    if (session.mode === 'live') {
      await adoptContact(
        deps,
        { site, hostRecordId, locationId },
        entry.id,
        entry.result.contactId,
        session.now,
      );
    }
    return { kind: 'id', contactId: entry.result.contactId, foundBy: 'automation' };
  }
  // Pending, sending, or failed (a retry revives it): later writes wait for it in the outbox.
  return { kind: 'entry', entryId: entry.id };
}

type SearchStep = 'email' | 'phone' | 'name';
const STEP_ORDER: SearchStep[] = ['email', 'phone', 'name'];
const SEARCH_PURPOSES = lazyLabels<SearchStep>({
  email: () => t('auto_call_find_by_email'),
  phone: () => t('auto_call_find_by_phone'),
  name: () => t('auto_call_find_by_name'),
});

/** The searches matchContact makes for this page, in order (it stops at the first that finds anyone). */
export function searchCalls(
  locationId: string,
  event: AutomationEvent,
): { step: SearchStep; call: PlannedCall }[] {
  const page = event.type === 'business.updated' ? undefined : event.contact;
  if (!page) return [];
  const calls: { step: SearchStep; call: PlannedCall }[] = [];
  const find = (step: SearchStep, input: Omit<SearchInput, 'pageLimit'>) =>
    calls.push({
      step,
      call: describeSearch(locationId, { ...input, pageLimit: 10 }, SEARCH_PURPOSES[step]),
    });
  const email = normalizeEmail(page.email);
  if (email) find('email', { filters: [{ field: 'email', operator: 'eq', value: email }] });
  const phone = phoneKey(page.phone);
  if (phone) {
    find(
      'phone',
      phone.e164
        ? { filters: [{ field: 'phone', operator: 'eq', value: phone.e164 }] }
        : { query: phone.digits },
    );
  }
  const name = (page.name?.trim() || [page.firstName, page.lastName].filter(Boolean).join(' '))
    .replace(/\s+/g, ' ')
    .trim();
  // Like matchContact: a single word would match half the database.
  if (name.split(' ').length >= 2) find('name', { query: name.slice(0, 75) });
  return calls;
}

async function searchContact(session: Session, receipt: Receipt): Promise<Found> {
  if (session.searched) return session.searched;
  const { event } = session;
  const steps = searchCalls(session.locationId, event);
  if (steps.length === 0 || event.type === 'business.updated') {
    session.searched = { kind: 'none' };
    return session.searched;
  }
  if (session.mode === 'dry') {
    receipt.calls.push(...steps.map((step) => step.call));
    session.searched = { kind: 'unknown' };
    return session.searched;
  }
  const result = await session.deps.client.matchContact(session.locationId, event.contact, background);
  const first = result.candidates[0];
  const reached = first && first.matchedOn !== 'id' ? STEP_ORDER.indexOf(first.matchedOn) : STEP_ORDER.length;
  receipt.calls.push(
    ...steps.filter((step) => STEP_ORDER.indexOf(step.step) <= reached).map((step) => step.call),
  );
  if (result.status === 'none' || !first) session.searched = { kind: 'none' };
  else if (result.status === 'ambiguous')
    session.searched = { kind: 'ambiguous', count: result.candidates.length };
  else if (first.matchedOn === 'email' || first.matchedOn === 'id') {
    session.searched = { kind: 'id', contactId: first.contact.id, foundBy: 'email' };
  } else {
    session.searched = { kind: 'uncertain', contactId: first.contact.id, foundBy: first.matchedOn };
  }
  // The search answered with the whole contact: templates may use it without another request.
  if (first && result.status !== 'ambiguous' && session.template.contact === undefined) {
    session.template.contact = first.contact;
  }
  return session.searched;
}

async function findContact(session: Session, receipt: Receipt): Promise<Found> {
  if (session.found) return session.found;
  const known = await knownContact(session);
  if (known) {
    session.found = known;
    return known;
  }
  return searchContact(session, receipt);
}

/** The contact for a write, or the reason there is none. */
async function writeTarget(session: Session, receipt: Receipt): Promise<ContactRef | { why: string }> {
  const found = await findContact(session, receipt);
  switch (found.kind) {
    case 'id':
      return found.contactId;
    case 'entry':
      return { fromEntry: found.entryId };
    case 'unknown':
      return `{${t('auto_ref_found_by_search')}}`;
    case 'uncertain':
      return {
        why: found.foundBy === 'phone' ? t('auto_why_uncertain_phone') : t('auto_why_uncertain_name'),
      };
    case 'ambiguous':
      return {
        why: t('auto_why_ambiguous', formatNumber(found.count)),
      };
    case 'none':
      return {
        why: t('auto_why_none'),
      };
  }
}

/** Loads the HighLevel contact into the template context when a template or condition names contact.*. */
export async function ensureContact(session: Session, receipt: Receipt): Promise<void> {
  if (session.template.contact !== undefined) return;
  const found = await findContact(session, receipt);
  if (found.kind === 'none') {
    session.template.contact = null;
    return;
  }
  // A search answers with the whole contact: no second request for it.
  if (session.template.contact !== undefined) return;
  if (found.kind !== 'id' && found.kind !== 'uncertain') return;
  if (session.mode === 'dry') {
    receipt.calls.push(describeSectionRead(found.contactId, 'contact', t('auto_call_read_for_templates')));
    return;
  }
  const section = await session.deps.client.contactSection(
    session.locationId,
    found.contactId,
    'contact',
    background,
  );
  session.template.contact = section.data;
  receipt.calls.push(describeSectionRead(found.contactId, 'contact', t('auto_call_read_for_templates')));
}

function usesContact(action: Action): boolean {
  const sources: string[] = [];
  if (action.type === 'contact.upsert')
    sources.push(...Object.values(action.fields).filter((x): x is string => !!x), ...action.tags);
  if (action.type === 'task.create') sources.push(action.title, action.body, action.due);
  if (action.type === 'tags.add') sources.push(...action.tags);
  return sources.some((source) => templateVariables(source).some((name) => name.startsWith('contact.')));
}

// ---------------------------------------------------------------------------------------------------------
// Writing

function labelFor(session: Session, entryId: string): string {
  return session.labels.get(entryId) ?? `{${t('auto_ref_outbox_entry', entryId)}}`;
}

async function queue(
  session: Session,
  receipt: Receipt,
  op: AutomationWriteOp,
  opIndex: number,
): Promise<{ entryId: string; contactId?: string } | null> {
  const key = dedupeKey({
    ruleId: session.rule.id,
    site: session.site,
    hostRecordId: session.hostRecordId,
    actionIndex: receipt.actionIndex,
    opIndex,
    hash: session.hash,
    revision: session.revision,
  });
  const call = { ...describeWrite(op, (id) => labelFor(session, id)), dedupeKey: key };
  session.writes++;
  const step = session.writes;
  if (session.mode === 'dry') {
    receipt.calls.push(call);
    const entryId = `dry-${step}`;
    session.labels.set(entryId, `{${t('auto_ref_write', formatNumber(step))}}`);
    return { entryId };
  }
  try {
    const entry = await session.deps.outbox.enqueue(op, {
      origin: { kind: 'automation', site: session.site, ruleId: session.rule.id, runId: session.runId },
      dedupeKey: key,
    });
    session.labels.set(entry.id, `{${t('auto_ref_write', formatNumber(step))}}`);
    const write: AutomationWriteReceipt = {
      opKind: op.kind,
      call,
      dedupeKey: key,
      entryId: entry.id,
      status: entry.status,
      reused: entry.origin.runId !== session.runId,
    };
    if (entry.result?.traceId) write.traceId = entry.result.traceId;
    if (entry.result?.contactId) write.contactId = entry.result.contactId;
    if (entry.result?.taskId) write.taskId = entry.result.taskId;
    if (entry.error) write.error = entry.error;
    receipt.writes.push(write);
    const contactId = entry.status === 'saved' ? entry.result?.contactId : undefined;
    return contactId ? { entryId: entry.id, contactId } : { entryId: entry.id };
  } catch (error) {
    fail(receipt, t('auto_fail_queue'), errorViewOf(error));
    return null;
  }
}

function finishWrites(receipt: Receipt): Receipt {
  if (receipt.status === 'failed' || receipt.status === 'skipped') return receipt;
  if (receipt.writes.length > 0) receipt.status = receiptStatusOf(receipt.writes);
  else receipt.status = 'done';
  return receipt;
}

function renderTags(session: Session, receipt: Receipt, sources: readonly string[]): string[] {
  const tags = sources.map((source) => render(session, receipt, source)).filter(Boolean);
  return [...new Map(tags.map((tag) => [tag.toLowerCase(), tag])).values()];
}

/** Fields of an update: HighLevel's PUT takes neither tags nor companyName. */
const UPDATE_FIELDS = CONTACT_FIELDS.filter((field) => field !== 'companyName');

async function upsertContact(
  session: Session,
  receipt: Receipt,
  action: Extract<Action, { type: 'contact.upsert' }>,
): Promise<Receipt> {
  const fields: Partial<Record<ContactField, string>> = {};
  for (const field of CONTACT_FIELDS) {
    const source = action.fields[field];
    if (!source) continue;
    const value = render(session, receipt, source);
    if (!value) continue;
    if (field === 'email' && !normalizeEmail(value)) {
      receipt.warnings.push(t('auto_warn_not_email', value));
      continue;
    }
    fields[field] = field === 'email' ? (normalizeEmail(value) as string) : value;
  }
  const tags = renderTags(session, receipt, action.tags);
  const identifies = fields.email || fields.phone || fields.name || fields.firstName || fields.lastName;
  if (!identifies) return skip(receipt, t('auto_skip_nobody'));

  const found = await knownContact(session);
  let target: ContactRef;
  if (found && (found.kind === 'id' || found.kind === 'entry')) {
    target = found.kind === 'id' ? found.contactId : { fromEntry: found.entryId };
    session.found = found;
    const input: ContactUpdateInput = {};
    for (const field of UPDATE_FIELDS) if (fields[field]) input[field] = fields[field];
    if (fields.companyName) {
      receipt.warnings.push(t('auto_warn_company_on_create'));
    }
    if (Object.keys(input).length > 0) {
      const queued = await queue(
        session,
        receipt,
        { kind: 'contact.update', locationId: session.locationId, contactId: target, input },
        0,
      );
      if (!queued) return receipt;
    }
  } else {
    const input: ContactCreateInput = { ...fields };
    // Upsert lets HighLevel find the person by email or phone; with neither, there is nothing to find by.
    const op: AutomationWriteOp =
      fields.email || fields.phone
        ? { kind: 'contact.upsert', locationId: session.locationId, input }
        : { kind: 'contact.create', locationId: session.locationId, input };
    const queued = await queue(session, receipt, op, 0);
    if (!queued) return receipt;
    target = queued.contactId ?? { fromEntry: queued.entryId };
    session.found = queued.contactId
      ? { kind: 'id', contactId: queued.contactId, foundBy: 'automation' }
      : { kind: 'entry', entryId: queued.entryId };
    if (session.mode === 'live') {
      const where = {
        site: session.site,
        hostRecordId: session.hostRecordId,
        locationId: session.locationId,
      };
      // Registered before any other await: the outbox may report the entry sent very soon.
      if (!queued.contactId) session.deps.queuedCreate(queued.entryId, where);
      const record = await session.deps.ledger.record(session.recordKey);
      await session.deps.ledger.setRecord(session.recordKey, {
        ...record,
        entryId: queued.entryId,
        ...(queued.contactId ? { contactId: queued.contactId } : {}),
      });
      if (queued.contactId)
        await adoptContact(session.deps, where, queued.entryId, queued.contactId, session.now);
    }
  }
  if (tags.length > 0) {
    await queue(
      session,
      receipt,
      { kind: 'tags.add', locationId: session.locationId, contactId: target, tags },
      1,
    );
  }
  return finishWrites(receipt);
}

async function createTask(
  session: Session,
  receipt: Receipt,
  action: Extract<Action, { type: 'task.create' }>,
): Promise<Receipt> {
  const title = render(session, receipt, action.title);
  const body = render(session, receipt, action.body);
  const dueText = render(session, receipt, action.due);
  if (!title) return fail(receipt, t('auto_fail_title_empty'));
  const dueDate = dueDateFrom(dueText);
  if (!dueDate) return fail(receipt, t('auto_fail_due', dueText));
  const target = await writeTarget(session, receipt);
  if (typeof target === 'object' && 'why' in target) return skip(receipt, target.why);
  await queue(
    session,
    receipt,
    {
      kind: 'task.create',
      locationId: session.locationId,
      contactId: target,
      input: { title, dueDate, completed: false, ...(body ? { body } : {}) },
    },
    0,
  );
  return finishWrites(receipt);
}

async function addTags(
  session: Session,
  receipt: Receipt,
  action: Extract<Action, { type: 'tags.add' }>,
): Promise<Receipt> {
  const tags = renderTags(session, receipt, action.tags);
  if (tags.length === 0) return skip(receipt, t('auto_skip_tags_empty'));
  const target = await writeTarget(session, receipt);
  if (typeof target === 'object' && 'why' in target) return skip(receipt, target.why);
  await queue(
    session,
    receipt,
    { kind: 'tags.add', locationId: session.locationId, contactId: target, tags },
    0,
  );
  return finishWrites(receipt);
}

// ---------------------------------------------------------------------------------------------------------
// Reading

const NOTE_PREVIEW = 280;

export function pullSummary(
  contact: Contact,
  tasks: Task[] | null,
  notes: Note[] | null,
  foundBy: FoundBy,
  now: number,
): PullSummary {
  const open = (tasks ?? []).filter((task) => !task.completed);
  const byDue = [...open].sort(
    (a, b) =>
      (a.dueDate ? Date.parse(a.dueDate) : Number.POSITIVE_INFINITY) -
      (b.dueDate ? Date.parse(b.dueDate) : Number.POSITIVE_INFINITY),
  );
  const recent = [...(notes ?? [])].sort((a, b) => (b.dateAdded ?? '').localeCompare(a.dateAdded ?? ''));
  const name =
    contact.name?.trim() ||
    [contact.firstName, contact.lastName].filter(Boolean).join(' ') ||
    contact.email ||
    contact.phone ||
    contact.id;
  const summary: PullSummary = {
    kind: 'pull',
    contactId: contact.id,
    foundBy,
    name,
    tags: contact.tags,
    openTasks: open.length,
    overdueTasks: open.filter((task) => isOverdue(task, now)).length,
    tasks: byDue.slice(0, 5).map((task) => ({
      title: task.title,
      ...(task.dueDate ? { dueDate: task.dueDate } : {}),
      overdue: isOverdue(task, now),
    })),
    notes: notes?.length ?? 0,
    recentNotes: recent.slice(0, 3).map((note) => ({
      body: note.body.length > NOTE_PREVIEW ? `${note.body.slice(0, NOTE_PREVIEW)}…` : note.body,
      ...(note.dateAdded ? { dateAdded: note.dateAdded } : {}),
    })),
    failed: [],
  };
  if (contact.email) summary.email = contact.email;
  if (contact.phone) summary.phone = contact.phone;
  const last = contact.lastActivity ?? contact.dateUpdated;
  if (last) summary.lastActivity = last;
  if (tasks === null) summary.failed.push('tasks');
  if (notes === null) summary.failed.push('notes');
  return summary;
}

async function pullContact(session: Session, receipt: Receipt): Promise<Receipt> {
  const found = await findContact(session, receipt);
  switch (found.kind) {
    case 'none':
      return skip(receipt, t('match_none'));
    case 'ambiguous':
      return skip(receipt, t('auto_skip_ambiguous', formatNumber(found.count)));
    case 'entry':
      return skip(receipt, t('auto_skip_being_created'));
    case 'unknown':
      for (const section of ['contact', 'tasks', 'notes'] as const) {
        receipt.calls.push(describeSectionRead(`{${t('auto_ref_found_by_search')}}`, section));
      }
      return receipt;
  }
  const { contactId, foundBy } = found;
  const calls = (['contact', 'tasks', 'notes'] as const).map((section) =>
    describeSectionRead(contactId, section),
  );
  receipt.calls.push(...calls);
  if (session.mode === 'dry') return receipt;
  const { client } = session.deps;
  const [contact, tasks, notes] = await Promise.allSettled([
    client.contactSection(session.locationId, contactId, 'contact', background),
    client.contactSection(session.locationId, contactId, 'tasks', background),
    client.contactSection(session.locationId, contactId, 'notes', background),
  ]);
  if (contact.status === 'rejected') {
    if (isApiError(contact.reason, 'not.found')) {
      return fail(receipt, t('auto_fail_linked_gone'), errorViewOf(contact.reason));
    }
    return fail(receipt, t('auto_fail_read'), errorViewOf(contact.reason));
  }
  session.template.contact = contact.value.data;
  receipt.result = pullSummary(
    contact.value.data,
    tasks.status === 'fulfilled' ? tasks.value.data : null,
    notes.status === 'fulfilled' ? notes.value.data : null,
    foundBy,
    session.now,
  );
  return receipt;
}

async function businessReport(
  session: Session,
  receipt: Receipt,
  action: Extract<Action, { type: 'business.report' }>,
): Promise<Receipt> {
  const { event } = session;
  const business =
    event.type === 'business.updated'
      ? event.business
      : event.contact.companyName?.trim()
        ? {
            name: event.contact.companyName.trim(),
            ...(event.contact.companyId ? { id: event.contact.companyId } : {}),
          }
        : null;
  if (!business) return skip(receipt, t('auto_skip_no_company'));
  const built = await buildBusinessReport(session.deps.client, {
    mode: session.mode,
    site: session.site,
    locationId: session.locationId,
    business,
    maxContacts: action.maxContacts,
    now: session.now,
    id: session.mode === 'dry' ? 'dry-run' : session.deps.newId(),
    ruleId: session.rule.id,
    runId: session.runId,
    concurrency: session.deps.reportConcurrency,
  });
  receipt.calls.push(...built.calls);
  if (session.mode === 'dry' || !built.report) return receipt;
  await session.deps.reports.put(built.report);
  receipt.result = {
    kind: 'report',
    reportId: built.report.id,
    business: business.name,
    contacts: built.report.rows.length,
    truncated: built.report.truncated,
  };
  const failedTasks = built.report.rows.filter((row) => row.openTasks === null).length;
  if (failedTasks > 0) receipt.warnings.push(tCount('auto_warn_tasks_unread', failedTasks));
  return receipt;
}

// ---------------------------------------------------------------------------------------------------------

/** Runs one action; never throws (a failure is the receipt's). */
export async function runAction(session: Session, action: Action, actionIndex: number): Promise<Receipt> {
  const receipt = newReceipt(action, actionIndex);
  const writes = WRITE_ACTIONS.includes(action.type);
  try {
    if (writes && !session.canWrite) {
      return skip(receipt, t('auto_skip_read_only'));
    }
    if (writes && session.writesHeld) return skip(receipt, session.writesHeld);
    if (usesContact(action)) await ensureContact(session, receipt);
    switch (action.type) {
      case 'pull.contact':
        return await pullContact(session, receipt);
      case 'contact.upsert':
        return await upsertContact(session, receipt, action);
      case 'task.create':
        return await createTask(session, receipt, action);
      case 'tags.add':
        return await addTags(session, receipt, action);
      case 'business.report':
        return await businessReport(session, receipt, action);
    }
  } catch (error) {
    return fail(receipt, t('auto_fail_action', ACTION_LABELS[action.type]), errorViewOf(error));
  }
}
