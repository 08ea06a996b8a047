/**
 * A company's HighLevel contacts with their open and overdue tasks and last activity. The company is found by
 * name (`POST /contacts/search`, companyName), then, when those contacts carry HighLevel's business id, its
 * full member list (`GET /contacts/business/:id`). Bounded: at most `maxContacts` contacts, their tasks read a
 * few at a time at background priority, through the client's cache and rate limiter.
 */
import type { Contact, Task } from '../../lib/api/schemas.ts';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import { formatNumber, t, tCount } from '../../lib/ui/i18n.ts';
import { describeBusinessRead, describeSearch, describeSectionRead, type PlannedCall } from './calls.ts';
import type { BusinessReport, ReportRow } from './log.ts';
import type { AutomationClient } from './ports.ts';

const PAGE_SIZE = 100;
/** A name shared by several HighLevel businesses: the members of the most common few are read. */
const MAX_BUSINESSES = 3;

/** The moment a task's due date has passed: a date-only due date lasts until the end of that day. */
export function dueTime(dueDate: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) {
    const [year, month, day] = dueDate.split('-').map(Number) as [number, number, number];
    return new Date(year, month - 1, day, 23, 59, 59).getTime();
  }
  return Date.parse(dueDate);
}

export function isOverdue(task: Pick<Task, 'completed' | 'dueDate'>, now: number): boolean {
  if (task.completed || !task.dueDate) return false;
  const due = dueTime(task.dueDate);
  return Number.isFinite(due) && due < now;
}

export function contactLabel(contact: Contact): string {
  return (
    contact.name?.trim() ||
    [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim() ||
    contact.contactName?.trim() ||
    contact.email ||
    contact.phone ||
    contact.id
  );
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of results. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

export interface ReportRequest {
  mode: 'live' | 'dry';
  site: SiteId;
  locationId: string;
  business: { name: string; id?: string | undefined };
  maxContacts: number;
  now: number;
  id: string;
  ruleId?: string;
  runId?: string;
  concurrency: number;
}

function rowOf(contact: Contact, tasks: Task[] | null, now: number): ReportRow {
  const row: ReportRow = {
    contactId: contact.id,
    name: contactLabel(contact),
    openTasks: null,
    overdueTasks: null,
  };
  if (contact.email) row.email = contact.email;
  if (contact.phone) row.phone = contact.phone;
  const last = contact.lastActivity ?? contact.dateUpdated;
  if (last) row.lastActivity = last;
  if (tasks) {
    const open = tasks.filter((task) => !task.completed);
    row.openTasks = open.length;
    row.overdueTasks = open.filter((task) => isOverdue(task, now)).length;
    const dues = open
      .flatMap((task) => (task.dueDate ? [task.dueDate] : []))
      .sort((a, b) => dueTime(a) - dueTime(b));
    if (dues[0]) row.nextDue = dues[0];
  }
  return row;
}

/** Most overdue first, then most open, then by name: who needs attention comes first. */
export function compareRows(a: ReportRow, b: ReportRow): number {
  return (
    (b.overdueTasks ?? -1) - (a.overdueTasks ?? -1) ||
    (b.openTasks ?? -1) - (a.openTasks ?? -1) ||
    a.name.localeCompare(b.name)
  );
}

export async function buildBusinessReport(
  client: AutomationClient,
  request: ReportRequest,
): Promise<{ report: BusinessReport | null; calls: PlannedCall[] }> {
  const { locationId, business, maxContacts, now } = request;
  const call = { priority: 'background' as const };
  const search = {
    filters: [{ field: 'companyName', operator: 'eq' as const, value: business.name }],
    pageLimit: PAGE_SIZE,
  };
  const calls: PlannedCall[] = [describeSearch(locationId, search, t('auto_call_find_company'))];

  if (request.mode === 'dry') {
    calls.push(
      describeBusinessRead(locationId, `{${t('auto_ref_business_id')}}`, PAGE_SIZE),
      describeSectionRead(
        `{${t('auto_ref_each_contact')}}`,
        'tasks',
        t('auto_call_read_each_tasks', formatNumber(maxContacts)),
      ),
    );
    return { report: null, calls };
  }

  // One more than the limit tells "exactly the limit" from "more than that".
  const wanted = maxContacts + 1;
  const contacts = new Map<string, Contact>();
  for await (const contact of client.iterateSearch(locationId, search, { ...call, maxItems: wanted })) {
    contacts.set(contact.id, contact);
  }
  const counts = new Map<string, number>();
  for (const contact of contacts.values()) {
    if (contact.businessId) counts.set(contact.businessId, (counts.get(contact.businessId) ?? 0) + 1);
  }
  const businessIds = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_BUSINESSES)
    .map(([id]) => id);
  for (const businessId of businessIds) {
    if (contacts.size >= wanted) break;
    calls.push(describeBusinessRead(locationId, businessId, PAGE_SIZE));
    for await (const contact of client.iterateBusinessContacts(locationId, businessId, {
      ...call,
      pageSize: PAGE_SIZE,
      maxItems: wanted,
    })) {
      contacts.set(contact.id, contact);
      if (contacts.size >= wanted) break;
    }
  }

  const members = [...contacts.values()].slice(0, maxContacts);
  const tasks = await mapLimited(members, request.concurrency, async (contact) => {
    try {
      return (await client.contactSection(locationId, contact.id, 'tasks', call)).data;
    } catch {
      return null;
    }
  });
  if (members.length > 0) {
    calls.push({
      ...describeSectionRead(`{${t('auto_ref_each_contact')}}`, 'tasks'),
      purpose: tCount('auto_call_read_tasks_of', members.length),
    });
  }
  const rows = members.map((contact, index) => rowOf(contact, tasks[index] ?? null, now)).sort(compareRows);
  const report: BusinessReport = {
    id: request.id,
    createdAt: now,
    site: request.site,
    locationId,
    business: { name: business.name, businessIds, ...(business.id ? { hostId: business.id } : {}) },
    rows,
    truncated: contacts.size > maxContacts,
    maxContacts,
    ...(request.ruleId ? { ruleId: request.ruleId } : {}),
    ...(request.runId ? { runId: request.runId } : {}),
  };
  return { report, calls };
}
