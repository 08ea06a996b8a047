/**
 * The sidebar's writes: checked and completed here (the location comes from the site's binding, never from the
 * page), stored in the outbox before the sidebar hears "pending", and reported back to the tab as they go.
 */

import { isSiteId } from '../../../lib/host-page/sites/catalog';
import type { SiteId } from '../../../lib/host-page/sites/types';
import type { Outbox, OutboxEntry, WriteOp } from '../../../lib/outbox/types';
import type { SidebarWrite, WriteReceipt } from '../protocol';
import type { LinkStore } from './links';

const CREATE_KEY = 'sidebar:contact.create:';

export function createKeyFor(site: SiteId, locationId: string, hostRecordId: string): string {
  return `${CREATE_KEY}${site}:${locationId}:${hostRecordId}`;
}

function parseCreateKey(
  key: string | undefined,
): { site: SiteId; locationId: string; hostRecordId: string } | null {
  if (!key?.startsWith(CREATE_KEY)) return null;
  const [site, locationId, ...rest] = key.slice(CREATE_KEY.length).split(':');
  if (!isSiteId(site) || !locationId || rest.length === 0) return null;
  return { site, locationId, hostRecordId: rest.join(':') };
}

export function toWriteOp(write: SidebarWrite, locationId: string): WriteOp {
  switch (write.kind) {
    case 'contact.create':
      return { kind: 'contact.create', locationId, input: { ...write.input } };
    case 'contact.update':
      return { kind: 'contact.update', locationId, contactId: write.contactId, input: { ...write.input } };
    case 'contact.delete':
      return { kind: 'contact.delete', locationId, contactId: write.contactId };
    case 'task.create':
      return {
        kind: 'task.create',
        locationId,
        contactId: write.contactId,
        input: { ...write.input, completed: false },
      };
    case 'task.update':
      return {
        kind: 'task.update',
        locationId,
        contactId: write.contactId,
        taskId: write.taskId,
        patch: { ...write.patch },
      };
    case 'task.complete':
      return {
        kind: 'task.complete',
        locationId,
        contactId: write.contactId,
        taskId: write.taskId,
        completed: write.completed,
      };
    case 'task.delete':
      return { kind: 'task.delete', locationId, contactId: write.contactId, taskId: write.taskId };
    case 'tags.add':
    case 'tags.remove':
      return { kind: write.kind, locationId, contactId: write.contactId, tags: [...write.tags] };
    case 'note.create':
      return {
        kind: 'note.create',
        locationId,
        contactId: write.contactId,
        input: { body: write.input.body },
      };
    case 'note.update':
      return {
        kind: 'note.update',
        locationId,
        contactId: write.contactId,
        noteId: write.noteId,
        patch: { body: write.patch.body },
      };
  }
}

export function receiptOf(entry: OutboxEntry): WriteReceipt {
  const contactId =
    'contactId' in entry.op && typeof entry.op.contactId === 'string'
      ? entry.op.contactId
      : entry.result?.contactId;
  const { traceId: _traceId, ...result } = entry.result ?? {};
  return {
    id: entry.id,
    kind:
      entry.op.kind === 'contact.upsert'
        ? 'contact.create'
        : entry.op.kind === 'note.delete'
          ? 'note.update'
          : entry.op.kind,
    ...(contactId ? { contactId } : {}),
    status: entry.status,
    ...(entry.error ? { error: entry.error } : {}),
    ...(entry.result ? { result } : {}),
    createdAt: entry.createdAt,
  };
}

export interface WriteServiceDeps {
  outbox: Outbox;
  links: LinkStore;
  notify(tabId: number, receipt: WriteReceipt): void;
  now?: () => number;
}

export function createWriteService({ outbox, links, notify, now = Date.now }: WriteServiceDeps) {
  /** Which tab asked for which write, to tell it how the write went. */
  const watchers = new Map<string, Set<number>>();

  async function linkCreated(entry: OutboxEntry, onlyIfMissing = false) {
    const target = parseCreateKey(entry.dedupeKey);
    if (!target || entry.status !== 'saved' || !entry.result?.contactId) return;
    if (onlyIfMissing && (await links.get(target.site, target.hostRecordId, target.locationId))) return;
    await links.set({ ...target, contactId: entry.result.contactId, linkedAt: now() });
  }

  /** Only the sidebar's own writes, in the location the asking site reads. */
  async function owned(id: string, locationId: string): Promise<OutboxEntry | null> {
    const entry = await outbox.get(id);
    return entry && entry.origin.kind === 'sidebar' && entry.op.locationId === locationId ? entry : null;
  }

  outbox.subscribe((entry) => {
    if (entry.origin.kind !== 'sidebar') return;
    void linkCreated(entry);
    const receipt = receiptOf(entry);
    for (const tabId of watchers.get(entry.id) ?? []) notify(tabId, receipt);
    if (entry.status === 'saved' || entry.status === 'discarded') watchers.delete(entry.id);
  });

  const watch = (id: string, tabId: number | undefined) => {
    if (tabId === undefined) return;
    const set = watchers.get(id) ?? new Set<number>();
    set.add(tabId);
    watchers.set(id, set);
  };

  return {
    async enqueue(
      site: SiteId,
      locationId: string,
      write: SidebarWrite,
      tabId?: number,
    ): Promise<WriteReceipt> {
      const dedupeKey =
        write.kind === 'contact.create' ? createKeyFor(site, locationId, write.hostRecordId) : undefined;
      const entry = await outbox.enqueue(toWriteOp(write, locationId), {
        origin: { kind: 'sidebar', site },
        ...(dedupeKey ? { dedupeKey } : {}),
      });
      watch(entry.id, tabId);
      void outbox.drain().catch(() => undefined);
      return receiptOf(entry);
    },

    /** Writes not yet saved (pending, or failed and waiting for Retry or Discard) for a location or a contact. */
    async unsettled(
      locationId: string,
      contactId: string | undefined,
      tabId?: number,
    ): Promise<WriteReceipt[]> {
      const entries = await outbox.list({
        status: ['pending', 'sending', 'failed'],
        locationId,
        ...(contactId ? { contactId } : {}),
      });
      for (const entry of entries) watch(entry.id, tabId);
      return entries.filter((e) => e.origin.kind === 'sidebar').map(receiptOf);
    },

    async retry(id: string, locationId: string, tabId?: number): Promise<WriteReceipt | null> {
      if (!(await owned(id, locationId))) return null;
      watch(id, tabId);
      const entry = await outbox.retry(id);
      void outbox.drain().catch(() => undefined);
      return receiptOf(entry);
    },

    /** A sidebar write's receipt, and whether `tabId` asked for it (or watched it) while this worker ran. */
    async receipt(
      id: string,
      locationId: string,
      tabId: number,
    ): Promise<{ receipt: WriteReceipt; mine: boolean } | null> {
      const entry = await owned(id, locationId);
      return entry ? { receipt: receiptOf(entry), mine: watchers.get(id)?.has(tabId) ?? false } : null;
    },

    async discard(id: string, locationId: string): Promise<WriteReceipt | null> {
      if (!(await owned(id, locationId))) return null;
      return receiptOf(await outbox.discard(id));
    },

    /** Startup: links for contacts created while the worker was away. */
    async reconcile() {
      for (const entry of await outbox.list({ status: ['saved'] })) await linkCreated(entry, true);
    },
  };
}

export type WriteService = ReturnType<typeof createWriteService>;
