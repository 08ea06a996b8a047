/**
 * The HTTP calls behind automation steps, described as method, path and body, exactly as the client builds
 * them (the same body builders, lib/api/requests.ts). Used by the dry run ("what would be sent") and by the
 * run log ("what was sent"). Ids not known yet are shown as placeholders naming where they will come from.
 */
import {
  createContactBody,
  createTaskBody,
  type SearchInput,
  searchBody,
  tagsBody,
  updateContactBody,
  upsertContactBody,
} from '../../lib/api/requests.ts';
import { t } from '../../lib/ui/i18n.ts';
import type { AutomationWriteOp, ContactRef } from './ports.ts';

export interface PlannedCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Reads change nothing; writes go through the outbox. */
  kind: 'read' | 'write';
  /** Why this call, in a few words ("find the contact by email"). */
  purpose?: string;
  /** Writes: the outbox dedupe key (the same event maps to the same key). */
  dedupeKey?: string;
}

/** How a chained contact id appears in a path before the outbox knows it. */
export type RefLabel = (entryId: string) => string;

export const defaultRefLabel: RefLabel = (entryId) => `{${t('auto_ref_contact_of', entryId)}}`;

/** An id as a path segment; a `{placeholder}` (an id the dry run cannot know) is shown as it is. */
export function idSegment(id: string): string {
  return /^\{[^{}]*\}$/.test(id) ? id : encodeURIComponent(id);
}

function contactSegment(ref: ContactRef, label: RefLabel): string {
  return typeof ref === 'string' ? idSegment(ref) : label(ref.fromEntry);
}

export function describeWrite(op: AutomationWriteOp, label: RefLabel = defaultRefLabel): PlannedCall {
  switch (op.kind) {
    case 'contact.create':
      return {
        method: 'POST',
        path: '/contacts/',
        body: createContactBody(op.locationId, op.input),
        kind: 'write',
        purpose: t('auto_call_create_contact'),
      };
    case 'contact.upsert':
      return {
        method: 'POST',
        path: '/contacts/upsert',
        body: upsertContactBody(op.locationId, op.input),
        kind: 'write',
        purpose: t('auto_call_upsert_contact'),
      };
    case 'contact.update':
      return {
        method: 'PUT',
        path: `/contacts/${contactSegment(op.contactId, label)}`,
        body: updateContactBody(op.input),
        kind: 'write',
        purpose: t('auto_call_update_contact'),
      };
    case 'task.create':
      return {
        method: 'POST',
        path: `/contacts/${contactSegment(op.contactId, label)}/tasks`,
        body: createTaskBody(op.input),
        kind: 'write',
        purpose: t('auto_call_create_task'),
      };
    case 'tags.add':
      return {
        method: 'POST',
        path: `/contacts/${contactSegment(op.contactId, label)}/tags`,
        body: tagsBody(op.tags),
        kind: 'write',
        purpose: t('auto_call_add_tags'),
      };
  }
}

export function describeSearch(locationId: string, input: SearchInput, purpose: string): PlannedCall {
  return {
    method: 'POST',
    path: '/contacts/search',
    body: searchBody(locationId, input),
    kind: 'read',
    purpose,
  };
}

export function describeSectionRead(
  contactId: string,
  section: 'contact' | 'tasks' | 'notes',
  purpose?: string,
): PlannedCall {
  const base = `/contacts/${idSegment(contactId)}`;
  return {
    method: 'GET',
    path: section === 'contact' ? base : `${base}/${section}`,
    kind: 'read',
    ...(purpose ? { purpose } : {}),
  };
}

export function describeBusinessRead(locationId: string, businessId: string, limit: number): PlannedCall {
  return {
    method: 'GET',
    path: `/contacts/business/${idSegment(businessId)}`,
    query: { locationId, limit: String(limit), skip: '0' },
    kind: 'read',
    purpose: t('auto_call_list_company'),
  };
}
